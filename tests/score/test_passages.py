"""Tests for rfp.score.passages: question-id tagging, sections, sentence windows and merging."""

from __future__ import annotations

import random
from pathlib import Path

import docx
import pytest

from rfp.score.ingest import Block, Document, Page, read, read_folder
from rfp.score.passages import (
    MAX_WORDS,
    MIN_WORDS,
    Passage,
    leading_question_id,
    sentences,
    split,
    split_all,
)

QUESTION_IDS = frozenset({"SEC-01", "SEC-02", "sec-03", "CF-01"})


def words(text: str) -> int:
    return len(text.split())


def make_document(*pages: Page, name: str = "answers.pdf") -> Document:
    return Document(path=f"/proposals/acme/{name}", name=name, kind="pdf", pages=pages)


def heading(text: str, level: int = 1) -> Block:
    return Block(text, is_heading=True, level=level)


# --------------------------------------------------------------------------------------------
# Question ids and sections


def test_markdown_id_headings_tag_passages_until_the_next_heading_of_that_level(
    tmp_path: Path,
) -> None:
    path = tmp_path / "answers.md"
    path.write_text(
        """Acme BPO is pleased to answer this request for proposal in full.

## SEC-01 Information security certifications

We hold ISO 27001 certification at every delivery centre in the region.

### Audit cadence

External auditors visit twice a year and report findings to the client.

## SEC-02: Business continuity

Two sites can each carry the full workload within four hours of an outage.

## [sec-03] Data protection

Customer data never leaves the client's virtual desktop environment at all.

## Pricing approach

Prices are fixed for three years with yearly indexation to local inflation.

## XYZ-09 Something else

Unknown ids are not tagged even when they look like a question id.
"""
    )

    passages = split(read(path), "Acme BPO", QUESTION_IDS)

    assert [(p.section, p.question_id) for p in passages] == [
        ("", None),
        ("SEC-01 Information security certifications", "SEC-01"),
        ("Audit cadence", "SEC-01"),
        ("SEC-02: Business continuity", "SEC-02"),
        ("[sec-03] Data protection", "SEC-03"),
        ("Pricing approach", None),
        ("XYZ-09 Something else", None),
    ]
    assert [p.index for p in passages] == list(range(7))
    assert {(p.vendor, p.file, p.page) for p in passages} == {("Acme BPO", "answers.md", None)}
    assert passages[2].text == (
        "External auditors visit twice a year and report findings to the client."
    )


def test_docx_id_headings_and_table_rows_merged_into_passages(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("SEC-01 Information security", level=1)
    document.add_paragraph("We hold ISO 27001 certification at every delivery centre.")
    document.add_heading("SEC-02 Sites and seats", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, values in zip(
        table.rows, [("Site", "Seats"), ("Manila", "500"), ("Cebu", "300")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = values
    document.add_paragraph("Both sites run the same workforce management platform today.")
    document.add_heading("CF-01 Brand voice", level=1)
    big = document.add_table(rows=30, cols=2)
    row_texts = []
    for number, row in enumerate(big.rows):
        row.cells[0].text = f"Module {number}"
        row.cells[1].text = "brand immersion session with tone of voice practice"
        row_texts.append(f"Module {number} | brand immersion session with tone of voice practice")
    path = tmp_path / "answers.docx"
    document.save(str(path))

    passages = split(read(path), "Acme", QUESTION_IDS)

    assert [(p.question_id, p.section, p.text) for p in passages[:3]] == [
        (
            "SEC-01",
            "SEC-01 Information security",
            "We hold ISO 27001 certification at every delivery centre.",
        ),
        ("SEC-02", "SEC-02 Sites and seats", "Site | Seats\nManila | 500\nCebu | 300"),
        (
            "SEC-02",
            "SEC-02 Sites and seats",
            "Both sites run the same workforce management platform today.",
        ),
    ]
    brand = passages[3:]
    assert len(brand) >= 2  # 30 rows of 10 words do not fit one passage
    assert all(p.question_id == "CF-01" and words(p.text) <= MAX_WORDS for p in brand)
    assert "\n".join(p.text for p in brand).split("\n") == row_texts


def test_plain_text_paragraph_ids_tag_until_the_next_id_or_heading(tmp_path: Path) -> None:
    path = tmp_path / "answers.txt"
    path.write_text(
        "Our response follows the question numbers of the template.\n\n"
        "SEC-01 — We hold ISO 27001 certification at every site in the region.\n\n"
        "The certificate is renewed every three years by an accredited body.\n\n"
        "sec 02: Two sites carry the full workload within four hours of an outage.\n\n"
        "WORKFORCE\n\n"
        "We hire graduates locally and train them for six weeks before go live.\n"
    )

    passages = split(read(path), "Acme", QUESTION_IDS)

    assert [(p.question_id, p.section) for p in passages] == [
        (None, ""),
        ("SEC-01", ""),
        ("SEC-01", ""),
        ("SEC-02", ""),
        (None, "WORKFORCE"),
    ]


THREE_PAGES = """
<style>.next { page-break-before: always }</style>
<h1>SEC-01 Information security</h1>
<p>We hold ISO 27001 certification at every delivery centre in the region.</p>
<p class="next">Penetration tests run every quarter and findings are closed within thirty days.</p>
<h1 class="next">SEC-02 Business continuity</h1>
<p>Two sites can each carry the full workload within four hours of an outage.</p>
"""


def test_pdf_passages_carry_page_numbers_and_ids_across_pages(tmp_path: Path) -> None:
    import weasyprint

    path = tmp_path / "proposal.pdf"
    weasyprint.HTML(string=THREE_PAGES).write_pdf(path)

    passages = split(read(path), "Acme", QUESTION_IDS)

    assert [(p.page, p.question_id, p.text.split()[0]) for p in passages] == [
        (1, "SEC-01", "We"),
        (2, "SEC-01", "Penetration"),
        (3, "SEC-02", "Two"),
    ]
    assert passages[1].section == "SEC-01 Information security"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SEC-01 Information security", "SEC-01"),
        ("SEC-01: Information security", "SEC-01"),
        ("[SEC-01] Information security", "SEC-01"),
        ("(sec-01) lower case", "SEC-01"),
        ("SEC 01 with a space", "SEC-01"),
        ("SEC01 run together", "SEC-01"),
        ("SEC–1 en dash, no zero", "SEC-01"),
        ("Question SEC-02 repeated", "SEC-02"),
        ("SEC-010 is another number", None),
        ("SEC-01a is another id", None),
        ("SEC-012", None),
        ("ISO 27001 is not an id", None),
        ("We answer SEC-01 below", None),
        ("", None),
    ],
)
def test_leading_question_id(text: str, expected: str | None) -> None:
    assert leading_question_id(text, QUESTION_IDS) == expected


def test_leading_question_id_matches_literal_ids_that_are_not_letters_and_numbers() -> None:
    assert leading_question_id("1.2 Staffing model", ["1.2", "1.20"]) == "1.2"
    assert leading_question_id("1.20 Staffing model", ["1.2", "1.20"]) == "1.20"
    assert leading_question_id("1.23 Staffing model", ["1.2"]) is None


# --------------------------------------------------------------------------------------------
# Sentence windows


def test_sentences_do_not_split_at_abbreviations_or_initials() -> None:
    text = (
        "Agents use the buyer's tools, e.g. Zendesk and Salesforce. Training is led by J. Smith "
        "of our academy. Is it certified? Yes! Scores reached 92.5 points."
    )

    assert sentences(text) == [
        "Agents use the buyer's tools, e.g. Zendesk and Salesforce.",
        "Training is led by J. Smith of our academy.",
        "Is it certified?",
        "Yes!",
        "Scores reached 92.5 points.",
    ]


def test_long_paragraph_is_split_into_whole_sentence_windows() -> None:
    rng = random.Random(3)
    vocabulary = [
        "agents",
        "quality",
        "calibration",
        "coaching",
        "sites",
        "seats",
        "shifts",
        "clients",
        "metrics",
    ]
    sentence_list = [
        f"Sentence {n} covers " + " ".join(rng.choices(vocabulary, k=rng.randint(6, 30))) + "."
        for n in range(40)
    ]
    sentence_list[5] = "Tools include e.g. Zendesk for ticket routing across all sites."
    paragraph = " ".join(sentence_list)
    document = make_document(Page(4, (heading("SEC-01 Security"), Block(paragraph))))

    passages = split(document, "Acme", QUESTION_IDS)

    assert words(paragraph) > 3 * MAX_WORDS
    assert len(passages) >= 4
    assert all(words(p.text) <= MAX_WORDS for p in passages)
    assert all(words(p.text) >= MIN_WORDS // 2 for p in passages)
    assert " ".join(p.text for p in passages) == paragraph  # nothing lost, order kept
    boundaries = {" ".join(sentence_list[:n]) for n in range(len(sentence_list) + 1)}
    covered = ""
    for passage in passages:
        covered = f"{covered} {passage.text}".strip()
        assert covered in boundaries  # every cut falls between two sentences
    assert {(p.page, p.question_id, p.section) for p in passages} == {
        (4, "SEC-01", "SEC-01 Security")
    }
    assert [p.index for p in passages] == list(range(len(passages)))


def test_a_sentence_over_200_words_is_cut_into_bounded_pieces() -> None:
    run_on = " ".join(f"item{n}" for n in range(450)) + "."
    document = make_document(Page(1, (Block(run_on),)))

    passages = split(document, "Acme", QUESTION_IDS)

    assert len(passages) == 4
    assert all(words(p.text) <= MAX_WORDS for p in passages)
    assert " ".join(p.text for p in passages) == run_on


def test_a_sentence_under_200_words_is_never_cut() -> None:
    long_sentence = "Then " + " ".join(f"word{n}" for n in range(150)) + "."
    document = make_document(Page(1, (Block(f"Short opener here. {long_sentence}"),)))

    passages = split(document, "Acme", QUESTION_IDS)

    assert [p.text for p in passages] == ["Short opener here.", long_sentence]


# --------------------------------------------------------------------------------------------
# Tiny fragments


def test_tiny_fragments_merge_into_a_neighbour_or_are_dropped() -> None:
    body = "We hold ISO 27001 certification at every delivery centre in the region."
    document = make_document(
        Page(
            1,
            (
                heading("SEC-01 Security"),
                Block("In short:"),
                Block(body),
                Block("Thank you."),
                Block("3"),
            ),
        ),
        Page(2, (heading("SEC-02 Continuity"), Block("Yes."), heading("Pricing"), Block("- 4 -"))),
    )

    passages = split(document, "Acme", QUESTION_IDS)

    assert [(p.page, p.question_id, p.text) for p in passages] == [
        (1, "SEC-01", f"In short: {body} Thank you."),
        (2, "SEC-02", "Yes."),  # the whole answer: kept although tiny
    ]


def test_split_all_numbers_passages_across_a_vendors_files(tmp_path: Path) -> None:
    vendor = tmp_path / "acme"
    (vendor / "annexes").mkdir(parents=True)
    (vendor / "main.md").write_text(
        "# SEC-01 Security\n\nWe hold ISO 27001 certification at all of our sites.\n\n"
        "Auditors visit twice a year and report to the client directly.\n"
    )
    (vendor / "annexes" / "continuity.txt").write_text(
        "SEC-02: Two sites carry the full workload within four hours.\n"
    )
    documents, errors = read_folder(vendor)

    passages = split_all(documents, "Acme", QUESTION_IDS)

    assert errors == []
    assert passages == [
        Passage(
            "Acme",
            "annexes/continuity.txt",
            None,
            "",
            "SEC-02",
            "SEC-02: Two sites carry the full workload within four hours.",
            0,
        ),
        Passage(
            "Acme",
            "main.md",
            None,
            "SEC-01 Security",
            "SEC-01",
            "We hold ISO 27001 certification at all of our sites.",
            1,
        ),
        Passage(
            "Acme",
            "main.md",
            None,
            "SEC-01 Security",
            "SEC-01",
            "Auditors visit twice a year and report to the client directly.",
            2,
        ),
    ]


def test_without_question_ids_nothing_is_tagged() -> None:
    document = make_document(Page(1, (heading("SEC-01 Security"), Block("We are certified."))))

    assert [p.question_id for p in split(document, "Acme", [])] == [None]
