"""Files saved by LibreOffice, the office suite of an evaluator or vendor without Microsoft
Office, are read exactly as the files openpyxl and python-docx wrote.

The demo's vendors fill their response workbooks and write DOCX proposals; here each is opened
and saved again by LibreOffice (headless) and the project scored again: every workbook value
and every answer's question id must arrive the same. An evaluator's filled sheet makes the same
trip. ``make test`` installs LibreOffice (Calc and Writer, without the GUI).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rfp.core import kit_layout
from rfp.core.criteria import load_library
from rfp.core.project import load_project
from rfp.demo.builder import create_projects, write_sample_proposals
from rfp.evaluate import layout
from rfp.evaluate.sheets_in import read_evaluations
from rfp.evaluate.sheets_out import write_sheets
from rfp.generate.kit import write_workbook
from rfp.score.pipeline import score_project
from rfp.score.run import ScoreRun

pytestmark = pytest.mark.slow
SOFFICE = shutil.which("soffice")


def resave(path: Path, filter_name: str, profile: Path) -> None:
    """Open ``path`` in LibreOffice and save it again in the same format, in place."""
    assert SOFFICE, "LibreOffice is installed by make test (libreoffice-calc/writer-nogui)"
    out = path.parent / "_resaved"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            f"{path.suffix.lstrip('.')}:{filter_name}",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.move(out / path.name, path)
    out.rmdir()


def workbook_facts(run: ScoreRun) -> dict[str, object]:
    return {
        vendor.folder.name: (
            vendor.workbook.respondent,
            vendor.workbook.prices,
            vendor.workbook.sites,
            vendor.workbook.languages,
            vendor.workbook.certifications,
            vendor.workbook.compliance,
            vendor.workbook.contract,
        )
        if vendor.workbook
        else None
        for vendor in run.vendors
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("office")
    folder = next(
        f for f in create_projects(load_library(), root) if f.name == "acme-contact-centre"
    )
    project = load_project(folder)
    blank = root / "kit.xlsx"
    write_workbook(project, blank)
    write_sample_proposals(folder, project.spec.project.reference, blank)
    return folder


def test_workbooks_and_docx_saved_by_libreoffice_read_the_same(demo: Path, tmp_path: Path) -> None:
    before = score_project(load_project(demo))
    folder = tmp_path / demo.name
    shutil.copytree(demo, folder)
    profile = tmp_path / "profile"
    docx = sorted(folder.glob("proposals/*/*.docx"))
    workbooks = sorted(folder.glob(f"proposals/*/{kit_layout.WORKBOOK_FILE}"))
    assert docx and len(workbooks) == 5
    for path in workbooks:
        resave(path, "Calc MS Excel 2007 XML", profile)
    for path in docx:
        resave(path, "MS Word 2007 XML", profile)
    after = score_project(load_project(folder))

    assert workbook_facts(after) == workbook_facts(before)
    assert all(v.workbook is not None and not v.workbook.warnings for v in after.vendors)
    # Answers in Word keep their question ids: the same cells are answered under their id.
    answered = {(m.vendor, m.criterion) for m in before.matches if m.answered_under_id}
    assert len(answered) >= 69
    assert {(m.vendor, m.criterion) for m in after.matches if m.answered_under_id} == answered
    assert list(after.ranking.index) == list(before.ranking.index)


def test_an_evaluator_sheet_filled_and_saved_in_libreoffice_merges_exactly(
    demo: Path, tmp_path: Path
) -> None:
    folder = tmp_path / demo.name
    shutil.copytree(demo, folder)
    project = load_project(folder)
    run = score_project(project)
    written = write_sheets(run, ["carol"])
    sheet = next(p for p in written if p.name == "carol.xlsx")
    workbook = load_workbook(sheet)
    scores = workbook[layout.SHEET_SCORES]
    typed: dict[tuple[str, str], float] = {}
    for row in range(2, scores.max_row + 1):
        vendor = scores.cell(row=row, column=1).value
        criterion = scores.cell(row=row, column=2).value
        if criterion and row % 3 == 0:
            value = (row % 11) / 2  # 0 to 5 in halves, as a person types them
            scores.cell(row=row, column=layout.SCORE_COLUMN, value=value)
            typed[(str(vendor), str(criterion))] = value
    evaluations = folder / "evaluations"
    evaluations.mkdir()
    target = evaluations / "carol.xlsx"
    workbook.save(target)
    resave(target, "Calc MS Excel 2007 XML", tmp_path / "profile")

    read = read_evaluations(project, [v.name for v in run.vendors])
    assert read.messages == [] and [s.evaluator for s in read.sheets] == ["carol"]
    merged = {(e.vendor, e.criterion): e.score for e in read.sheets[0].scored}
    assert len(typed) > 50
    assert merged == typed


def convert(path: Path, target: str, profile: Path) -> Path:
    """Save ``path`` as OpenDocument (``target`` "ods" or "odt") beside it, removing the
    original, as a vendor who works in LibreOffice would send it."""
    assert SOFFICE, "LibreOffice is installed by make test (libreoffice-calc/writer-nogui)"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         target, "--outdir", str(path.parent), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    path.unlink()
    return path.with_suffix(f".{target}")


def test_opendocument_workbooks_and_proposals_read_like_the_office_open_xml(
    demo: Path, tmp_path: Path
) -> None:
    """Every demo vendor sends its kit as .ods and its Word proposal as .odt: the workbook
    values, the answers under their question ids and the ranking are the same."""
    before = score_project(load_project(demo))
    folder = tmp_path / demo.name
    shutil.copytree(demo, folder)
    profile = tmp_path / "profile"
    for path in sorted(folder.glob(f"proposals/*/{kit_layout.WORKBOOK_FILE}")):
        convert(path, "ods", profile)
    odt = [convert(path, "odt", profile) for path in sorted(folder.glob("proposals/*/*.docx"))]
    assert len(odt) >= 1 and len(list(folder.glob("proposals/*/*.ods"))) == 5
    after = score_project(load_project(folder))

    assert workbook_facts(after) == workbook_facts(before)
    assert all(v.workbook is not None and not v.workbook.warnings for v in after.vendors)
    assert all(not any(".odt" in w for w in v.warnings) for v in after.vendors)
    answered = {(m.vendor, m.criterion) for m in before.matches if m.answered_under_id}
    assert {(m.vendor, m.criterion) for m in after.matches if m.answered_under_id} == answered
    assert list(after.ranking.index) == list(before.ranking.index)
    read = {f.path.name for v in after.vendors for f in v.files if f.sha256}
    assert {p.name for p in odt} <= read  # hashed as sent, not as converted


def test_european_numbers_saved_by_libreoffice_are_read_as_meant(
    demo: Path, tmp_path: Path
) -> None:
    """Issue 12: '2.650,00', '52,5' and '€2.540' typed as text, and 2540 shown as euros, in a
    workbook LibreOffice saved: read as 2650, 52.5 and 2540, or refused, never 2.65 or 525."""
    from rfp.score.ingest.kit import read_workbook

    project = load_project(demo)
    source = sorted(demo.glob(f"proposals/*/{kit_layout.WORKBOOK_FILE}"))[0]
    workbook = load_workbook(source)
    workbook[kit_layout.SHEET_RESPONDENT]["B6"] = "de_DE"
    lines = [r for r in workbook[kit_layout.SHEET_PRICING].iter_rows(min_row=2) if r[0].value]
    typed: list[tuple[str | int, str]] = [("2.650,00", "52,5"), ("€2.540", "12"), (2540, "1.052")]
    for row, (rate, fte) in zip(lines, typed, strict=False):
        row[5].value, row[6].value = rate, fte
    lines[2][5].number_format = "#,##0.00 [$€-407]"
    target = tmp_path / kit_layout.WORKBOOK_FILE
    workbook.save(target)
    resave(target, "Calc MS Excel 2007 XML", tmp_path / "profile")

    read = read_workbook(
        target,
        project.spec.project.reference,
        currency=project.spec.pricing.currency,
        exchange_rates={"EUR": 0.85},
    )

    rates = [(price.rate, price.fte) for price in read.prices[:3]]
    assert rates == [
        (2650.0, 52.5),
        (pytest.approx(2540 * 0.85), 12.0),
        (pytest.approx(2540 * 0.85), 1052.0),
    ]
    assert read.prices[1].note == f"EUR 2,540 at 0.85 = {project.spec.pricing.currency} 2,159"
