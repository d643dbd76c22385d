"""A project folder: ``rfp.yaml``, the library it refers to, and the weighted criteria selection.

Every command (generate, score, sheets, report) starts here, so they all see the same weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rfp.core.criteria import Library, Selection, load_library, select
from rfp.core.spec import Spec, limits_of, validate_document
from rfp.core.stages import ScoredStage, scored_stages
from rfp.core.yamlfile import read_yaml
from rfp.errors import ConfigError, Problem

SPEC_FILE = "rfp.yaml"
OUTPUT_DIR = "out"


@dataclass(frozen=True)
class Project:
    """A validated project, ready to generate or score."""

    folder: Path
    spec: Spec
    library: Library
    selection: Selection
    stages: tuple[ScoredStage, ...] = ()
    """The later stages that carry points (``evaluation.stages``), with what each scores."""

    def stage(self, name: str) -> ScoredStage | None:
        """The scored stage ``name``, or None when the spec gives it no points."""
        return next((stage for stage in self.stages if stage.id == name), None)

    @property
    def spec_path(self) -> Path:
        """The project's ``rfp.yaml``."""
        return self.folder / SPEC_FILE

    @property
    def output_dir(self) -> Path:
        """Where every command writes: ``<project>/out``."""
        return self.folder / OUTPUT_DIR


def load_project(folder: Path, criteria_override: Path | None = None) -> Project:
    """Load and validate a project folder; every configuration problem is raised at once."""
    spec_path = folder / SPEC_FILE
    if not folder.is_dir():
        raise ConfigError([Problem(str(folder), "the project folder does not exist")])
    if not spec_path.is_file():
        raise ConfigError(
            [Problem(str(spec_path), f"not found; create it with: rfp init {folder}")]
        )
    document = read_yaml(spec_path)  # with the default limits: its own are inside it
    library = load_library(criteria_override, limits_of(document).yaml())
    spec = validate_document(document, Spec, library.context())
    selection = select(library, spec, str(spec_path))
    stages = scored_stages(spec, criteria_override, limits_of(document).yaml())
    return Project(folder=folder, spec=spec, library=library, selection=selection, stages=stages)
