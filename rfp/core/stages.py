"""What the later evaluation stages score: the shipped stage library and the stages a spec scores.

A stage such as the orals is scored like the written proposal, on 0-5 rubrics in evaluator
sheets, but by what the panel saw and heard rather than by what the vendor wrote. What each
stage scores is data, one file per stage in ``criteria/stages/<stage>.yaml``; a buyer edits it
the way it edits the criteria, with a copy of the file under ``<--criteria folder>/stages/``,
which wins over the built-in one. Inside a stage, points are apportioned to 100 with the same
largest-remainder method as the written proposal's, so the RFP prints the numbers scoring uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rfp.core import resources
from rfp.core.criteria import WeightedCriterion, apportion
from rfp.core.spec import Spec, StageFile, StageInfo, validate_document
from rfp.core.yamlfile import DEFAULT_LIMITS, YamlLimits, read_yaml
from rfp.errors import ConfigError, Problem

STAGES_FOLDER = "stages"
"""The stage files' folder inside ``criteria/`` (and inside a ``--criteria`` override)."""


@dataclass(frozen=True)
class ScoredStage:
    """A stage that carries points: its share of the final total and what it scores."""

    info: StageInfo
    share: float
    """Percent of the final total (``evaluation.stages``)."""
    criteria: tuple[WeightedCriterion, ...]
    """What evaluators score, with points out of the stage's 100."""
    source: Path

    @property
    def id(self) -> str:
        """The stage id, which is also its ``timeline`` key and its folder name."""
        return self.info.id


def stage_file(stage: str, override: Path | None = None) -> Path:
    """``criteria/stages/<stage>.yaml``, the override folder's copy first."""
    return resources.find("criteria", f"{STAGES_FOLDER}/{stage}.yaml", override)


def _limits_for(path: Path, override: Path | None, limits: YamlLimits) -> YamlLimits:
    """The project's YAML limits for the buyer's own files; the built-ins use the defaults."""
    return limits if override is not None and path.is_relative_to(override) else DEFAULT_LIMITS


def load_stage(
    stage: str, share: float, override: Path | None = None, limits: YamlLimits = DEFAULT_LIMITS
) -> ScoredStage:
    """Read and weight one stage's file; every problem in it is raised at once."""
    path = stage_file(stage, override)
    document = read_yaml(path, _limits_for(path, override, limits))
    content = validate_document(document, StageFile)
    problems: list[Problem] = []
    if content.stage.id != stage:
        problems.append(
            document.problem(("stage", "id"), f"stage id {content.stage.id!r} must match the file")
        )
    seen: set[str] = set()
    for index, item in enumerate(content.criteria):
        if item.id in seen:
            problems.append(document.problem(("criteria", index, "id"), f"{item.id} is repeated"))
        seen.add(item.id)
    raw = {item.id: item.weight for item in content.criteria}
    if not any(weight > 0 for weight in raw.values()):
        problems.append(document.problem(("criteria",), "every criterion has weight 0"))
    if problems:
        raise ConfigError(problems)
    points = apportion(raw, 100.0, 0.01)
    return ScoredStage(
        info=content.stage,
        share=share,
        criteria=tuple(
            WeightedCriterion(item.as_criterion(stage), points[item.id])
            for item in content.criteria
        ),
        source=path,
    )


def scored_stages(
    spec: Spec, override: Path | None = None, limits: YamlLimits = DEFAULT_LIMITS
) -> tuple[ScoredStage, ...]:
    """The stages ``spec`` gives points to, in process order; problems in all of them at once."""
    found: list[ScoredStage] = []
    problems: list[Problem] = []
    for stage, share in spec.evaluation.scored_stages.items():
        try:
            found.append(load_stage(stage, share, override, limits))
        except ConfigError as error:
            problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
    return tuple(found)


def written_share(stages: tuple[ScoredStage, ...]) -> float:
    """Percent of the final total the written proposal keeps."""
    return 100.0 - sum(stage.share for stage in stages)
