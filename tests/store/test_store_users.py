"""Users (argon2 password hashes) and API tokens (kept only as hashes)."""

from __future__ import annotations

import pytest

from answerable.store.users import InvalidUserError, UserExistsError


def test_a_user_signs_in_with_the_right_password_only(store):
    added = store.add_user("Ffion Rees", "editor", "correct horse battery")
    assert added.name == "Ffion Rees" and added.role == "editor"
    assert store.authenticate("Ffion Rees", "correct horse battery").id == added.id
    assert store.authenticate("Ffion Rees", "wrong horse battery") is None
    assert store.authenticate("Nobody Here", "correct horse battery") is None


def test_passwords_are_stored_as_argon2_hashes_not_text(store):
    store.add_user("admin1", "admin", "s3cret-enough")
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalar()
    assert stored.startswith("$argon2") and "s3cret-enough" not in stored


def test_a_token_finds_its_user_and_only_its_hash_is_kept(store):
    store.add_user("api-editor", "editor", "long password")
    token = store.create_token("api-editor")
    assert len(token) >= 40
    assert store.user_for_token(token).name == "api-editor"
    assert store.user_for_token(token + "x") is None
    assert store.user_for_token("") is None
    with store.engine.connect() as conn:
        kept = conn.exec_driver_sql("SELECT token_hash FROM api_tokens").scalar()
    assert kept != token and len(kept) == 64


def test_a_taken_name_is_refused(store):
    store.add_user("twice", "editor", "long password")
    with pytest.raises(UserExistsError, match="already exists"):
        store.add_user("twice", "admin", "another password")


@pytest.mark.parametrize("name,role,password,message", [
    ("", "editor", "long password", "needs a name"),
    ("someone", "owner", "long password", "not a role: use one of editor, admin"),
    ("someone", "editor", "short", "too short"),
])
def test_bad_users_are_refused_with_the_fix(store, name, role, password, message):
    with pytest.raises(InvalidUserError, match=message):
        store.add_user(name, role, password)


def test_a_token_for_an_unknown_user_is_refused(store):
    from answerable.errors import NotFoundError

    with pytest.raises(NotFoundError, match="answerable users add"):
        store.create_token("ghost")
