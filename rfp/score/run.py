"""The data types of a scoring run, shared by every step that reads or writes one.

No logic and no I/O live here, so the pure steps, the outputs, the evaluator sheets and the
report can all depend on these types without depending on each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from rfp.core.names import TextNames, names_in_text
from rfp.core.project import Project
from rfp.errors import Problem
from rfp.score import checks, matching
from rfp.score.copying import SharedPassage
from rfp.score.document import Document, ReadFile
from rfp.score.own_words import TextAccount
from rfp.score.text_prices import TextPrice
from rfp.score.workbook import EXCEPTION, REJECTED, VendorWorkbook

if TYPE_CHECKING:
    from rfp.score.agreement import Disagreement


@dataclass(frozen=True)
class ScoreCell:
    """One vendor's score on one criterion and where it came from."""

    vendor: str
    criterion: str
    score: float
    source: str  # "auto" (text matching), "check" (structured check), "evaluators", "consensus"
    note: str = ""


Progress = Callable[[str, str], None]
"""Called with (stage, detail) as work advances, so the CLI can draw a progress bar."""


@dataclass
class VendorChecks:
    """The structured facts established for one vendor, each with its evidence."""

    certifications: checks.CertificationCheck | None = None
    certification_evidence: list[str] = field(default_factory=list)
    languages: checks.LanguageCheck | None = None
    language_evidence: list[str] = field(default_factory=list)
    overlap_hours: float | None = None
    buyer_hours: float = 0.0
    site_overlap: dict[str, float] = field(default_factory=dict)
    covers_24_7: bool | None = None
    locations: list[str] = field(default_factory=list)
    price: checks.PriceEstimate | None = None
    price_note: str = ""
    certification_refusals: dict[str, str] = field(default_factory=dict)
    """Certification -> the cell or quote by which the vendor states it does not hold it
    (expired, "we do not hold", "aligned with"): a stated fact, so a knockout."""
    language_refusals: dict[str, str] = field(default_factory=dict)
    """Language code -> the quote by which the vendor states it does not offer it."""
    written_in: str = ""
    """The language the proposal is written in, as detected ("" when unsure): evidence the
    vendor works in it, weaker than a stated offer."""
    term: checks.TermCost | None = None
    """The cost of the contract term the price points rest on (year 1 is ``price``)."""
    price_source: str = "none"
    """Where the scored price came from: "workbook", "text" (to be confirmed) or "none"."""
    text_prices: list[TextPrice] = field(default_factory=list)
    """Every price statement found in the proposal's text, firm or not, with file and page."""
    price_confirm: list[str] = field(default_factory=list)
    """Price facts for the buyer to confirm: priced from the text, a price the text only hints
    at, delivery hours not stated."""
    coverage_note: str = ""
    """How the vendor's hours cover the buyer's: priced for full coverage, or knocked out."""
    abnormal_price: str = ""
    """Why the price is abnormally low for the work the buyer's volumes need ("" when not): the
    vendor is to confirm it, and it may not set the lowest price other bids are measured by."""

    @property
    def scored_cost(self) -> float | None:
        """The cost price points are computed on: the term cost, or None when unpriced.

        A price that leaves some of the buyer's volumes unpriced is not scored: its partial
        cost would look cheaper than any complete bid, so leaving a line out (or making it
        unreadable) would pay.
        """
        if self.price is None or self.term is None or self.price.unpriced:
            return None
        return self.term.total if self.term.total > 0 else None


@dataclass
class VendorInput:
    """What was read for one vendor."""

    name: str
    folder: Path
    documents: list[Document] = field(default_factory=list)
    workbook: VendorWorkbook | None = None
    warnings: list[str] = field(default_factory=list)
    files: list[ReadFile] = field(default_factory=list)
    """Every file listed in the folder and read, each hashed once from the bytes read."""
    in_text: TextNames | None = None
    """The name forms the documents' text holds, for the blind masker: what a scoring run keeps
    of the documents once the folder is split, checked and matched. A run holds neither every
    page's blocks nor the joined text: at 30 pages they cost about 260 KB a vendor."""

    @property
    def all_text(self) -> str:
        """The documents' text, joined."""
        return "\n\n".join(document.text for document in self.documents)

    @property
    def text_names(self) -> TextNames:
        """The name forms of the vendor's text: those kept, or else read from the documents."""
        if self.in_text is not None:
            return self.in_text
        return names_in_text(self.folder.name, self.all_text)

    def keep_names_only(self) -> None:
        """Drop the documents, keeping the name forms of their text."""
        self.in_text = self.text_names
        self.documents = []

    @property
    def flagged(self) -> bool:
        """Whether something the vendor sent could not be read or used."""
        return bool(self.warnings)


@dataclass
class ScoreRun:
    """Everything one scoring run established: inputs, evidence, checks, matrix and ranking."""

    project: Project
    vendors: list[VendorInput]
    matches: list[matching.Match]
    checks: dict[str, VendorChecks]
    cells: list[ScoreCell]
    matrix: pd.DataFrame
    ranking: pd.DataFrame
    reference_week: dt.date
    evaluations: Evaluations | None = None
    disagreement: Disagreement | None = None
    knockouts: dict[str, list[Knockout]] = field(default_factory=dict)
    """Why each vendor is disqualified, typed; the ranking's ``reason`` column joins them."""
    accounts: dict[str, TextAccount] = field(default_factory=dict)
    """Per vendor: how much of its text was the buyer's, hedged, marketing or keyword lists."""
    notes: list[str] = field(default_factory=list)
    """Run-wide notes for the reader, e.g. that the published RFP was not found."""
    shared: list[SharedPassage] = field(default_factory=list)
    """Passages two vendors share almost verbatim; set aside for both in the automatic score."""
    to_confirm: dict[str, list[Knockout]] = field(default_factory=dict)
    """Per vendor: what it did not state, or only an automatic score judged, for the buyer to
    clarify or settle in the consensus sheet; the vendor stays in the ranking, marked."""
    unsupported: dict[str, list[UnsupportedClaim]] = field(default_factory=dict)
    """Per vendor: "Comply" answers in its compliance matrix that its proposal does not back."""
    stages: StageResults | None = None
    """The scored later stages (orals, site visits, reference checks) whose sheets came back,
    and the ranking after them; None when none did. ``ranking`` stays the written proposal's."""
    stage_sheets: dict[str, Evaluations] = field(default_factory=dict)
    """What was read from every scored stage's folder in ``evaluations/``, held or not: a stage
    whose every sheet was refused is not held, but its problems are still printed and reported."""
    contract: dict[str, list[ContractResponse]] = field(default_factory=dict)
    """Per vendor: its answer to every key term of the contract package, in the terms' order."""

    def status(self, vendor: str) -> str:
        """QUALIFIED, TO_CONFIRM or DISQUALIFIED, as every output shows it."""
        return vendor_status(self.knockouts.get(vendor, []), self.to_confirm.get(vendor, []))

    _match_index: tuple[list[matching.Match], int, dict[tuple[str, str], matching.Match]] | None = (
        field(default=None, init=False, repr=False, compare=False)
    )

    def match_for(self, vendor: str, criterion: str) -> matching.Match | None:
        """The text match behind one cell, if the vendor had readable text.

        A dict lookup, built on first use and again if ``matches`` is replaced: outputs, sheets
        and the report ask once per vendor x criterion, so a list search would cost N squared.
        """
        index = self._match_index
        if index is None or index[0] is not self.matches or index[1] != len(self.matches):
            found: dict[tuple[str, str], matching.Match] = {}
            for item in self.matches:
                found.setdefault((item.vendor, item.criterion), item)
            index = self._match_index = (self.matches, len(self.matches), found)
        return index[2].get((vendor, criterion))


QUALIFIED = "qualified"
TO_CONFIRM = "to be confirmed"
DISQUALIFIED = "disqualified"
STATUSES = (QUALIFIED, TO_CONFIRM, DISQUALIFIED)
"""A vendor's standing: every output shows one of these."""


def vendor_status(knockouts: Sequence[Knockout], to_confirm: Sequence[Knockout]) -> str:
    """Disqualified on any knockout; else to be confirmed on any open item; else qualified."""
    if knockouts:
        return DISQUALIFIED
    return TO_CONFIRM if to_confirm else QUALIFIED


@dataclass(frozen=True)
class Knockout:
    """One reason a vendor is disqualified, or one item to confirm, kept whole to every output.

    ``criterion`` is the question id the item rests on, or "" for a vendor-level fact;
    ``reason`` is the sentence readers see; ``evidence`` what it rests on (a quote, a cell, a
    check result); ``source`` how the fact was established ("check", "auto", "evaluators",
    "consensus", "workbook"). ``kind`` is "" for a fact the vendor stated that fails the
    requirement, or "contract" for an exception to or rejection of a non-negotiable contract
    term (both always a knockout, ``rfp.score.policy.STATED``), else the class of what is
    missing, as ``rules:`` names it
    ("missing_workbook", "missing_certification", "missing_language", "unanswered_mandatory",
    "unpriced", "contract_unanswered"): to be confirmed unless the rules make it disqualifying.
    """

    criterion: str
    reason: str
    evidence: str = ""
    source: str = ""
    criterion_title: str = ""
    kind: str = ""

    @property
    def brief(self) -> str:
        """The reason without the criterion's title, for narrow console lines."""
        if not self.criterion_title:
            return self.reason
        return self.reason.replace(f" ({self.criterion_title})", "", 1)

    def counted_as(self, title: str = "") -> tuple[str, str]:
        """What the item is counted under across vendors: its question and that question's
        title (``title`` when the item has none), as the reasons under one can carry each
        vendor's own figures; or, where it rests on no question (a certification, a contract
        term, the price), "" and its reason without the vendor's own note ("takes exception
        to ... ; <note>", "... to be confirmed: <note>", "no usable price (<note>)"), so that
        one term or fact is one count, and no vendor's text is echoed."""
        if self.criterion:
            return self.criterion, self.criterion_title or title
        if self.kind == "unpriced":
            return "", "no usable price"
        head, confirm, _ = self.reason.split("; ", 1)[0].partition(" to be confirmed: ")
        return "", head + (" to be confirmed" if confirm else "")


@dataclass(frozen=True)
class ContractResponse:
    """A vendor's answer to one key term (RFP Annex C), as scoring reads it.

    ``status`` is accepted, exception, rejected, unclear or unanswered (``rfp.score.workbook``);
    ``note`` says how the answer was read when that is not the response as typed; ``cell``
    is where it is, with the workbook's path ("" when the vendor sent no sheet).
    """

    term: str
    title: str
    non_negotiable: bool
    status: str
    response: str = ""
    alternative: str = ""
    reason: str = ""
    cell: str = ""
    note: str = ""

    @property
    def departs(self) -> bool:
        """Whether the vendor moves from the buyer's wording: an exception or a rejection."""
        return self.status in (EXCEPTION, REJECTED)


@dataclass(frozen=True)
class UnsupportedClaim:
    """A "Comply" in the compliance matrix that the proposal's text does not back, and the gap."""

    criterion: str
    criterion_title: str
    gap: str
    """What is missing: no answer found, an answer that restates the RFP, or one that commits
    to nothing checkable."""
    kind: str = ""
    """The gap's class, for grouping: "no_answer", "restated" or "uncommitted"."""


# --------------------------------------------------------------------------- evaluations
# What came back from the evaluators: read by ``rfp.evaluate.sheets_in``, merged and analysed by
# ``rfp.score.merge`` and ``rfp.score.agreement``. Defined here so scoring takes them as plain
# values and never depends on how the sheets are laid out.


@dataclass(frozen=True)
class EvaluatorEntry:
    """One row of a returned sheet: an evaluator's score (None when blank) and comment."""

    evaluator: str
    vendor: str
    criterion: str
    score: float | None
    comment: str
    cell: str  # e.g. "Scores!H14"


@dataclass(frozen=True)
class EvaluatorSheet:
    """A returned sheet that passed every check and goes into the merge."""

    evaluator: str
    path: Path
    envelope: str
    blind: bool
    entries: tuple[EvaluatorEntry, ...]
    files: tuple[Path, ...] = ()
    """Every part merged, when the sheet was split by vendor (``path`` is the first part's)."""

    @property
    def sources(self) -> tuple[Path, ...]:
        """Every file the sheet was read from: its parts when it was split, else ``path``."""
        return self.files or (self.path,)

    @property
    def scored(self) -> list[EvaluatorEntry]:
        """Entries with a score."""
        return [entry for entry in self.entries if entry.score is not None]

    @property
    def blank(self) -> list[EvaluatorEntry]:
        """Rows on the sheet the evaluator left without a score."""
        return [entry for entry in self.entries if entry.score is None]


@dataclass(frozen=True)
class ConsensusOverride:
    """A cell the panel agreed on, replacing the evaluators' aggregate."""

    vendor: str
    criterion: str
    score: float
    reason: str
    cell: str


@dataclass(frozen=True)
class Evaluations:
    """What was read from ``evaluations/``: good sheets, consensus, and why others were skipped."""

    sheets: tuple[EvaluatorSheet, ...] = ()
    consensus: tuple[ConsensusOverride, ...] = ()
    consensus_path: Path | None = None
    problems: tuple[Problem, ...] = ()
    skipped: tuple[Path, ...] = ()
    key_file: Path | None = None  # the blind key used, if any sheet was blind
    folder: Path | None = None

    @property
    def evaluators(self) -> list[str]:
        """Evaluators whose sheets went in."""
        return [sheet.evaluator for sheet in self.sheets]

    @property
    def messages(self) -> list[str]:
        """Problems as printable lines: "evaluations/bob.xlsx: Scores!H14: 7 is outside 0–5"."""
        return [str(problem) for problem in self.problems]

    @property
    def files(self) -> list[Path]:
        """The files merged: evaluator sheets, then the consensus sheet."""
        merged = [path for sheet in self.sheets for path in sheet.sources]
        return merged + ([self.consensus_path] if self.consensus_path else [])

    def __bool__(self) -> bool:
        return bool(self.sheets or self.consensus)


EvaluationReader = Callable[[Sequence[str]], Evaluations]
"""Reads the returned sheets given the vendors' display names.

The names are known only once the vendor folders are read, inside ``score_project``; passing a
reader (``rfp.evaluate.sheets_in.evaluation_reader``) lets scoring read each folder once.
"""


# --------------------------------------------------------------------------- evaluation stages
# The later stages the spec gives points to (``evaluation.stages``), scored by ``rfp.score.stages``
# from the sheets ``rfp.evaluate.stages`` reads out of evaluations/<stage>/.

NOT_SHORTLISTED = "not shortlisted"
RANKED_AFTER = "ranked after"


@dataclass(frozen=True)
class StageItem:
    """One vendor's score on one thing a stage scores, and the sheet cells it comes from."""

    stage: str
    vendor: str
    criterion: str
    score: float | None
    """The panel's aggregate from 0 to 5 (or the consensus score); None when nobody scored it."""
    note: str
    """Who gave what ("mean of 2 evaluators: alice 4, bob 3"), or the consensus reason."""
    cells: tuple[str, ...] = ()
    """Every evaluator cell behind the score, e.g. "orals/alice.xlsx Scores!H3"."""
    blank: tuple[str, ...] = ()
    """Who of the panel left the item blank and where ("bob at orals/bob.xlsx Scores!H5"): the
    item is to be confirmed, never scored on fewer evaluators than for the other vendors."""


@dataclass(frozen=True)
class StageScore:
    """A shortlisted vendor's score at one stage, out of 100; None while any item is unscored."""

    stage: str
    vendor: str
    score: float | None
    missing: tuple[str, ...] = ()
    """The items no evaluator scored: the stage is to be confirmed, never counted as 0."""
    blank: tuple[str, ...] = ()
    """Items some of the panel scored and others left blank ("ORL-01 left blank by bob at
    orals/bob.xlsx Scores!H5"); they are among ``missing``."""


@dataclass(frozen=True)
class StagedVendor:
    """One line of the ranking after the stages held so far."""

    rank: int
    vendor: str
    written: float
    """The written proposal's total out of 100, as ``ranking`` has it."""
    total: float | None
    """written x its share + each held stage's score x its share; None unless every held stage
    scored the vendor."""
    standing: str
    """"ranked after orals", "to be confirmed: orals (ORL-03 not scored)", "not shortlisted" or
    "disqualified": vendors are only ranked against others on the same total."""


@dataclass
class StageResults:
    """The stages held so far (with sheets back), their scores and the ranking after them."""

    held: list[str]
    """Stage ids with at least one sheet merged, in process order."""
    shares: dict[str, float]
    """Percent of the final total of each held stage; the written proposal keeps the rest."""
    shortlists: dict[str, list[str]]
    """Per held stage, the vendors it was held for, and ``shortlist_sources[stage]`` says how
    the shortlist was set."""
    shortlist_sources: dict[str, str]
    items: list[StageItem]
    scores: list[StageScore]
    ranking: list[StagedVendor]
    evaluations: dict[str, Evaluations]
    """What was read from each stage's folder, problems included."""
    flags: list[str] = field(default_factory=list)
    """Where evaluators differ by 2 or more on an item, or one scores consistently apart."""
    unconfirmed: list[str] = field(default_factory=list)
    """Stage cells a returned sheet left blank for a shortlisted vendor, each naming the sheet
    and cell: the item is to be confirmed until the evaluator scores it or the panel settles it
    in the consensus sheet."""

    @property
    def label(self) -> str:
        """How outputs name the ranking: "after orals", "after orals and site visits"."""
        names = [stage.replace("_", " ") for stage in self.held]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"after {joined}"

    @property
    def written_share(self) -> float:
        """Percent of the total the written proposal keeps among the stages held."""
        return 100.0 - sum(self.shares.values())

    def score(self, stage: str, vendor: str) -> StageScore | None:
        """A vendor's score at ``stage``, or None when it was not shortlisted for it."""
        return next((s for s in self.scores if s.stage == stage and s.vendor == vendor), None)
