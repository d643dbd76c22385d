"""Advice before the RFP (``rfp advise``): front, back or hybrid, and where to deliver from.

Pure: the buyer's answers in, a reasoned recommendation out; no files, no printing.

The rules are tables, not branches, so a sourcing lead can read them and defend each line:

- ``OFFICE_FACTORS`` holds the seven decision factors of seed 000 ("Choosing front, back or
  hybrid", in ../shared/DOMAIN.md). Each maps the buyer's answer to the office it points to and
  why. The functions decide the office (a front-office RFP cannot ask about payroll); the other
  factors confirm it, or are reported as pointing the other way, or as balancing it.
- ``SHORE_RULES`` scores onshore, nearshore and offshore for each group of functions (front and
  back) on the location factors of DOMAIN.md: cost advantage, time-zone alignment, cultural and
  regulatory alignment, data residency, language, brand risk and around-the-clock coverage.
  Points are small integers (1 = a lean, 2 = a strong reason); data residency excludes.

Nothing is guessed silently: a factor the buyer did not answer is listed as not assessed, inputs
that contradict each other are said plainly, and a tie is called balanced with what would tip it.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pycountry

from rfp.core.languages import code_for_name, is_language_code
from rfp.core.spec import suggest
from rfp.errors import ConfigError, Problem

LOCATIONS = ("onshore", "nearshore", "offshore")
OFFICES = ("front", "back")
GOALS = ("revenue", "cost")
CONTACTS = ("none", "some", "continuous")
LEVELS = ("low", "medium", "high")
SCALINGS = ("slow", "seasonal", "fast")
HOURS = ("business", "extended", "24x7")
CONSTRAINTS: dict[str, str] = {
    "data_in_country": "data must stay in the buyer's country",
    "gdpr": "GDPR (EU/EEA personal data)",
    "hipaa": "HIPAA (US health data)",
    "pci": "PCI DSS (payment card data)",
    "public_sector": "public-sector procurement rules",
}
ACCEPT_MARGIN = 1
"""A location one point (a lean) behind the best is also accepted in rfp.yaml, so the
competition is not narrowed by a lean alone; one strong reason (2 points) behind is not."""


# --------------------------------------------------------------------------- the answers


@dataclass(frozen=True)
class Question:
    """One thing ``rfp advise`` needs: its option, the question asked, and its choices."""

    name: str
    option: str
    ask: str
    choices: str
    required: bool = True


QUESTIONS: tuple[Question, ...] = (
    Question(
        "functions", "--functions", "Functions you are buying", "function ids, comma-separated"
    ),
    Question("goals", "--goals", "Goals", "revenue, cost, or revenue,cost"),
    Question("contact", "--contact", "Customer contact", "none, some or continuous"),
    Question("exposure", "--exposure", "Risk and brand exposure", "low, medium or high"),
    Question("scaling", "--scaling", "How fast volumes must scale", "slow, seasonal or fast"),
    Question(
        "constraints",
        "--constraints",
        "Regulatory constraints",
        f"none, or comma-separated: {', '.join(CONSTRAINTS)}",
    ),
    Question("country", "--country", "Your country", "ISO code such as US or GB", False),
    Question("languages", "--languages", "Languages needed", "ISO 639-1 codes, e.g. en,es", False),
    Question("time_zone", "--time-zone", "Your time zone", "IANA name, e.g. Europe/London", False),
    Question("hours", "--hours", "Hours to cover", "business, extended or 24x7", False),
)


@dataclass(frozen=True)
class Needs:
    """The buyer's answers, checked. ``offices`` maps each function bought to its office."""

    functions: tuple[str, ...]
    offices: Mapping[str, str]
    goals: frozenset[str]
    contact: str
    exposure: str
    scaling: str
    constraints: frozenset[str] = frozenset()
    country: str | None = None
    languages: tuple[str, ...] = ()
    time_zone: str | None = None
    hours: str | None = None

    def in_office(self, office: str) -> tuple[str, ...]:
        """The functions bought that belong to ``office``, in the order given."""
        return tuple(f for f in self.functions if self.offices[f] == office)


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.replace(";", ",").split(",") if item.strip()]


def _unknown(value: str, known: Mapping[str, object] | tuple[str, ...], what: str) -> str:
    return f"unknown {what} {value!r}{suggest(value, known)}; known: {', '.join(known)}"


def _functions(text: str, catalogue: Mapping[str, str]) -> tuple[object, list[str]]:
    chosen = _items(text)
    errors = [
        _unknown(f, tuple(sorted(catalogue)), "function") for f in chosen if f not in catalogue
    ]
    if not chosen:
        errors.append("name at least one function")
    return tuple(dict.fromkeys(chosen)), errors


def _goals(text: str, _: Mapping[str, str]) -> tuple[object, list[str]]:
    chosen = {"revenue", "cost"} if text.strip().lower() == "both" else set(_items(text.lower()))
    errors = [_unknown(g, GOALS, "goal") for g in sorted(chosen - set(GOALS))]
    if not chosen:
        errors.append("name revenue, cost or both")
    return frozenset(chosen & set(GOALS)), errors


def _choice(choices: tuple[str, ...], what: str) -> Callable[..., tuple[object, list[str]]]:
    def parse(text: str, _: Mapping[str, str]) -> tuple[object, list[str]]:
        value = text.strip().lower()
        return value, [] if value in choices else [_unknown(value, choices, what)]

    return parse


def _constraints(text: str, _: Mapping[str, str]) -> tuple[object, list[str]]:
    chosen = set(_items(text.lower())) - {"none"}
    errors = [
        _unknown(c, tuple(CONSTRAINTS), "constraint") for c in sorted(chosen - set(CONSTRAINTS))
    ]
    return frozenset(chosen & set(CONSTRAINTS)), errors


def _country(text: str, _: Mapping[str, str]) -> tuple[object, list[str]]:
    try:
        return str(pycountry.countries.lookup(text.strip()).alpha_2), []
    except LookupError:
        return None, [f"unknown country {text.strip()!r}; use an ISO code such as US or GB"]


def _languages(text: str, _: Mapping[str, str]) -> tuple[object, list[str]]:
    codes, errors = [], []
    for entry in _items(text):
        code = entry.lower() if is_language_code(entry.lower()) else code_for_name(entry)
        if code is None:
            errors.append(f"{entry!r} is not an ISO 639-1 language code such as en or es")
        else:
            codes.append(code)
    return tuple(dict.fromkeys(codes)), errors


def _time_zone(text: str, _: Mapping[str, str]) -> tuple[object, list[str]]:
    value = text.strip()
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        hint = suggest(value, zoneinfo.available_timezones())
        return None, [f"unknown time zone {value!r}{hint}; use an IANA name such as Europe/London"]
    return value, []


PARSERS: dict[str, Callable[[str, Mapping[str, str]], tuple[object, list[str]]]] = {
    "functions": _functions,
    "goals": _goals,
    "contact": _choice(CONTACTS, "contact level"),
    "exposure": _choice(LEVELS, "exposure level"),
    "scaling": _choice(SCALINGS, "scaling speed"),
    "constraints": _constraints,
    "country": _country,
    "languages": _languages,
    "time_zone": _time_zone,
    "hours": _choice(HOURS, "hours"),
}


def check_answer(name: str, text: str, catalogue: Mapping[str, str]) -> list[str]:
    """What is wrong with one answer (empty when it is fine), for re-asking at a prompt."""
    return PARSERS[name](text, catalogue)[1]


def parse_needs(answers: Mapping[str, str | None], catalogue: Mapping[str, str]) -> Needs:
    """Check every answer; raise one ConfigError naming every missing or bad option at once.

    ``catalogue`` maps every known function id to its office (criteria/offices.yaml).
    """
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for question in QUESTIONS:
        text = answers.get(question.name)
        if text is None or not text.strip():
            if question.required:
                problems.append(Problem(question.option, f"missing; give {question.choices}"))
            continue
        value, errors = PARSERS[question.name](text, catalogue)
        problems += [Problem(question.option, error) for error in errors]
        values[question.name] = value
    if problems:
        raise ConfigError(problems)
    return _needs(values, catalogue)


def _needs(values: Mapping[str, object], catalogue: Mapping[str, str]) -> Needs:
    """Build Needs from parsed answers (their types are the parsers' own)."""
    functions: tuple[str, ...] = values["functions"]  # type: ignore[assignment]
    languages: tuple[str, ...] = values.get("languages", ())  # type: ignore[assignment]
    return Needs(
        functions=functions,
        offices={f: catalogue[f] for f in functions},
        goals=values["goals"],  # type: ignore[arg-type]
        contact=str(values["contact"]),
        exposure=str(values["exposure"]),
        scaling=str(values["scaling"]),
        constraints=values.get("constraints", frozenset()),  # type: ignore[arg-type]
        country=_optional(values.get("country")),
        languages=languages,
        time_zone=_optional(values.get("time_zone")),
        hours=_optional(values.get("hours")),
    )


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


# --------------------------------------------------------------------------- front, back or hybrid


@dataclass(frozen=True)
class Finding:
    """One factor's reading: the input behind it, the office it points to, and why."""

    factor: str
    given: str
    leans: str  # "front", "back", "both" or "neither"
    reason: str


@dataclass(frozen=True)
class OfficeFactor:
    """A row of the office table: how to read the answer, and what each reading means."""

    factor: str
    read: Callable[[Needs], str]
    given: Callable[[Needs], str]
    leans: Mapping[str, tuple[str, str]]  # reading -> (office it points to, reason)


def _function_offices(needs: Needs) -> str:
    offices = {needs.offices[f] for f in needs.functions}
    return "both" if len(offices) > 1 else offices.pop()


def _goal_reading(needs: Needs) -> str:
    return "both" if needs.goals == frozenset(GOALS) else next(iter(needs.goals))


def _functions_given(needs: Needs) -> str:
    return "functions = " + ", ".join(needs.functions)


OFFICE_FACTORS: tuple[OfficeFactor, ...] = (
    OfficeFactor(
        "1 function type",
        _function_offices,
        _functions_given,
        {
            "front": (
                "front",
                "every function named works with customers (seed 000: match the "
                "office to the function)",
            ),
            "back": (
                "back",
                "every function named is internal work without customer contact "
                "(seed 000: match the office to the function)",
            ),
            "both": ("both", "the functions named include customer-facing and internal work"),
        },
    ),
    OfficeFactor(
        "2 goals",
        _goal_reading,
        lambda n: "goals = " + ",".join(g for g in GOALS if g in n.goals),
        {
            "revenue": (
                "front",
                "revenue growth, customer acquisition and retention are "
                "front-office goals (seed 000)",
            ),
            "cost": (
                "back",
                "cost reduction and process efficiency are back-office goals (seed 000)",
            ),
            "both": ("both", "growth and efficiency at once is the seed's case for a hybrid"),
        },
    ),
    OfficeFactor(
        "3 revenue vs cost impact",
        _function_offices,
        _functions_given,
        {
            "front": (
                "front",
                "these functions are revenue-generating investments measured by "
                "CSAT, retention and conversion (DOMAIN: cost classification)",
            ),
            "back": (
                "back",
                "these functions are operating expenses measured by accuracy and "
                "cost per transaction (DOMAIN: cost classification)",
            ),
            "both": ("both", "some functions earn revenue, others are operating expense"),
        },
    ),
    OfficeFactor(
        "4 customer interaction",
        lambda n: n.contact,
        lambda n: f"contact = {n.contact}",
        {
            "continuous": (
                "front",
                "direct, continuous contact with customers is front-office work (seed 000)",
            ),
            "some": ("neither", "occasional contact fits either office"),
            "none": ("back", "minimal or no customer contact is back-office work (seed 000)"),
        },
    ),
    OfficeFactor(
        "5 risk and brand exposure",
        lambda n: n.exposure,
        lambda n: f"exposure = {n.exposure}",
        {
            "high": (
                "front",
                "the work touches customers and shapes how they see the brand; "
                "outsource it as front office only with the controls that needs "
                "(seed 000)",
            ),
            "medium": ("neither", "medium exposure does not point either way"),
            "low": (
                "back",
                "standardised, controlled processes with low brand exposure are "
                "what the back office outsources first (seed 000)",
            ),
        },
    ),
    OfficeFactor(
        "6 scaling speed",
        lambda n: n.scaling,
        lambda n: f"scaling = {n.scaling}",
        {
            "fast": (
                "front",
                "scaling customer engagement quickly across markets is the "
                "front office's case (seed 000)",
            ),
            "seasonal": (
                "neither",
                "seasonal peaks occur in both offices (holiday contact "
                "peaks, year-end payroll and close)",
            ),
            "slow": (
                "back",
                "steady growth of internal processes without adding headcount is "
                "the back office's case (seed 000)",
            ),
        },
    ),
    OfficeFactor(
        "7 both needed",
        _function_offices,
        _functions_given,
        {
            "front": ("neither", "only front-office functions are bought"),
            "back": ("neither", "only back-office functions are bought"),
            "both": (
                "both",
                "both customer-facing and internal functions are outsourced "
                "together: hybrid (seed 000)",
            ),
        },
    ),
)


@dataclass(frozen=True)
class OfficeAdvice:
    """The office model, the reading of every factor, and how firmly they agree."""

    office: str
    status: str  # "hybrid", "agreed", "mostly", "balanced" or "against"
    verdict: str
    findings: tuple[Finding, ...]
    against: tuple[Finding, ...]
    tips: tuple[str, ...]


def read_factors(needs: Needs) -> tuple[Finding, ...]:
    """Every office factor read against the buyer's answers, in the seed's order."""
    findings = []
    for factor in OFFICE_FACTORS:
        leans, reason = factor.leans[factor.read(needs)]
        findings.append(Finding(factor.factor, factor.given(needs), leans, reason))
    return tuple(findings)


def _office_tips(office: str, findings: tuple[Finding, ...]) -> tuple[str, ...]:
    """The answers that would settle the office, for a buyer whose factors disagree."""
    settle = {
        "front": "goals = revenue, contact = continuous, exposure = high, scaling = fast",
        "back": "goals = cost, contact = none, exposure = low, scaling = slow",
    }[office]
    other = "back" if office == "front" else "front"
    pulling = ", ".join(f.given for f in findings if f.leans == other)
    return (
        f"the {office}-office answers ({settle}) would confirm {office} office; "
        f"now pulling toward {other}: {pulling}",
        f"if the vendor will also do {other}-office work, add a {other}-office function: "
        "that makes it hybrid",
    )


def advise_office(needs: Needs) -> OfficeAdvice:
    """Front, back or hybrid: the functions decide; the other factors confirm it or not."""
    findings = read_factors(needs)
    office = _function_offices(needs)
    if office == "both":
        verdict = (
            f"hybrid: front-office {', '.join(needs.in_office('front'))} and back-office "
            f"{', '.join(needs.in_office('back'))} are bought together (factor 7)"
        )
        return OfficeAdvice("hybrid", "hybrid", verdict, findings, (), ())
    other = "back" if office == "front" else "front"
    agree = sum(f.leans == office for f in findings)
    against = tuple(f for f in findings if f.leans == other)
    count = (
        f"{agree} of {len(findings)} factors point to {office} office, {len(against)} to {other}"
    )
    if not against:
        return OfficeAdvice(office, "agreed", f"{office} office: {count}", findings, (), ())
    if agree > len(against):
        verdict = f"{office} office: {count}"
        return OfficeAdvice(office, "mostly", verdict, findings, against, ())
    status = "balanced" if agree == len(against) else "against"
    state = "balanced" if status == "balanced" else "against it"
    verdict = (
        f"{office} office, but the factors are {state}: {count}. The RFP must be {office} "
        f"office because every function named is; check the answers that point to {other} office"
    )
    return OfficeAdvice(office, status, verdict, findings, against, _office_tips(office, findings))


# --------------------------------------------------------------------------- where from


@dataclass(frozen=True)
class Group:
    """One group of functions being located, with the answers as they apply to it."""

    office: str
    functions: tuple[str, ...]
    contact: str
    needs: Needs
    contact_fixed: bool = False  # the back group of a hybrid: no customer contact by definition

    def answers(self, names: tuple[str, ...]) -> str:
        """The buyer's answers ``names`` as this group reads them, e.g. "goals = cost"."""
        return "; ".join(self._answer(name) for name in names)

    def _answer(self, name: str) -> str:
        if name == "contact":
            return (
                "contact = none (back office)"
                if self.contact_fixed
                else f"contact = {self.contact}"
            )
        value = getattr(self.needs, name)
        if isinstance(value, (tuple, frozenset)):
            shown = ",".join(sorted(value) if isinstance(value, frozenset) else value)
            return f"{name} = {shown or 'none'}"
        return f"{name} = {value if value is not None else 'not given'}"


@dataclass(frozen=True)
class ShoreRule:
    """A row of the location table: when it applies, its points per location, and why."""

    factor: str
    when: str
    applies: Callable[[Group], bool]
    points: Mapping[str, int]
    reason: str
    excludes: frozenset[str] = frozenset()
    live: bool = False  # applies only where customers are served
    inputs: tuple[str, ...] = ()  # the answers it reads, shown as "the input that led to it"

    def holds(self, group: Group) -> bool:
        """Whether the rule applies to ``group``."""
        return (group.contact != "none" or not self.live) and self.applies(group)

    def could_hold(self, group: Group) -> bool:
        """Whether another answer could make it apply (not for a hybrid's back group if live)."""
        return not (self.live and group.contact_fixed)


def _points(onshore: int, nearshore: int, offshore: int) -> dict[str, int]:
    return {"onshore": onshore, "nearshore": nearshore, "offshore": offshore}


SHORE_RULES: tuple[ShoreRule, ...] = (
    ShoreRule(
        "cost advantage",
        "goals include cost",
        lambda g: "cost" in g.needs.goals,
        _points(0, 1, 2),
        "offshore has the largest labour-cost advantage, nearshore part of it "
        "(DOMAIN: location types)",
        inputs=("goals",),
    ),
    ShoreRule(
        "time-zone alignment",
        "customers are served live in your hours (contact some or continuous, hours not 24x7)",
        lambda g: g.needs.hours != "24x7",
        _points(1, 1, 0),
        "live contact in your hours needs the vendor's working day to overlap yours: onshore "
        "shares your time zone, nearshore is close to it",
        live=True,
        inputs=("contact", "hours"),
    ),
    ShoreRule(
        "brand risk",
        "exposure is high and customers are served",
        lambda g: g.needs.exposure == "high",
        _points(2, 1, 0),
        "customers hear the vendor's agents: high brand exposure favours agents closest to "
        "your customers' culture and accent (seeds 001, 004: cultural fit)",
        live=True,
        inputs=("exposure", "contact"),
    ),
    ShoreRule(
        "cultural and regulatory alignment",
        "exposure is high",
        lambda g: g.needs.exposure == "high",
        _points(1, 0, 0),
        "high risk: an onshore vendor works under your own law, regulators and courts "
        "(DOMAIN: onshore = cultural and regulatory alignment)",
        inputs=("exposure",),
    ),
    ShoreRule(
        "data residency",
        "constraint data_in_country",
        lambda g: "data_in_country" in g.needs.constraints,
        _points(0, 0, 0),
        "the data must stay in your country, so only onshore delivery is possible",
        frozenset({"nearshore", "offshore"}),
        inputs=("constraints",),
    ),
    ShoreRule(
        "data residency (GDPR)",
        "constraint gdpr",
        lambda g: "gdpr" in g.needs.constraints,
        _points(1, 1, 0),
        "personal data leaving the EU/EEA needs an adequacy decision or standard contractual "
        "clauses (GDPR Art. 44-46); onshore, or nearshore inside the EEA, needs neither",
        inputs=("constraints",),
    ),
    ShoreRule(
        "regulatory alignment (HIPAA)",
        "constraint hipaa",
        lambda g: "hipaa" in g.needs.constraints,
        _points(1, 0, 0),
        "HIPAA allows offshore work under a BAA, but many health plans' contracts restrict "
        "offshore access to PHI; check yours",
        inputs=("constraints",),
    ),
    ShoreRule(
        "regulatory alignment (PCI DSS)",
        "constraint pci",
        lambda g: "pci" in g.needs.constraints,
        _points(0, 0, 0),
        "PCI DSS applies wherever the work is done: require the service-provider attestation "
        "from any location; it favours none",
        inputs=("constraints",),
    ),
    ShoreRule(
        "regulatory alignment (public sector)",
        "constraint public_sector",
        lambda g: "public_sector" in g.needs.constraints,
        _points(2, 0, 0),
        "public-sector contracts often require onshore delivery and in-country data (e.g. "
        "FedRAMP in the US); check your procurement rules",
        inputs=("constraints",),
    ),
    ShoreRule(
        "language",
        "more than one language is needed",
        lambda g: len(g.needs.languages) > 1,
        _points(0, 1, 0),
        "nearshore hubs are often bilingual (DOMAIN: location types)",
        inputs=("languages",),
    ),
    ShoreRule(
        "around-the-clock coverage",
        "hours = 24x7",
        lambda g: g.needs.hours == "24x7",
        _points(0, 0, 2),
        "follow-the-sun: an offshore site's day shift covers your night without night shifts",
        inputs=("hours",),
    ),
)

NOT_ASSESSED: tuple[tuple[str, str], ...] = (
    (
        "languages",
        "language: languages not given (--languages); a multilingual need would favour nearshore",
    ),
    ("hours", "around-the-clock coverage: hours not given (--hours); 24x7 would favour offshore"),
    ("country", "buyer's country not given (--country): rfp.yaml keeps the starter's US"),
    (
        "time_zone",
        "time zone not given (--time-zone): rfp.yaml keeps the starter's America/New_York",
    ),
)


@dataclass(frozen=True)
class ShoreFinding:
    """One rule that applied: its points per location and the input behind it."""

    factor: str
    given: str
    points: Mapping[str, int]
    reason: str
    excludes: frozenset[str]


@dataclass(frozen=True)
class ShoreAdvice:
    """Where one group of functions should be delivered from, and why."""

    group: str
    functions: tuple[str, ...]
    scores: Mapping[str, int]
    recommended: tuple[str, ...]
    accepted: tuple[str, ...]
    excluded: frozenset[str]
    findings: tuple[ShoreFinding, ...]
    conflicts: tuple[str, ...]
    tips: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def balanced(self) -> bool:
        """Whether two or more locations tie for first."""
        return len(self.recommended) > 1


FIXED_CONTACT_NOTE = (
    "the contact answer is not counted for this group: back-office functions have minimal or "
    "no customer contact (seed 000), so time-zone alignment and brand risk do not apply"
)


def _groups(needs: Needs) -> tuple[Group, ...]:
    """Front and back functions are located separately; a back group in a hybrid has no
    customer contact by definition (seed 000), whatever the front group's contact is."""
    hybrid = len({needs.offices[f] for f in needs.functions}) > 1
    groups = []
    for office in OFFICES:
        functions = needs.in_office(office)
        if functions:
            fixed = hybrid and office == "back"
            contact = "none" if fixed else needs.contact
            groups.append(Group(office, functions, contact, needs, fixed))
    return tuple(groups)


def _conflicts(best: str, findings: tuple[ShoreFinding, ...]) -> tuple[str, ...]:
    """Each applied reason that favours another location over the one recommended."""
    conflicts = []
    for finding in findings:
        rival = max(LOCATIONS, key=lambda loc: finding.points[loc])
        if finding.points[rival] > finding.points[best]:
            conflicts.append(
                f"{finding.factor} ({finding.given}) favours {rival} over {best}: {finding.reason}"
            )
    return tuple(conflicts)


def _tips(tied: tuple[str, ...], group: Group) -> tuple[str, ...]:
    """Rules that did not apply but would break the tie, each with the location it helps."""
    tips = []
    for rule in SHORE_RULES:
        if rule.holds(group) or not rule.could_hold(group):
            continue
        gains = {loc: rule.points[loc] for loc in tied}
        top = max(gains.values())
        if list(gains.values()).count(top) == 1:
            winner = max(gains, key=lambda loc: gains[loc])
            tips.append(f"{rule.when} -> {winner} ({rule.factor})")
    return tuple(tips)


def advise_location(group: Group) -> ShoreAdvice:
    """Score the three locations for one group; recommend the best, say so if it is a tie."""
    findings = tuple(
        ShoreFinding(
            rule.factor, group.answers(rule.inputs), rule.points, rule.reason, rule.excludes
        )
        for rule in SHORE_RULES
        if rule.holds(group)
    )
    excluded = frozenset().union(*(f.excludes for f in findings))
    scores = {loc: sum(f.points[loc] for f in findings) for loc in LOCATIONS}
    open_locations = [loc for loc in LOCATIONS if loc not in excluded]
    best = max(scores[loc] for loc in open_locations)
    recommended = tuple(loc for loc in open_locations if scores[loc] == best)
    accepted = tuple(loc for loc in open_locations if scores[loc] >= best - ACCEPT_MARGIN)
    notes = tuple(
        text
        for text, applies in (
            (FIXED_CONTACT_NOTE, group.contact_fixed),
            ("no location factor applies: any location will do", not findings),
        )
        if applies
    )
    tips = _tips(recommended, group) if len(recommended) > 1 else ()
    return ShoreAdvice(
        group=group.office,
        functions=group.functions,
        scores=scores,
        recommended=recommended,
        accepted=accepted,
        excluded=excluded,
        findings=findings,
        # A tie is reported as balanced, with what would tip it, not as conflicts with one side.
        conflicts=_conflicts(recommended[0], findings) if len(recommended) == 1 else (),
        tips=tips,
        notes=notes,
    )


# --------------------------------------------------------------------------- the whole advice


@dataclass(frozen=True)
class Contradiction:
    """A pair of answers that pull against each other, said plainly rather than averaged."""

    applies: Callable[[Needs], bool]
    message: Callable[[Needs], str]


CONTRADICTIONS: tuple[Contradiction, ...] = (
    Contradiction(
        lambda n: bool(n.in_office("front")) and n.contact == "none",
        lambda n: (
            f"front-office functions ({', '.join(n.in_office('front'))}) serve customers "
            "by definition, yet contact = none; check the functions or the contact answer"
        ),
    ),
    Contradiction(
        lambda n: not n.in_office("front") and n.contact == "continuous",
        lambda _: (
            "contact = continuous, but no front-office function is named; if the vendor "
            "will talk to your customers, add one such as customer_service (then hybrid)"
        ),
    ),
    Contradiction(
        lambda n: n.goals == frozenset({"cost"}) and n.exposure == "high" and n.contact != "none",
        lambda n: (
            f"goals = cost, but exposure = high with contact = {n.contact}: the cheapest "
            "delivery (offshore) carries the most brand risk; decide which matters more before "
            "the RFP fixes the accepted locations"
        ),
    ),
)


@dataclass(frozen=True)
class Advice:
    """Everything ``rfp advise`` recommends, with its reasons."""

    needs: Needs
    office: OfficeAdvice
    locations_by_group: tuple[ShoreAdvice, ...]
    contradictions: tuple[str, ...]
    not_assessed: tuple[str, ...] = field(default=())

    @property
    def locations(self) -> list[str]:
        """The locations to accept in rfp.yaml: every group's accepted ones, in the usual order."""
        accepted = {loc for group in self.locations_by_group for loc in group.accepted}
        return [loc for loc in LOCATIONS if loc in accepted]


def advise(needs: Needs) -> Advice:
    """The recommendation for ``needs``: office, locations per group, and what conflicts."""
    given = {
        "languages": bool(needs.languages),
        "hours": needs.hours is not None,
        "country": needs.country is not None,
        "time_zone": needs.time_zone is not None,
    }
    return Advice(
        needs=needs,
        office=advise_office(needs),
        locations_by_group=tuple(advise_location(group) for group in _groups(needs)),
        contradictions=tuple(c.message(needs) for c in CONTRADICTIONS if c.applies(needs)),
        not_assessed=tuple(text for key, text in NOT_ASSESSED if not given[key]),
    )


# --------------------------------------------------------------------------- rfp.yaml values

COVERAGE: dict[str, tuple[list[str], str, str]] = {
    "business": (["mon", "tue", "wed", "thu", "fri"], "09:00", "17:00"),
    "extended": (["mon", "tue", "wed", "thu", "fri", "sat"], "08:00", "20:00"),
    "24x7": (["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "00:00", "00:00"),
}


def advice_lines(advice: Advice) -> list[str]:
    """A short summary for the comment block at the top of the written rfp.yaml."""
    lines = [f"office: {advice.office.verdict}"]
    for group in advice.locations_by_group:
        lines.append(
            f"{group.group} office ({', '.join(group.functions)}): "
            f"{' or '.join(group.recommended)}{' (balanced)' if group.balanced else ''}; "
            f"accepted: {', '.join(group.accepted)}"
        )
    lines += [f"conflict: {text}" for text in advice.contradictions]
    return lines


def spec_values(advice: Advice) -> dict[str, object]:
    """Overrides for the starter rfp.yaml that carry the recommendation: office, functions,
    accepted locations, country, languages, time zone, hours and the certifications the
    constraints call for. Anything not answered keeps the starter's example value."""
    needs = advice.needs
    values: dict[str, object] = {
        "locations": advice.locations,
        "advice": advice_lines(advice),
    }
    certifications = ["SOC 2 Type II", "ISO/IEC 27001"]
    if "pci" in needs.constraints:
        certifications.append("PCI DSS")
    values["certifications"] = certifications
    if needs.country:
        values |= {"country": needs.country, "countries": [needs.country]}
    if needs.languages:
        values["languages"] = list(needs.languages)
    if needs.time_zone:
        values["time_zone"] = needs.time_zone
    if needs.hours:
        days, start, end = COVERAGE[needs.hours]
        values |= {"coverage_days": days, "coverage_start": start, "coverage_end": end}
    return values
