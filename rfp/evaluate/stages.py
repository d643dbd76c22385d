"""The later stages' sheets: who is shortlisted, writing their sheets, reading them back.

``rfp sheets --stage orals`` writes a sheet per evaluator for the shortlisted vendors only into
``out/sheets/orals/``, with ``shortlist.json`` beside them recording who the stage is held for
and by which rule. Evaluators return their sheets into ``evaluations/orals/``; ``rfp score``
reads them with the same checks as the written-proposal sheets (``sheets_in``), sets aside
with a warning naming the file any row for a vendor not on that shortlist, and scores the stage
(``rfp.score.stages``). Without ``shortlist.json`` the stage is held for the vendors on the
returned sheets' own rows, never a top N recomputed from today's ranking. Every stage folder's
problems are kept in ``ScoreRun.stage_sheets``, whether or not any sheet was merged. Run
``rfp score`` (or ``rfp report``) again after each stage.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

from rfp.core.files import write_text
from rfp.core.spec import SCORED_STAGES, suggest
from rfp.errors import ConfigError, Problem, ScoringError, SheetWarning
from rfp.evaluate.layout import (
    EVALUATIONS_DIR,
    SHORTLIST_FILE,
    stage_evaluations_dir,
    stage_sheets_dir,
)
from rfp.evaluate.sheets_in import read_evaluations
from rfp.evaluate.sheets_out import MAX_ROWS, write_sheets
from rfp.score.audit import display_path
from rfp.score.run import Evaluations, ScoreRun
from rfp.score.stages import DEFAULT_SHORTLIST, default_shortlist, score_stages

DEFAULT_RULE = (
    "the first {top} vendors of the written ranking that are not disqualified "
    "(rfp sheets --stage, default)"
)


def choose_shortlist(
    run: ScoreRun, vendors: Sequence[str] = (), top: int = DEFAULT_SHORTLIST
) -> tuple[list[str], str]:
    """(vendors, rule): the named ``vendors`` (each must be in the run and not disqualified),
    else the first ``top`` vendors of the written ranking that are not disqualified."""
    if not vendors:
        return default_shortlist(run.ranking, top), DEFAULT_RULE.format(top=top)
    known = {str(name): bool(row["disqualified"]) for name, row in run.ranking.iterrows()}
    folded = {name.casefold(): name for name in known}
    problems: list[Problem] = []
    chosen: list[str] = []
    for given in vendors:
        name = given if given in known else folded.get(given.casefold(), "")
        if not name:
            problems.append(
                Problem("--vendors", f"unknown vendor {given!r}{suggest(given, known)}")
            )
        elif known[name]:
            problems.append(
                Problem("--vendors", f"{name} is disqualified and cannot be shortlisted")
            )
        elif name not in chosen:
            chosen.append(name)
    if problems:
        raise ConfigError(problems)
    return chosen, "named by the buyer (rfp sheets --stage --vendors)"


def write_stage_sheets(
    run: ScoreRun,
    stage: str,
    evaluators: Sequence[str],
    *,
    vendors: Sequence[str] = (),
    top: int = DEFAULT_SHORTLIST,
    max_rows: int = MAX_ROWS,
    price_evaluators: Sequence[str] = (),
    blind: bool = False,
) -> tuple[list[Path], list[str], str]:
    """Write ``stage``'s sheets for the shortlist and record it; returns (files, shortlist,
    rule). ``run`` is the written proposal's run (the saved one). A stage has no price
    envelope and is never blind: ``price_evaluators`` or ``blind`` raise ConfigError."""
    shortlist, rule = choose_shortlist(run, vendors, top)
    if not shortlist:
        raise ConfigError([Problem("--stage", "no vendor is left to shortlist")])
    narrowed = dataclasses.replace(run, vendors=[v for v in run.vendors if v.name in shortlist])
    written = write_sheets(
        narrowed,
        list(evaluators),
        price_evaluators=price_evaluators,
        blind=blind,
        max_rows=max_rows,
        stage=stage,
    )
    project = run.project
    record = {
        "stage": stage,
        "reference": project.spec.project.reference,
        "vendors": shortlist,
        "rule": rule,
    }
    target = stage_sheets_dir(project, stage) / SHORTLIST_FILE
    write_text(target, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return [*written, target], shortlist, rule


def read_shortlist(
    run: ScoreRun, stage: str, returned: Evaluations | None = None
) -> tuple[list[str], str, list[Problem]]:
    """(vendors, how the shortlist was set, warnings) for ``stage``.

    Its ``shortlist.json`` when there is one, each name no longer a vendor of the run warned
    about. Without it, the vendors on the ``returned`` sheets' own rows, which were issued for
    the shortlist and are fingerprinted, so re-scoring cannot change who was at the stage; the
    written ranking's top vendors only when no sheet came back (the stage is not held then).
    """
    project = run.project
    path = stage_sheets_dir(project, stage) / SHORTLIST_FILE
    shown = display_path(path, project.folder)
    if not path.is_file():
        return _without_record(run, stage, returned, shown)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ScoringError(f"{path}: not a readable shortlist ({error})") from None
    names = record.get("vendors") if isinstance(record, dict) else None
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ScoringError(f"{path}: 'vendors' must be a list of vendor names")
    if record.get("reference") != project.spec.project.reference:
        raise ScoringError(
            f"{path}: this shortlist belongs to RFP {record.get('reference')!r}, "
            f"not {project.spec.project.reference}"
        )
    present = {vendor.name for vendor in run.vendors}
    warnings: list[Problem] = [
        SheetWarning(
            shown,
            f"{name} is on the {stage} shortlist but is no vendor of this run (its folder was "
            "renamed or removed, or its name changed): its sheet rows cannot be scored",
        )
        for name in names
        if name not in present
    ]
    kept = [name for name in names if name in present]
    return kept, str(record.get("rule", "")), warnings


def _without_record(
    run: ScoreRun, stage: str, returned: Evaluations | None, shown: str
) -> tuple[list[str], str, list[Problem]]:
    """The shortlist when ``rfp sheets --stage`` left no record: the returned sheets' vendors,
    in the written order, else the default rule; either way said in a warning."""
    on_sheets = {e.vendor for sheet in (returned.sheets if returned else ()) for e in sheet.entries}
    if on_sheets:
        names = [str(name) for name in run.ranking.index if str(name) in on_sheets]
        why = f"the vendors on the returned {stage} sheets"
        return (
            names,
            f"{why}; {shown} not found",
            [SheetWarning(shown, f"not found: the {stage} shortlist is {why}: {', '.join(names)}")],
        )
    rule = DEFAULT_RULE.format(top=DEFAULT_SHORTLIST)
    names = default_shortlist(run.ranking)
    return (
        names,
        f"{rule}; {shown} not found",
        [SheetWarning(shown, f"not found, and no {stage} sheet was merged: the stage is not held")],
    )


def _on_shortlist(evaluations: Evaluations, shortlist: Sequence[str], stage: str) -> Evaluations:
    """``evaluations`` without rows or overrides for vendors not on the stage's shortlist, each
    file that had some named in a warning: a stray vendor is never scored at a stage."""
    allowed = set(shortlist)
    warnings: list[Problem] = []
    sheets = []
    for sheet in evaluations.sheets:
        stray = sorted({e.vendor for e in sheet.entries if e.vendor not in allowed})
        if stray:
            warnings.append(
                SheetWarning(
                    f"{sheet.path.parent.name}/{sheet.path.name}",
                    f"rows for {', '.join(stray)} ignored: not on the {stage} shortlist",
                )
            )
        kept = tuple(e for e in sheet.entries if e.vendor in allowed)
        sheets.append(dataclasses.replace(sheet, entries=kept))
    consensus = tuple(o for o in evaluations.consensus if o.vendor in allowed)
    if len(consensus) < len(evaluations.consensus) and evaluations.consensus_path is not None:
        path = evaluations.consensus_path
        warnings.append(
            SheetWarning(
                f"{path.parent.name}/{path.name}",
                f"overrides for vendors not on the {stage} shortlist ignored",
            )
        )
    return dataclasses.replace(
        evaluations,
        sheets=tuple(sheets),
        consensus=consensus,
        problems=(*evaluations.problems, *warnings),
    )


def with_stages(run: ScoreRun) -> ScoreRun:
    """``run`` with the scored stages whose sheets are back in ``evaluations/<stage>/``."""
    project = run.project
    shortlists: dict[str, list[str]] = {}
    sources: dict[str, str] = {}
    read: dict[str, Evaluations] = {}
    names = [vendor.name for vendor in run.vendors]
    for stage in project.stages:
        folder = stage_evaluations_dir(project, stage.id)
        if not folder.is_dir():
            continue
        evaluations = read_evaluations(project, names, folder, stage=stage.id)
        shortlists[stage.id], sources[stage.id], warnings = read_shortlist(
            run, stage.id, evaluations
        )
        evaluations = dataclasses.replace(evaluations, problems=(*evaluations.problems, *warnings))
        read[stage.id] = _on_shortlist(evaluations, shortlists[stage.id], stage.id)
    results = score_stages(project, run.ranking, shortlists, read, sources)
    unscored = [
        f"{EVALUATIONS_DIR}/{name}/ not read: {name} carries no points in rfp.yaml "
        "(evaluation.stages)"
        for name in SCORED_STAGES
        if project.stage(name) is None and stage_evaluations_dir(project, name).is_dir()
    ]
    return dataclasses.replace(
        run, stages=results, stage_sheets=read, notes=[*run.notes, *unscored]
    )
