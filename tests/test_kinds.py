"""The inspection kind, PEEL pillar and period from the words that name a report."""

from __future__ import annotations

import pytest

from answerable.kinds import classify, find_period


@pytest.mark.parametrize("name,kind,pillar,period", [
    ("HMIC's PEEL effectiveness report", "peel_pillar", "effectiveness", None),
    ("PEEL 2023–25 assessment", "peel", None, "2023-25"),
    ("PEEL 2021/22 inspection", "peel", None, "2021/22"),
    ("the 2017 effectiveness report", "peel_pillar", "effectiveness", "2017"),
    ("Police Effectiveness, Efficiency and Legitimacy (PEEL) report", "peel", None, None),
    ("the crime data integrity inspection", "crime_data_integrity", None, None),
    ("the Inspectorate's report on vetting, misconduct and misogyny", "vetting_counter_corruption", None, None),
    ("a joint inspection of custody provision in the county", "custody", None, None),
    ("State of Policing 2019", "state_of_policing", None, "2019"),
    ("a revisit of the force's missing children work", "revisit", None, None),
    ("the report into the Force's response to the funding challenge", None, None, None),
])
def test_a_reports_name_gives_its_kind_pillar_and_period(name, kind, pillar, period):
    guess = classify(name)
    assert (guess.kind, guess.pillar, guess.period) == (kind, pillar, period)


def test_a_period_span_points_at_its_words():
    text = "the PEEL 2023–2025 assessment"
    period, span = find_period(text)
    assert period == "2023-25" and text[span[0]:span[1]] == "2023–2025"


def test_a_date_range_that_is_not_a_round_keeps_the_year_alone():
    assert find_period("published 2016-10-03")[0] == "2016"
