"""``rfp score``: read every vendor folder, match, check, score, rank.

Orchestration only: this module reads the files (through ``ingest``) and hands plain values to
the pure steps: ``passages``, ``matching``, ``facts``, ``merge``, ``scoring`` and ``agreement``.
A file that cannot be read is a warning against its vendor, never a crash; the vendor is
flagged in every output.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
import stat
from collections import Counter
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Final, NamedTuple

import pandas as pd

from rfp.core import collector, kit_layout
from rfp.core.contract import key_terms
from rfp.core.files import printable, shown
from rfp.core.number_format import default_locale
from rfp.core.processes import process_pool
from rfp.core.project import Project
from rfp.core.spec import Criterion
from rfp.core.spill import Spilled
from rfp.errors import ProposalReadError, ScoringError
from rfp.score import (
    claims_evidence,
    commitments,
    copying,
    echo,
    facts,
    ingest,
    matching,
    passages,
    policy,
    scoring,
)
from rfp.score import contract as contract_terms
from rfp.score.agreement import disagreement
from rfp.score.buyer import buyer_texts, question_texts
from rfp.score.document import Document, ReadFile
from rfp.score.ingest import kit
from rfp.score.ingest.container import too_large
from rfp.score.merge import merge
from rfp.score.own_words import OwnWords, TextAccount, own_words_and_readings
from rfp.score.reference import ReferenceModel
from rfp.score.reference_data import background_documents
from rfp.score.run import (
    EvaluationReader,
    Evaluations,
    Knockout,
    Progress,
    ScoreCell,
    ScoreRun,
    VendorChecks,
    VendorInput,
)

PROPOSALS_DIR = "proposals"
RFP_HTML = "rfp.html"


def reference_week(project: Project) -> dt.date:
    """The Monday after proposals are due: time-zone overlap is measured in that real week."""
    due = project.spec.timeline.proposals_due
    return due + dt.timedelta(days=7 - due.weekday())


# Folders an operating system, archive tool or version control puts beside the vendors' own.
SYSTEM_FOLDERS: Final = frozenset({"__macosx", "__pycache__", "$recycle.bin", "lost+found"})
_LOOSE_JUNK: Final = frozenset({"thumbs.db", "desktop.ini"})


def vendor_folders(project: Project) -> list[Path]:
    """Sorted vendor folders under ``proposals/``: every real folder but hidden and system ones.

    A folder whose name starts with ``_`` is a vendor like any other. Links are not followed,
    so a proposal cannot point outside the project; ``skipped_folders`` says what was left out.
    """
    root = _proposals_root(project)
    folders = sorted(
        (entry for entry in _entries(root) if _skip_reason(entry) is None),
        key=lambda p: p.name.casefold(),
    )
    if not folders:
        raise ScoringError(
            f"{shown(root)}: no vendor folders; put each vendor's files in {shown(root)}/<vendor>/"
        )
    return folders


def skipped_folders(project: Project) -> list[str]:
    """A note for every entry of ``proposals/`` that is not scored as a vendor, and why."""
    notes = []
    for entry in _entries(_proposals_root(project)):
        reason = _skip_reason(entry)
        if reason:
            notes.append(f"{shown(entry)}: {reason}")
    return notes


def _proposals_root(project: Project) -> Path:
    root = project.folder / PROPOSALS_DIR
    if not root.is_dir():
        raise ScoringError(
            f"{shown(root)}: no proposals folder; put each vendor's files in "
            f"{shown(root)}/<vendor>/"
        )
    return root


def _entries(root: Path) -> list[Path]:
    return sorted(root.iterdir(), key=lambda p: (p.name.casefold(), p.name))


def _skip_reason(entry: Path) -> str | None:
    """Why an entry of ``proposals/`` is not a vendor ("" when not worth saying), or None when
    it is one."""
    if entry.is_symlink():
        return (
            "is a symbolic link; skipped and nothing in it read, so a proposal cannot point "
            "outside the project (copy the vendor's files into a real folder)"
        )
    try:
        mode = entry.lstat().st_mode
    except OSError as error:
        return f"cannot be read ({error.strerror or error}); skipped"
    if not stat.S_ISDIR(mode):
        if entry.name.startswith(".") or entry.name.lower() in _LOOSE_JUNK:
            return ""  # .DS_Store, Thumbs.db: debris, not worth a note
        return "is not a folder; skipped (put each vendor's files in its own folder)"
    if entry.name.startswith("."):
        return "is a hidden folder; skipped"
    if entry.name.casefold() in SYSTEM_FOLDERS:
        return "is a system folder, not a vendor; skipped"
    return None


def read_vendor(project: Project, folder: Path) -> VendorInput:
    """Read one vendor's proposal files and returned workbook, collecting warnings.

    The folder name is data: shown with control characters and bytes that are not UTF-8
    escaped, so one vendor's odd name cannot stop the run.
    """
    vendor = VendorInput(name=printable(folder.name), folder=folder)
    documents, errors, files = ingest.read_files(folder, project.spec.limits)
    vendor.documents = documents
    vendor.warnings += [str(error) for error in errors]
    # Hidden text set aside flags the vendor, as every warning about its files does.
    vendor.warnings += [warning for document in documents for warning in document.warnings]
    vendor.files = files
    workbooks = sorted(
        p for pattern in ("*.xlsx", "*.ods") for p in folder.glob(pattern) if not p.is_symlink()
    )
    preferred = [p for p in workbooks if p.stem == Path(kit_layout.WORKBOOK_FILE).stem]
    chosen = preferred or workbooks
    if not chosen:
        vendor.warnings.append(
            f"{shown(folder)}: no {kit_layout.WORKBOOK_FILE}; structured checks use the text only"
        )
    else:
        if len(chosen) > 1:
            vendor.warnings.append(
                f"{shown(folder)}: several workbooks; reading {printable(chosen[0].name)}"
            )
        _read_workbook(project, vendor, chosen[0])
    if vendor.workbook is not None:
        declared = " ".join(vendor.workbook.respondent.get("Company name", "").split())
        if declared:
            vendor.name = printable(declared[:120])
    if not documents:
        vendor.warnings.append(
            f"{shown(folder)}: no readable proposal text; text-matched criteria score 0"
        )
    vendor.warnings += _over_page_limit(project, folder, documents)
    return vendor


def _over_page_limit(project: Project, folder: Path, documents: list[Document]) -> list[str]:
    """A warning when the PDFs run past ``process.page_limit``: every page is still read and
    scored, and the evaluators decide whether the RFP's limit applies (Word and text files have
    no pages to count, so only PDFs are)."""
    limit = project.spec.process.page_limit
    pages = sum(len(document.pages) for document in documents if document.kind == "pdf")
    if limit is None or pages <= limit:
        return []
    return [
        f"{shown(folder)}: the PDFs run to {pages:,} pages, over the RFP's page limit of "
        f"{limit:,} (process.page_limit in rfp.yaml); every page is read and scored, so decide "
        "whether to hold the vendor to the limit"
    ]


def _read_workbook(project: Project, vendor: VendorInput, path: Path) -> None:
    """Read the returned workbook once: the bytes parsed are the bytes hashed for the audit.

    Only a regular file is opened (a FIFO named like a workbook would wait forever).
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            vendor.warnings.append(
                f"{shown(path)}: is not a regular file (a pipe, device or socket); not read"
            )
            return
        limit = project.spec.limits.file_bytes
        if info.st_size > limit:
            vendor.warnings.append(str(too_large(shown(path), info.st_size, limit)))
            vendor.files.append(ReadFile(path, "workbook", "", 0))  # listed, not read
            return
        data = path.read_bytes()
    except OSError as error:
        vendor.warnings.append(
            f"{shown(path)}: the workbook cannot be read ({error.strerror or error})"
        )
        return
    digest = hashlib.sha256(data).hexdigest()
    vendor.files.append(ReadFile(path, "workbook", digest, len(data)))
    try:
        vendor.workbook = kit.read_workbook(
            path,
            project.spec.project.reference,
            data,
            currency=project.spec.pricing.currency,
            limits=project.spec.limits,
            exchange_rates=project.spec.pricing.exchange_rates,
            default_locale=default_locale(project.spec.buyer.country),
            contract_terms=key_terms(project.spec),
        )
        vendor.warnings += vendor.workbook.warnings
    except ProposalReadError as error:
        vendor.warnings.append(str(error))


def _cells(
    project: Project,
    vendors: list[VendorInput],
    matches: dict[tuple[str, str], matching.Match],
    vendor_checks: dict[str, VendorChecks],
    prices: dict[str, float],
) -> list[ScoreCell]:
    """One cell per vendor x criterion: a structured check's score where one decides, else
    the automatic text-match score."""
    cells: list[ScoreCell] = []
    for vendor in vendors:
        for wc in project.selection.criteria:
            found = matches.get((vendor.name, wc.id))
            cell = ScoreCell(vendor.name, wc.id, float(found.auto_score) if found else 0.0, "auto")
            if wc.criterion.check is not None:
                checked = facts.check_score(
                    wc.criterion.check.type, vendor_checks[vendor.name], prices.get(vendor.name)
                )
                if checked is not None:
                    cell = ScoreCell(vendor.name, wc.id, checked[0], "check", checked[1])
            cells.append(cell)
    return cells


def _knockouts(
    project: Project,
    vendors: list[VendorInput],
    vendor_checks: dict[str, VendorChecks],
    matrix: pd.DataFrame,
    cells: list[ScoreCell],
    *,
    skip: list[str],
) -> tuple[dict[str, list[Knockout]], dict[str, list[Knockout]]]:
    """The knockout policy applied to one matrix: (knockouts, items to confirm) per vendor;
    ``skip`` leaves price out for the pool."""
    price_ids = [wc.id for wc in project.selection.with_check("price")]
    items = scoring.knockouts(
        matrix,
        project.selection,
        project.spec.evaluation.knockout_below,
        facts.fact_knockouts(
            project,
            vendors,
            vendor_checks,
            price_required=bool(price_ids) and price_ids[0] not in skip,
        ),
        skip=skip,
        sources={(c.vendor, c.criterion): c.source for c in cells},
        declared=_declared(project, vendors),
    )
    consensus = {(c.vendor, c.criterion): c.score for c in cells if c.source == "consensus"}
    spec = project.spec
    return policy.apply_rules(items, spec.rules, consensus, spec.evaluation.knockout_below)


def _declared(project: Project, vendors: list[VendorInput]) -> dict[str, list[Knockout]]:
    """What each vendor declared against a requirement: a "No" to a mandatory question in the
    compliance matrix, then its answers to the non-negotiable contract terms."""
    compliance = facts.compliance_knockouts(project, vendors)
    contract = contract_terms.knockouts(contract_terms.responses(project, vendors))
    return {name: [*compliance.get(name, []), *contract.get(name, [])] for name in compliance}


def read_vendors(project: Project, notify: Progress) -> list[VendorInput]:
    """Read every vendor folder; the company name a vendor declares is its display name, and a
    name two vendors declare keeps the folder name too."""
    vendors: list[VendorInput] = []
    for folder in vendor_folders(project):
        notify("read", folder.name)
        vendors.append(read_vendor(project, folder))
    _name_uniquely(vendors)
    return vendors


def _name_uniquely(vendors: list[VendorInput]) -> None:
    names = Counter(vendor.name for vendor in vendors)
    for vendor in vendors:
        if names[vendor.name] > 1:
            vendor.name = f"{vendor.name} ({vendor.folder.name})"


READ_WORKERS: Final = 2
"""Worker processes that read and split vendor folders: the machine rfp is sized for has two
cores, and each vendor's files are read and split on their own."""
POOL_FROM_VENDORS: Final = 16
"""Below this many vendors, starting worker processes (about a second each) costs more than
it saves; the folders are then read in this process."""


def pool_size(workers: int | None, vendors: int) -> int:
    """The processes to use for ``vendors``: ``workers`` when given, else READ_WORKERS from
    POOL_FROM_VENDORS vendors on (at most the cores), else one."""
    if workers is not None:
        return workers
    enough = vendors >= POOL_FROM_VENDORS
    return min(READ_WORKERS, os.cpu_count() or 1) if enough else 1


def read_and_match(
    project: Project, published: list[str], notify: Progress, *, workers: int | None = None
) -> tuple[
    list[VendorInput],
    dict[str, TextAccount],
    dict[str, VendorChecks],
    list[matching.Match],
    list[copying.SharedPassage],
]:
    """Read every vendor folder, cut it into its own words, check its facts and match it, in
    ``workers`` processes spawned once.

    Each folder is read, split, stripped of the buyer's words, checked and matched by the same
    functions whatever the number of workers, and results come back in folder order; the
    matching is per vendor against a fixed reference, and a vendor whose passages copy
    detection withholds is matched again without them (see ``_match``); so scores do not
    depend on the number of workers. ``workers`` None
    means READ_WORKERS from POOL_FROM_VENDORS vendors on, else one. ``notify`` is called once
    per vendor as its folder is done. Workers are spawned, so a script that scores a project
    with them must guard its entry point with ``if __name__ == "__main__":``, as any
    multiprocessing program must (the CLI does).
    """
    reader = folder_reader(project, published)
    folders = vendor_folders(project)
    with _Workers(reader, pool_size(workers, len(folders))) as pool, collector.paused():
        vendors, own, checked, matched, numbered = _read_split(reader, folders, pool, notify)
        folder_of = {vendor.name: vendor.folder for vendor in vendors}
        with numbered:
            matches, shared = _match(
                reader, matched, notify, pool, numbered=numbered, folder_of=folder_of
            )
    # The run keeps each vendor's account of its text.
    return vendors, {name: words.account for name, words in own.items()}, checked, matches, shared


def folder_reader(project: Project, published: list[str]) -> _FolderReader:
    """The reader of one vendor folder, with the buyer's words to strip and the reference
    model to match against, for this project."""
    return _FolderReader(
        project,
        echo.buyer_text(buyer_texts(project, published), question_texts(project)),
        reference_model(project),
    )


def _renamed(reader: _FolderReader, vendor: VendorInput) -> FolderRead:
    """``vendor``'s folder split, checked and matched again under its new name. Passages are
    cut from the documents, which the reader did not keep, so the folder is read again: the
    same files give the same documents and warnings, and ``vendor`` stays as it is."""
    again = read_vendor(reader.project, vendor.folder)
    again.name = vendor.name
    return reader.split_and_check(again)._replace(vendor=vendor)


class FolderRead(NamedTuple):
    """What one vendor folder gives, computed where it was read: the vendor as read, its own
    words, its fact checks (certifications, languages, hours, price), its matches on all its
    own passages and those passages' words numbered for copy detection, all per vendor."""

    vendor: VendorInput
    words: OwnWords
    checks: VendorChecks
    matches: list[matching.Match]
    numbered: copying.VendorWords | None
    """None once the run has put it on disk (`_read_split`)."""


def _read_split(
    reader: _FolderReader, folders: list[Path], pool: _Workers, notify: Progress
) -> tuple[
    list[VendorInput],
    dict[str, OwnWords],
    dict[str, VendorChecks],
    dict[str, list[matching.Match]],
    Spilled[copying.VendorWords],
]:
    """Every folder read, by name; the numbered words are kept on disk until copy detection
    reads them (about 38 KB a 30-page vendor, 380 MB at 10,000): close that mapping when done."""
    done: list[FolderRead] = []
    numbered: Spilled[copying.VendorWords] = Spilled()
    for position, read in enumerate(pool.read(folders)):
        notify("read", read.vendor.folder.name)
        numbered[str(position)] = _numbered(read)
        # Interned as each vendor arrives, so its unpickled matches are dropped at once, not
        # held beside their interned copies until every folder is read.
        matches = matching.with_shared_strings(read.matches)
        done.append(read._replace(matches=matches, numbered=None))
    vendors = [read.vendor for read in done]
    split_as = [vendor.name for vendor in vendors]
    _name_uniquely(vendors)
    own: dict[str, OwnWords] = {}
    checked: dict[str, VendorChecks] = {}
    matched: dict[str, list[matching.Match]] = {}
    labels: dict[str, str] = {}  # each final name to its folder's numbered words
    for position, (read, split_as_name) in enumerate(zip(done, split_as, strict=True)):
        # A name two vendors declare changed after the split; passages and matches carry the
        # vendor's name, so the folder is read, split, checked and matched again under it.
        final = read if read.vendor.name == split_as_name else _renamed(reader, read.vendor)
        name = final.vendor.name
        own[name], checked[name] = final.words, final.checks
        labels[name] = str(position)
        if final is not read:
            labels[name] = f"{position} renamed"
            numbered[labels[name]] = _numbered(final)
        matched[name] = (
            final.matches if final is read else matching.with_shared_strings(final.matches)
        )
    numbered.relabel(labels)
    return vendors, own, checked, matched, numbered


def _numbered(read: FolderRead) -> copying.VendorWords:
    assert read.numbered is not None, "a folder's words are numbered where it is read"
    return read.numbered


class _FolderReader:
    """Reads, splits, checks and matches one vendor folder; sent once to each worker process.

    Matching where the folder was read, before copy detection has seen every vendor, sends no
    passage back to a worker: only the few vendors whose passages turn out to be shared are
    matched again (``_match``), and a vendor's matches depend on its own passages alone.
    """

    def __init__(self, project: Project, buyer: echo.BuyerText, model: ReferenceModel) -> None:
        self.project = project
        self.buyer = buyer
        self.model = model
        self.criteria = [wc.criterion for wc in project.selection.criteria]
        self.queries = matching.prepare(self.criteria, model)
        self.week = reference_week(project)

    def __call__(self, folder: Path) -> FolderRead:
        read = self.split_and_check(read_vendor(self.project, folder))
        read.vendor.keep_names_only()  # nothing after this needs the pages' text
        # Nor the own text, which the checks have read, nor the passages, which copy detection
        # finds by their numbered words (about 430 KB a 30-page vendor less to send back and
        # hold: the few vendors with a copied passage are read again for theirs).
        return read._replace(words=dataclasses.replace(read.words, text="", passages=[]))

    def own_passages(self, folder: Path, name: str) -> list[passages.Passage]:
        """The passages of the vendor read from ``folder`` under ``name``, as when it was
        first read: the same files give the same passages."""
        vendor = read_vendor(self.project, folder)
        vendor.name = name
        return _own_words_and_readings(self.project, self.buyer, vendor)[0].passages

    def split_and_check(self, vendor: VendorInput) -> FolderRead:
        words, readings = _own_words_and_readings(self.project, self.buyer, vendor)
        checks = facts.run_checks(self.project, vendor, self.week, words.text)
        matches = self.match(words.passages, readings)
        return FolderRead(vendor, words, checks, matches, copying.vendor_words(words.passages))

    def match(
        self,
        own: list[passages.Passage],
        readings: Mapping[str, commitments.Commitments] | None = None,
    ) -> list[matching.Match]:
        """``matching.match`` on these passages, against this project's criteria."""
        return matching.match(self.criteria, own, queries=self.queries, readings=readings)


def _own_words_and_readings(
    project: Project, buyer: echo.BuyerText, vendor: VendorInput
) -> tuple[OwnWords, dict[str, commitments.Commitments]]:
    """``vendor``'s passages, capped, stripped of ``buyer``'s words and of what earns nothing,
    and each kept passage as read as commitments (``own_words_and_readings``)."""
    question_ids = [wc.id for wc in project.selection.criteria]
    split = passages.split_all(vendor.documents, vendor.name, question_ids)
    return own_words_and_readings(_capped(vendor, split, project), buyer)


_worker_reader: _FolderReader | None = None


def _start_worker(reader: _FolderReader) -> None:
    global _worker_reader  # noqa: PLW0603 - one reader per worker process, set once
    _worker_reader = reader


def _read_in_worker(folder: Path) -> FolderRead:
    assert _worker_reader is not None, "worker started without its reader"
    return _worker_reader(folder)


def _passages_in_worker(job: tuple[Path, str]) -> list[passages.Passage]:
    assert _worker_reader is not None, "worker started without its reader"
    return _worker_reader.own_passages(*job)


class _Workers:
    """The processes a scoring run reads and matches in: spawned once, used for both stages.

    With one worker everything runs in this process; more are spawned, and stopped at once by
    Ctrl-C or an error (``rfp.core.processes``). Each worker gets the folder reader once, at
    its start; starting a process (about a second of imports) is paid once for reading and
    matching together.
    """

    def __init__(self, reader: _FolderReader, workers: int) -> None:
        self.reader = reader
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> _Workers:
        if self.workers > 1:
            pool = process_pool(self.workers, _start_worker, (self.reader,))
            self.pool = self._stack.enter_context(pool)
        return self

    def __exit__(self, *raised: Any) -> None:
        self._stack.__exit__(*raised)

    def read(self, folders: list[Path]) -> Iterator[FolderRead]:
        """The reader over ``folders``, in their order."""
        if self.pool is None or len(folders) <= 1:
            yield from map(self.reader, folders)
            return
        results = self.pool.map(_read_in_worker, folders)
        for folder in folders:
            try:
                yield next(results)
            except BrokenProcessPool as error:
                # A reader that kills its process (a crash inside a PDF library) would have
                # stopped a serial run too; here it is said, not shown as a traceback.
                raise ScoringError(
                    f"{shown(folder)}: a process reading the vendor folders stopped "
                    f"unexpectedly ({error}); no scores were written"
                ) from None

    def own_passages(self, jobs: list[tuple[Path, str]]) -> list[list[passages.Passage]]:
        """The reader's ``own_passages`` for each (folder, name), in order."""
        if self.pool is None or len(jobs) <= 1:
            return [self.reader.own_passages(*job) for job in jobs]
        try:
            return list(self.pool.map(_passages_in_worker, jobs))
        except BrokenProcessPool as error:
            raise ScoringError(
                f"a process reading the vendor folders stopped unexpectedly ({error}); "
                "no scores were written"
            ) from None

    def match(
        self, criteria: list[Criterion], own: list[passages.Passage], model: ReferenceModel
    ) -> list[matching.Match]:
        """``matching.match`` over contiguous chunks of the sorted vendors, in the workers.

        Each vendor's matches depend only on its own passages and the fixed reference model,
        and ``match`` orders its results by vendor, so the chunks' results joined in order are
        the same list ``match`` gives for all the passages at once.
        """
        vendors = sorted({passage.vendor for passage in own})
        if self.pool is None or len(vendors) < POOL_FROM_VENDORS:
            return matching.match(criteria, own, model)
        size = -(-len(vendors) // (self.workers * MATCH_CHUNKS_PER_WORKER))
        chunk_of = {vendor: index // size for index, vendor in enumerate(vendors)}
        chunks: list[list[passages.Passage]] = [[] for _ in range(chunk_of[vendors[-1]] + 1)]
        for passage in own:
            chunks[chunk_of[passage.vendor]].append(passage)
        try:
            parts = self.pool.map(_match_chunk, [(criteria, chunk, model) for chunk in chunks])
            return [found for part in parts for found in part]
        except BrokenProcessPool as error:
            raise ScoringError(
                f"a process matching the proposals stopped unexpectedly ({error}); "
                "no scores were written"
            ) from None


def published_texts(project: Project) -> tuple[list[str], list[str]]:
    """The text of the RFP and response template ``rfp generate`` wrote, and notes on any that
    is missing (echo of its prose is then recognised from the library and spec only)."""
    texts: list[str] = []
    notes: list[str] = []
    for name in (RFP_HTML, kit_layout.TEMPLATE_FILE):
        path = project.output_dir / name
        if not path.is_file():
            notes.append(
                f"{path}: not found; the RFP's own wording is recognised from the criteria "
                "library and rfp.yaml only (run rfp generate to publish it)"
            )
            continue
        try:
            texts.append(ingest.read(path).text)
        except ProposalReadError as error:
            notes.append(f"{error}; the RFP's own wording is recognised from the library only")
    return texts, notes


def own_words_of(
    project: Project, vendors: list[VendorInput], published: list[str]
) -> dict[str, OwnWords]:
    """Each vendor's passages with the buyer's words and empty claims taken out, read in this
    process (``read_and_match`` does the same per folder, in worker processes)."""
    buyer = echo.buyer_text(buyer_texts(project, published), question_texts(project))
    return {vendor.name: _own_words_and_readings(project, buyer, vendor)[0] for vendor in vendors}


def _capped(
    vendor: VendorInput, found: list[passages.Passage], project: Project
) -> list[passages.Passage]:
    """The first ``limits.passages_per_vendor`` passages in reading order; more flags the
    vendor, saying how many were left out."""
    limit = project.spec.limits.passages_per_vendor
    if len(found) <= limit:
        return found
    warning = (
        f"{shown(vendor.folder)}: {len(found):,} passages, more than the {limit:,} scored per "
        f"vendor (limits.passages_per_vendor in rfp.yaml); only the first {limit:,} in reading "
        f"order are used, the last {len(found) - limit:,} are not read"
    )
    if warning not in vendor.warnings:  # a vendor renamed after reading is split again
        vendor.warnings.append(warning)
    return found[:limit]


def _match(
    reader: _FolderReader,
    matched: dict[str, list[matching.Match]],
    notify: Progress,
    pool: _Workers,
    *,
    numbered: Mapping[str, copying.VendorWords],
    folder_of: Mapping[str, Path],
) -> tuple[list[matching.Match], list[copying.SharedPassage]]:
    """Every vendor's matches without the passages two vendors share almost verbatim, and
    those shared passages.

    A shared passage is set aside for both vendors: the automatic score cannot tell who wrote
    it, so it is evidence of neither's own commitment until an evaluator decides. Copies are
    found across the whole tender; each vendor was matched on all its own passages where it
    was read (``matched``), so only a vendor with a passage set aside is matched again, in
    ``pool``, without it. The result is the list ``matching.match`` gives for every vendor's
    kept passages at once: per vendor, vendors in sorted order.

    Copies are found from each vendor's numbered words (``numbered``); only the vendors in a
    pair are read again (from ``folder_of``) for their passages.
    """
    pairs = copying.copy_pairs(numbered)
    again = sorted({pair.vendor_a for pair in pairs} | {pair.vendor_b for pair in pairs})
    own = _read_again(pool, again, folder_of, numbered)
    shared = copying.shared_passages(pairs, own)
    withheld = {(p.vendor, p.index) for pair in shared for p in (pair.passage_a, pair.passage_b)}
    notify("match", f"{len(again)} vendors matched again without shared passages")
    kept = [p for vendor in again for p in own[vendor] if (p.vendor, p.index) not in withheld]
    rematched: dict[str, list[matching.Match]] = {vendor: [] for vendor in again}
    for found in matching.with_shared_strings(pool.match(reader.criteria, kept, reader.model)):
        rematched[found.vendor].append(found)
    merged = {**matched, **rematched}
    return [found for vendor in sorted(merged) for found in merged[vendor]], shared


def _read_again(
    pool: _Workers,
    vendors: list[str],
    folder_of: Mapping[str, Path],
    numbered: Mapping[str, copying.VendorWords],
) -> dict[str, list[passages.Passage]]:
    """The passages of ``vendors``, read again from their folders; a vendor whose passages no
    longer number as they did when first read (a file changed during the run) stops the run."""
    jobs = [(folder_of[vendor], vendor) for vendor in vendors]
    found = dict(zip(vendors, pool.own_passages(jobs), strict=True))
    for vendor, own in found.items():
        first = numbered[vendor]
        if not copying.same_words(copying.vendor_words(own, first.min_words), first):
            raise ScoringError(
                f"{shown(folder_of[vendor])}: its files changed while the proposals were being "
                "scored; score again"
            )
    return found


MATCH_CHUNKS_PER_WORKER: Final = 4
"""Vendors are matched in this many chunks per process, so one slow chunk does not leave the
other process idle at the end."""


def _match_chunk(
    job: tuple[list[Criterion], list[passages.Passage], ReferenceModel],
) -> list[matching.Match]:
    criteria, chunk, model = job
    return matching.match(criteria, chunk, model)


def reference_model(project: Project) -> ReferenceModel:
    """Term statistics from the criteria library, the buyer's own questions and the shipped
    background corpus: fixed before any proposal is read, so no bid moves another's scores."""
    criteria = {c.id: c for c in project.library.criteria.values()}
    criteria.update({wc.id: wc.criterion for wc in project.selection.criteria})
    queries = [criteria[cid].query for cid in sorted(criteria)]
    return ReferenceModel.fit(queries + background_documents())


def score_project(
    project: Project,
    evaluations: Evaluations | EvaluationReader | None = None,
    progress: Progress | None = None,
    *,
    workers: int | None = None,
) -> ScoreRun:
    """Score every vendor folder of ``project`` and rank them.

    ``evaluations`` (the returned evaluator sheets, or a reader given the vendors' display
    names once the folders are read) are merged over the automatic scores before knockouts and
    ranking; None scores automatically only (``rfp sheets`` needs that first pass on its own).
    ``workers`` is how many processes read and match the folders (``read_and_match``); the
    scores do not depend on it.
    """
    notify = progress or (lambda stage, detail: None)
    published, notes = published_texts(project)
    vendors, accounts, vendor_checks, matches, shared = read_and_match(
        project, published, notify, workers=workers
    )
    sheets = (
        evaluations
        if evaluations is None or isinstance(evaluations, Evaluations)
        else evaluations([vendor.name for vendor in vendors])
    )
    notes = [*skipped_folders(project), *notes]
    cells, matrix, (knockouts, to_confirm), ranking = _score_and_rank(
        project, vendors, vendor_checks, matches, sheets
    )
    _add_text_flags(ranking, accounts, shared)
    return ScoreRun(
        project=project,
        vendors=vendors,
        matches=matches,
        checks=vendor_checks,
        cells=cells,
        matrix=matrix,
        ranking=ranking,
        reference_week=reference_week(project),
        evaluations=sheets,
        disagreement=disagreement(project, sheets, cells) if sheets and sheets.sheets else None,
        knockouts=knockouts,
        accounts=accounts,
        notes=notes,
        shared=shared,
        to_confirm=to_confirm,
        unsupported=claims_evidence.unsupported_claims(project, vendors, matches, cells, accounts),
        contract=contract_terms.responses(project, vendors),
    )


def _year_one(facts: VendorChecks) -> float | None:
    """Year 1's annual cost as quoted (before any full-coverage adjustment), when priced."""
    if facts.price is None or facts.scored_cost is None:
        return None
    return facts.price.annual_cost


def _add_text_flags(
    ranking: pd.DataFrame, accounts: dict[str, TextAccount], shared: list[copying.SharedPassage]
) -> None:
    """Join each vendor's text flags (echo, hedging, copied passages) to its file flags."""
    copied = copying.copy_flags(shared)
    ranking["flags"] = [
        "; ".join(filter(None, [*accounts[str(name)].flags, *copied.get(str(name), []), flags]))
        for name, flags in ranking["flags"].items()
    ]


def without_evaluations(run: ScoreRun) -> ScoreRun:
    """``run`` as ``score_project(project, None)`` would give it: automatic scores only.

    Evaluations change nothing before the cells are built, so ``rfp sheets`` can take a saved
    run that merged returned sheets and rank it again without reading a proposal.
    """
    if run.evaluations is None:
        return run
    cells, matrix, (knockouts, to_confirm), ranking = _score_and_rank(
        run.project, run.vendors, run.checks, run.matches, None
    )
    _add_text_flags(ranking, run.accounts, run.shared)
    unsupported = claims_evidence.unsupported_claims(
        run.project, run.vendors, run.matches, cells, run.accounts
    )
    return dataclasses.replace(
        run,
        cells=cells,
        matrix=matrix,
        ranking=ranking,
        evaluations=None,
        disagreement=None,
        knockouts=knockouts,
        to_confirm=to_confirm,
        unsupported=unsupported,
    )


def price_pool(
    costs: dict[str, float | None],
    reasons: dict[str, list[Knockout]],
    vendor_checks: dict[str, VendorChecks],
) -> dict[str, float]:
    """The bids the lowest price is taken from: priced, not disqualified on anything else, and
    priced in the response workbook. A price read only from the text is unconfirmed: it is
    scored against the pool, but may not set the benchmark every other bid is measured by (one
    stray "USD 0.02 per transaction" would). An abnormally low price is kept out the same way
    until the vendor justifies it. When every qualifying bid is unconfirmed that way, the
    lowest of them is the benchmark (each is to be confirmed), never a disqualified bid's."""
    qualifying = {
        name: cost for name, cost in costs.items() if cost is not None and not reasons[name]
    }
    confirmed = {
        name: cost
        for name, cost in qualifying.items()
        if vendor_checks[name].price_source != "text" and not vendor_checks[name].abnormal_price
    }
    return confirmed or qualifying


def _score_and_rank(
    project: Project,
    vendors: list[VendorInput],
    vendor_checks: dict[str, VendorChecks],
    matches: list[matching.Match],
    sheets: Evaluations | None,
) -> tuple[
    list[ScoreCell],
    pd.DataFrame,
    tuple[dict[str, list[Knockout]], dict[str, list[Knockout]]],
    pd.DataFrame,
]:
    """The cells to rank on, their matrix, each vendor's (knockouts, items to confirm), and the
    ranking.

    Price is scored against the lowest price among proposals that are not disqualified on
    anything else (those to be confirmed included, as they stay in the ranking), so a
    disqualified low bid cannot depress the price points of the others.
    """
    by_key = {(m.vendor, m.criterion): m for m in matches}
    names = [vendor.name for vendor in vendors]
    question_ids = [wc.id for wc in project.selection.criteria]
    price_ids = [wc.id for wc in project.selection.with_check("price")]
    costs: dict[str, float | None] = {name: c.scored_cost for name, c in vendor_checks.items()}

    def build_cells(prices: dict[str, float]) -> list[ScoreCell]:
        cells = _cells(project, vendors, by_key, vendor_checks, prices)
        return merge(project, cells, sheets) if sheets else cells

    provisional_cells = build_cells({})
    provisional = scoring.score_matrix(provisional_cells, names, question_ids)
    provisional_reasons, _ = _knockouts(
        project, vendors, vendor_checks, provisional, provisional_cells, skip=price_ids
    )
    pool = price_pool(costs, provisional_reasons, vendor_checks)
    cells = build_cells(scoring.price_scores(costs, pool or None))
    matrix = scoring.score_matrix(cells, names, question_ids)
    knockouts, to_confirm = _knockouts(project, vendors, vendor_checks, matrix, cells, skip=[])
    earned = scoring.weighted_points(matrix, project.selection)
    price_points = {str(k): float(v) for k, v in earned[price_ids].sum(axis=1).items()}
    mandatory_ids = [wc.id for wc in project.selection.mandatory]
    mandatory_sum = {str(k): float(v) for k, v in matrix[mandatory_ids].sum(axis=1).items()}
    totals = scoring.area_totals(matrix, project.selection)
    ranking = scoring.rank(totals, knockouts, price_points, mandatory_sum, to_confirm)
    ranking["annual_cost"] = [_year_one(vendor_checks[str(v)]) for v in ranking.index]
    ranking["term_cost"] = [costs.get(str(v)) for v in ranking.index]
    warnings = {vendor.name: vendor.warnings for vendor in vendors}
    ranking["flags"] = ["; ".join(warnings[str(name)]) for name in ranking.index]
    return cells, matrix, (knockouts, to_confirm), ranking
