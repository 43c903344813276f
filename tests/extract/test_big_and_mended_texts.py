"""Big texts stay linear; mojibake is mended before anything points into the text."""

from __future__ import annotations

import datetime as dt

import pytest

from answerable.extract import extract
from answerable.read.normalise import fix_mojibake, normalise


def _many_dates_text(target: int = 1_000_000) -> str:
    """A fictional ~1 MB page of notices: every line a date line ("Posted on ...", "Published
    on ..."), the shape that was quadratic (each date line was looked up in two lists)."""
    lines = ["Response to the HMICFRS report on fictional night-time patrols", "", "14 May 2021", ""]
    size, i = 0, 0
    while size < target:
        day, month = 1 + i % 28, ("January", "March", "June", "October")[i % 4]
        line = (f"Posted on {day} {month} 2019." if i % 3 else
                f"Published on {day} {month} 2018.")  # a line of its own: a date line
        lines.append(line)
        size += len(line) + 1
        i += 1
    lines += ["", "Yours sincerely,", "", "Imelda Crowe", "Police and Crime Commissioner for Kent"]
    return "\n".join(lines)


@pytest.mark.slow
def test_a_one_megabyte_text_with_thousands_of_dates_is_extracted_whole():
    # bench/bench_extract.py times this text (about a second; it was 46 s when every date
    # looked back to the start of its line and paragraph)
    text = _many_dates_text()
    assert len(text) > 1_000_000 and text.count(" 2019.") > 10_000
    record = extract(text)
    assert record.date.value == dt.date(2021, 5, 14)
    assert record.author.name == "Imelda Crowe"


def test_utf8_read_as_windows_1252_is_mended_and_spans_point_into_the_mended_text():
    text = ("Dear Home Secretary,\n\nI welcome the Inspectorateâ€™s report â€“ which found the Forceâ€™s "
            "response good â€“ and I will hold the Chief Constable to account.\n\nYours sincerely,\n\n"
            "SiÃ¢n Pryce\nPolice and Crime Commissioner for Gwent\n")
    record = extract(text)
    assert "Inspectorate’s report – which" in record.text
    assert record.author.name == "Siân Pryce"
    s, e = record.author.span
    assert record.text[s:e] == "Siân Pryce"
    for st in record.statements:
        assert record.text[st.span[0]:st.span[1]] == st.text


def test_mending_leaves_correct_text_and_straight_quotes_alone():
    correct = "Siân’s “quoted” report – £5, naïve café, 'straight' quotes"
    assert fix_mojibake(correct) == correct
    assert normalise("The Agencyâ€™s \"plan\"") == "The Agency’s \"plan\""


def test_the_first_word_scan_for_role_titles_finds_what_the_full_pattern_finds():
    # roles.yaml's first_words must hold the first word of every variant: on a long text the
    # role titles are looked for only where one of those words is
    from pathlib import Path

    from answerable.extract.lexicon import lowered, roles

    lexicon = roles()
    devset = Path(__file__).resolve().parents[1] / "fixtures" / "devset"
    samples = ("Acting PCC, Interim Police, Fire and Crime Commissioner, T/Chief Constable, DMPC, DPCC, "
               "Statutory Deputy Mayor, Deputy Mayor for Policing and Crime, Mayor of London, "
               "Metropolitan Police Commissioner, Commissioner of Police of the Metropolis, Comisiynydd "
               "Heddlu a Throseddu, Dirprwy Gomisiynydd Heddlu a Throseddu, Merseyside's Police Commissioner, "
               "Chairman of the Police Authority Board, Member of the City of London Police Authority Board, "
               "Police Authority Board Chair, Commissioner for Police, Fire and Rescue and Crime. ")
    text = samples * 20 + "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(devset.rglob("*.txt")))
    slow = [(lexicon.names[int(m.lastgroup[1:])], m.span()) for m in lexicon.low_rx.finditer(lowered(text))]
    assert len(text) > 2000 and len(slow) > 300
    assert list(lexicon.finditer(text)) == slow
