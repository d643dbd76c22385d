"""Scoring a project folder end to end: bad files become warnings, outputs are deterministic."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from rfp.cli import app
from rfp.core.names import names_in_text
from rfp.core.processes import worker_processes
from rfp.core.project import load_project
from rfp.errors import ScoringError
from rfp.score import pipeline
from rfp.score.outputs import write_scores
from rfp.score.passages import Passage
from rfp.score.pipeline import own_words_of, read_vendors, score_project
from rfp.score.run import Knockout, VendorChecks
from tests.factories import html_to_pdf, process_ended

runner = CliRunner()


def test_unreadable_files_warn_and_flag_without_crashing(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    broken = next(v for v in run.vendors if v.name == "Broken Files Ltd")
    joined = "\n".join(broken.warnings)
    assert "encrypted.pdf" in joined and "password" in joined
    assert "corrupt.pdf" in joined and "corrupt" in joined
    assert "scanned.pdf" in joined and "no extractable text" in joined
    assert broken.flagged
    # The cover letter was still read and scored (the run keeps neither its blocks nor its text).
    quoted = {e.file: e.quote for m in run.matches if m.vendor == broken.name for e in m.evidence}
    assert quoted == {
        "cover-letter.txt": "We offer bilingual English and Spanish customer service from Bogota."
    }
    files = write_scores(run)
    rows = {row["vendor"]: row for row in csv.DictReader(files.csv.open(encoding="utf-8"))}
    assert "encrypted.pdf" in rows["Broken Files Ltd"]["flags"]
    records = [json.loads(line) for line in files.evidence.read_text(encoding="utf-8").splitlines()]
    assert all(r["flagged"] for r in records if r["vendor"] == "Broken Files Ltd")
    assert not any(r["flagged"] for r in records if r["vendor"] == "Priced Partners" and False)
    warnings = load_workbook(files.xlsx)["Warnings"]
    assert any("scanned.pdf" in str(row[1].value) for row in warnings.iter_rows(min_row=2))


def test_security_strong_pricing_silent_proposal(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    vendor = "Sentinel Contact Services"
    by_id = {c.criterion: c for c in run.cells if c.vendor == vendor}
    security = [by_id[i].score for i in ("SEC-02", "SEC-03", "SEC-04")]
    assert min(security) >= 4, security
    pricing = {cid: cell.score for cid, cell in by_id.items() if cid.startswith("PRC-")}
    assert pricing and max(pricing.values()) <= 1, pricing
    assert by_id["SEC-01"].source == "check"
    assert by_id["SEC-01"].score == 5.0  # PCI DSS, SOC 2 Type II and ISO/IEC 27001 all held
    assert (
        by_id["PRC-01"].score == 0.0
        and by_id["PRC-01"].note == "no prices in the response workbook"
    )
    match = run.match_for(vendor, "SEC-03")
    assert match is not None and match.answered_under_id
    assert match.evidence[0].question_id == "SEC-03"
    assert "AES-256" in match.evidence[0].quote
    assert len(match.evidence[0].quote) <= 302


def test_outputs_have_the_contract_columns(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    files = write_scores(run)
    header = files.csv.read_text(encoding="utf-8").splitlines()[0].split(",")
    areas = [area.id for area in run.project.selection.areas]
    assert header[:5] == ["rank", "vendor", "total", "disqualified", "reason"]
    assert header[5 : 5 + len(areas)] == areas
    first = json.loads(files.evidence.read_text(encoding="utf-8").splitlines()[0])
    for key in ("vendor", "criterion", "auto_score", "similarity", "file", "page", "quote"):
        assert key in first
    workbook = load_workbook(files.xlsx)
    assert workbook.sheetnames == [
        "Ranking",
        "Matrix",
        "Evidence",
        "Checks",
        "Price",
        "Knockouts",
        "Unsupported claims",
        "Warnings",
        "Contract exceptions",
    ]
    # The priced vendor's FTE price: (60 + 30 + 8) FTE x $3,000 x 12 = $3,528,000.
    rows = {row["vendor"]: row for row in csv.DictReader(files.csv.open(encoding="utf-8"))}
    assert rows["Priced Partners"]["annual_cost"] == "3528000"
    # Over the 3-year term, year-1 rates held constant, priced for full coverage: Bogota
    # 07:00-19:00 (UTC-5) covers 55 of New York's 60 weekday hours 08:00-20:00 in summer time
    # (UTC-4), so 3 x 3,528,000 x 60 / 55 = 11,546,182, of which 962,182 is the adjustment.
    assert run.checks["Priced Partners"].overlap_hours == 55
    assert rows["Priced Partners"]["term_cost"] == "11546182"
    assert rows["Priced Partners"]["full_coverage_adjustment"] == "962182"
    assert rows["Priced Partners"]["price_source"] == "workbook"
    # Disqualified vendors are listed after qualified ones, with reasons.
    ranked = [rows[v] for v in sorted(rows, key=lambda v: int(rows[v]["rank"]))]
    seen_disqualified = False
    for row in ranked:
        if row["disqualified"] == "yes":
            seen_disqualified = True
            assert row["reason"]
        else:
            assert not seen_disqualified


def test_two_runs_give_identical_csv_and_jsonl(scored_project: Path, tmp_path: Path) -> None:
    first = write_scores(score_project(load_project(scored_project)), tmp_path / "one")
    second = write_scores(score_project(load_project(scored_project)), tmp_path / "two")
    assert first.csv.read_bytes() == second.csv.read_bytes()
    assert first.evidence.read_bytes() == second.evidence.read_bytes()


def test_inputs_are_not_modified(scored_project: Path) -> None:
    before = {p: p.read_bytes() for p in (scored_project / "proposals").rglob("*") if p.is_file()}
    score_project(load_project(scored_project))
    after = {p: p.read_bytes() for p in (scored_project / "proposals").rglob("*") if p.is_file()}
    assert before == after


def test_cli_score_prints_ranking_and_warnings(scored_project: Path) -> None:
    result = runner.invoke(app, ["score", str(scored_project)])
    assert result.exit_code == 0, result.output
    assert "ranking" in result.stdout
    for vendor in ("Sentinel Contact Services", "Broken Files Ltd", "Priced Partners"):
        assert vendor in result.stdout
    assert "warning: Broken Files Ltd" in result.stderr
    assert (scored_project / "out" / "scores.csv").is_file()
    # The fixture builds the response workbook only: the reader is told the RFP's own prose
    # could not be recognised as echo, naming the file that is missing.
    assert f"note: {scored_project / 'out' / 'rfp.html'}: not found" in " ".join(
        result.stderr.split()
    )


def test_cli_score_without_proposals_is_a_clear_error(make_project: Callable[..., Path]) -> None:
    folder = make_project("back")
    result = runner.invoke(app, ["score", str(folder)])
    assert result.exit_code == 1
    assert "no proposals folder" in result.stderr
    assert "Traceback" not in result.output


def test_hostile_names_links_and_broken_workbooks(scored_project: Path, tmp_path: Path) -> None:
    priced = scored_project / "proposals" / "Priced Partners"
    workbook = load_workbook(priced / "response-workbook.xlsx")
    name_cell = workbook["Respondent"].cell(row=2, column=2)
    name_cell.value = '=HYPERLINK("http://evil.example","x") [/bold] :100:'
    name_cell.data_type = "s"  # typed as text, as a vendor could
    workbook.save(priced / "response-workbook.xlsx")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET payroll data", encoding="utf-8")
    (scored_project / "proposals" / "Sentinel Contact Services" / "link.txt").symlink_to(secret)
    broken = scored_project / "proposals" / "Broken Files Ltd" / "response-workbook.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:  # a zip whose workbook XML is cut short
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")

    result = runner.invoke(app, ["score", str(scored_project)], env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert '=HYPERLINK("http://evil.example","x") [/bold] :100:' in result.stdout
    assert "link.txt" in result.stderr and "symbolic link" in result.stderr
    assert "not a readable Excel workbook" in result.stderr
    evidence = (scored_project / "out" / "evidence.jsonl").read_text(encoding="utf-8")
    assert "TOP SECRET" not in evidence
    matrix = load_workbook(scored_project / "out" / "scores.xlsx")["Matrix"]
    headers = [cell for cell in matrix[1] if str(cell.value).startswith("=HYPERLINK")]
    assert headers and all(cell.data_type == "s" for cell in headers)
    rows = list(csv.DictReader((scored_project / "out" / "scores.csv").open(encoding="utf-8")))
    assert any(row["vendor"].startswith("'=HYPERLINK") for row in rows)
    mode = (scored_project / "out" / "scores.csv").stat().st_mode & 0o777
    assert mode == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_alternative_price_models_score_the_lowest(scored_project: Path) -> None:
    priced = scored_project / "proposals" / "Priced Partners"
    workbook = load_workbook(priced / "response-workbook.xlsx")
    for row in workbook["Pricing"].iter_rows(min_row=2):
        if row[0].value == "Per handled minute":
            row[5].value = 0.5  # also offers every channel per minute
    workbook.save(priced / "response-workbook.xlsx")
    run = score_project(load_project(scored_project))
    checks = run.checks["Priced Partners"]
    assert checks.price is not None
    # Per minute: starter volumes voice 42,000 x 360 s + chat 18,000 x 540 s + email 6,000 x 420 s
    # = 252,000 + 162,000 + 42,000 = 456,000 min/month x 12 x $0.50 = $2,736,000, below the
    # $3,528,000 per-FTE offer, so it is the one scored.
    assert checks.price.annual_cost == pytest.approx(2_736_000)
    assert "alternative offers" in checks.price_note
    assert "no usable price" not in str(run.ranking.loc["Priced Partners", "reason"])


def test_implausibly_low_stated_fte_is_floored(scored_project: Path) -> None:
    priced = scored_project / "proposals" / "Priced Partners"
    workbook = load_workbook(priced / "response-workbook.xlsx")
    for row in workbook["Pricing"].iter_rows(min_row=2):
        if row[0].value == "Per FTE per month" and row[1].value == "chat":
            row[6].value = 1  # one agent for 18,000 chats a month
    workbook.save(priced / "response-workbook.xlsx")
    run = score_project(load_project(scored_project))
    price = run.checks["Priced Partners"].price
    assert price is not None
    chat = next(line for line in price.lines if line.startswith("chat"))
    assert "below the floor" in chat
    # chat workload: 18,000 x 540 s = 2,700 h/month / (160 h x 0.7) = 24.1 FTE priced, not 1.
    assert "24.1 FTE priced" in chat


def test_a_vendor_over_the_passage_limit_is_flagged_and_read_to_the_limit(
    make_project: Callable[..., Path],
) -> None:
    """Twelve paragraphs against a limit of five: the first five in reading order are scored,
    the warning says how many were left out, and the other vendor is not flagged."""
    folder = make_project("front", limits={"passages_per_vendor": 5})
    for name, count in (("Wordy Ltd", 12), ("Brief Ltd", 3)):
        vendor = folder / "proposals" / name
        vendor.mkdir(parents=True)
        paragraphs = [
            f"Paragraph {n}: our team of {n * 10} certified agents answers calls within "
            f"{n + 10} seconds at the Manila site, measured daily by interval."
            for n in range(count)
        ]
        (vendor / "proposal.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    project = load_project(folder)
    vendors = read_vendors(project, lambda stage, detail: None)
    own = own_words_of(project, vendors, [])
    wordy, brief = (
        next(v for v in vendors if v.folder.name == n) for n in ("Wordy Ltd", "Brief Ltd")
    )
    assert all(passage.index < 5 for passage in own[wordy.name].passages)
    assert any("Paragraph 4:" in passage.text for passage in own[wordy.name].passages)
    assert not any("Paragraph 5:" in passage.text for passage in own[wordy.name].passages)
    (warning,) = [w for w in wordy.warnings if "passages" in w]
    assert "12 passages, more than the 5 scored per vendor" in warning
    assert "limits.passages_per_vendor in rfp.yaml" in warning
    assert "the last 7 are not read" in warning and "Wordy Ltd" in warning
    assert not any("passages_per_vendor" in w for w in brief.warnings)
    # The scoring run reads folders through read_and_match (in worker processes from 16
    # vendors on): the same cap, said once.
    scored = score_project(project, workers=1)
    scored_wordy = next(v for v in scored.vendors if v.folder.name == "Wordy Ltd")
    assert [w for w in scored_wordy.warnings if "passages" in w] == [warning]
    quotes = [e.quote for m in scored.matches if m.vendor == wordy.name for e in m.evidence]
    assert quotes and not any(f"Paragraph {n}:" in q for q in quotes for n in range(5, 12))


def _european_vendor(project_folder: Path, *, number_format: str | None) -> Path:
    """Issue 12's finding: a vendor typing '2.650,00', '52,5' and '€2.540' as text, which a
    reader that drops or guesses separators turns into rates of 2.65 and 2.54 and 525 FTE."""
    priced = project_folder / "proposals" / "Priced Partners"
    europa = project_folder / "proposals" / "Europa Servizi"
    europa.mkdir()
    (europa / "proposal.md").write_text((priced / "proposal.md").read_text(encoding="utf-8"))
    workbook = load_workbook(priced / "response-workbook.xlsx")
    if number_format is not None:
        workbook["Respondent"]["B6"] = number_format
    typed: dict[str, tuple[str | int, str | int]] = {
        "voice": ("2.650,00", 60),
        "chat": ("€2.540", "52,5"),
        "email": (3000, 8),
    }
    for row in workbook["Pricing"].iter_rows(min_row=2):
        if row[0].value == "Per FTE per month":
            row[5].value, row[6].value = typed[str(row[1].value)]
    workbook.save(europa / "response-workbook.xlsx")
    return europa


def test_european_numbers_are_read_as_meant_and_converted(scored_project: Path) -> None:
    spec_path = scored_project / "rfp.yaml"
    text = spec_path.read_text(encoding="utf-8")
    spec_path.write_text(
        text.replace("  currency: USD\n", "  currency: USD\n  exchange_rates: {EUR: 1.08}\n"),
        encoding="utf-8",
    )
    _european_vendor(scored_project, number_format="de_DE")

    run = score_project(load_project(scored_project))

    price = run.checks["Europa Servizi"].price
    assert price is not None
    # voice 2,650 x 60 x 12 = 1,908,000; chat EUR 2,540 x 1.08 = USD 2,743.20 x 52.5 x 12
    # = 1,728,216; email 3,000 x 8 x 12 = 288,000; total 3,924,216, above Priced Partners'
    # 3,000 x (60 + 30 + 8) x 12 = 3,528,000 (the misread gave 17,609 and the best price).
    assert price.annual_cost == pytest.approx(3_924_216)
    assert price.lines[0] == "converted: EUR 2,540 at 1.08 = USD 2,743.20"
    other = run.checks["Priced Partners"].price
    assert other is not None and other.annual_cost == pytest.approx(3_528_000)
    priced = {
        cell.vendor: cell.score
        for cell in run.cells
        if cell.source == "check" and cell.note.startswith("annual cost")
    }
    # Price points are lowest / own cost: 5 x 3,528,000 / 3,924,216 = 4.4951 of 5.
    assert priced["Priced Partners"] == pytest.approx(5)
    assert priced["Europa Servizi"] == pytest.approx(5 * 3_528_000 / 3_924_216, abs=1e-4)


def test_european_numbers_without_a_declared_format_are_never_guessed(
    scored_project: Path,
) -> None:
    europa = _european_vendor(scored_project, number_format=None)

    run = score_project(load_project(scored_project))

    price = run.checks["Europa Servizi"].price
    assert price is not None
    # '2.650,00' and '52,5' read one way only; '€2.540' is 2,540 or 2.54 (and in euros): the
    # chat line is not used and said so, and chat is left unpriced rather than priced at 2.54.
    assert price.unpriced == ["chat"]
    assert price.annual_cost == pytest.approx(2_650 * 60 * 12 + 3_000 * 8 * 12)
    warnings = run.vendors[[v.name for v in run.vendors].index("Europa Servizi")].warnings
    assert any(
        f"{europa / 'response-workbook.xlsx'}: Pricing!F" in w
        and "'€2.540' is ambiguous: 2540 or 2.54" in w
        for w in warnings
    ), warnings


def test_scores_do_not_depend_on_the_number_of_reading_processes(scored_project: Path) -> None:
    project = load_project(scored_project)
    seen: list[tuple[str, str]] = []
    serial = score_project(project, workers=1)
    pooled = score_project(project, progress=lambda *step: seen.append(step), workers=2)
    assert [v.name for v in pooled.vendors] == [v.name for v in serial.vendors]
    # A run keeps the name forms of each vendor's text, not its documents nor their text.
    assert [v.in_text for v in pooled.vendors] == [v.in_text for v in serial.vendors]
    assert all(v.documents == [] for v in pooled.vendors + serial.vendors)
    sentinel = next(v for v in pooled.vendors if v.name == "Sentinel Contact Services")
    read = read_vendors(project, lambda *step: None)[2]
    assert read.name == sentinel.name and read.in_text is None
    assert sentinel.in_text == names_in_text(read.folder.name, read.all_text) == read.text_names
    assert sentinel.in_text is not None and sentinel.in_text.folder_spelled
    assert [v.warnings for v in pooled.vendors] == [v.warnings for v in serial.vendors]
    assert pooled.matches == serial.matches and pooled.cells == serial.cells
    # The facts are checked in the reading processes: the same checks as in this one.
    assert pooled.checks == serial.checks and pooled.checks
    assert pooled.ranking.equals(serial.ranking)
    # The progress bar advances once per vendor read, in folder order.
    assert [detail for stage, detail in seen if stage == "read"] == [
        "Broken Files Ltd",
        "Priced Partners",
        "Sentinel Contact Services",
    ]


class _StandInReader(pipeline._FolderReader):
    """A folder reader with no project: what it does with a folder is its subclass's."""

    def __init__(self) -> None:
        pass


class _DyingReader(_StandInReader):
    """A reader that kills its process, as a crash inside a PDF library would."""

    def __call__(self, folder: Path) -> Any:
        os._exit(3)


def test_a_reading_process_that_dies_stops_the_run_with_a_message(tmp_path: Path) -> None:
    folders = [tmp_path / "Alpha", tmp_path / "Beta"]
    dying = r"Alpha: a process reading .* stopped unexpectedly"
    with pytest.raises(ScoringError, match=dying), pipeline._Workers(_DyingReader(), 2) as pool:
        list(pool.read(folders))


class _StuckReader(_StandInReader):
    """A reader that takes ten minutes over a folder, as a pathological file might."""

    def __call__(self, folder: Path) -> Any:
        time.sleep(600)


def test_an_interrupted_run_stops_its_reading_processes_at_once(tmp_path: Path) -> None:
    """Ctrl-C while folders are read: the workers are stopped, not waited for (a graceful
    shutdown waited for a worker blocked on sending a result nobody would read: a hang)."""
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), pipeline._Workers(_StuckReader(), 2) as workers:
        assert workers.pool is not None
        workers.pool.map(pipeline._read_in_worker, [tmp_path / "A", tmp_path / "B"])
        processes = worker_processes(workers.pool)
        assert len(processes) == 2
        raise KeyboardInterrupt
    assert all(process_ended(process) for process in processes)
    assert time.monotonic() - started < 300  # stopped, not left to finish the 600 s read


def test_an_unconfirmed_text_price_does_not_set_the_benchmark() -> None:
    """Review finding: one text-only 'USD 0.02 per transaction' lowered every bid's points."""
    checks_by_vendor = {
        "Workbook Ltd": VendorChecks(price_source="workbook"),
        "Text Ltd": VendorChecks(price_source="text"),
        "Out Ltd": VendorChecks(price_source="workbook"),
    }
    costs: dict[str, float | None] = {"Workbook Ltd": 900.0, "Text Ltd": 10.0, "Out Ltd": 5.0}
    reasons = {"Workbook Ltd": [], "Text Ltd": [], "Out Ltd": [Knockout("SEC-01", "no")]}
    assert pipeline.price_pool(costs, reasons, checks_by_vendor) == {"Workbook Ltd": 900.0}


def test_an_abnormally_low_price_does_not_set_the_benchmark() -> None:
    """A nominal bid would otherwise cut every other bid's price points to almost nothing."""
    checks_by_vendor = {
        "Fair Ltd": VendorChecks(price_source="workbook"),
        "Penny Ltd": VendorChecks(price_source="workbook", abnormal_price="abnormally low: ..."),
    }
    costs: dict[str, float | None] = {"Fair Ltd": 900.0, "Penny Ltd": 0.1}
    reasons: dict[str, list[Knockout]] = {"Fair Ltd": [], "Penny Ltd": []}
    assert pipeline.price_pool(costs, reasons, checks_by_vendor) == {"Fair Ltd": 900.0}


def test_matching_in_two_processes_gives_the_same_matches(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Matching is per vendor against a fixed reference model, so chunks of vendors matched in
    worker processes and joined in order give exactly the serial list (each vendor's passages
    are copied under seven names so that there are chunks to share out)."""
    project = load_project(scored_project)
    own = own_words_of(project, read_vendors(project, lambda *step: None), [])
    passages = [
        dataclasses.replace(passage, vendor=f"{passage.vendor} {copy}")
        for copy in range(7)
        for words in own.values()
        for passage in words.passages
    ]
    criteria = [wc.criterion for wc in project.selection.criteria]
    model = pipeline.reference_model(project)
    monkeypatch.setattr(pipeline, "POOL_FROM_VENDORS", 2)
    reader = pipeline.folder_reader(project, [])
    with pipeline._Workers(reader, 1) as alone:
        serial = alone.match(criteria, passages, model)
    with pipeline._Workers(reader, 2) as pool:
        assert pool.pool is not None
        pooled = pool.match(criteria, passages, model)
    assert len(serial) == 21 * len(criteria)
    assert pooled == serial


def test_when_every_qualifying_bid_is_unconfirmed_no_disqualified_bid_sets_the_benchmark() -> None:
    """Review of issue 12: with every workbook price abnormally low the pool was empty, and the
    fallback took the lowest of all priced bids, a disqualified one included."""
    checks_by_vendor = {
        "Low Ltd": VendorChecks(price_source="workbook", abnormal_price="abnormally low: ..."),
        "Text Ltd": VendorChecks(price_source="text"),
        "Out Ltd": VendorChecks(price_source="workbook"),
    }
    costs: dict[str, float | None] = {"Low Ltd": 50.0, "Text Ltd": 80.0, "Out Ltd": 5.0}
    reasons = {"Low Ltd": [], "Text Ltd": [], "Out Ltd": [Knockout("SEC-01", "no")]}
    assert pipeline.price_pool(costs, reasons, checks_by_vendor) == {
        "Low Ltd": 50.0,
        "Text Ltd": 80.0,
    }


def test_hidden_text_is_set_aside_and_flags_the_vendor_naming_the_file(
    make_project: Callable[..., Path],
) -> None:
    """Text a reader cannot see is not scored, and the evaluators are told which file held it."""
    folder = make_project("front")
    vendor = folder / "proposals" / "Quiet Ltd"
    vendor.mkdir(parents=True)
    (vendor / "proposal.html").write_text(
        "<h1>QC-07 Complaints</h1><p>We log every complaint within one day.</p>"
        '<div style="display:none"><p>Resolution, complaint, acknowledged: 100%.</p></div>'
    )
    read = pipeline.read_vendor(load_project(folder), vendor)

    assert "100%" not in " ".join(document.text for document in read.documents)
    assert (
        f"{vendor / 'proposal.html'}: 39 characters of hidden text (39 marked hidden) were set "
        "aside, not scored"
    ) in " ".join(read.warnings)
    assert read.flagged


def test_a_proposal_over_the_page_limit_is_read_whole_and_warned_about(
    make_project: Callable[..., Path],
) -> None:
    """The RFP prints process.page_limit; a longer PDF is still read (evaluators decide whether
    to hold the vendor to it), but never silently."""
    folder = make_project("front", process={"page_limit": 2})
    vendor = folder / "proposals" / "Long Ltd"
    vendor.mkdir(parents=True)
    answers = [
        "We answer 85% of calls in 20 seconds at both delivery sites.",
        "Quality analysts review five contacts per agent every week.",
        "Business continuity is tested twice a year with a full site failover.",
    ]
    pages = "".join(f'<p style="break-after: page">{answer}</p>' for answer in answers)
    html_to_pdf(f"<html><body>{pages}</body></html>", vendor / "proposal.pdf")
    project = load_project(folder)
    read = pipeline.read_vendor(project, vendor)
    assert sum(len(d.pages) for d in read.documents) == 3
    assert (
        "Long Ltd: the PDFs run to 3 pages, over the RFP's page limit of 2 "
        "(process.page_limit in rfp.yaml); every page is read and scored"
    ) in " ".join(read.warnings)
    short = make_project("front", name="short", process={"page_limit": 3})
    (short / "proposals" / "Long Ltd").mkdir(parents=True)
    html_to_pdf(f"<html><body>{pages}</body></html>", short / "proposals" / "Long Ltd" / "p.pdf")
    again = pipeline.read_vendor(load_project(short), short / "proposals" / "Long Ltd")
    assert not [w for w in again.warnings if "page limit" in w]


def declare_company_name(folder: Path, name: str) -> None:
    """Set the company name ``folder``'s response workbook declares."""
    path = folder / "response-workbook.xlsx"
    workbook = load_workbook(path)
    for row in workbook["Respondent"].iter_rows():
        if row[0].value == "Company name":
            row[1].value = name
    workbook.save(path)


def test_a_name_two_folders_declare_is_split_and_checked_again_under_each_new_name(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both folders declare "Priced Partners" in the workbook; each is scored as "Priced
    Partners (<folder>)", with passages and checks under that name, in the pool as alone."""
    proposals = scored_project / "proposals"
    shutil.copytree(proposals / "Priced Partners", proposals / "Priced Again")
    # Its own text: a copied one would be set aside as shared and match nothing.
    (proposals / "Priced Again" / "proposal.md").write_text(
        "# Quality\n\nTeam leaders calibrate weekly with the client's QA lead and score ten "
        "contacts per agent each month against the agreed scorecard.\n",
        encoding="utf-8",
    )
    for folder in ("Priced Partners", "Priced Again"):
        declare_company_name(proposals / folder, "Priced Partners")
    monkeypatch.setattr(pipeline, "POOL_FROM_VENDORS", 2)
    project = load_project(scored_project)
    serial = score_project(project, workers=1)
    pooled = score_project(project, workers=2)
    twins = ["Priced Partners (Priced Again)", "Priced Partners (Priced Partners)"]
    for run in (serial, pooled):
        assert sorted(v.name for v in run.vendors if v.name.startswith("Priced")) == twins
        assert set(twins) <= set(run.checks)
        assert {m.vendor for m in run.matches} >= set(twins)
        quotes = {e.quote for m in run.matches if m.vendor == twins[0] for e in m.evidence}
        assert any("calibrate weekly" in quote for quote in quotes)
        assert not any("CPI" in quote for quote in quotes)
    assert pooled.checks == serial.checks
    first, second = (pooled.checks[twin].price for twin in twins)
    assert first is not None and first == second


def test_two_folders_declaring_one_name_and_sharing_passages_are_paired_under_new_names(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The numbered words are kept on disk by folder until the names are settled: the pair is
    found under each folder's new name, and each folder read again numbers as its own did (a
    mix-up would stop the run as files changed while scoring)."""
    proposals = scored_project / "proposals"
    shutil.copytree(proposals / "Priced Partners", proposals / "Priced Copy")
    with (proposals / "Priced Copy" / "proposal.md").open("a", encoding="utf-8") as text:
        text.write(  # words of its own, so that the two folders number differently
            "\n# Quality\n\nTeam leaders calibrate weekly with the client's QA lead and score "
            "ten contacts per agent each month against the agreed scorecard, and every "
            "calibration outcome is logged in the quality portal for the client to audit.\n"
        )
    for folder in ("Priced Partners", "Priced Copy"):
        declare_company_name(proposals / folder, "Priced Partners")
    monkeypatch.setattr(pipeline, "POOL_FROM_VENDORS", 2)
    project = load_project(scored_project)
    twins = ("Priced Partners (Priced Copy)", "Priced Partners (Priced Partners)")
    for workers in (1, 2):
        run = score_project(project, workers=workers)
        assert {(s.vendor_a, s.vendor_b) for s in run.shared} == {twins}
        assert all(p.vendor in twins for s in run.shared for p in (s.passage_a, s.passage_b))


def test_vendors_sharing_passages_are_matched_again_without_them_in_the_pool(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each folder is matched where it is read, before copies are known; a copied answer must
    still earn neither vendor anything, and the re-matching in the pool gives the serial run's
    matches."""
    proposals = scored_project / "proposals"
    shutil.copytree(proposals / "Sentinel Contact Services", proposals / "Copycat Ltd")
    monkeypatch.setattr(pipeline, "POOL_FROM_VENDORS", 2)
    project = load_project(scored_project)
    serial = score_project(project, workers=1)
    pooled = score_project(project, workers=2)
    assert pooled.matches == serial.matches and pooled.cells == serial.cells
    assert {(s.vendor_a, s.vendor_b) for s in pooled.shared} == {
        ("Copycat Ltd", "Sentinel Contact Services")
    }
    shared = {" ".join(p.text.split()) for s in pooled.shared for p in (s.passage_a, s.passage_b)}
    copied = [m for m in pooled.matches if m.vendor in ("Copycat Ltd", "Sentinel Contact Services")]
    assert copied
    for found in copied:
        for evidence in found.evidence:
            quote = evidence.quote.removesuffix(" …")
            assert not any(text.startswith(quote) for text in shared)


def test_a_copying_vendor_whose_files_change_during_the_run_stops_it(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copy detection holds each vendor's numbered words, not its passages; the few vendors in
    a pair are read again for theirs. A file edited in between would quote passages that were
    never compared: the run stops, naming the folder, rather than report them."""
    proposals = scored_project / "proposals"
    shutil.copytree(proposals / "Sentinel Contact Services", proposals / "Copycat Ltd")
    project = load_project(scored_project)
    first_read = pipeline._FolderReader.own_passages

    def edited(self: pipeline._FolderReader, folder: Path, name: str) -> list[Passage]:
        own = first_read(self, folder, name)
        if name != "Copycat Ltd":
            return own
        return [dataclasses.replace(own[0], text=own[0].text + " Edited since."), *own[1:]]

    monkeypatch.setattr(pipeline._FolderReader, "own_passages", edited)
    with pytest.raises(ScoringError, match="Copycat Ltd: its files changed"):
        score_project(project, workers=1)
