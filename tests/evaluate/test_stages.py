"""Stage sheets for the shortlist: written only for it, filled, read back and scored; stray
vendors, bad cells, blanks and misplaced sheets handled; the saved run keeps the stages."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from rfp.cli import app
from rfp.core.criteria import Library
from rfp.core.project import load_project
from rfp.errors import ConfigError
from rfp.evaluate import layout
from rfp.evaluate.sheets_in import read_evaluations
from rfp.evaluate.sheets_out import write_sheets
from rfp.evaluate.stages import choose_shortlist, with_stages, write_stage_sheets
from rfp.generate.starter import write_starter
from rfp.report.context import stage_problems
from rfp.score import saved
from rfp.score.audit import build_record
from rfp.score.outputs import scores_csv, write_scores
from rfp.score.pipeline import score_project
from rfp.score.run import Evaluations, ScoreRun
from tests.score.test_saved import assert_same

runner = CliRunner()
PROPOSALS = {
    "Northstar CX Solutions": "Northstar encrypts data at rest with AES-256 and holds ISO 27001.",
    "Bayanihan Contact Solutions": "Bayanihan reviews access quarterly with MFA for every user.",
    "Quillmere Partners": "Quillmere uses single sign-on with hardware keys.",
}
ORAL_POINTS = {"ORL-01": 20, "ORL-02": 20, "ORL-03": 20, "ORL-04": 30, "ORL-05": 10}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory, library: Library) -> ScoreRun:
    """A front-office project scoring orals at 20%, with three one-line proposals."""
    folder = tmp_path_factory.mktemp("stages") / "acme"
    folder.mkdir()
    spec = write_starter(library, folder, "front", ["customer_service"])
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("  knockout_below: 2\n", "  knockout_below: 2\n  stages: {orals: 20}\n"),
        encoding="utf-8",
    )
    for name, proposal in PROPOSALS.items():
        (folder / "proposals" / name).mkdir(parents=True)
        (folder / "proposals" / name / "proposal.md").write_text(proposal, encoding="utf-8")
    return score_project(load_project(folder))


@pytest.fixture
def run(scored: ScoreRun, tmp_path: Path) -> ScoreRun:
    """The shared run in a fresh project folder, so each test has its own out/ and evaluations/."""
    folder = tmp_path / "acme"
    (folder / "proposals").mkdir(parents=True)
    shutil.copy(scored.project.spec_path, folder / "rfp.yaml")
    for vendor in scored.vendors:
        shutil.copytree(vendor.folder, folder / "proposals" / vendor.folder.name)
    return dataclasses.replace(scored, project=load_project(folder))


def written_order(run: ScoreRun) -> list[str]:
    return [str(name) for name in run.ranking.index]


def sheet_vendors(path: Path) -> list[str]:
    rows = load_workbook(path)[layout.SHEET_SCORES].iter_rows(min_row=2, values_only=True)
    return sorted({str(row[0]) for row in rows if row[1]})


def fill(sheet: Path, target: Path, scores: Mapping[str, Mapping[str, float | str | None]]) -> Path:
    """Fill a stage sheet as an evaluator would (vendor -> item -> score) and return it."""
    workbook = load_workbook(sheet)
    rows = workbook[layout.SHEET_SCORES]
    for row in range(2, rows.max_row + 1):
        vendor, item = rows.cell(row, 1).value, rows.cell(row, 2).value
        if item:
            value = scores.get(str(vendor), {}).get(str(item))
            rows.cell(row, layout.SCORE_COLUMN, value)
            rows.cell(row, layout.COMMENT_COLUMN, f"seen at the orals: {value}")
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def row_of(sheet: Path, vendor: str, item: str) -> int:
    """The sheet row of one vendor's item, found by reading the file."""
    rows = load_workbook(sheet)[layout.SHEET_SCORES]
    return next(
        row
        for row in range(2, rows.max_row + 1)
        if (rows.cell(row, 1).value, rows.cell(row, 2).value) == (vendor, item)
    )


def returned(run: ScoreRun, name: str = "alice") -> Path:
    return layout.stage_evaluations_dir(run.project, "orals") / f"{name}.xlsx"


def test_sheets_are_written_only_for_the_shortlist(run: ScoreRun) -> None:
    files, shortlist, rule = write_stage_sheets(run, "orals", ["alice", "bob"], top=2)
    folder = run.project.output_dir / "sheets" / "orals"
    assert [path.name for path in files] == [
        "alice.xlsx",
        "bob.xlsx",
        "consensus.xlsx",
        "shortlist.json",
    ]
    assert all(path.parent == folder for path in files)
    assert shortlist == written_order(run)[:2]
    assert "first 2 vendors of the written ranking" in rule
    assert sheet_vendors(folder / "alice.xlsx") == sorted(shortlist)
    items = load_workbook(folder / "alice.xlsx")[layout.SHEET_SCORES]
    ids = [row[1] for row in items.iter_rows(min_row=2, values_only=True) if row[1]]
    assert ids == list(ORAL_POINTS) * 2
    record = json.loads((folder / "shortlist.json").read_text(encoding="utf-8"))
    assert record["vendors"] == shortlist


def test_round_trip_write_fill_score(run: ScoreRun) -> None:
    """alice gives the first vendor 4 everywhere, bob 2: the mean is 3, so 60 of 100; the second
    gets 5 from both: 100. Totals: written x 0.8 + orals x 0.2."""
    files, shortlist, _ = write_stage_sheets(run, "orals", ["alice", "bob"], top=2)
    first, second = shortlist
    fill(
        files[0],
        returned(run),
        {first: dict.fromkeys(ORAL_POINTS, 4), second: dict.fromkeys(ORAL_POINTS, 5)},
    )
    fill(
        files[1],
        returned(run, "bob"),
        {first: dict.fromkeys(ORAL_POINTS, 2), second: dict.fromkeys(ORAL_POINTS, 5)},
    )
    results = with_stages(run).stages
    assert results is not None
    written = {str(name): float(row["total"]) for name, row in run.ranking.iterrows()}
    expected = {
        first: written[first] * 0.8 + 60 * 0.2,
        second: written[second] * 0.8 + 100 * 0.2,
    }
    ranked = [line for line in results.ranking if line.total is not None]
    assert {line.vendor: line.total for line in ranked} == pytest.approx(expected)
    assert [line.vendor for line in ranked] == sorted(expected, key=lambda v: -expected[v])
    third = written_order(run)[2]
    assert results.ranking[-1].vendor == third
    assert results.ranking[-1].standing == "not shortlisted"
    item = next(i for i in results.items if i.vendor == first and i.criterion == "ORL-01")
    row = row_of(files[0], first, "ORL-01")
    assert item.cells == (f"orals/alice.xlsx Scores!H{row}", f"orals/bob.xlsx Scores!H{row}")
    csv_header = scores_csv(with_stages(run)).splitlines()[0].split(",")
    assert csv_header[-4:] == ["stage_rank", "stage_total", "stage_standing", "orals"]


def test_a_blank_item_leaves_the_vendor_to_be_confirmed_not_zero(run: ScoreRun) -> None:
    files, shortlist, _ = write_stage_sheets(run, "orals", ["alice"], top=2)
    first, second = shortlist
    fill(
        files[0],
        returned(run),
        {
            first: {**dict.fromkeys(ORAL_POINTS, 3), "ORL-02": None},
            second: dict.fromkeys(ORAL_POINTS, 1),
        },
    )
    results = with_stages(run).stages
    assert results is not None
    line = next(line for line in results.ranking if line.vendor == first)
    assert (line.total, line.standing) == (None, "to be confirmed: orals (ORL-02 not scored)")
    assert results.ranking[0].vendor == second  # the only vendor scored at the orals


def test_a_score_out_of_range_rejects_the_sheet_naming_the_cell(run: ScoreRun) -> None:
    files, shortlist, _ = write_stage_sheets(run, "orals", ["alice"], top=2)
    scores = {name: dict.fromkeys(ORAL_POINTS, 3) for name in shortlist}
    scores[shortlist[0]]["ORL-03"] = 7
    fill(files[0], returned(run), scores)
    assert with_stages(run).stages is None  # the only sheet was rejected: no stage held yet
    read = read_evaluations(run.project, [v.name for v in run.vendors], stage="orals")
    cell = f"Scores!H{row_of(files[0], shortlist[0], 'ORL-03')}"
    assert f"evaluations/orals/alice.xlsx: {cell}: 7 is outside 0–5" in read.messages
    assert not read.sheets


def test_rows_for_a_vendor_off_the_shortlist_are_ignored_with_a_warning(run: ScoreRun) -> None:
    """Sheets issued for three vendors, then the shortlist narrowed to two: the third vendor's
    rows on the old sheet are never scored, and the file is named."""
    everyone = written_order(run)
    files, _, _ = write_stage_sheets(run, "orals", ["alice"], vendors=everyone)
    fill(files[0], returned(run), {name: dict.fromkeys(ORAL_POINTS, 4) for name in everyone})
    write_stage_sheets(run, "orals", ["bob"], vendors=everyone[:2])
    results = with_stages(run).stages
    assert results is not None
    assert results.shortlists["orals"] == everyone[:2]
    assert {s.vendor for s in results.scores} == set(everyone[:2])
    warnings = results.evaluations["orals"].messages
    assert f"orals/alice.xlsx: rows for {everyone[2]} ignored: not on the orals shortlist" in (
        warnings
    )
    assert next(line for line in results.ranking if line.vendor == everyone[2]).standing == (
        "not shortlisted"
    )


def test_a_stage_sheet_in_the_wrong_folder_is_refused(run: ScoreRun) -> None:
    files, shortlist, _ = write_stage_sheets(run, "orals", ["alice"], top=1)
    target = run.project.folder / "evaluations" / "alice.xlsx"
    fill(files[0], target, {shortlist[0]: dict.fromkeys(ORAL_POINTS, 3)})
    read = read_evaluations(run.project, [v.name for v in run.vendors])
    assert not read.sheets
    assert (
        "evaluations/alice.xlsx: _rfp!B5: this is the orals stage's sheet: move it to "
        "evaluations/orals/" in read.messages
    )


def test_the_shortlist_options_are_checked(run: ScoreRun) -> None:
    with pytest.raises(ConfigError, match="unknown vendor 'Northstar CX'"):
        choose_shortlist(run, ["Northstar CX"])
    assert choose_shortlist(run, ["northstar cx solutions"])[0] == ["Northstar CX Solutions"]
    with pytest.raises(ConfigError, match="carries no points"):
        write_stage_sheets(run, "site_visits", ["alice"])


def test_the_cli_writes_stage_sheets_and_refuses_blind(run: ScoreRun) -> None:
    folder = str(run.project.folder)
    result = runner.invoke(
        app, ["sheets", folder, "--stage", "orals", "--evaluators", "alice", "--top", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "orals shortlist (the first 2 vendors of the written ranking" in result.output
    blind = runner.invoke(
        app, ["sheets", folder, "--stage", "orals", "--evaluators", "alice", "--blind"]
    )
    assert blind.exit_code == 1
    assert "a stage cannot be blind" in blind.output


def test_the_saved_run_keeps_the_stages_and_watches_their_files(run: ScoreRun) -> None:
    files, shortlist, _ = write_stage_sheets(run, "orals", ["alice"], top=2)
    fill(files[0], returned(run), {name: dict.fromkeys(ORAL_POINTS, 4) for name in shortlist})
    staged = with_stages(run)
    saved.save_run(staged)
    loaded = saved.load_run(run.project)
    assert isinstance(loaded, saved.Loaded), loaded
    assert_same(loaded.run.stages, staged.stages, "stages")
    (run.project.output_dir / "sheets" / "orals" / "shortlist.json").write_text(
        json.dumps({"vendors": shortlist[:1], "reference": "x"}), encoding="utf-8"
    )
    stale = saved.load_run(run.project)
    assert isinstance(stale, saved.Stale)
    assert "out/sheets/orals/shortlist.json" in stale.reason


def test_a_folder_for_an_unscored_stage_is_named_not_read(run: ScoreRun) -> None:
    (run.project.folder / "evaluations" / "site_visits").mkdir(parents=True)
    notes = with_stages(run).notes
    assert (
        "evaluations/site_visits/ not read: site_visits carries no points in rfp.yaml "
        "(evaluation.stages)" in notes
    )


def test_the_stage_shortlist_comes_from_the_saved_ranking_with_evaluators(run: ScoreRun) -> None:
    """A saved run whose evaluators knocked out the written leader: the orals shortlist skips
    it, where the machine-only ranking the written-proposal sheets use would not."""
    leader, second = written_order(run)[:2]
    ranking = run.ranking.copy()
    ranking.loc[leader, "disqualified"] = True
    saved.save_run(dataclasses.replace(run, ranking=ranking, evaluations=Evaluations()))
    result = runner.invoke(
        app,
        [
            "sheets",
            str(run.project.folder),
            "--stage",
            "orals",
            "--evaluators",
            "alice",
            "--top",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        f"vendors of the written ranking that are not disqualified (rfp sheets --stage, default)): {second}"
        in (" ".join(result.output.split()))
    )


def test_an_item_one_evaluator_left_blank_waits_and_names_the_cell(run: ScoreRun) -> None:
    """alice scores everything 4; bob leaves the first vendor's ORL-01 blank. The first vendor
    waits (never alice's 4 alone), the second is ranked on both (80), and the blank cell is in
    the Warnings sheet with its file and row."""
    files, shortlist, _ = write_stage_sheets(run, "orals", ["alice", "bob"], top=2)
    first, second = shortlist
    fill(files[0], returned(run), {name: dict.fromkeys(ORAL_POINTS, 4) for name in shortlist})
    bob: dict[str, dict[str, float | str | None]] = {
        name: dict.fromkeys(ORAL_POINTS, 4) for name in shortlist
    }
    bob[first]["ORL-01"] = None
    fill(files[1], returned(run, "bob"), bob)
    staged = with_stages(run)
    results = staged.stages
    assert results is not None
    cell = f"orals/bob.xlsx Scores!H{row_of(files[1], first, 'ORL-01')}"
    line = next(line for line in results.ranking if line.vendor == first)
    assert (line.total, line.standing) == (
        None,
        f"to be confirmed: orals (ORL-01 left blank by bob at {cell})",
    )
    written = {str(name): float(row["total"]) for name, row in run.ranking.iterrows()}[second]
    assert results.ranking[0].vendor == second
    assert results.ranking[0].total == pytest.approx(written * 0.8 + 80 * 0.2)
    warnings = load_workbook(write_scores(staged).xlsx)["Warnings"]
    assert any(
        row[0].value == "(stage items)" and f"left blank by bob at {cell}" in str(row[1].value)
        for row in warnings.iter_rows(min_row=2)
    )


# --------------------------------------------------------------------------- refused stage sheets


def test_a_stage_whose_every_sheet_was_refused_is_reported_not_silent(run: ScoreRun) -> None:
    """alice's orals sheet has a 7 and a written-proposal sheet sits in evaluations/orals/:
    both refused, so the orals are not held, yet each problem names its file and cell in the
    run, the report's problems and the console of rfp score."""
    files, shortlist, _ = write_stage_sheets(run, "orals", ["alice"], top=2)
    scores = {name: dict.fromkeys(ORAL_POINTS, 3) for name in shortlist}
    scores[shortlist[0]]["ORL-03"] = 7
    fill(files[0], returned(run), scores)
    written_sheet = write_sheets(run, ["carol"])[0]
    shutil.copy(written_sheet, returned(run, "carol"))
    staged = with_stages(run)
    assert staged.stages is None
    cell = f"Scores!H{row_of(files[0], shortlist[0], 'ORL-03')}"
    problems = stage_problems(staged)
    assert (
        f"evaluations/orals/alice.xlsx: rejected, 1 problem: {cell}: 7 is outside 0–5; none of "
        "its scores are merged"
    ) in problems
    assert any(
        line.startswith("evaluations/orals/carol.xlsx: rejected, ")
        and "a written-proposal sheet, not a orals sheet" in line
        for line in problems
    )
    assert f"{cell}: 7 is outside 0–5" in " ".join(staged.stage_sheets["orals"].messages)
    warnings = load_workbook(write_scores(staged).xlsx)["Warnings"]
    rows = [(row[0].value, row[1].value) for row in warnings.iter_rows(min_row=2)]
    assert ("(orals sheets)", f"evaluations/orals/alice.xlsx: {cell}: 7 is outside 0–5") in rows
    roles = {item.path: item.role for item in build_record(staged).inputs}
    assert (
        roles["evaluations/orals/alice.xlsx"]
        == roles["evaluations/orals/carol.xlsx"]
        == ("skipped")
    )
    result = runner.invoke(app, ["score", str(run.project.folder)])
    assert result.exit_code == 0, result.output
    assert f"warning: evaluations/orals/alice.xlsx: {cell}: 7 is outside 0–5" in result.stderr
    output = " ".join(result.stdout.split())
    assert "evaluations/orals/alice.xlsx: rejected, 1 problem" in output
    assert (
        "orals: no sheet merged from evaluations/orals/; the stage is not held and the "
        "written ranking stands" in output
    )


def test_a_second_stage_refused_while_the_first_is_held_is_reported(run: ScoreRun) -> None:
    """Orals held; the reference checks' only sheet is refused: its problem is still there."""
    spec = run.project.spec_path
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("stages: {orals: 20}", "stages: {orals: 20, reference_checks: 10}"),
        encoding="utf-8",
    )
    run = dataclasses.replace(run, project=load_project(run.project.folder))
    files, shortlist, _ = write_stage_sheets(run, "orals", ["alice"], top=2)
    fill(files[0], returned(run), {name: dict.fromkeys(ORAL_POINTS, 4) for name in shortlist})
    checks, _, _ = write_stage_sheets(run, "reference_checks", ["bob"], top=2)
    target = layout.stage_evaluations_dir(run.project, "reference_checks") / "bob.xlsx"
    workbook = load_workbook(checks[0])
    rows = workbook[layout.SHEET_SCORES]
    first = next(row for row in range(2, rows.max_row + 1) if rows.cell(row, 2).value)
    rows.cell(first, layout.SCORE_COLUMN, "excellent")
    target.parent.mkdir(parents=True)
    workbook.save(target)
    staged = with_stages(run)
    assert staged.stages is not None and staged.stages.held == ["orals"]
    assert any(
        line.startswith(
            f"evaluations/reference_checks/bob.xlsx: rejected, 1 problem: Scores!H{first}: "
        )
        for line in stage_problems(staged)
    )


# --------------------------------------------------------------------------- shortlist drift


def test_a_shortlisted_name_no_longer_in_the_run_is_warned_about(run: ScoreRun) -> None:
    """The record names "Northstar CX" (the old display name): it cannot be matched, and the
    warning names the vendor and the shortlist file rather than dropping it silently."""
    files, shortlist, _ = write_stage_sheets(run, "orals", ["alice"], top=2)
    fill(files[0], returned(run), {name: dict.fromkeys(ORAL_POINTS, 4) for name in shortlist})
    record_path = run.project.output_dir / "sheets" / "orals" / "shortlist.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    record["vendors"] = ["Northstar CX", *shortlist[1:]]
    record_path.write_text(json.dumps(record), encoding="utf-8")
    staged = with_stages(run)
    messages = staged.stage_sheets["orals"].messages
    assert (
        "out/sheets/orals/shortlist.json: Northstar CX is on the orals shortlist but is no "
        "vendor of this run (its folder was renamed or removed, or its name changed): its "
        "sheet rows cannot be scored"
    ) in messages


def test_without_its_record_the_shortlist_is_who_the_returned_sheets_name(run: ScoreRun) -> None:
    """Sheets issued for the first and the third vendor, then shortlist.json lost: the stage is
    still held for those two (the sheets' own rows), never recomputed as the written top 3 or
    top 2, and the missing record is said."""
    first, second, third = written_order(run)
    files, _, _ = write_stage_sheets(run, "orals", ["alice"], vendors=[third, first])
    fill(files[0], returned(run), {name: dict.fromkeys(ORAL_POINTS, 4) for name in (first, third)})
    (run.project.output_dir / "sheets" / "orals" / "shortlist.json").unlink()
    staged = with_stages(run)
    results = staged.stages
    assert results is not None
    assert results.shortlists["orals"] == [first, third]
    assert results.shortlist_sources["orals"] == (
        "the vendors on the returned orals sheets; out/sheets/orals/shortlist.json not found"
    )
    assert next(line for line in results.ranking if line.vendor == second).standing == (
        "not shortlisted"
    )
    assert (
        "out/sheets/orals/shortlist.json: not found: the orals shortlist is the vendors on the "
        f"returned orals sheets: {first}, {third}"
    ) in staged.stage_sheets["orals"].messages
