"""rfp.score.terms: the tokeniser and stemmer moved out of matching.py, unchanged.

The demo proposals are the evidence that the move changes nothing: every proposal, and every
paragraph of it, gives the same stems and the same unigram + bigram terms as matching.py's own
functions did, and a digest of the terms pins that output after the originals are deleted.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import rfp.demo
from rfp.score.terms import TOKEN, stems, surface_words, terms

DEMO = Path(rfp.demo.__file__).parent / "data"
# sha256 of every demo text's terms, tab-joined per text and newline-joined across texts, taken
# from matching.py's _analyse before the move (982 texts, 55,845 terms).
TERMS_DIGEST = "b9a8d2917e59819de7ac9f3a4e02a31633b1c2f4b94f90259f3ea431705f4ff8"


def demo_texts() -> list[str]:
    """Each demo proposal whole, then each of its blank-line paragraphs, in path order."""
    texts: list[str] = []
    for path in sorted(DEMO.glob("*/*/proposal.md")):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        texts.extend(block for block in text.split("\n\n") if block.strip())
    return texts


def test_the_demo_has_text_to_compare() -> None:
    texts = demo_texts()
    assert len(texts) == 982
    assert sum(len(terms(text)) for text in texts) == 55_845


def test_terms_are_pinned_by_digest() -> None:
    joined = "\n".join("\t".join(terms(text)) for text in demo_texts())
    assert hashlib.sha256(joined.encode()).hexdigest() == TERMS_DIGEST


def test_stems_drop_stop_words_and_meet_across_word_forms() -> None:
    # "we", "our", "the", "and", "at" are sklearn stop words; "encrypted" and "encryption" meet.
    assert stems("We encrypted OUR data and the encryption keys at rest") == (
        "encrypt",
        "data",
        "encrypt",
        "key",
        "rest",
    )


def test_terms_are_unigrams_then_adjacent_bigrams() -> None:
    assert terms("Quarterly access reviews") == [
        "quarter",
        "access",
        "review",
        "quarter access",
        "access review",
    ]
    assert terms("the and of") == []


def test_token_keeps_words_and_number_unit_pairs_not_bare_numbers_or_letters() -> None:
    # A bare number or a single letter is no term; "24h" and "v4" are.
    assert TOKEN.findall("notice within 24h, pci v4 at 99 % x") == [
        "notice",
        "within",
        "24h",
        "pci",
        "v4",
        "at",
    ]


def test_surface_words_map_each_stem_to_its_first_word() -> None:
    # "everywhere" is a stop word; "encryption" stems to "encrypt", already seen as "encrypted".
    assert surface_words("Encrypted backups; encryption everywhere, nightly") == {
        "encrypt": "encrypted",
        "backup": "backups",
        "night": "nightly",
    }


def test_lowered_refuses_the_letters_lowering_moves() -> None:
    from rfp.score.terms import lowered

    assert lowered("ISO 27001 and \u212aPI") == "iso 27001 and kpi"
    assert lowered("\u0130SO") is None  # lowers to two characters
    assert lowered("\u017foc") is None and lowered("d\u0131ng") is None
