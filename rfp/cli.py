"""The ``rfp`` command line. Thin: parse arguments, call the library, print, set exit codes.

This is the only module that turns errors into messages: an RFPError (or an OS error on a user's
file) is printed to stderr as one clear message and exits 1; usage errors exit 2.
Heavy libraries are imported inside commands so ``rfp --help`` stays instant.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from rfp._version import __version__
from rfp.errors import RFPError

INTERRUPTED = 130
"""The exit code of a command stopped by Ctrl-C, as shells report a process ended by SIGINT."""


class _ReportingGroup(TyperGroup):
    """The one place the project's exceptions become a message on stderr and exit code 1.

    Library code raises ``RFPError`` (or an ``OSError`` such as a full disk, which names its
    file); every command, nested groups included, runs through this ``invoke``. Ctrl-C is said
    too, with the shell's exit code for it (INTERRUPTED), not shown as a traceback.
    """

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context type is private
        try:
            return super().invoke(ctx)
        except RFPError as error:
            errors.print(f"error: {error}", markup=False)
            raise typer.Exit(1) from None
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            errors.print(f"error: {where}{error.strerror or error}", markup=False)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            errors.print(
                "interrupted: every file written is whole, but out/ may now mix this run's "
                "files with an earlier run's; run the command again before using them",
                markup=False,
            )
            raise typer.Exit(INTERRUPTED) from None


app = typer.Typer(
    cls=_ReportingGroup,
    name="rfp",
    help="Generate, score and report BPO vendor RFPs: front office, back office and hybrid.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
criteria_app = typer.Typer(
    cls=_ReportingGroup, help="Browse the criteria library.", no_args_is_help=True
)
app.add_typer(criteria_app, name="criteria")

# Markup and emoji codes are off: vendor names, file names and messages are data, and a name
# like "[bold]" or a message containing ":100:" must print exactly as written.
console = Console(markup=False, emoji=False, highlight=False)
errors = Console(stderr=True, markup=False, emoji=False, highlight=False, soft_wrap=True)


class OfficeChoice(StrEnum):
    """Office models an RFP can cover."""

    front = "front"
    back = "back"
    hybrid = "hybrid"


class OutputFormat(StrEnum):
    """How ``criteria list`` prints."""

    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        console.print(f"rfp {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Generate, score and report BPO vendor RFPs."""


TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="Folder of templates searched before the built-ins.",
        file_okay=False,
    ),
]
CriteriaOption = Annotated[
    Path | None,
    typer.Option(
        "--criteria",
        help="Folder of criteria YAML files searched before the built-ins.",
        file_okay=False,
    ),
]


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Project folder to create.")],
    office: Annotated[OfficeChoice, typer.Option(help="front, back or hybrid.")] = (
        OfficeChoice.front
    ),
    functions: Annotated[
        str,
        typer.Option(help="Comma-separated function ids, e.g. customer_service,payroll."),
    ] = "",
    criteria: CriteriaOption = None,
    force: Annotated[bool, typer.Option(help="Replace an existing rfp.yaml.")] = False,
) -> None:
    """Write FOLDER/rfp.yaml: a commented, realistic starting point."""
    from rfp.core.criteria import load_library
    from rfp.generate.starter import write_starter

    library = load_library(criteria)
    chosen = [f.strip() for f in functions.split(",") if f.strip()]
    offered = [f.id for f in library.functions.values() if office.value in ("hybrid", f.office)]
    guessed = not chosen
    if guessed:
        chosen = offered[:2]
    folder.mkdir(parents=True, exist_ok=True)
    target = write_starter(library, folder, office.value, chosen, force=force)
    console.print(f"wrote {target}")
    if guessed:  # never a silent guess: the RFP's questions follow from these functions
        names = ", ".join(f"{library.functions[f].title} ({f})" for f in chosen)
        others = ", ".join(f for f in offered if f not in chosen) or "none"
        console.print(
            f"no --functions given: started with {names}, the first in the library for "
            f"{office.value} office; change functions: in rfp.yaml or pass --functions "
            f"(the others: {others})",
            highlight=False,
            soft_wrap=True,
        )
    console.print(f"next: edit it, then run  rfp generate {folder}")


@app.command()
def generate(
    folder: Annotated[Path, typer.Argument(help="Project folder holding rfp.yaml.")],
    templates: TemplatesOption = None,
    criteria: CriteriaOption = None,
) -> None:
    """Write the RFP (PDF and HTML) and the vendor response kit into FOLDER/out."""
    from rfp.core.project import load_project
    from rfp.generate.document import write_rfp

    project = load_project(folder, criteria)
    files = write_rfp(project, templates=templates)
    selection = project.selection
    console.print(
        f"{project.spec.project.reference}: {len(selection.criteria)} questions in "
        f"{len(selection.areas)} areas, {len(selection.mandatory)} mandatory"
    )
    for path in files.all():
        console.print(f"wrote {path}", highlight=False, soft_wrap=True)


@app.command()
def score(
    folder: Annotated[Path, typer.Argument(help="Project folder holding rfp.yaml and proposals/.")],
    criteria: CriteriaOption = None,
) -> None:
    """Score every proposal in FOLDER/proposals/<vendor>/ and rank the vendors."""
    from rfp.core.project import load_project
    from rfp.report.analysis import analyse
    from rfp.score import saved
    from rfp.score.outputs import scores_written

    project = load_project(folder, criteria)
    inputs = saved.current_inputs(project, criteria)
    run = score_with_progress(project)
    # On a large tender scores.xlsx is written by a second process meanwhile.
    with scores_written(run) as files:
        run_id = record_audit(run, criteria)
        kept = saved.save_run(run, criteria, audit_run=run_id, inputs=inputs)
        analysis = analyse(run)
    print_ranking(run)
    print_stage_ranking(run)
    print_confidence(analysis)
    print_evaluations(run)
    print_warnings(run)
    for path in [*files.all(), kept]:
        console.print(f"wrote {path}", highlight=False, soft_wrap=True)
    console.print(
        f"recorded as audit run {run_id}: rfp audit {folder} --run {run_id}",
        highlight=False,
        soft_wrap=True,
    )


def score_with_progress(project: Any) -> Any:
    """Score ``project`` with its returned evaluator sheets, drawing a progress bar on stderr."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from rfp.evaluate.sheets_in import evaluation_reader
    from rfp.score.pipeline import score_project, vendor_folders

    vendor_count = len(vendor_folders(project))
    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}", markup=False),
        console=errors,
        transient=True,
    ) as progress:
        # Each folder is read, checked and matched in one step; then copies, once.
        task = progress.add_task("scoring", total=vendor_count + 1, detail="")

        def advance(stage: str, detail: str) -> None:
            progress.update(task, advance=1, description=stage, detail=detail)

        run = score_project(project, evaluation_reader(project), advance)
    from rfp.evaluate.stages import with_stages

    return with_stages(run)


def saved_run(project: Any, criteria: Path | None, rescore: bool) -> tuple[Any, int | None]:
    """The run ``rfp score`` saved, when no input changed since; else None and why, printed.

    Returns the run and its audit run number, or (None, None) when it must be scored again.
    """
    from rfp.score import saved

    if rescore:
        console.print("--rescore: scoring again", highlight=False)
        return None, None
    found = saved.load_run(project, criteria)
    if isinstance(found, saved.Stale):
        console.print(f"{found.reason}; scoring again", markup=False, highlight=False)
        return None, None
    audit = f" (audit run {found.audit_run})" if found.audit_run is not None else ""
    console.print(
        f"no input changed since the run saved at {found.saved}{audit}; using it "
        "(--rescore scores again)",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    return found.run, found.audit_run


RescoreOption = Annotated[
    bool,
    typer.Option("--rescore", help="Score again even when no input changed since rfp score."),
]


def print_confidence(analysis: Any) -> None:
    """The shortlist's verdict on how safe the ranking is (``rfp.report.analysis.analyse``), so
    a scorer sees it without a PDF."""
    console.print(f"confidence: {analysis.statement}", soft_wrap=True)
    drawn = analysis.scenarios
    if drawn is not None and len(analysis.qualified) > 1:
        kinds = (drawn.weights, drawn.scores, drawn.both)
        shares = "; ".join(
            f"{vendor} " + " / ".join(f"{kind.p_first[vendor]:.0%}" for kind in kinds)
            for vendor in analysis.qualified[:2]
        )
        console.print(f"  first place (weights / scores / both): {shares}", soft_wrap=True)
    if analysis.decision:
        console.print(f"  would change the decision: {analysis.decision}", soft_wrap=True)
    if analysis.topsis is not None and not analysis.topsis.same_winner:
        console.print(f"  {analysis.topsis_statement}", soft_wrap=True)


WARNINGS_GROUPED_FROM = 5
"""Vendors with the same warning (their own folder aside) from which it is printed once, with
the count: 1,000 identical lines on a large tender would bury the one that matters."""


def print_warnings(run: Any) -> None:
    """Run-wide notes, then every file problem, vendor by vendor, on stderr; a problem that
    WARNINGS_GROUPED_FROM or more vendors share is printed once, where it first appears, with
    how many (the Warnings sheet of scores.xlsx names each vendor)."""
    from rfp.core.files import shown

    for note in run.notes:
        errors.print(f"note: {note}")
    shared: dict[str, set[str]] = {}
    found = []
    for vendor in run.vendors:
        for warning in vendor.warnings:
            general = _without_folder(warning, shown(vendor.folder))
            shared.setdefault(general, set()).add(vendor.name)
            found.append((vendor.name, warning, general))
    said: set[str] = set()
    for name, warning, general in found:
        vendors = shared[general]
        if len(vendors) < WARNINGS_GROUPED_FROM:
            errors.print(f"warning: {name}: {warning}")
        elif general not in said:
            said.add(general)
            errors.print(
                f"warning: {len(vendors):,} vendors (the Warnings sheet of scores.xlsx names "
                f"each), each in its own folder: {general}"
            )


def _without_folder(warning: str, folder: str) -> str:
    """``warning`` without the vendor's own folder it starts with; one that names the folder
    otherwise (a run saved from another working folder) is left whole, never cut inside."""
    for lead in (f"{folder}/", f"{folder}: "):
        if warning.startswith(lead):
            return warning.removeprefix(lead)
    return warning


def record_audit(run: Any, criteria: Path | None, record: Any = None) -> int:
    """Record a scoring run in out/audit.sqlite; return its run number."""
    from rfp.score import audit

    record = record or audit.build_record(run, run.evaluations, criteria_override=criteria)
    return audit.record_run(run.project.output_dir / audit.AUDIT_FILE, record)


def print_evaluations(run: Any) -> None:
    """Every sheet problem on stderr, then one line per file in evaluations/ (merged, rejected
    or not read) on stdout, so a rejected sheet cannot be missed."""
    from rfp.evaluate.sheets_in import sheet_summaries

    evaluations = run.evaluations
    if evaluations is None:
        return
    for message in evaluations.messages:
        errors.print(f"warning: {message}", markup=False, highlight=False)
    for line in sheet_summaries(evaluations, run.project):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    if evaluations.sheets:
        names = ", ".join(evaluations.evaluators)
        console.print(f"merged evaluator sheets: {names}", highlight=False)
    spread = run.disagreement
    if spread is not None:
        flagged = len(spread.flagged_cells)
        w = "n/a" if spread.kendalls_w is None else f"{spread.kendalls_w:.2f}"
        console.print(
            f"evaluator agreement: Kendall's W = {w}; {flagged} score(s) differ by 2 or more",
            highlight=False,
        )


def print_stage_ranking(run: Any) -> None:
    """The ranking after the scored stages held so far, when any has been."""
    print_stage_sheets(run)
    results = run.stages
    if results is None:
        return
    table = Table(title=f"ranking {results.label}", title_justify="left")
    for column in ("rank", "vendor", "total", "written", *results.held, "standing"):
        table.add_column(column, overflow="fold")
    for line in results.ranking:
        scores = [results.score(stage, line.vendor) for stage in results.held]
        table.add_row(
            str(line.rank),
            line.vendor,
            "" if line.total is None else f"{line.total:.1f}",
            f"{line.written:.1f}",
            *["" if s is None or s.score is None else f"{s.score:.1f}" for s in scores],
            line.standing,
        )
    console.print(table)
    for flag in results.flags:
        console.print(f"  panel: {flag}", soft_wrap=True)


def print_stage_sheets(run: Any) -> None:
    """Every scored stage folder read, held or not: its problems on stderr, one line per file,
    and, when no sheet of it was merged, that the stage is not held, so refused sheets show."""
    from rfp.evaluate.layout import EVALUATIONS_DIR
    from rfp.evaluate.sheets_in import sheet_summaries

    held = run.stages.held if run.stages is not None else []
    for stage, evaluations in run.stage_sheets.items():
        for message in evaluations.messages:
            errors.print(f"warning: {message}", markup=False, highlight=False)
        for line in sheet_summaries(evaluations, run.project):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        if stage not in held:
            console.print(
                f"{stage}: no sheet merged from {EVALUATIONS_DIR}/{stage}/; the stage is not "
                "held and the written ranking stands",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
    for line in run.stages.unconfirmed if run.stages is not None else []:
        errors.print(f"warning: {line}", markup=False, highlight=False)


def print_ranking(run: Any) -> None:
    """The summary table printed after scoring: every vendor of a field up to RANKING_ROWS;
    past that the top of the ranking, with the rest counted (a terminal of 1,000 rows is read
    by nobody; the scores workbook and CSV list every vendor)."""
    from rfp.report.analysis import RANKING_ROWS

    table = Table(title=f"{run.project.spec.project.reference}: ranking", title_justify="left")
    table.add_column("rank", justify="right")
    longest = max((len(str(name)) for name in run.ranking.index), default=10)
    table.add_column("vendor", overflow="fold", min_width=min(longest, 30))
    table.add_column("total", justify="right", no_wrap=True)
    table.add_column("annual cost", justify="right", no_wrap=True)
    table.add_column("status", overflow="fold")
    knocked_out: list[tuple[str, list[Any]]] = []
    open_items: list[tuple[str, list[Any]]] = []
    for position, (vendor, row) in enumerate(run.ranking.iterrows()):
        status, items = _status(run, str(vendor), row)
        if items:
            (knocked_out if row["disqualified"] else open_items).append((str(vendor), items))
        if position < RANKING_ROWS:
            table.add_row(str(row["rank"]), str(vendor), f"{row['total']:.1f}", _cost(row), status)
    console.print(table)
    listed = set(run.ranking.index[:RANKING_ROWS].map(str))
    if len(run.ranking) > RANKING_ROWS:
        console.print(
            f"  ... and {len(run.ranking) - RANKING_ROWS:,} more vendors below rank "
            f"{RANKING_ROWS}: scores.csv and scores.xlsx in out/ list every one",
            soft_wrap=True,
        )
    titles = {wc.id: wc.criterion.title for wc in run.project.selection.criteria}
    _print_reasons("disqualified", knocked_out, listed, titles)
    _print_reasons("to be confirmed", open_items, listed, titles)


def _status(run: Any, vendor: str, row: Any) -> tuple[str, list[Any]]:
    """A ranking row's status, and the knockouts or open items behind it."""
    items: list[Any] = []
    status = "qualified"
    if row["disqualified"]:
        items = run.knockouts.get(vendor, [])
        status = f"disqualified ({len(items)})"
    elif run.to_confirm.get(vendor):
        items = run.to_confirm[vendor]
        status = f"to be confirmed ({len(items)})"
    if row["flags"]:
        status += ", files flagged"
    return status, items


def _cost(row: Any) -> str:
    import math

    cost = row["annual_cost"]
    return "" if cost is None or math.isnan(cost) else f"{cost:,.0f}"


def _print_reasons(
    what: str, vendors: list[tuple[str, list[Any]]], listed: set[str], titles: dict[str, str]
) -> None:
    """Each listed vendor's reasons (criterion titles dropped; the outputs keep the full
    reason), then the unlisted vendors counted by question, or by reason where an item rests
    on no question (a certification, a contract term), most frequent first."""
    from collections import Counter

    for vendor, items in vendors:
        if vendor in listed:
            console.print(f"  {vendor} {what}: {'; '.join(k.brief for k in items)}", soft_wrap=True)
    unlisted = [items for vendor, items in vendors if vendor not in listed]
    if not unlisted:
        return
    counted = Counter(
        key for items in unlisted for key in {_counted_as(item, titles): None for item in items}
    )
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    console.print(
        f"  {len(unlisted):,} vendors below the table are {what}; vendors per question or "
        "reason: " + "; ".join(f"{key} ({count:,})" for key, count in ordered),
        soft_wrap=True,
    )


def _counted_as(item: Any, titles: dict[str, str]) -> str:
    """What an item is counted under (``Knockout.counted_as``), as one line."""
    criterion, title = item.counted_as(titles.get(item.criterion, ""))
    return f"{criterion} {title}".strip()


@app.command()
def sheets(  # noqa: PLR0917 - typer passes every option by keyword
    folder: Annotated[Path, typer.Argument(help="Project folder holding rfp.yaml and proposals/.")],
    evaluators: Annotated[
        str, typer.Option(help="Comma-separated evaluator names, e.g. alice,bob,chen.")
    ] = "",
    price_evaluators: Annotated[
        str,
        typer.Option(help="Evaluators who also (or only) score pricing: the second envelope."),
    ] = "",
    blind: Annotated[
        bool, typer.Option(help="Show vendors as Vendor A, B, C and mask names in quotes.")
    ] = False,
    criteria: CriteriaOption = None,
    rescore: RescoreOption = False,
    max_rows: Annotated[
        int,
        typer.Option(
            help="Rows per score sheet before it is split by vendor into name-1-of-N.xlsx ... "
            "(Excel holds 1,048,576).",
        ),
    ] = 100_000,
    stage: Annotated[
        str,
        typer.Option(
            help="Write the sheets of a scored later stage (orals, site_visits, "
            "reference_checks) into FOLDER/out/sheets/STAGE/, for the shortlisted vendors only: "
            "by default the first --top vendors of the saved run's written ranking that are "
            "not disqualified. Returned sheets go in FOLDER/evaluations/STAGE/.",
        ),
    ] = "",
    vendors: Annotated[
        str,
        typer.Option(help="With --stage: the shortlist, comma-separated, instead of --top."),
    ] = "",
    top: Annotated[
        int, typer.Option(min=1, max=20, help="With --stage: how many vendors to shortlist.")
    ] = 3,
) -> None:
    """Write one Excel score sheet per evaluator into FOLDER/out/sheets/."""
    from rfp.core.project import load_project
    from rfp.evaluate.sheets_out import split_names, write_sheets
    from rfp.score.pipeline import score_project, without_evaluations

    names = split_names(evaluators)
    price_names = split_names(price_evaluators)
    if not names and not price_names:
        raise typer.BadParameter("name at least one evaluator", param_hint="--evaluators")
    project = load_project(folder, criteria)
    kept, _ = saved_run(project, criteria, rescore)
    if stage or vendors:
        # A stage's shortlist comes from the ranking rfp score gave, evaluator sheets merged.
        _stage_sheets(
            kept if kept is not None else score_with_progress(project),
            stage,
            names=names,
            price_names=price_names,
            blind=blind,
            shortlist=(split_names(vendors), top, max_rows),
        )
        return
    # The sheets show the machine's scores: a saved run's evaluator scores are set aside.
    run = without_evaluations(kept) if kept is not None else score_project(project, None)
    written = write_sheets(run, names, price_evaluators=price_names, blind=blind, max_rows=max_rows)
    for path in written:
        console.print(f"wrote {path}", highlight=False, soft_wrap=True)
    console.print(
        "evaluators: fill the yellow Score cells, then save the files in "
        f"{folder / 'evaluations'}/",
        highlight=False,
        soft_wrap=True,
    )
    if blind:
        from rfp.evaluate.blind import read_blind_key

        key = read_blind_key(written[-1])
        for alias, vendor in sorted(key.vendors.items()):
            masked = ", ".join(key.masked.get(vendor, []))
            console.print(f"{alias} = {vendor}: masked {masked}", highlight=False, soft_wrap=True)
        errors.print(
            "note: blind-key.json maps Vendor A, B... to names; keep it with the buyer and do "
            "not send it to evaluators.",
            highlight=False,
        )


def _stage_sheets(
    run: Any,
    stage: str,
    *,
    names: list[str],
    price_names: list[str],
    blind: bool,
    shortlist: tuple[list[str], int, int],
) -> None:
    """``rfp sheets --stage``: the stage's sheets for the shortlist, and who is on it."""
    from rfp.errors import ConfigError, Problem
    from rfp.evaluate.layout import stage_evaluations_dir
    from rfp.evaluate.stages import write_stage_sheets

    if not stage:
        raise ConfigError([Problem("--vendors", "--vendors needs --stage")])
    vendors, top, max_rows = shortlist
    written, chosen, rule = write_stage_sheets(
        run,
        stage,
        names,
        vendors=vendors,
        top=top,
        max_rows=max_rows,
        price_evaluators=price_names,
        blind=blind,
    )
    for path in written:
        console.print(f"wrote {path}", highlight=False, soft_wrap=True)
    console.print(f"{stage} shortlist ({rule}): {', '.join(chosen)}", soft_wrap=True)
    console.print(
        f"evaluators: fill the yellow Score cells, then save the files in "
        f"{stage_evaluations_dir(run.project, stage)}/ and run rfp score again",
        highlight=False,
        soft_wrap=True,
    )


@app.command("audit")
def audit_command(
    folder: Annotated[Path, typer.Argument(help="Project folder.")],
    run: Annotated[int | None, typer.Option("--run", help="Show one run in detail.")] = None,
    compare: Annotated[
        tuple[int, int] | None,
        typer.Option("--compare", help="Show which inputs changed between two runs."),
    ] = None,
) -> None:
    """List past scoring runs and what went into each (FOLDER/out/audit.sqlite)."""
    from rfp.core.project import OUTPUT_DIR
    from rfp.errors import ConfigError, Problem
    from rfp.score import audit

    if not folder.is_dir():
        raise ConfigError([Problem(str(folder), "the project folder does not exist")])
    database = folder / OUTPUT_DIR / audit.AUDIT_FILE
    if compare is not None:
        changes = audit.changed_inputs(database, compare[0], compare[1])
        if not changes:
            console.print(f"runs {compare[0]} and {compare[1]} read identical inputs")
        for label, paths in (
            ("added", changes.added),
            ("removed", changes.removed),
            ("changed", changes.changed),
        ):
            for path in paths:
                console.print(f"{label:8} {path}", markup=False, highlight=False)
        return
    if run is not None:
        detail = audit.get_run(database, run).record
        console.print(
            f"run {run}  {detail.time}  rfp {detail.tool_version}  RFP {detail.reference}",
            highlight=False,
        )
        console.print(f"aggregate: {detail.aggregate}", highlight=False)
        console.print("\nranking", highlight=False)
        for row in detail.ranking:
            status = (
                f"disqualified: {row.reason}"
                if row.disqualified
                else f"to be confirmed: {row.to_confirm}"
                if row.to_confirm
                else row.status
            )
            console.print(
                f"  {row.rank:>2}  {row.vendor}  {row.total:.2f}  {status}",
                markup=False,
                highlight=False,
            )
        if detail.stage_ranking:
            console.print("\nranking after the scored stages", highlight=False)
            for staged in detail.stage_ranking:
                total = "" if staged.total is None else f"{staged.total:.2f}"
                console.print(
                    f"  {staged.rank:>2}  {staged.vendor}  {total}  written {staged.written:.2f}"
                    f"  {staged.stage_scores}  {staged.standing}",
                    markup=False,
                    highlight=False,
                )
        console.print("\narea points", highlight=False)
        for area, points in detail.area_points.items():
            console.print(f"  {area:22} {points:6.1f}", markup=False, highlight=False)
        console.print("\nevaluator sheets", highlight=False)
        for sheet in detail.evaluator_sheets or ():
            console.print(
                f"  {sheet.evaluator}: {sheet.path}  sha256 {sheet.sha256[:12]}",
                markup=False,
                highlight=False,
            )
        if not detail.evaluator_sheets:
            console.print("  none (automatic scores only)", highlight=False)
        console.print(f"\ninputs ({len(detail.inputs)})", highlight=False)
        for item in detail.inputs:
            console.print(
                f"  {item.sha256[:12]}  {item.role:15} {item.path}", markup=False, highlight=False
            )
        return
    runs = audit.list_runs(database)
    if not runs:
        console.print(f"no scoring runs recorded yet; run: rfp score {folder}", highlight=False)
        return
    table = Table(title=f"scoring runs ({database})", title_justify="left")
    for column in ("run", "time (UTC)", "rfp", "inputs", "evaluators", "vendors", "first"):
        table.add_column(column, overflow="fold")
    for summary in runs:
        table.add_row(
            str(summary.id), summary.time, summary.tool_version, str(summary.inputs),
            ", ".join(summary.evaluators) or "none", str(summary.vendors), summary.leader or "",
        )  # fmt: skip
    console.print(table)


@app.command()
def report(
    folder: Annotated[Path, typer.Argument(help="Project folder holding rfp.yaml and proposals/.")],
    top: Annotated[int, typer.Option(min=1, max=20, help="How many vendors to shortlist.")] = 3,
    templates: TemplatesOption = None,
    criteria: CriteriaOption = None,
    rescore: RescoreOption = False,
) -> None:
    """Write the leadership shortlist (out/shortlist.pdf and shortlist.html) from the run
    rfp score saved, scoring FOLDER again only when an input changed."""
    from rfp.core.project import load_project
    from rfp.report.write import write_report
    from rfp.score import saved
    from rfp.score.audit import build_record

    project = load_project(folder, criteria)
    run, run_id = saved_run(project, criteria, rescore)
    fresh = run is None
    if fresh:
        inputs = saved.current_inputs(project, criteria)
        run = score_with_progress(project)
    record = build_record(run, run.evaluations, criteria_override=criteria)
    files = write_report(run, top=top, templates=templates, record=record)
    if fresh:
        run_id = record_audit(run, criteria, record)
        saved.save_run(run, criteria, audit_run=run_id, inputs=inputs)
    print_ranking(run)
    print_stage_ranking(run)
    print_evaluations(run)
    print_warnings(run)
    if run_id is not None:
        console.print(
            f"{'recorded as' if fresh else 'scored in'} audit run {run_id}", soft_wrap=True
        )
    for path in files.all():
        console.print(f"wrote {path}", highlight=False, soft_wrap=True)


@app.command()
def demo(
    folder: Annotated[Path, typer.Argument(help="Where to build the examples.")] = Path("rfp-demo"),
) -> None:
    """Build example projects: generate their RFPs, then score the sample proposals."""
    from rfp.core.criteria import load_library
    from rfp.demo.builder import create_projects, generated_rfps

    library = load_library()
    shortlists: list[Path] = []
    folders = create_projects(library, folder)
    with generated_rfps(folders) as generated:
        for project_folder, files in zip(folders, generated, strict=True):
            shortlists += _demo_project(project_folder, files)
    console.print(f"demo projects are in {folder}/")
    for path in shortlists:
        console.print(f"shortlist: {path}", highlight=False, soft_wrap=True)


def _demo_project(project_folder: Path, files: Any) -> list[Path]:
    """One demo project, its RFP written: proposals, sheets, scores and the shortlist."""
    from rfp.core.project import load_project
    from rfp.demo.builder import (
        DEMO_EVALUATORS,
        EVALUATED_PROJECT,
        fill_sample_sheets,
        fill_stage_sheets,
        write_sample_proposals,
    )
    from rfp.evaluate.layout import EVALUATIONS_DIR
    from rfp.evaluate.sheets_in import evaluation_reader
    from rfp.evaluate.sheets_out import write_sheets
    from rfp.report.write import write_report
    from rfp.score import saved
    from rfp.score.audit import build_record
    from rfp.score.outputs import write_scores
    from rfp.score.pipeline import score_project

    project = load_project(project_folder)
    console.print(f"{project.spec.project.title} ({project.spec.office} office)", style="bold")
    for path in files.all():
        console.print(f"  {path}", highlight=False, soft_wrap=True)
    reference = project.spec.project.reference
    if not write_sample_proposals(project_folder, reference, files.workbook):
        return []
    if project_folder.name == EVALUATED_PROJECT:
        first_pass = score_project(project, None)
        sheets = write_sheets(first_pass, list(DEMO_EVALUATORS), price_evaluators=["alice"])
        for path in fill_sample_sheets(sheets, project_folder / EVALUATIONS_DIR):
            console.print(
                f"  {path} (filled by a sample evaluator)", highlight=False, soft_wrap=True
            )
    inputs = saved.current_inputs(project)
    run = score_project(project, evaluation_reader(project))
    if project.folder.name == EVALUATED_PROJECT and project.stage("orals") is not None:
        run = _demo_orals(run, fill_stage_sheets)
        inputs = saved.current_inputs(project)
    record = build_record(run, run.evaluations)
    saved.save_run(run, audit_run=record_audit(run, None, record), inputs=inputs)
    for path in write_scores(run).all():
        console.print(f"  {path}", highlight=False, soft_wrap=True)
    print_ranking(run)
    print_stage_ranking(run)
    return [write_report(run, record=record).pdf]


def _demo_orals(run: Any, fill: Any) -> Any:
    """The demo's second stage: orals sheets for the shortlist, filled by the sample panel,
    and the run scored again with them (the written scores are unchanged)."""
    from rfp.demo.builder import DEMO_EVALUATORS
    from rfp.evaluate.layout import stage_evaluations_dir
    from rfp.evaluate.stages import with_stages, write_stage_sheets

    written, shortlist, _ = write_stage_sheets(run, "orals", list(DEMO_EVALUATORS))
    for path in fill(written, stage_evaluations_dir(run.project, "orals")):
        console.print(f"  {path} (orals, filled by a sample evaluator)", soft_wrap=True)
    console.print(f"  orals shortlist: {', '.join(shortlist)}", soft_wrap=True)
    return with_stages(run)


@criteria_app.command("list")
def criteria_list(
    office: Annotated[
        OfficeChoice | None, typer.Option(help="Only criteria that apply to this office.")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = (
        OutputFormat.table
    ),
    criteria: CriteriaOption = None,
) -> None:
    """List the criteria library."""
    from rfp.core.criteria import applies, load_library

    library = load_library(criteria)
    chosen = [c for c in library.criteria.values() if office is None or applies(c, office.value)]
    if output is OutputFormat.json:
        payload = [
            c.model_dump(mode="json", exclude={"rubric", "match", "guidance"}) for c in chosen
        ]
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(chosen)} criteria", show_lines=False)
    table.add_column("id", no_wrap=True)
    table.add_column("area", overflow="fold", max_width=12)
    table.add_column("title", overflow="fold", min_width=20)
    table.add_column("office", no_wrap=True)
    table.add_column("mandatory", no_wrap=True)
    table.add_column("weight", justify="right", no_wrap=True)
    for c in chosen:
        table.add_row(
            c.id, c.area, c.title, c.applies_to, "yes" if c.mandatory else "", f"{c.weight:g}"
        )
    console.print(table)


@criteria_app.command("show")
def criteria_show(
    criterion_id: Annotated[str, typer.Argument(metavar="ID", help="A criterion id, e.g. SEC-01.")],
    criteria: CriteriaOption = None,
) -> None:
    """Show one criterion in full: question, guidance, rubric and match text."""
    from rfp.core.criteria import load_library
    from rfp.core.spec import suggest
    from rfp.errors import ConfigError, Problem

    library = load_library(criteria)
    criterion = library.criteria.get(criterion_id.upper())
    if criterion is None:
        raise ConfigError(
            [
                Problem(
                    "criteria",
                    f"unknown criterion id {criterion_id!r}"
                    f"{suggest(criterion_id.upper(), library.criteria)}",
                )
            ]
        )
    area = library.areas[criterion.area]
    console.print(f"{criterion.id}  {criterion.title}", style="bold")
    console.print(
        f"area: {area.title} ({area.id})   applies to: {criterion.applies_to}   "
        f"mandatory: {'yes' if criterion.mandatory else 'no'}   weight: {criterion.weight:g}"
        + (f"   check: {criterion.check.type}" if criterion.check else ""),
        highlight=False,
        markup=False,
    )
    console.print(f"\nQuestion\n  {criterion.question}", markup=False, highlight=False)
    if criterion.guidance:
        console.print(f"\nGuidance\n  {criterion.guidance}", markup=False, highlight=False)
    console.print("\nRubric", highlight=False)
    for level, text in criterion.rubric.items():
        console.print(f"  {level}  {text}", markup=False, highlight=False)
    if criterion.match:
        console.print(f"\nMatch text\n  {criterion.match}", markup=False, highlight=False)
    console.print(f"\nsource: {library.sources[criterion.id]}", markup=False, highlight=False)


# --------------------------------------------------------------------------- rfp advise


def stdin_is_terminal() -> bool:
    """Whether a person can be asked for missing answers (stdin is a terminal)."""
    return sys.stdin.isatty()


@app.command("advise")
def advise_command(  # noqa: PLR0917 - typer passes every option by keyword
    functions: Annotated[
        str | None,
        typer.Option(help="Function ids being bought, comma-separated (see rfp init)."),
    ] = None,
    goals: Annotated[str | None, typer.Option(help="revenue, cost, or revenue,cost.")] = None,
    contact: Annotated[
        str | None, typer.Option(help="Customer contact: none, some or continuous.")
    ] = None,
    exposure: Annotated[
        str | None, typer.Option(help="Risk and brand exposure: low, medium or high.")
    ] = None,
    scaling: Annotated[
        str | None, typer.Option(help="How fast volumes must scale: slow, seasonal or fast.")
    ] = None,
    constraints: Annotated[
        str | None,
        typer.Option(
            help="Regulatory constraints: none, or comma-separated data_in_country, gdpr, "
            "hipaa, pci, public_sector."
        ),
    ] = None,
    country: Annotated[str | None, typer.Option(help="Your country (ISO code).")] = None,
    languages: Annotated[
        str | None, typer.Option(help="Languages needed, ISO 639-1 codes, e.g. en,es.")
    ] = None,
    time_zone: Annotated[
        str | None, typer.Option("--time-zone", help="Your time zone, e.g. Europe/London.")
    ] = None,
    hours: Annotated[
        str | None,
        typer.Option(
            help="Hours to cover: business (Mon-Fri 09-17), extended (Mon-Sat 08-20) or 24x7."
        ),
    ] = None,
    init_folder: Annotated[
        Path | None,
        typer.Option(
            "--init",
            help="Also write DIR/rfp.yaml, as rfp init would, pre-filled with the advice.",
            file_okay=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing rfp.yaml.")] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask: a missing answer is an error.")
    ] = False,
    criteria: CriteriaOption = None,
) -> None:
    """Recommend front, back or hybrid, and onshore, nearshore or offshore, with the reasons.

    Missing answers are asked for in a terminal; with --no-input (or no terminal) they are
    reported together as an error.
    """
    from rfp.core.criteria import load_library
    from rfp.generate import advise as rules

    library = load_library(criteria)
    catalogue: dict[str, str] = {f.id: f.office for f in library.functions.values()}
    answers: dict[str, str | None] = {
        "functions": functions, "goals": goals, "contact": contact, "exposure": exposure,
        "scaling": scaling, "constraints": constraints, "country": country,
        "languages": languages, "time_zone": time_zone, "hours": hours,
    }  # fmt: skip
    if not no_input and stdin_is_terminal():
        _check_given(answers, catalogue)
        _ask_missing(answers, library)
    advice = rules.advise(rules.parse_needs(answers, catalogue))
    print_advice(advice, {f.id: f.title for f in library.functions.values()})
    if init_folder is not None:
        from rfp.generate.starter import write_starter

        init_folder.mkdir(parents=True, exist_ok=True)
        target = write_starter(
            library,
            init_folder,
            advice.office.office,
            list(advice.needs.functions),
            rules.spec_values(advice),
            force=force,
        )
        console.print(f"wrote {target}", highlight=False, soft_wrap=True)
        console.print(f"next: edit it, then run  rfp generate {init_folder}", soft_wrap=True)


def _check_given(answers: dict[str, str | None], catalogue: dict[str, str]) -> None:
    """Reject bad answers given as options before asking for the missing ones."""
    from rfp.errors import ConfigError, Problem
    from rfp.generate.advise import QUESTIONS, check_answer

    problems = [
        Problem(question.option, message)
        for question in QUESTIONS
        if (text := answers.get(question.name)) is not None and text.strip()
        for message in check_answer(question.name, text, catalogue)
    ]
    if problems:
        raise ConfigError(problems)


def _ask_missing(answers: dict[str, str | None], library: Any) -> None:
    """Ask for each missing answer in turn, re-asking until it is valid; optional ones may be
    left empty."""
    from rfp.generate.advise import QUESTIONS, check_answer

    catalogue: dict[str, str] = {f.id: f.office for f in library.functions.values()}
    for question in QUESTIONS:
        if answers.get(question.name):
            continue
        if question.name == "functions":
            print_functions(library)
        suffix = "" if question.required else ", Enter to skip"
        while True:
            text = typer.prompt(
                f"{question.ask} ({question.choices}{suffix})",
                default="" if not question.required else None,
                show_default=False,
            ).strip()
            if not text and not question.required:
                break
            problems = check_answer(question.name, text, catalogue) if text else ["required"]
            if not problems:
                answers[question.name] = text
                break
            for problem in problems:
                errors.print(f"  {problem}", markup=False, highlight=False)


def print_functions(library: Any) -> None:
    """The function catalogue, so a buyer answering at the prompt can pick ids."""
    table = Table(title="functions", title_justify="left")
    for column in ("id", "office", "title"):
        table.add_column(column, overflow="fold")
    for function in library.functions.values():
        table.add_row(function.id, function.office, function.title)
    console.print(table)


def print_advice(advice: Any, titles: dict[str, str]) -> None:
    """The recommendation and every reason behind it, as a sourcing lead would defend it."""
    office = advice.office
    table = Table(
        title=f"Office model: {office.office}", title_justify="left", show_lines=True, expand=True
    )
    table.add_column("factor", overflow="fold", ratio=2)
    table.add_column("your answer", overflow="fold", ratio=2)
    table.add_column("points to", no_wrap=True)
    table.add_column("why", overflow="fold", ratio=4)
    for finding in office.findings:
        table.add_row(finding.factor, finding.given, finding.leans, finding.reason)
    console.print(table)
    console.print(f"recommended: {office.verdict}", soft_wrap=True)
    for finding in office.against:
        console.print(f"  points the other way: {finding.given} ({finding.factor})", soft_wrap=True)
    for tip in office.tips:
        console.print(f"  what would tip it: {tip}", soft_wrap=True)
    for group in advice.locations_by_group:
        print_location(group, titles)
    for text in advice.contradictions:
        console.print(f"conflict: {text}", soft_wrap=True)
    for text in advice.not_assessed:
        console.print(f"not assessed: {text}", soft_wrap=True)
    console.print(f"rfp.yaml locations: {', '.join(advice.locations)}", soft_wrap=True)


SHORT_LOCATIONS = {"onshore": "on", "nearshore": "near", "offshore": "off"}


def print_location(group: Any, titles: dict[str, str]) -> None:
    """One group's location scores, the rules behind them, conflicts and tie-breakers."""
    from rfp.generate.advise import LOCATIONS

    console.print()
    names = ", ".join(titles.get(f, f) for f in group.functions)
    table = Table(
        title=f"Delivery location, {group.group} office ({names})",
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    table.add_column("factor", overflow="fold", ratio=2)
    table.add_column("your answer", overflow="fold", ratio=2)
    for location in LOCATIONS:
        table.add_column(SHORT_LOCATIONS[location], justify="right", no_wrap=True)
    table.add_column("why", overflow="fold", ratio=4)
    for finding in group.findings:
        points = [
            "out" if loc in finding.excludes else str(finding.points[loc]) for loc in LOCATIONS
        ]
        table.add_row(finding.factor, finding.given, *points, finding.reason)
    table.add_row("total", "", *(str(group.scores[loc]) for loc in LOCATIONS), "")
    console.print(table)
    for note in group.notes:
        console.print(f"  note: {note}", soft_wrap=True)
    if group.balanced:
        choice = ", ".join(group.recommended[:-1]) + f" and {group.recommended[-1]}"
        console.print(f"recommended: balanced between {choice}", soft_wrap=True)
        for tip in group.tips:
            console.print(f"  what would tip it: {tip}", soft_wrap=True)
    else:
        console.print(f"recommended: {group.recommended[0]}", soft_wrap=True)
    if group.excluded:
        console.print(f"  excluded: {', '.join(sorted(group.excluded))}", soft_wrap=True)
    for text in group.conflicts:
        console.print(f"  conflict: {text}", soft_wrap=True)
