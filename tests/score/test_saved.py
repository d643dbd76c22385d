"""Score once: the saved run loads equal to the run scored, and any change to an input is named."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from rfp.cli import app
from rfp.core.project import load_project
from rfp.errors import Problem, SheetRejected, SheetWarning
from rfp.score import saved
from rfp.score.matching import Evidence
from rfp.score.pipeline import score_project
from rfp.score.run import Evaluations, EvaluatorEntry, EvaluatorSheet, ScoreRun
from tests.factories import add_odd_names

runner = CliRunner()


def assert_same(a: object, b: object, where: str = "run") -> None:
    """Every field equal, tables cell for cell with the same types, the project the same object."""
    if isinstance(a, pd.DataFrame):
        assert isinstance(b, pd.DataFrame), where
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    elif dataclasses.is_dataclass(a) and not isinstance(a, type):
        assert type(a) is type(b), where
        for item in dataclasses.fields(a):
            assert_same(getattr(a, item.name), getattr(b, item.name), f"{where}.{item.name}")
    else:
        assert a == b, where


def assert_streamed_as_encoded_whole(run: ScoreRun) -> None:
    """The run's JSON written piece by piece is the JSON of the run encoded whole."""
    folder = run.project.folder
    whole = json.dumps(
        saved._encode(run, folder), ensure_ascii=True, separators=(",", ":"), allow_nan=True
    )
    pieces = list(saved.json_pieces(run, folder))
    assert len(pieces) > 100  # written in pieces, not encoded whole
    assert "".join(pieces) == whole


def one_evaluator(run: ScoreRun, score: float) -> Evaluations:
    """An evaluator who gives ``score`` to every vendor on every criterion a person scores."""
    entries = tuple(
        EvaluatorEntry("alice", cell.vendor, cell.criterion, score, "", f"Scores!H{row}")
        for row, cell in enumerate(run.cells, start=2)
        if cell.source != "check"
    )
    path = run.project.folder / "evaluations" / "alice.xlsx"
    return Evaluations(sheets=(EvaluatorSheet("alice", path, "all", False, entries),))


def test_a_saved_run_loads_equal_to_the_run_scored(scored_project: Path) -> None:
    project = load_project(scored_project)
    automatic = score_project(project)
    run = score_project(project, one_evaluator(automatic, 5))
    assert run.disagreement is not None and run.evaluations
    saved.save_run(run)
    loaded = saved.load_run(load_project(scored_project))
    assert isinstance(loaded, saved.Loaded), loaded
    assert_same(loaded.run, run)
    assert loaded.run.vendors[0].folder == run.vendors[0].folder
    assert_streamed_as_encoded_whole(run)
    # The same run saves to the same bytes, so the file itself is reproducible.
    first = (project.output_dir / saved.SAVED_FILE).read_bytes()
    saved.save_run(loaded.run)
    document = json.loads(gzip.decompress(first))
    again = json.loads(gzip.decompress((project.output_dir / saved.SAVED_FILE).read_bytes()))
    assert document["run"] == again["run"]


def test_changed_added_and_removed_inputs_are_named(scored_project: Path) -> None:
    project = load_project(scored_project)
    saved.save_run(score_project(project))
    proposals = scored_project / "proposals"
    with (proposals / "Priced Partners" / "proposal.md").open("a", encoding="utf-8") as handle:
        handle.write("\nWe also staff weekends.\n")
    (proposals / "Broken Files Ltd" / "cover-letter.txt").unlink()
    (proposals / "New Vendor").mkdir()
    (proposals / "New Vendor" / "proposal.md").write_text("# Hello\n", encoding="utf-8")
    stale = saved.load_run(project)
    assert stale == saved.Stale(
        "inputs changed since the last `rfp score`: proposals/Broken Files Ltd/cover-letter.txt; "
        "proposals/New Vendor/proposal.md; proposals/Priced Partners/proposal.md"
    )


def test_a_touched_file_with_the_same_bytes_is_not_a_change(scored_project: Path) -> None:
    project = load_project(scored_project)
    saved.save_run(score_project(project))
    target = scored_project / "proposals" / "Priced Partners" / "proposal.md"
    target.write_bytes(target.read_bytes())
    assert isinstance(saved.load_run(project), saved.Loaded)


def test_many_changes_are_counted_not_listed() -> None:
    before = {f"proposals/v{n}/p.md": "a" for n in range(8)}
    after = dict.fromkeys(before, "b")
    assert saved.describe_changes(before, after) == (
        "proposals/v0/p.md; proposals/v1/p.md; proposals/v2/p.md; proposals/v3/p.md; "
        "proposals/v4/p.md and 3 more"
    )


def _rewrite(path: Path, change: object) -> None:
    document = json.loads(gzip.decompress(path.read_bytes()))
    change(document)  # type: ignore[operator]
    path.write_bytes(gzip.compress(json.dumps(document).encode()))


def test_another_format_or_build_is_scored_again(scored_project: Path) -> None:
    project = load_project(scored_project)
    target = saved.save_run(score_project(project))
    _rewrite(target, lambda d: d.update(format=saved.FORMAT_VERSION + 1))
    assert saved.load_run(project) == saved.Stale(f"{saved.SAVED_FILE} was saved in another format")
    target = saved.save_run(score_project(project))
    _rewrite(target, lambda d: d.update(code="0" * 64))
    assert "another build of rfp" in str(saved.load_run(project))
    target = saved.save_run(score_project(project))
    assert isinstance(saved.load_run(project, scored_project / "criteria"), saved.Stale)


def test_a_tampered_run_is_refused_not_misread(scored_project: Path) -> None:
    project = load_project(scored_project)
    target = saved.save_run(score_project(project))
    # A score that is text instead of a number: the typed loader refuses the file.
    _rewrite(target, lambda d: d["run"]["cells"]["columns"]["score"].__setitem__(0, "5"))
    stale = saved.load_run(project)
    assert isinstance(stale, saved.Stale) and "does not hold a usable run" in stale.reason
    target = saved.save_run(score_project(project))
    _rewrite(target, lambda d: d["run"]["matrix"].update(dtypes=["category"] * 99))
    assert isinstance(saved.load_run(project), saved.Stale)
    target = saved.save_run(score_project(project))
    _rewrite(target, lambda d: d["run"]["cells"]["columns"]["vendor"].pop())  # ragged columns
    assert isinstance(saved.load_run(project), saved.Stale)
    target.write_bytes(b"\x00not gzip")
    assert saved.load_run(project) == saved.Stale(f"{saved.SAVED_FILE} cannot be read")


class _Planted:
    """What an attacker would pickle: unpickling it writes a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "ran"))


def test_a_planted_pickle_is_never_unpickled(scored_project: Path, tmp_path: Path) -> None:
    project = load_project(scored_project)
    marker = tmp_path / "executed"
    payload = pickle.dumps(_Planted(marker))
    target = project.output_dir / saved.SAVED_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    for data in (payload, gzip.compress(payload)):
        target.write_bytes(data)
        assert isinstance(saved.load_run(project), saved.Stale)
    assert not marker.exists()


def test_report_from_the_saved_run_equals_report_after_scoring_again(
    scored_project: Path,
) -> None:
    out = scored_project / "out"
    scored = runner.invoke(app, ["score", str(scored_project)])
    assert scored.exit_code == 0, scored.output
    assert (out / saved.SAVED_FILE).is_file()
    loaded = runner.invoke(app, ["report", str(scored_project), "--top", "2"])
    assert loaded.exit_code == 0, loaded.output
    assert "no input changed since the run saved at" in loaded.stdout
    assert "(audit run 1)" in loaded.stdout and "scored in audit run 1" in loaded.stdout
    from_saved = (out / "shortlist.html").read_text(encoding="utf-8")
    again = runner.invoke(app, ["report", str(scored_project), "--top", "2", "--rescore"])
    assert again.exit_code == 0, again.output
    assert "--rescore: scoring again" in again.stdout
    assert "recorded as audit run 2" in again.stdout
    assert (out / "shortlist.html").read_text(encoding="utf-8") == from_saved
    ranking = [line for line in loaded.stdout.splitlines() if "│" in line]
    assert ranking and ranking == [line for line in again.stdout.splitlines() if "│" in line]

    with (scored_project / "proposals" / "Priced Partners" / "proposal.md").open("a") as handle:
        handle.write("\nWe staff weekends.\n")
    changed = runner.invoke(app, ["report", str(scored_project), "--top", "2"])
    assert changed.exit_code == 0, changed.output
    flat = " ".join(changed.stdout.split())
    assert (
        "inputs changed since the last `rfp score`: proposals/Priced Partners/proposal.md; "
        "scoring again" in flat
    )
    assert "recorded as audit run 3" in changed.stdout
    # The re-scored run was saved in turn, so the next command loads it.
    last = runner.invoke(app, ["report", str(scored_project), "--top", "2"])
    assert "(audit run 3); using it" in " ".join(last.stdout.split())


@pytest.mark.parametrize("blind", [False, True])
def test_sheets_from_a_saved_run_equal_sheets_scored_again(
    scored_project: Path, blind: bool
) -> None:
    from openpyxl import load_workbook

    assert runner.invoke(app, ["score", str(scored_project)]).exit_code == 0
    options = ["sheets", str(scored_project), "--evaluators", "alice"] + (
        ["--blind"] if blind else []
    )

    def values() -> list[tuple[object, ...]]:
        book = load_workbook(scored_project / "out" / "sheets" / "alice.xlsx")
        return [row for sheet in book for row in sheet.iter_rows(values_only=True)]

    loaded = runner.invoke(app, options)
    assert loaded.exit_code == 0, loaded.output
    assert "using it" in loaded.stdout
    first = values()
    again = runner.invoke(app, [*options, "--rescore"])
    assert again.exit_code == 0 and "--rescore: scoring again" in again.stdout
    assert values() == first
    assert len(first) > 50


@pytest.mark.parametrize("piece", [1, saved.TEXT_PIECE])
def test_a_file_name_that_is_not_utf8_survives_the_saved_run(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    """Also unpacked a byte at a time, so that a piece ends inside a UTF-8 character."""
    monkeypatch.setattr(saved, "TEXT_PIECE", piece)
    add_odd_names(scored_project / "proposals")
    project = load_project(scored_project)
    run = score_project(project)
    assert_streamed_as_encoded_whole(run)
    target = saved.save_run(run)
    text = gzip.decompress(target.read_bytes())
    assert text.isascii()  # one byte a character once read, whatever the vendors wrote
    odd = os.fsencode(scored_project / "proposals" / "Priced Partners") + b"/annex-\xff\xfe.md"
    # As saved before 2 December: UTF-8, lone surrogates passed through. It loads the same.
    as_before = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    assert not as_before.isascii()
    for content in (text, as_before.encode("utf-8", "surrogatepass")):
        target.write_bytes(gzip.compress(content, mtime=0))
        loaded = saved.load_run(load_project(scored_project))
        assert isinstance(loaded, saved.Loaded), loaded
        assert_same(loaded.run, run)
        read = [item.path for vendor in loaded.run.vendors for item in vendor.files]
        assert os.fsdecode(odd) in [str(path) for path in read]


def test_a_gzip_bomb_or_a_deeply_nested_file_is_scored_again(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review findings: no cap on the unpacked size, and deep nesting raised RecursionError."""
    project = load_project(scored_project)
    target = saved.save_run(score_project(project))
    monkeypatch.setattr(saved, "MAX_SAVED_BYTES", 1000)
    target.write_bytes(gzip.compress(b" " * 5000))
    stale = saved.load_run(project)
    assert isinstance(stale, saved.Stale) and "unpacks to more than" in stale.reason
    monkeypatch.undo()
    target.write_bytes(gzip.compress(b"[" * 200_000))
    assert saved.load_run(project) == saved.Stale(f"{saved.SAVED_FILE} cannot be read")


def test_a_run_past_the_size_cap_that_packs_like_a_run_is_read(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review of issue 13: at 10,000 vendors a saved run unpacks to 1.24 GB, near the 2 GB
    cap, so a larger tender would have been scored again as if its run were a gzip bomb. A
    run packs about 5 to 1, far under MAX_PACKING; a bomb far over."""
    project = load_project(scored_project)
    target = saved.save_run(score_project(project))
    unpacked = len(gzip.decompress(target.read_bytes()))
    assert unpacked < saved.MAX_PACKING * target.stat().st_size
    monkeypatch.setattr(saved, "MAX_SAVED_BYTES", unpacked // 2)
    assert isinstance(saved.load_run(project), saved.Loaded)
    monkeypatch.setattr(saved, "MAX_PACKING", 1)
    stale = saved.load_run(project)
    assert isinstance(stale, saved.Stale) and "unpacks to more than" in stale.reason


def test_installing_libreoffice_scores_odt_proposals_again(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review of issue 13: a run saved while .odt files were refused (no LibreOffice) was
    reused after LibreOffice was installed, so those vendors stayed unread."""
    project = load_project(scored_project)
    odt = scored_project / "proposals" / "Priced Partners" / "answers.odt"
    odt.write_bytes(b"PK not really")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    saved.save_run(score_project(project))
    assert isinstance(saved.load_run(project), saved.Loaded)
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    stale = saved.load_run(project)
    assert isinstance(stale, saved.Stale)
    assert stale.reason == "LibreOffice, which reads the .odt proposals, is installed now"
    odt.unlink()  # without an .odt among the inputs, the readers do not matter
    monkeypatch.setattr(shutil, "which", lambda name: None)
    saved.save_run(score_project(project))
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert isinstance(saved.load_run(project), saved.Loaded)


def test_a_rejected_sheet_and_its_warnings_keep_their_kind_when_loaded(
    scored_project: Path,
) -> None:
    """Review of issue 11: a SheetRejected (a Problem with one more field) made every saved run
    holding one unreadable, so it was scored again each time, and a SheetWarning came back as a
    plain Problem, losing its label in the sheet summaries."""
    project = load_project(scored_project)
    automatic = score_project(project)
    sheets = dataclasses.replace(
        one_evaluator(automatic, 4),
        problems=(
            SheetRejected("evaluations/bob.xlsx", "7 is outside 0–5", "Scores!H14", None, 3),
            SheetWarning("evaluations/alice.xlsx", "a stray value on a band row", "Scores!B9"),
            Problem("evaluations/carol.xlsx", "not an evaluator sheet"),
        ),
    )
    run = score_project(project, sheets)
    assert_streamed_as_encoded_whole(run)  # a list of several kinds of one base
    saved.save_run(run)
    loaded = saved.load_run(load_project(scored_project))
    assert isinstance(loaded, saved.Loaded), loaded
    assert loaded.run.evaluations is not None
    problems = loaded.run.evaluations.problems
    assert [type(p) for p in problems] == [SheetRejected, SheetWarning, Problem]
    assert problems == sheets.problems
    only_rejected = dataclasses.replace(sheets, problems=sheets.problems[:1] * 2)
    rejected = score_project(project, only_rejected)
    assert_streamed_as_encoded_whole(rejected)
    saved.save_run(rejected)  # one kind only: saved by column
    again = saved.load_run(load_project(scored_project))
    assert isinstance(again, saved.Loaded), again
    assert again.run.evaluations is not None
    assert [type(p) for p in again.run.evaluations.problems] == [SheetRejected] * 2


# --------------------------------------------------------------------------- the fast columns
# A run's columns are checked whole (the set of a column's types, every match's evidence as one
# column); a tampered value inside them must still be refused, named as one by one would.


def _first_evidence(document: dict[str, Any]) -> dict[str, Any]:
    evidence = document["run"]["matches"]["columns"]["evidence"]
    first: dict[str, Any] = next(item for item in evidence if item != [])
    return first


def _set_in(column: list[Any], value: object) -> None:
    column[0] = value


TAMPERED_MATCHES: list[tuple[Callable[[dict[str, Any]], object], str]] = [
    # Evidence inside a match: a quote that is a number, a page that is text, a similarity
    # that is text or true.
    (lambda d: _set_in(_first_evidence(d)["columns"]["quote"], 5), "expected str, found int"),
    (lambda d: _set_in(_first_evidence(d)["columns"]["page"], "3"), "str value fits none of"),
    (lambda d: _set_in(_first_evidence(d)["columns"]["similarity"], "0.9"), "expected a number"),
    (lambda d: _set_in(_first_evidence(d)["columns"]["similarity"], True), "expected a number"),
    # A whole number too large for a float (a traceback until OverflowError was caught).
    (lambda d: _set_in(_first_evidence(d)["columns"]["similarity"], 10**400), "too large"),
    (lambda d: _set_in(d["run"]["matches"]["columns"]["similarity"], 10**400), "too large"),
    # The match's own fields: a whole score as a float, a flag as 1, a term that is a list.
    (lambda d: _set_in(d["run"]["matches"]["columns"]["auto_score"], 3.0), "expected int"),
    (lambda d: _set_in(d["run"]["matches"]["columns"]["answered_under_id"], 1), "expected bool"),
    (
        lambda d: _set_in(d["run"]["matches"]["columns"]["covered_terms"], [["a", ["b"]]]),
        "expected str, found list",
    ),
    # One match's evidence columns of another length than it says, or another field.
    (lambda d: _first_evidence(d)["columns"]["quote"].pop(), "differ in length"),
    (lambda d: _first_evidence(d).update(length=_first_evidence(d)["length"] + 1), "length"),
    (lambda d: _first_evidence(d)["columns"].pop("quote"), "other fields than this rfp's"),
    (lambda d: _first_evidence(d)["columns"].update(code="print(1)"), "other fields"),
]


def test_a_wrong_value_inside_the_matches_is_refused_by_name(scored_project: Path) -> None:
    project = load_project(scored_project)
    target = saved.save_run(score_project(project))
    good = target.read_bytes()
    for change, message in TAMPERED_MATCHES:
        target.write_bytes(good)
        _rewrite(target, change)
        stale = saved.load_run(project)
        assert isinstance(stale, saved.Stale), message
        assert "does not hold a usable run" in stale.reason and message in stale.reason, (
            stale.reason
        )
    target.write_bytes(good)
    assert isinstance(saved.load_run(project), saved.Loaded)


def test_columns_read_whole_give_what_one_by_one_gives(tmp_path: Path) -> None:
    # An int in a float column (JSON writes 1.0 for a whole float) is made a float.
    numbers = saved._many_decoder(float)([1, 0.5, float("nan")], tmp_path)
    assert [type(n) for n in numbers] == [float, float, float] and numbers[:2] == [1.0, 0.5]
    assert saved._many_decoder(int | None)([3, None], tmp_path) == [3, None]
    with pytest.raises(saved.SavedRunError, match="expected int, found bool"):
        saved._many_decoder(int)([3, True], tmp_path)
    terms = saved._many_decoder(tuple[str, ...])([["a", "b"], []], tmp_path)
    assert terms == [("a", "b"), ()]
    # Evidence saved by column, and saved row by row (as a file from elsewhere may hold it):
    # both read as the same tuples of Evidence.
    row = {"file": "p.md", "page": 2, "section": "S", "question_id": None, "quote": "Q"}
    evidence = saved._many_decoder(tuple[Evidence, ...])
    by_column = {"columns": {k: [v] for k, v in {**row, "similarity": 0.5}.items()}, "length": 1}
    expected = [(Evidence("p.md", 2, "S", None, "Q", 0.5),), ()]
    assert evidence([by_column, []], tmp_path) == expected
    assert evidence([[{**row, "similarity": 0.5}], []], tmp_path) == expected


@pytest.mark.parametrize(
    ("slice_size", "piece"), [(1, 1000), (3, 64), (saved.EVIDENCE_SLICE, saved.TEXT_PIECE)]
)
def test_the_run_read_a_value_at_a_time_is_the_run_read_whole(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch, slice_size: int, piece: int
) -> None:
    """The run is unpacked a piece at a time and read a field, a column and a slice of
    evidence at a time: the run the whole document gives, and the one scored, whatever the
    slice and wherever a piece ends (inside a number, a string, an escape)."""
    project = load_project(scored_project)
    automatic = score_project(project)
    run = score_project(project, one_evaluator(automatic, 5))
    target = saved.save_run(run)
    whole = saved._decode_run(json.loads(gzip.decompress(target.read_bytes()))["run"], project)
    monkeypatch.setattr(saved, "EVIDENCE_SLICE", slice_size)
    monkeypatch.setattr(saved, "TEXT_PIECE", piece)
    monkeypatch.setattr(saved, "_decode_run", None)  # the whole document is never decoded
    loaded = saved.load_run(project)
    assert isinstance(loaded, saved.Loaded), loaded
    assert_same(loaded.run, run)
    assert_same(loaded.run, whole)


def test_a_quote_repeated_among_the_matches_is_one_string_once_loaded(
    scored_project: Path,
) -> None:
    """JSON gives every occurrence of a string its own object; the loader keeps one, so a
    passage quoted for several criteria costs its text once, as when it was scored."""
    project = load_project(scored_project)
    saved.save_run(score_project(project))
    loaded = saved.load_run(project)
    assert isinstance(loaded, saved.Loaded), loaded
    quotes = [e.quote for m in loaded.run.matches for e in m.evidence]
    assert len(quotes) > len(set(quotes))  # the project does quote a passage more than once
    first: dict[str, str] = {}
    assert all(first.setdefault(quote, quote) is quote for quote in quotes)


def test_a_document_laid_out_otherwise_is_read_whole_and_a_cut_one_is_scored_again(
    scored_project: Path,
) -> None:
    """Keys sorted (the run before some of the header) or indented: read whole, as before. A
    document cut inside the run, or with more after it: scored again, with the reason."""
    project = load_project(scored_project)
    run = score_project(project)
    target = saved.save_run(run)
    text = gzip.decompress(target.read_bytes()).decode("ascii")
    document = json.loads(text)
    for layout in (
        json.dumps(document, sort_keys=True),
        json.dumps(document, indent=1),
        " " + text + "\n",
    ):
        target.write_bytes(gzip.compress(layout.encode("ascii")))
        loaded = saved.load_run(project)
        assert isinstance(loaded, saved.Loaded), loaded
        assert_same(loaded.run, run)
    cut = text[: text.index('"matches"') + 5000]
    more = text[:-1] + ',"extra":1}'
    for broken in (cut, more):
        target.write_bytes(gzip.compress(broken.encode("ascii")))
        stale = saved.load_run(project)
        assert isinstance(stale, saved.Stale), stale
        assert saved.SAVED_FILE in stale.reason


def test_the_saved_text_is_never_held_whole(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: at 10,000 vendors the text is 1.24 GB; what is read is let go. Unpacked 4 KB
    at a time, the cursor never holds more than the largest value it parses and a piece."""
    project = load_project(scored_project)
    saved.save_run(score_project(project))
    text = gzip.decompress((project.output_dir / saved.SAVED_FILE).read_bytes())
    held: list[int] = []
    fill = saved._Cursor._fill

    def recorded(cursor: saved._Cursor) -> bool:
        more = fill(cursor)
        held.append(len(cursor.text))
        return more

    monkeypatch.setattr(saved, "TEXT_PIECE", 4096)
    monkeypatch.setattr(saved._Cursor, "_fill", recorded)
    assert isinstance(saved.load_run(project), saved.Loaded)
    assert len(held) > 20 and max(held) < len(text) / 4, (max(held), len(text))


def test_a_damaged_or_cut_file_is_scored_again(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damage found only while the run is read, a piece at a time (a cut stream, bytes
    zeroed in the middle, which gzip's checksum at the end catches): scored again with the
    reason, never a traceback, never a run."""
    monkeypatch.setattr(saved, "TEXT_PIECE", 4096)
    project = load_project(scored_project)
    target = saved.save_run(score_project(project))
    good = target.read_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 2 : len(good) // 2 + 64] = bytes(64)
    for damaged in (good[: len(good) // 2], bytes(flipped)):
        target.write_bytes(damaged)
        stale = saved.load_run(project)
        assert isinstance(stale, saved.Stale), stale
        assert "damaged or cut short" in stale.reason, stale.reason
    target.write_bytes(good)
    assert isinstance(saved.load_run(project), saved.Loaded)


def test_an_input_that_cannot_be_read_is_not_blamed_on_the_saved_file(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review: only opening the saved file is guarded; a proposal that cannot be fingerprinted
    is the scoring's to report (by vendor), not "scoring-run.json.gz cannot be read"."""
    project = load_project(scored_project)
    saved.save_run(score_project(project))

    def unreadable(*_: object) -> dict[str, str]:
        raise PermissionError("proposals/x/answers.pdf")

    monkeypatch.setattr(saved, "current_inputs", unreadable)
    with pytest.raises(PermissionError, match=r"answers\.pdf"):
        saved.load_run(project)
