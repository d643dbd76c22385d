"""The buyer's words found in a proposal and taken out, worked by hand on small texts."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.score import echo, terms
from rfp.score.echo import buyer_text, own_text
from rfp.score.sentence_bags import SentenceBags

QUESTION = (
    "State the service-level commitments for accessibility per channel, including service "
    "level and abandon rate."
)
BUYER = buyer_text(
    [QUESTION, "SEC-05 Payment card security (PCI DSS)", "[Write your answer here.]"]
)


def test_a_restated_question_is_taken_out_and_counted() -> None:
    # 3 own words + the question's 15 (state, the, service, level, commitments, for,
    # accessibility, per, channel, including, service, level, and, abandon, rate).
    own = own_text("We fully comply. " + QUESTION, BUYER)
    assert own.text == "We fully comply."
    assert (own.words, own.echo_words) == (18, 15)
    assert own.echo_share == 15 / 18


def test_a_lightly_edited_copy_is_caught_except_at_the_edit() -> None:
    # One word changed in the middle ("accessibility" -> "reachability") breaks only the
    # shingles through it: the six words before it and the eight after it still sit inside
    # unbroken 5-word shingles, so only the changed word is the vendor's own: 14 of 15 words
    # are echo and the sentence goes whole.
    edited = QUESTION.replace("accessibility", "reachability")
    own = own_text(edited, BUYER)
    assert own.text == ""
    assert own.echo_words == own.words - 1 == 14

    # At the very start an edit also frees the words before it that no unbroken shingle
    # reaches ("State the service-level" and the edited fifth word): 10 of 15 words, 67%, are
    # still echo, at least the 60% that makes a sentence the buyer's.
    start = own_text(QUESTION.replace("commitments", "promises"), BUYER)
    assert (start.text, start.echo_words) == ("", 10)


def test_a_vendor_sentence_using_a_library_phrase_stays_whole() -> None:
    # 6 of the 16 words ("pci dss v4 0 level 1") sit in the library's phrase: 37%, the
    # vendor's own claim, kept whole so the certification reader sees "We hold".
    buyer = buyer_text(["PCI DSS v4.0 Level 1 Service Provider"])
    sentence = "We hold a PCI DSS v4.0 Level 1 attestation assessed by Coalfire in September 2026."
    own = own_text(sentence, buyer)
    assert own.text == sentence
    assert (own.words, own.echo_words) == (16, 6)


def test_short_template_lines_match_whole() -> None:
    heading = own_text("SEC-05 Payment card security (PCI DSS)", BUYER)
    assert heading.text == "" and heading.echo_share == 1.0
    # The same words inside a sentence of the vendor's are not a whole-line match.
    claim = own_text("We are PCI DSS certified for payment card security.", BUYER)
    assert claim.echo_words == 0
    assert own_text("[Write your answer here.]", BUYER).text == ""


def test_own_text_keeps_the_vendor_sentences_around_a_restated_one() -> None:
    own = own_text(f"Yes. {QUESTION} We answer 85% within 15 seconds.", BUYER)
    assert own.text == "Yes. We answer 85% within 15 seconds."


def test_a_restated_question_padded_with_dotted_capitals_still_goes() -> None:
    """Review: lower() makes "İ" two characters, so each moved the words after it a place to
    the right of their sentence; enough of them before a restated question left it with no
    word of its own, and it was kept as the vendor's text for matching."""
    padding = "İ" * (len(QUESTION) + 10)
    own = own_text(f"{padding}. {QUESTION} We answer 85% within 15 seconds.", BUYER)
    assert own.text == f"{padding}. We answer 85% within 15 seconds."
    assert own.echo_words == 15
    # İ reads as I, so "İSTANBUL" is the word "istanbul", in the buyer's text as in the vendor's.
    buyer = buyer_text(["Our İSTANBUL centre handles the overflow of inbound calls daily."])
    assert (
        own_text("Our Istanbul centre handles the overflow of inbound calls daily.", buyer).text
        == ""
    )


def _slipped(text: str, filler: str, every: int) -> str:
    """``text`` with ``filler`` after every ``every``-th word but the last."""
    words = text.split(" ")
    return " ".join(
        w + filler if i % every == every - 1 and i < len(words) - 1 else w
        for i, w in enumerate(words)
    )


def test_a_restated_question_with_words_slipped_in_still_goes() -> None:
    """Each filler breaks every 5-word shingle of the copy (a word after every 5th or closer):
    a word the matcher never weighs, one the buyer never wrote, or one of the buyer's, once
    in a run of eight of its stems. The copy still matches as well as the question itself, so
    it must go as the question does."""
    for filler, every in (
        (" x", 1),
        ("'s", 1),
        (" also", 4),
        (" qq", 1),
        (" service", 5),
        (" 7", 2),  # a bare number is no figure: it breaks no run (90.20 of 100 in a probe)
    ):
        disguised = "We fully comply. " + _slipped(QUESTION, filler, every)
        assert echo.own_text(disguised, BUYER).text == "We fully comply.", filler


def test_a_vendor_sentence_sharing_four_of_the_buyer_stems_in_a_row_stays() -> None:
    """Four stems of the question in order ("service level commitments ... channel" less
    one) is how an answer names what it answers; it is the vendor's, with its figure."""
    sentence = "Our service level commitment for each channel is 85% within 15 seconds."
    own = own_text(sentence, BUYER)
    assert own.text == sentence
    assert own.echo_words == 0


def test_common_stop_word_runs_are_not_echo() -> None:
    # "in the event of the" is a 5-gram of the buyer's, but of stop words only: not evidence
    # of copying, so the vendor's sentence keeps it.
    buyer = buyer_text(["Notify the buyer in the event of the loss of a site."])
    own = own_text("We fail over in the event of the power cut at a site.", buyer)
    assert own.echo_words == 0


def _reference_own_text(text: str, buyer: echo.BuyerText) -> echo.OwnText:
    """``own_text`` as first written: every word's span, every sentence weighed."""
    kept: list[str] = []
    words = echoed_words = 0
    for line in text.split("\n"):
        lowered = echo.lower_in_place(line)
        spans = [(m.start(), m.end()) for m in echo._WORD.finditer(lowered)]
        found = tuple(lowered[start:end] for start, end in spans)
        if found and found in buyer.lines:
            echoed = [True] * len(found)
        else:
            echoed = [False] * len(found)
            for start in range(len(found) - echo.SHINGLE_WORDS + 1):
                if found[start : start + echo.SHINGLE_WORDS] in buyer.shingles:
                    echoed[start : start + echo.SHINGLE_WORDS] = [True] * echo.SHINGLE_WORDS
        for first, last in _stem_runs(lowered, buyer):
            echoed = [
                e or first <= start < last for e, (start, _) in zip(echoed, spans, strict=True)
            ]
        words += len(spans)
        echoed_words += sum(echoed)
        starts = [start for start, _ in spans]
        part = " ".join(
            line[start:end].strip()
            for start, end in echo._sentences(line)
            if not echo._mostly_echo(starts, echoed, start, end)
        ).strip()
        if part:
            kept.append(part)
    return echo.OwnText("\n".join(kept), words, echoed_words)


def _stem_runs(lowered: str, buyer: echo.BuyerText) -> list[tuple[int, int]]:
    """Every span from a stem to one STEM_SHINGLE - 1 or STEM_SHINGLE further on, counting
    only the buyer's stems and numbers, whose stems, less at most one between the two, are a
    shingle of the buyer's stems: by brute force."""
    stems, spans = terms.matched_stems(lowered), terms.matched_spans(lowered)
    kept = [
        (stem, span)
        for stem, span in zip(stems, spans, strict=True)
        if stem in buyer.stems or stem[0].isdigit()
    ]
    size = echo.STEM_SHINGLE
    runs = []
    for first in range(len(kept)):
        for last in (first + size - 1, first + size):
            if last >= len(kept):
                continue
            run = [stem for stem, _ in kept[first : last + 1]]
            ways = (
                [run]
                if len(run) == size
                else [run[:skip] + run[skip + 1 :] for skip in range(1, len(run) - 1)]
            )
            if any(tuple(way) in buyer.stem_shingles for way in ways):
                runs.append((kept[first][1][0], kept[last][1][1]))
    return runs


_PIECES = [
    QUESTION, "State the service-level commitments", "for accessibility per channel,",
    "SEC-05 Payment card security (PCI DSS)", "SEC-05", "[Write your answer here.]",
    "We answer 85% within 15 seconds.", "Yes.", "We", "fully comply", "İ", "STATE THE",
    "abandon rate", ".", ";", "!", "?", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2003",
    ". ", ".\u2003", "- ", "• ", "it’s", "o'clock", "Notes", "notes:", " also", " x", "'s",
    " 1", " quality", "service level",
]  # fmt: skip
_BUYER = buyer_text(
    [QUESTION, "SEC-05 Payment card security (PCI DSS)", "[Write your answer here.]", "Notes"]
)


@settings(max_examples=1000, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_own_text_takes_out_what_weighing_every_sentence_takes_out(text: str) -> None:
    """The shortcuts (lines with no word of the buyer's rejoined in one substitution, only
    their shingles looked up) keep exactly the text and counts of the first version, with
    restated questions across lines, template lines, Unicode spaces and an İ that lower()
    makes two characters."""
    # Without the buyer's sentences as bags, read after both (tests/score/test_sentence_bags.py).
    runs_only = replace(_BUYER, bags=SentenceBags())
    assert own_text(text, runs_only) == _reference_own_text(text, runs_only)
