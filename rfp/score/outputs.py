"""Write a scoring run: ``scores.csv``, ``evidence.jsonl`` and a formatted ``scores.xlsx``.

CSV and JSONL are byte-identical for the same inputs: fixed column order, fixed rounding, Unix
line ends, no timestamps. Text that came from vendors is never interpreted: a cell that would
start a spreadsheet formula (=, +, -, @) is written as text, and control characters and bytes
that are not UTF-8 (in vendor folder and file names) are written as escapes such as ``\x07``,
so one vendor's odd name cannot stop the writers.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import re
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from rfp.core.files import atomic_path, run_started, shown, write_text
from rfp.core.languages import language_label
from rfp.core.paper import uses_letter
from rfp.core.processes import process_pool
from rfp.core.xlsx import core_property
from rfp.errors import ScoringError
from rfp.score.own_words import TextAccount
from rfp.score.passages import Passage
from rfp.score.run import ContractResponse, Knockout, ScoreRun
from rfp.score.tables import (
    ColourScale,
    Greyed,
    PackedRows,
    Table,
    Tables,
    dump_sheets,
    safe_text,
    write_dumped,
    write_sheets,
)
from rfp.score.workbook import CONTRACT_STATUS_LABELS, UNANSWERED, UNCLEAR

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ScoreFiles:
    """Where a scoring run was written."""

    csv: Path
    xlsx: Path
    evidence: Path

    def all(self) -> list[Path]:
        """Every file, in a stable order."""
        return [self.xlsx, self.csv, self.evidence]


def csv_safe(value: str) -> str:
    """Neutralise spreadsheet formula injection in a text cell by prefixing an apostrophe, and
    show control characters and undecodable bytes as escapes."""
    value = safe_text(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _safe(value: Any) -> Any:
    """``value`` with every string in it made safe (see ``safe_text``), lists and dicts too."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, list):
        return [_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: _safe(item) for key, item in value.items()}
    return value


def _number(value: Any, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{float(value):.{digits}f}"


def ranking_rows(run: ScoreRun) -> list[dict[str, str]]:
    """The ranking as text cells: rank, vendor, total, disqualified, reason, one per area, more."""
    areas = [area.id for area in run.project.selection.areas]
    rows = []
    for vendor, row in run.ranking.iterrows():
        record = {
            "rank": str(int(row["rank"])),
            "vendor": csv_safe(str(vendor)),
            "total": _number(row["total"]),
            "disqualified": "yes" if row["disqualified"] else "no",
            "reason": csv_safe(str(row["reason"])),
        }
        for area in areas:
            record[area] = _number(row[area])
        record["annual_cost"] = _number(row["annual_cost"], 0)
        record["flags"] = csv_safe(str(row["flags"]))
        record["status"] = str(row["status"])
        record["to_confirm"] = csv_safe(str(row["to_confirm"]))
        record["unsupported_claims"] = csv_safe(_claims_line(run, str(vendor)))
        record.update(_price_columns(run, str(vendor)))
        record.update(_stage_columns(run, str(vendor)))
        rows.append(record)
    return rows


def _claims_line(run: ScoreRun, vendor: str) -> str:
    """The vendor's unsupported "Comply" claims as one line: "SEC-06 (no answer ...); ..."."""
    return "; ".join(f"{c.criterion} ({c.gap})" for c in run.unsupported.get(vendor, []))


def _price_columns(run: ScoreRun, vendor: str) -> dict[str, str]:
    """scores.csv's price columns: the term cost scored, the full-coverage part, the source."""
    found = run.checks.get(vendor)
    term = found.term if found is not None and found.price is not None else None
    return {
        "term_cost": _number(term.total if term else None, 0),
        "full_coverage_adjustment": _number(term.coverage_adjustment if term else None, 0),
        "price_source": found.price_source if found is not None else "none",
    }


def scores_csv(run: ScoreRun) -> str:
    """``scores.csv`` text."""
    rows = ranking_rows(run)
    buffer = io.StringIO()
    headers = list(rows[0]) if rows else ["rank", "vendor", "total", "disqualified", "reason"]
    writer = csv.DictWriter(buffer, fieldnames=headers, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def evidence_records(run: ScoreRun) -> list[dict[str, Any]]:
    """One record per vendor x criterion, with the score used and the evidence behind it."""
    return list(iter_evidence_records(run))


def iter_evidence_records(run: ScoreRun) -> Iterator[dict[str, Any]]:
    """``evidence_records`` one at a time, so 10^5 records need not sit in memory at once."""
    selection = run.project.selection
    by_cell = {(c.vendor, c.criterion): c for c in run.cells}
    matches = {(m.vendor, m.criterion): m for m in run.matches}
    for vendor in run.vendors:
        account = run.accounts.get(vendor.name)
        for wc in selection.criteria:
            found = matches.get((vendor.name, wc.id))
            cell = by_cell[(vendor.name, wc.id)]
            top = found.evidence[0] if found and found.evidence else None
            yield (
                {
                    "vendor": vendor.name,
                    "criterion": wc.id,
                    "area": wc.criterion.area,
                    "auto_score": found.auto_score if found else 0,
                    "similarity": found.similarity if found else 0.0,
                    "file": top.file if top else None,
                    "page": top.page if top else None,
                    "quote": top.quote if top else None,
                    "score": round(cell.score, 4),
                    "source": cell.source,
                    "note": cell.note,
                    "points": round(wc.points * cell.score / 5, 4),
                    "max_points": wc.points,
                    "coverage": found.coverage if found else 0.0,
                    "answered_under_id": found.answered_under_id if found else False,
                    "covered_terms": list(found.covered_terms) if found else [],
                    "missed_terms": list(found.missed_terms) if found else [],
                    "evidence": [
                        {
                            "file": e.file,
                            "page": e.page,
                            "section": e.section,
                            "question_id": e.question_id,
                            "similarity": e.similarity,
                            "quote": e.quote,
                        }
                        for e in (found.evidence if found else ())
                    ],
                    "flagged": vendor.flagged,
                    "echo_share": round(account.answer_echo_share(wc.id), 4) if account else 0.0,
                    "specifics": list(found.specifics) if found else [],
                    "facts_met": list(found.facts_met) if found else [],
                    "facts_missed": list(found.facts_missed) if found else [],
                }
            )


def evidence_jsonl(run: ScoreRun) -> str:
    """``evidence.jsonl`` text."""
    return "".join(_evidence_lines(run))


def _evidence_lines(run: ScoreRun) -> Iterator[str]:
    for record in iter_evidence_records(run):
        yield evidence_line(record) + "\n"


def evidence_line(record: dict[str, Any]) -> str:
    """One record as JSON with every text made safe (``safe_text``)."""
    line = json.dumps(record, ensure_ascii=False, sort_keys=False)
    if _MAYBE_UNSAFE.search(line):  # a text to make safe (see _MAYBE_UNSAFE), or a look-alike
        line = json.dumps(_safe(record), ensure_ascii=False, sort_keys=False)
    return line


_MAYBE_UNSAFE: Final = re.compile(
    "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]|\\\\[bfu]"
)
"""What a record's JSON line shows when one of its texts holds a character ``safe_text``
escapes: the character itself or, for a control character, JSON's escape of it (backslash and
b, f or u; line breaks and tabs are kept by both, so their escapes are not looked for). Most
lines show none and are written without walking the record; a line that only looks so (a text
with a backslash before a "u") is made safe the long way, to the same effect."""


def write_evidence(run: ScoreRun, target: Path) -> None:
    """Stream ``evidence.jsonl`` line by line into a temporary file, renamed over ``target``
    when complete: at 1,000 vendors the text is over 100 MB and never held whole."""
    with (
        atomic_path(target) as temporary,
        temporary.open("w", encoding="utf-8", newline="\n") as handle,
    ):
        handle.writelines(_evidence_lines(run))


def write_scores(run: ScoreRun, output_dir: Path | None = None) -> ScoreFiles:
    """Write the three outputs atomically into the project's output folder."""
    with scores_written(run, output_dir) as files:
        return files


WORKBOOK_PROCESS_FROM: Final = 300
"""Vendors from which ``scores.xlsx`` is written by a second process. Starting one costs one
to two seconds of imports before it writes a cell: at 100 vendors x 30 pages that made the
outputs slower (3.2 to 5.1 s), at 1,000 faster (see README, Scale)."""


@contextlib.contextmanager
def scores_written(
    run: ScoreRun, output_dir: Path | None = None, *, second_process: bool | None = None
) -> Iterator[ScoreFiles]:
    """Write the three outputs atomically into the project's output folder, ``scores.xlsx``
    in a second process that works while the block runs (``second_process``; None means from
    WORKBOOK_PROCESS_FROM vendors on).

    Its cells are most of the outputs' cost on a large tender, and the caller has work of its
    own (saving the run, the audit record): the block's end waits for the workbook and raises
    its error, and an error in the block stops it. The file is the same either way.
    """
    out = output_dir or run.project.output_dir
    files = ScoreFiles(
        csv=out / "scores.csv", xlsx=out / "scores.xlsx", evidence=out / "evidence.jsonl"
    )
    letter = uses_letter(run.project.spec.buyer.country)
    properties = workbook_properties(run)
    if second_process is None:
        second_process = len(run.vendors) >= WORKBOOK_PROCESS_FROM
    if not second_process:
        write_text(files.csv, scores_csv(run))
        write_evidence(run, files.evidence)
        write_sheets(letter, workbook_sheets(run), files.xlsx, properties=properties)
        yield files
        return
    # The sheets go to the second process through a file, gathered and written one at a time.
    with tempfile.TemporaryDirectory(prefix="rfp-") as private, process_pool(1) as pool:
        dump = Path(private) / "sheets.pickle"
        with dump.open("wb") as handle:
            dump_sheets(letter, workbook_sheets(run), handle, properties)
        workbook = pool.submit(write_dumped, dump, files.xlsx, run_started())
        write_text(files.csv, scores_csv(run))
        write_evidence(run, files.evidence)
        yield files
        try:
            workbook.result()
        except BrokenProcessPool as error:
            raise ScoringError(
                f"{shown(files.xlsx)}: the process writing it stopped unexpectedly ({error})"
            ) from None


def write_workbook(run: ScoreRun, target: Path) -> None:
    """``scores.xlsx``: ranking, matrix, evidence, checks, knockouts and warnings sheets."""
    letter = uses_letter(run.project.spec.buyer.country)
    write_sheets(letter, workbook_sheets(run), target, properties=workbook_properties(run))


def workbook_properties(run: ScoreRun) -> dict[str, Any]:
    """``scores.xlsx``'s document properties: what the file is, stamped with the RFP's issue
    date as rfp's other workbooks are, so that the same run writes the same bytes (the time of
    writing made every file differ). No person's or vendor's name."""
    spec = run.project.spec
    return {
        "title": core_property(f"Scores: {spec.project.reference}"),
        "subject": core_property(f"RFP {spec.project.reference}"),
        "author": "rfp",
        "created": spec.timeline.document_time,
    }


def workbook_sheets(run: ScoreRun) -> Iterator[Table]:
    """The sheets of ``scores.xlsx`` in order, each gathered when the one before is taken."""
    sheets = Tables(letter=uses_letter(run.project.spec.buyer.country))
    for add in (
        _ranking_sheet,
        _matrix_sheet,
        _evidence_sheet,
        _checks_sheet,
        _price_sheet,
        _knockout_and_warning_sheets,
        _shared_sheet,
        _agreement_sheets,
        _stage_sheets,
        _contract_sheet,
    ):
        add(sheets, run)
        yield from sheets.sheets
        sheets.sheets.clear()


def _ranking_sheet(sheets: Tables, run: ScoreRun) -> None:
    areas = list(run.project.selection.areas)
    ranking_headers = (
        ["Rank", "Vendor", "Total /100", "Status", "Reason", "Annual cost"]
        + [f"{a.area.title} /{a.points:g}" for a in areas]
        + ["Flags", "To confirm", "Unsupported claims"]
    )
    ranking_data = []
    for vendor, row in run.ranking.iterrows():
        ranking_data.append(
            [
                int(row["rank"]),
                str(vendor),
                round(float(row["total"]), 2),
                str(row["status"]).capitalize(),
                str(row["reason"]),
                None
                if row["annual_cost"] is None or math.isnan(row["annual_cost"])
                else round(float(row["annual_cost"])),
                *[round(float(row[a.id]), 2) for a in areas],
                str(row["flags"]),
                str(row["to_confirm"]),
                len(run.unsupported.get(str(vendor), [])) or None,
            ]
        )
    sheets.table(
        "Ranking",
        ranking_headers,
        ranking_data,
        [6, 28, 10, 15, 40, 14] + [12] * len(areas) + [50, 40, 11],
        formats={6: "#,##0"},
        flagged=lambda values: (1, 2, 4) if values[3] != "Qualified" or values[-3] else (),
    )


def _matrix_sheet(sheets: Tables, run: ScoreRun) -> None:
    from openpyxl.utils import get_column_letter

    selection = run.project.selection
    ids = [wc.id for wc in selection.criteria]
    matrix_rows = []
    area_titles = {area.id: area.area.title for area in selection.areas}
    for wc in selection.criteria:
        matrix_rows.append(
            [
                wc.id,
                wc.criterion.title,
                area_titles.get(wc.criterion.area, wc.criterion.area),
                round(wc.points, 2),
                "yes" if wc.criterion.mandatory else "",
            ]
            + [round(float(score), 2) for score in run.matrix[wc.id].tolist()]
        )
    evaluated = bool(run.evaluations and run.evaluations.sheets)
    table = sheets.table(
        "Matrix",
        ["ID", "Criterion", "Area", "Points", "Mandatory"] + [v.name for v in run.vendors],
        matrix_rows,
        [9, 40, 18, 8, 10] + [14] * len(run.vendors),
        greyed=_automatic_score(run) if evaluated else None,
        note="Grey italic: no evaluator scored this cell; the automatic score is used."
        if evaluated
        else "",
    )
    if ids and run.vendors:
        last = get_column_letter(5 + len(run.vendors))
        table.colour_scale = ColourScale(f"F2:{last}{len(ids) + 1}")


def _automatic_score(run: ScoreRun) -> Greyed:
    """The Matrix's grey italic for a vendor's score (column 6 on) no evaluator gave."""
    sources = {(c.vendor, c.criterion): c.source for c in run.cells}
    names = [vendor.name for vendor in run.vendors]

    def greyed(values: Sequence[Any], column: int) -> bool:
        return column > 5 and sources.get((names[column - 6], values[0])) == "auto"

    return greyed


def _evidence_sheet(sheets: Tables, run: ScoreRun) -> None:
    evidence_rows = PackedRows(
        [
            record["vendor"],
            record["criterion"],
            record["score"],
            record["source"],
            record["auto_score"],
            record["similarity"],
            record["file"] or "",
            record["page"],
            record["quote"] or record["note"],
            ", ".join(record["covered_terms"]),
            ", ".join(record["missed_terms"]),
            ", ".join(record["specifics"]),
            "; ".join(record["facts_missed"]),
            record["echo_share"],
        ]
        for record in iter_evidence_records(run)
    )
    sheets.table(
        "Evidence",
        [
            "Vendor",
            "ID",
            "Score",
            "Source",
            "Auto-score",
            "Similarity",
            "File",
            "Page",
            "Evidence",
            "Terms covered",
            "Terms missed",
            "Specifics (own)",
            "Rubric facts not stated",
            "Answer echo share",
        ],
        evidence_rows,
        [24, 9, 8, 10, 10, 10, 22, 6, 70, 30, 30, 30, 40, 10],
    )


def _text_account(account: TextAccount | None) -> list[Any]:
    """The Checks sheet's cells on what the automatic score could use of a vendor's text."""
    if account is None:
        return [None, None, ""]
    return [round(account.echo_share, 4), account.set_aside, "; ".join(account.flags)]


def _checks_sheet(sheets: Tables, run: ScoreRun) -> None:
    check_rows = []
    for vendor in run.vendors:
        found = run.checks[vendor.name]
        cert = found.certifications
        languages = found.languages
        check_rows.append(
            [
                vendor.name,
                ", ".join(cert.held) if cert else "",
                ", ".join(cert.complies_with) if cert else "",
                ", ".join(cert.missing) if cert else "",
                ", ".join(map(language_label, languages.offered)) if languages else "",
                ", ".join(map(language_label, languages.missing)) if languages else "",
                found.overlap_hours,
                found.buyer_hours,
                {True: "yes", False: "no", None: ""}[found.covers_24_7],
                ", ".join(found.locations),
                round(found.price.annual_cost) if found.price else None,
                found.price.model if found.price else "",
                "\n".join([*(found.price.lines if found.price else []), found.price_note]).strip(),
                "\n".join(found.certification_evidence),
                *_text_account(run.accounts.get(vendor.name)),
            ]
        )
    sheets.table(
        "Checks",
        [
            "Vendor",
            "Certifications held",
            "Complies with",
            "Missing",
            "Languages",
            "Missing languages",
            "Overlap h/week",
            "Buyer h/week",
            "24/7 possible",
            "Locations",
            "Annual cost",
            "Price model",
            "Price workings",
            "Certification evidence",
            "Echo share",
            "Set aside (hedges, marketing, keyword lists)",
            "Text flags",
        ],
        check_rows,
        [24, 30, 18, 20, 14, 14, 12, 12, 10, 20, 14, 14, 70, 70, 10, 14, 50],
    )


def _price_sheet(sheets: Tables, run: ScoreRun) -> None:
    """Like-for-like price per vendor: source, year 1, the term, full coverage, workings, and
    every price the text states (firm or not) with its file and page."""
    rows = []
    for vendor in run.vendors:
        found = run.checks[vendor.name]
        term = found.term if found.price is not None else None
        rows.append(
            [
                vendor.name,
                found.price_source,
                round(found.price.annual_cost) if found.price else None,
                round(term.transition) if term else None,
                round(term.coverage_factor, 4) if term else None,
                round(term.coverage_adjustment) if term else None,
                round(term.total) if term else None,
                found.coverage_note,
                "\n".join([*(term.lines if term else []), found.price_note]).strip(),
                "\n".join(price.evidence for price in found.text_prices),
                "\n".join(found.price_confirm),
            ]
        )
    headers = [
        "Vendor",
        "Price source",
        "Year-1 annual cost",
        "Transition fees",
        "Full-coverage factor",
        "Full-coverage adjustment",
        "Term cost (scored)",
        "Hours coverage",
        "Term workings",
        "Prices stated in the text",
        "To confirm",
    ]
    sheets.table(
        "Price",
        headers,
        rows,
        [24, 10, 14, 12, 10, 14, 14, 40, 60, 60, 50],
        formats=dict.fromkeys((3, 4, 6, 7), "#,##0"),
    )


def _shared_sheet(sheets: Tables, run: ScoreRun) -> None:
    """Passages two vendors share almost verbatim, both sides, for evaluators to judge."""
    if not run.shared:
        return
    rows = [
        [
            pair.vendor_a,
            _place(pair.passage_a),
            pair.vendor_b,
            _place(pair.passage_b),
            round(pair.overlap, 2),
            pair.passage_a.text,
            pair.passage_b.text,
        ]
        for pair in run.shared
    ]
    sheets.table(
        "Shared passages",
        ["Vendor", "Where", "Shared with", "Where", "Overlap", "Passage", "Their passage"],
        rows,
        [24, 24, 24, 24, 8, 60, 60],
    )


def _place(passage: Passage) -> str:
    where = f"page {passage.page}" if passage.page else passage.section
    return f"{passage.file}, {where}" if where else passage.file


def _knockout_and_warning_sheets(sheets: Tables, run: ScoreRun) -> None:
    knockout_rows = [
        [str(vendor), item.criterion, item.reason, item.source, item.evidence, status, settle]
        for vendor in run.ranking.index
        for items, status in (
            (run.knockouts.get(str(vendor), []), "disqualifies"),
            (run.to_confirm.get(str(vendor), []), "to confirm"),
        )
        for item in items
        for settle in [_how_to_settle(item) if status == "to confirm" else _final(item)]
    ]
    sheets.table(
        "Knockouts",
        ["Vendor", "Criterion", "Reason", "Source", "Evidence", "Status", "To settle"],
        knockout_rows,
        [28, 10, 60, 10, 60, 12, 36],
    )
    claim_rows = [
        [str(vendor), claim.criterion, claim.criterion_title, "Comply", claim.gap]
        for vendor in run.ranking.index
        for claim in run.unsupported.get(str(vendor), [])
    ]
    sheets.table(
        "Unsupported claims",
        ["Vendor", "Criterion", "Question", "Compliance matrix", "Gap in the proposal"],
        claim_rows,
        [28, 10, 40, 12, 90],
    )
    warning_rows = [[vendor.name, warning] for vendor in run.vendors for warning in vendor.warnings]
    if run.evaluations is not None:
        warning_rows += [["(evaluator sheets)", message] for message in run.evaluations.messages]
    warning_rows += [
        [f"({stage} sheets)", message]
        for stage, evaluations in run.stage_sheets.items()
        for message in evaluations.messages
    ]
    if run.stages is not None:
        warning_rows += [["(stage items)", line] for line in run.stages.unconfirmed]
    sheets.table("Warnings", ["Vendor", "Warning"], warning_rows, [28, 120])


_SETTLED_BY_ASKING = {
    "missing_workbook": "ask the vendor for the completed response workbook",
    "contract_unanswered": "ask the vendor to answer the term in the Contract exceptions sheet",
    "unpriced": "ask the vendor for prices in the response workbook",
}


def _final(item: Knockout) -> str:
    """How a knockout is lifted: a rejected contract term only by the vendor's written
    withdrawal (a corrected workbook), never by a panel score."""
    if item.kind == "contract":
        return "only the vendor withdrawing it in a corrected Contract exceptions sheet"
    return ""


def _how_to_settle(item: Knockout) -> str:
    """Where the buyer settles an item to confirm: a clarification for what only the vendor can
    supply, else a consensus score on its criterion."""
    if item.kind in _SETTLED_BY_ASKING or not item.criterion:
        return _SETTLED_BY_ASKING.get(item.kind, "ask the vendor")
    return f"consensus score on {item.criterion}: below the threshold disqualifies"


def _agreement_sheets(sheets: Tables, run: ScoreRun) -> None:
    """Where evaluators disagree, how each one leans, and which cells they left blank."""
    spread = run.disagreement
    if spread is None:
        return
    rows = [
        [
            str(r["vendor"]),
            str(r["criterion"]),
            str(r["evaluators"]),
            str(r["scores"]),
            float(r["spread"]),
            "discuss" if bool(r["flagged"]) else "",
        ]
        for r in spread.spread.to_dict("records")
    ]
    sheets.table(
        "Disagreement",
        ["Vendor", "ID", "Evaluators", "Scores", "Spread", "Flag"],
        rows,
        [28, 9, 24, 24, 8, 10],
        flagged=lambda values: range(1, 7) if values[5] else (),
    )
    bias_rows = [
        [str(r["evaluator"]), int(r["shared_cells"]), float(r["bias"]), str(r["tendency"])]
        for r in spread.bias.to_dict("records")
    ]
    kendall = "n/a" if spread.kendalls_w is None else round(spread.kendalls_w, 4)
    bias_rows.append(["Kendall's W (ranking agreement)", None, kendall, ""])
    sheets.table(
        "Evaluators",
        ["Evaluator", "Cells shared", "Mean difference", "Tendency"],
        bias_rows,
        [32, 12, 16, 30],
    )
    missing_rows = [
        [str(r["evaluator"]), str(r["vendor"]), str(r["criterion"]), str(r["cell"])]
        for r in spread.missing.to_dict("records")
    ]
    sheets.table(
        "Missing scores", ["Evaluator", "Vendor", "ID", "Cell"], missing_rows, [16, 28, 9, 10]
    )


# --------------------------------------------------------------------------- evaluation stages
# Only for a spec with scored stages (evaluation.stages), so other projects' files are unchanged.


def _stage_columns(run: ScoreRun, vendor: str) -> dict[str, str]:
    """scores.csv's stage columns: the rank and total after the stages held, the standing
    (ranked, to be confirmed, not shortlisted), and each scored stage's score out of 100. The
    ``rank`` and ``total`` columns stay the written proposal's."""
    if not run.project.stages:
        return {}
    results = run.stages
    line = next((v for v in results.ranking if v.vendor == vendor), None) if results else None
    record = {
        "stage_rank": str(line.rank) if line else "",
        "stage_total": _number(line.total if line else None),
        "stage_standing": csv_safe(line.standing) if line else "",
    }
    for stage in run.project.stages:
        found = results.score(stage.id, vendor) if results else None
        record[stage.id] = _number(found.score if found else None)
    return record


def _stage_sheets(sheets: Tables, run: ScoreRun) -> None:
    """The ranking after the stages held, and every stage item's score with its cells."""
    results = run.stages
    if results is None:
        return
    stages = [stage for stage in run.project.stages if stage.id in results.held]
    headers = [
        "Rank",
        "Vendor",
        f"Total {results.label} /100",
        f"Written /100 (x {results.written_share:g}%)",
        *[f"{stage.info.title} /100 (x {stage.share:g}%)" for stage in stages],
        "Standing",
    ]
    rows: list[list[Any]] = []
    for line in results.ranking:
        found = [results.score(stage.id, line.vendor) for stage in stages]
        rows.append(
            [
                line.rank,
                line.vendor,
                None if line.total is None else round(line.total, 2),
                round(line.written, 2),
                *[None if f is None or f.score is None else round(f.score, 2) for f in found],
                line.standing,
            ]
        )
    sheets.table("Stages", headers, rows, [6, 28, 14, 14] + [14] * len(stages) + [50])
    titles = {wc.id: wc for stage in stages for wc in stage.criteria}
    item_rows = [
        [
            item.vendor,
            item.stage,
            item.criterion,
            titles[item.criterion].criterion.title,
            titles[item.criterion].points,
            None if item.score is None else round(item.score, 4),
            item.note,
            "; ".join(item.cells),
        ]
        for item in results.items
    ]
    sheets.table(
        "Stage items",
        ["Vendor", "Stage", "ID", "Item", "Points /100", "Score (0–5)", "Panel", "Sheet cells"],
        item_rows,
        [28, 14, 9, 36, 10, 10, 40, 50],
    )
    if results.flags:
        sheets.table("Stage panel flags", ["Flag"], [[flag] for flag in results.flags], [100])


def contract_effect(response: ContractResponse) -> str:
    """What an answer does to the vendor: a knockout, an item to confirm, or nothing."""
    if not response.non_negotiable:
        if response.status == UNCLEAR:
            return "to clarify"
        return "to negotiate" if response.departs else ""
    if response.departs:
        return "disqualifies"
    return "to confirm" if response.status in (UNANSWERED, UNCLEAR) else ""


def _contract_sheet(sheets: Tables, run: ScoreRun) -> None:
    """Every vendor's answer to every key term of the contract package, one row each."""
    rows = [
        [
            str(vendor),
            response.term,
            response.title,
            "Yes" if response.non_negotiable else "No",
            CONTRACT_STATUS_LABELS.get(response.status, response.status),
            response.response,
            response.alternative,
            response.reason,
            contract_effect(response),
            response.note,
            response.cell,
        ]
        for vendor in run.ranking.index
        for response in run.contract.get(str(vendor), [])
    ]
    sheets.table(
        "Contract exceptions",
        [
            "Vendor",
            "Term id",
            "Term",
            "Non-negotiable",
            "Read as",
            "Response",
            "Proposed alternative wording",
            "Reason",
            "Effect",
            "Note",
            "Cell",
        ],
        rows,
        [28, 20, 24, 12, 12, 20, 50, 36, 14, 40, 40],
        flagged=lambda values: range(1, 12) if values[8] in ("disqualifies", "to confirm") else (),
    )
