"""Sentences poured into one frame under several questions: found, and honest answers left alone."""

from __future__ import annotations

from rfp.score import echo
from rfp.score.own_words import TEMPLATE_FLAG, own_words
from rfp.score.passages import Passage
from rfp.score.templated import FRAME_QUESTIONS, frame, templated
from rfp.score.terms import stems

QUESTIONS = {
    "SEC-02": "Identity and access management: privileged access, joiner mover leaver, MFA.",
    "QC-02": "Calibration and coaching of QA evaluators, variance tolerance, coaching logs.",
    "TRN-06": "Exit management and data portability: exit plan, data return, deletion.",
    "WF-08": "Supervision ratios: team leaders per agent, floor support, span of control.",
}
VOCABULARIES = {question: frozenset(stems(text)) for question, text in QUESTIONS.items()}


def _passage(question: str, text: str, index: int = 0) -> Passage:
    return Passage(
        vendor="V",
        file="p.md",
        page=None,
        section=question,
        question_id=question,
        index=index,
        text=text,
    )


def test_a_frame_makes_the_questions_words_and_the_figures_slots_and_a_list_one_slot() -> None:
    vocabulary = VOCABULARIES["SEC-02"]
    # privileged, access, joiner, mover and leaver are the question's; "deliver" is not.
    assert frame(
        "We deliver privileged access, joiner, mover and leaver at 91% and 94%.", vocabulary
    ) == ("we", "deliver", "_")
    # "get" and "within" are function words touching slots and go into them; "of their" sits
    # between words of the vendor's own and stays.
    assert frame("Joiners get MFA within 2 hours of their start.", vocabulary) == (
        "_", "hours", "of", "their", "start",
    )  # fmt: skip


def test_a_sentence_filled_with_each_questions_terms_under_three_questions_is_a_template() -> None:
    passages = [
        _passage("SEC-02", "We deliver privileged access and MFA at 91% and 94%."),
        _passage("QC-02", "We deliver calibration, coaching and variance at 95% and 97%."),
        _passage("TRN-06", "We deliver exit plan, data return and deletion at 92% and 99%."),
        _passage("WF-08", "Our team leaders in Kingston coach every agent each week."),
    ]
    found = templated(passages, VOCABULARIES)
    assert sorted(found) == ["QC-02", "SEC-02", "TRN-06"]
    assert found["QC-02"] == {"We deliver calibration, coaching and variance at 95% and 97%."}


def test_two_questions_a_repeated_sentence_and_rows_of_facts_are_not_templates() -> None:
    assert FRAME_QUESTIONS == 3
    two = [
        _passage("SEC-02", "We deliver privileged access and MFA at 91% and 94%."),
        _passage("QC-02", "We deliver calibration, coaching and variance at 95% and 97%."),
    ]
    assert templated(two, VOCABULARIES) == {}
    # Word for word under every question: nothing is filled differently, nothing gamed.
    same = [_passage(q, "Please see Appendix C of our proposal.") for q in QUESTIONS]
    assert templated(same, VOCABULARIES) == {}
    # A row of the question's terms and a figure has fewer than two words of its own.
    rows = [
        _passage("SEC-02", "Privileged access | MFA | 100%"),
        _passage("QC-02", "Calibration variance | within 5 points"),
        _passage("TRN-06", "Data return | 30 days"),
        _passage("WF-08", "Team leaders | 1 per 15 agents"),
    ]
    assert templated(rows, VOCABULARIES) == {}


def test_a_passage_outside_any_question_heading_is_not_read() -> None:
    loose = [
        Passage(
            vendor="V",
            file="p.md",
            page=None,
            section="Intro",
            question_id=None,
            index=i,
            text="We deliver privileged access and MFA at 91% and 94%.",
        )
        for i in range(4)
    ]
    assert templated(loose, VOCABULARIES) == {}


def test_own_words_sets_templates_aside_counts_them_and_flags_the_proposal() -> None:
    buyer = echo.buyer_text(list(QUESTIONS.values()), {q: [t] for q, t in QUESTIONS.items()})
    passages = [
        _passage(
            "SEC-02",
            "We deliver privileged access and MFA at 91% and 94%.\n"
            "Access reviews run every 90 days in SailPoint.",
            0,
        ),
        _passage("QC-02", "We deliver calibration, coaching and variance at 95% and 97%.", 1),
        _passage("TRN-06", "We deliver exit plan, data return and deletion at 92% and 99%.", 2),
    ]
    words = own_words(passages, buyer)
    assert words.account.templated == 3
    assert [p.text for p in words.passages] == ["Access reviews run every 90 days in SailPoint."]
    assert (
        words.account.flags[0]
        == f"{TEMPLATE_FLAG}: 3 sentences filled with each question's own terms"
    )
