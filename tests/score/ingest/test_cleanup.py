"""Tests for rfp.score.ingest.cleanup: the quick checks in front of its regular expressions
find what the expressions alone find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.score.ingest.cleanup import LIGATURES, SPACES, TOC_LINE, clean, is_toc_line


def test_contents_entries_are_told_from_prose() -> None:
    assert is_toc_line("SEC-01 Information security ..... 3")
    assert is_toc_line("Introduction . . . . iv")
    assert is_toc_line("Annex B____ 12\n")  # $ matches before a final newline
    assert is_toc_line("Preface ....... \u0131")  # dotless i is an i to IGNORECASE
    assert not is_toc_line("Our SLA is 80/20. We met it. Every month. Since 2019.")
    assert not is_toc_line("SEC-01 Information security ..... 3\n\n")
    assert not is_toc_line("")


_TOC_PIECES = [
    ".", "·", "…", "_", " ", "\t", "\n", "3", "12", "٣", "i", "V", "x", "L", "c", "\u0131",
    "\u0130", "K", "a", "Word", "-", ":",
]  # fmt: skip


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_TOC_PIECES), max_size=30).map("".join))
def test_the_quick_contents_check_agrees_with_the_expression(text: str) -> None:
    assert is_toc_line(text) == (TOC_LINE.search(text) is not None)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("ﬁﬂﬀaé\u0301 \u00ad\u200b\tA1.")))
def test_clean_translates_ligatures_only_where_there_are_some(text: str) -> None:
    import unicodedata

    expected = unicodedata.normalize("NFC", text.translate(LIGATURES))
    expected = SPACES.sub(" ", expected.replace("\u00ad", "").replace("\u200b", "")).strip()
    assert clean(text) == expected
