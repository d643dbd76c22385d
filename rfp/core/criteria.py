"""Load the criteria library and select and weight it for a front, back or hybrid RFP.

Weights are apportioned once, here, with the largest-remainder method: area points are multiples
of 0.1 that sum to exactly 100 and criterion points are multiples of 0.01 that sum to their area's.
The RFP prints these numbers and ``rfp score`` uses the same ones, so the method a vendor reads
is exactly the method applied.

Areas are data: every ``*.yaml`` in ``criteria/`` (or the ``--criteria`` folder, whose files win
over same-named built-ins) other than ``offices.yaml`` is one area, named after its file. The
area file says its title, ``short_title``, ``order`` (areas are listed by it, then by id; those
without one come last) and whether it is the ``pricing`` area; each office profile in
``offices.yaml`` must give it a weight. Adding an area is adding a file and its weights.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rfp.core import resources
from rfp.core.spec import (
    MAX_WEIGHT,
    AreaFile,
    AreaInfo,
    Criterion,
    FunctionInfo,
    OfficeProfile,
    OfficesFile,
    Spec,
    SpecContext,
    suggest,
    too_large_weight,
    validate_document,
)
from rfp.core.yamlfile import DEFAULT_LIMITS, YamlDocument, YamlLimits, read_yaml
from rfp.errors import ConfigError, Problem

OFFICES_FILE = "offices.yaml"
AREA_SUFFIX = ".yaml"
OFFICES = ("front", "back", "hybrid")


@dataclass(frozen=True)
class Library:
    """Every area, criterion, function and office profile, validated together."""

    areas: dict[str, AreaInfo]
    criteria: dict[str, Criterion]
    functions: dict[str, FunctionInfo]
    offices: dict[str, OfficeProfile]
    sources: dict[str, Path]

    @property
    def area_ids(self) -> tuple[str, ...]:
        """Area ids in their documented order (each area file's ``order``, then id)."""
        return tuple(self.areas)

    @property
    def pricing_area(self) -> str | None:
        """The id of the area whose file says ``pricing: true``, if any."""
        return next((area.id for area in self.areas.values() if area.pricing), None)

    def context(self) -> SpecContext:
        """What an ``rfp.yaml`` is validated against."""
        return SpecContext(
            area_ids=tuple(self.areas),
            criterion_ids=frozenset(self.criteria),
            function_offices={fid: f.office for fid, f in self.functions.items()},
            office_weights={name: dict(p.weights) for name, p in self.offices.items()},
        )

    def applicable(self, office: str) -> list[Criterion]:
        """Library criteria that apply to ``office`` (hybrid takes everything)."""
        return [c for c in self.criteria.values() if applies(c, office)]

    def for_spec(self, spec: Spec) -> list[Criterion]:
        """Library criteria for the spec's office, functions and countries."""
        return [
            c
            for c in self.applicable(spec.office)
            if serves(c, spec.functions) and in_countries(c, spec.country_codes)
        ]


def applies(criterion: Criterion, office: str) -> bool:
    """Whether a criterion belongs in an RFP for ``office``."""
    return office == "hybrid" or criterion.applies_to in ("both", office)


def serves(criterion: Criterion, functions: Sequence[str]) -> bool:
    """Whether a criterion is about one of the functions being bought: a buyer of inbound
    service must not be asked about outbound telemarketing rules."""
    return criterion.functions == "all" or any(f in functions for f in criterion.functions)


def in_countries(criterion: Criterion, countries: Sequence[str]) -> bool:
    """Whether a country-specific criterion (e.g. UK PAYE) concerns one of the spec's countries."""
    return not criterion.countries or any(c in countries for c in criterion.countries)


def _check_functions(
    criteria: Mapping[str, Criterion],
    functions: Mapping[str, FunctionInfo],
    sources: Mapping[str, Path],
) -> list[Problem]:
    """Every function a criterion names must be in the catalogue and fit its office."""
    problems: list[Problem] = []
    for criterion in criteria.values():
        if criterion.functions == "all":
            continue
        for function_id in criterion.functions:
            info = functions.get(function_id)
            if info is None:
                problems.append(
                    Problem(
                        str(sources[criterion.id]),
                        f"{criterion.id}: unknown function {function_id!r}"
                        f"{suggest(function_id, functions)}",
                    )
                )
            elif criterion.applies_to not in ("both", info.office):
                problems.append(
                    Problem(
                        str(sources[criterion.id]),
                        f"{criterion.id} applies to the {criterion.applies_to} office but "
                        f"{function_id!r} is a {info.office}-office function",
                    )
                )
    return problems


def area_files(override: Path | None = None) -> dict[str, Path]:
    """Every ``<area>.yaml`` along the search path, keyed by area id; the override's copy wins.

    Any YAML file other than ``offices.yaml`` is an area, so a new area needs only a new file.
    """
    names: set[str] = set()
    for folder in resources.search_path("criteria", override):
        names |= {p.name for p in folder.glob(f"*{AREA_SUFFIX}") if p.name != OFFICES_FILE}
    return {
        name.removesuffix(AREA_SUFFIX): resources.find("criteria", name, override)
        for name in sorted(names)
    }


@dataclass(frozen=True)
class _AreaDocument:
    """One area file that passed schema validation."""

    area_id: str
    path: Path
    document: YamlDocument
    content: AreaFile


def _area_order(item: _AreaDocument) -> tuple[bool, int, str]:
    """Areas with an ``order`` first, by it; the rest after them; ties go by id."""
    order = item.content.area.order
    return order is None, order or 0, item.area_id


@dataclass
class _Loaded:
    """The areas and criteria read so far, and the problems they raised."""

    areas: dict[str, AreaInfo] = field(default_factory=dict)
    criteria: dict[str, Criterion] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _add_area(loaded: _Loaded, item: _AreaDocument) -> None:
    """Add one validated area file's area and criteria to ``loaded``."""
    area_id, document, area = item.area_id, item.document, item.content.area
    if area.id != area_id:
        loaded.problems.append(
            document.problem(("area", "id"), f"area id {area.id!r} must match the file name")
        )
    pricing = [other for other in loaded.areas.values() if other.pricing]
    if area.pricing and pricing:
        loaded.problems.append(
            document.problem(
                ("area", "pricing"),
                f"only one area can be the pricing area; {pricing[0].id!r} already is",
            )
        )
    loaded.areas[area_id] = area
    for index, criterion in enumerate(item.content.criteria):
        if criterion.area and criterion.area != area_id:
            loaded.problems.append(
                document.problem(
                    ("criteria", index, "area"),
                    f"{criterion.id} says area {criterion.area!r} but sits in {area_id}.yaml",
                )
            )
        if criterion.id in loaded.criteria:
            loaded.problems.append(
                document.problem(
                    ("criteria", index, "id"),
                    f"{criterion.id} is already defined in {loaded.sources[criterion.id].name}",
                )
            )
            continue
        loaded.criteria[criterion.id] = criterion.model_copy(update={"area": area_id})
        loaded.sources[criterion.id] = item.path


def _limits_for(path: Path, override: Path | None, limits: YamlLimits) -> YamlLimits:
    """The project's YAML limits for the buyer's own criteria files; the built-in library,
    which ships with the package, is always read with the defaults."""
    return limits if override is not None and path.is_relative_to(override) else DEFAULT_LIMITS


def _load_areas(files: Mapping[str, Path], override: Path | None, limits: YamlLimits) -> _Loaded:
    """Validate every area file, then take the areas in their documented order."""
    loaded = _Loaded()
    valid: list[_AreaDocument] = []
    for area_id, path in files.items():
        try:
            document = read_yaml(path, _limits_for(path, override, limits))
            valid.append(
                _AreaDocument(area_id, path, document, validate_document(document, AreaFile))
            )
        except ConfigError as error:
            loaded.problems.extend(error.problems)
    for item in sorted(valid, key=_area_order):
        _add_area(loaded, item)
    return loaded


def _stray_files(override: Path) -> list[Problem]:
    """YAML files in the override folder that are neither area files nor ``offices.yaml``."""
    return [
        Problem(
            str(stray),
            f"not a known criteria file; area files are named after the area id and end in "
            f"{AREA_SUFFIX} (the built-in ones: {', '.join(sorted(area_files()))}); put a "
            "buyer's own criteria under 'questions' in rfp.yaml",
        )
        for stray in sorted(override.glob("*.y*ml"))
        if not stray.name.endswith(AREA_SUFFIX)
    ]


def _check_weights(
    document: YamlDocument, offices: Mapping[str, OfficeProfile], area_ids: Sequence[str]
) -> list[Problem]:
    """Every office profile must weight every area, and nothing else, within 0 to MAX_WEIGHT."""
    problems: list[Problem] = []
    for office in OFFICES:
        if office not in offices:
            problems.append(document.problem(("offices",), f"the {office!r} profile is missing"))
    for name, profile in offices.items():
        for area_id, weight in profile.weights.items():
            if area_id not in area_ids:
                problems.append(
                    document.problem(
                        ("offices", name, "weights", area_id), f"unknown area {area_id!r}"
                    )
                )
            elif weight < 0:
                problems.append(
                    document.problem(
                        ("offices", name, "weights", area_id), "weights cannot be negative"
                    )
                )
            elif weight > MAX_WEIGHT:
                problems.append(
                    document.problem(("offices", name, "weights", area_id), too_large_weight())
                )
        for area_id in area_ids:
            if area_id not in profile.weights:
                problems.append(
                    document.problem(
                        ("offices", name, "weights"), f"no weight for area {area_id!r}"
                    )
                )
    return problems


def load_library(override: Path | None = None, limits: YamlLimits = DEFAULT_LIMITS) -> Library:
    """Read every criteria file (override folder first) and report all problems at once;
    ``limits`` are the project's bounds on YAML size, depth and node count, applied to the
    files in ``override``."""
    files = area_files(override)
    loaded = _load_areas(files, override, limits)
    problems = loaded.problems
    if override is not None:
        problems.extend(_stray_files(override))
    functions: dict[str, FunctionInfo] = {}
    offices: dict[str, OfficeProfile] = {}
    try:
        offices_path = resources.find("criteria", OFFICES_FILE, override)
        offices_document = read_yaml(offices_path, _limits_for(offices_path, override, limits))
        offices_file = validate_document(offices_document, OfficesFile)
    except ConfigError as error:
        problems.extend(error.problems)
    else:
        functions = {f.id: f for f in offices_file.functions}
        offices = {str(name): profile for name, profile in offices_file.offices.items()}
        known = [*loaded.areas, *(a for a in files if a not in loaded.areas)]
        problems.extend(_check_weights(offices_document, offices, known))
        problems.extend(_check_functions(loaded.criteria, functions, loaded.sources))
    if problems:
        raise ConfigError(problems)
    return Library(
        areas=loaded.areas,
        criteria=loaded.criteria,
        functions=functions,
        offices=offices,
        sources=loaded.sources,
    )


# --------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class WeightedCriterion:
    """A criterion in a concrete RFP with the points (out of 100) it carries."""

    criterion: Criterion
    points: float

    @property
    def id(self) -> str:
        """The question id."""
        return self.criterion.id


@dataclass(frozen=True)
class WeightedArea:
    """An area in a concrete RFP, its points out of 100 and its criteria."""

    area: AreaInfo
    raw_weight: float
    points: float
    criteria: tuple[WeightedCriterion, ...]

    @property
    def id(self) -> str:
        """The area id."""
        return self.area.id


@dataclass(frozen=True)
class Selection:
    """The criteria of one RFP, weighted. Both ``generate`` and ``score`` read this."""

    office: str
    areas: tuple[WeightedArea, ...]

    @property
    def criteria(self) -> list[WeightedCriterion]:
        """Every selected criterion, area by area."""
        return [wc for area in self.areas for wc in area.criteria]

    @property
    def area_points(self) -> dict[str, float]:
        """Points per area id; they sum to exactly 100."""
        return {area.id: area.points for area in self.areas}

    @property
    def mandatory(self) -> list[WeightedCriterion]:
        """Pass/fail criteria."""
        return [wc for wc in self.criteria if wc.criterion.mandatory]

    @property
    def pricing_area(self) -> str | None:
        """The id of the pricing area (its file says ``pricing: true``), if this RFP has it."""
        return next((area.id for area in self.areas if area.area.pricing), None)

    def by_id(self) -> dict[str, WeightedCriterion]:
        """Selected criteria keyed by id."""
        return {wc.id: wc for wc in self.criteria}

    def with_check(self, check_type: str) -> list[WeightedCriterion]:
        """Selected criteria scored by the structured check ``check_type``."""
        return [
            wc
            for wc in self.criteria
            if wc.criterion.check is not None and wc.criterion.check.type == check_type
        ]


def apportion(raw: Mapping[str, float], total: float, step: float) -> dict[str, float]:
    """Split ``total`` in proportion to ``raw`` into multiples of ``step`` that add up exactly.

    Largest-remainder (Hamilton) method; ties go to the earlier key, so the result is
    deterministic and independent of floating-point noise in the inputs. Weights are scaled by
    the largest first, so no finite weight, however large or small, overflows the arithmetic.
    Weights must be finite and not negative (the spec models ensure it): ValueError otherwise.
    """
    if not all(math.isfinite(value) and value >= 0 for value in raw.values()):
        raise ValueError(f"weights must be finite and not negative: {dict(raw)}")
    units = round(total / step)
    largest = max(raw.values(), default=0.0)
    if largest <= 0:
        return dict.fromkeys(raw, 0.0)
    scaled = {key: value / largest for key, value in raw.items()}
    weight_sum = math.fsum(scaled.values())
    quotas = {key: units * value / weight_sum for key, value in scaled.items()}
    floors = {key: math.floor(quota + 1e-9) for key, quota in quotas.items()}
    order = list(raw)
    leftover = units - sum(floors.values())
    by_remainder = sorted(
        order, key=lambda key: (-round(quotas[key] - floors[key], 9), order.index(key))
    )
    for key in by_remainder[:leftover]:
        floors[key] += 1
    return {key: round(floors[key] * step, 6) for key in order}


def select(library: Library, spec: Spec, spec_file: str = "rfp.yaml") -> Selection:
    """Choose and weight the criteria for ``spec``; raise ConfigError if weights cannot work."""
    chosen: dict[str, Criterion] = {
        c.id: c for c in library.for_spec(spec) if c.id not in spec.criteria.exclude
    }
    for criterion_id in spec.criteria.include:
        chosen.setdefault(criterion_id, library.criteria[criterion_id])
    for question in spec.questions:
        chosen[question.id] = question

    profile = library.offices[spec.office]
    area_weights = {area_id: profile.weights[area_id] for area_id in library.areas}
    area_weights.update(spec.weights)

    grouped: dict[str, list[Criterion]] = {area_id: [] for area_id in library.areas}
    for criterion in chosen.values():
        grouped[criterion.area].append(criterion)
    for members in grouped.values():
        members.sort(key=_id_sort_key)

    problems: list[Problem] = []
    live = {area_id: area_weights[area_id] for area_id, members in grouped.items() if members}
    if not any(weight > 0 for weight in live.values()):
        problems.append(
            Problem(spec_file, "no area with criteria has a positive weight", "weights")
        )
    area_points = apportion(live, 100.0, 0.1)

    areas: list[WeightedArea] = []
    for area_id, members in grouped.items():
        if not members:
            continue
        criterion_weights = {c.id: spec.criteria.weights.get(c.id, c.weight) for c in members}
        if area_points[area_id] > 0 and not any(w > 0 for w in criterion_weights.values()):
            problems.append(
                Problem(
                    spec_file,
                    f"area {area_id!r} has weight but every criterion in it has weight 0",
                    "criteria.weights",
                )
            )
            continue
        points = apportion(criterion_weights, area_points[area_id], 0.01)
        areas.append(
            WeightedArea(
                area=library.areas[area_id],
                raw_weight=area_weights[area_id],
                points=area_points[area_id],
                criteria=tuple(WeightedCriterion(c, points[c.id]) for c in members),
            )
        )
    if problems:
        raise ConfigError(problems)
    return Selection(office=spec.office, areas=tuple(areas))


def _id_sort_key(criterion: Criterion) -> tuple[str, int]:
    prefix, _, number = criterion.id.rpartition("-")
    return prefix, int(number)
