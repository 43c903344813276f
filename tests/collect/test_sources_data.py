"""data/sources.yaml: one local policing body per force area, every website and response page
with the public page it was seen at; a user's file adds or replaces entries."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import yaml

from answerable import errors
from answerable.collect import load_sources
from answerable.collect.crawl import site_of


def test_every_force_area_has_one_body_with_a_unique_id():
    from importlib import resources

    forces = [f["name"] for f in yaml.safe_load(
        (resources.files("answerable") / "data" / "forces.yaml").read_text("utf-8"))["forces"]]
    bodies = load_sources().bodies
    assert sorted(b.force for b in bodies) == sorted(forces) and len(bodies) == 43
    assert len({b.id for b in bodies}) == 43


def test_every_website_and_response_page_says_where_it_was_seen():
    for body in load_sources().bodies:
        if body.website or body.response_pages:
            assert body.seen_at, body.id
        assert set(body.response_pages) <= set(body.seen_at), body.id
        for page in body.response_pages:
            assert body.website and site_of(page) == site_of(body.website), body.id
        for url in body.seen_at:
            assert urlsplit(url).scheme in ("http", "https"), url


def test_a_users_file_adds_bodies_and_replaces_bundled_ones(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("bodies:\n"
                     "  - {id: kent, force: Kent, name: My Kent, website: 'https://example.org/'}\n"
                     "  - {id: btp, name: British Transport Police Authority, website: 'https://example.net/'}\n")
    sources = load_sources(extra)
    assert sources.get("kent").name == "My Kent" and sources.get("kent").starts == ("https://example.org/",)
    assert sources.get("btp").force is None and len(sources.bodies) == 44


def test_a_bad_url_in_a_users_file_names_the_file_and_the_fix(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("bodies:\n  - {id: x, name: X, website: 'ftp://example.org/'}\n")
    with pytest.raises(errors.ConfigError, match=r"mine.yaml x: 'ftp://example.org/' is not an http\(s\) URL"):
        load_sources(extra)


def test_an_unknown_body_suggests_the_matches():
    with pytest.raises(errors.UnknownSourceError, match="It matches north-wales, north-yorkshire"):
        load_sources().get("north")
    assert load_sources().get("Devon and Cornwall").id == "devon-and-cornwall"
