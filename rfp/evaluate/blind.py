"""Blind evaluation: vendors as "Vendor A", "Vendor B", ... and their names masked in every text.

A name is masked in every form a reader would recognise (``name_forms``): the display name and
its short name, the folder name and its words (as the proposal spells them when run together),
the vendor's own e-mail and web domains, its named contact, in any case and spacing. The forms
masked are listed per vendor in the key, for the buyer to check.

Every text written into a blind workbook (quotes, notes, questions, instructions, document
properties) has the vendor names and their distinctive words replaced. The alias key stays with
the buyer in ``out/sheets/blind-key.json``; the sheets carry only a random key id, so an
evaluator cannot recover the mapping by hashing guesses. Technical evaluators also never see
money: amounts in their evidence quotes read ``[price hidden]``.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rfp.core.files import write_text
from rfp.core.names import TextNames, email_domains, split_folder
from rfp.core.names import squashed as _squashed
from rfp.core.names import words as _words
from rfp.core.project import Project
from rfp.errors import ScoringError

PRICE_HIDDEN = "[price hidden]"
SHARED_WORD_MASK = "[vendor]"

# Words that say what kind of company a vendor is rather than which one: masking them would hide
# half the vocabulary of a BPO proposal ("our contact centre services") without hiding anyone.
GENERIC_WORDS = frozenset(
    {
        "solutions", "solution", "services", "service", "group", "partners", "partner", "bpo", "cx",
        "contact", "inc", "ltd", "limited", "llc", "llp", "plc", "corporation", "corp", "co",
        "company", "gmbh", "sa", "ag", "bv", "global", "international", "outsourcing", "finance",
        "financial", "operations", "the", "and", "of", "vendor", "shared", "centre", "center",
        "support", "customer", "care", "voice", "business", "management", "consulting", "systems",
        "technologies", "technology", "holdings", "nearshore", "offshore", "onshore",
    }
)  # fmt: skip

_CURRENCY_CODES = (
    "USD|EUR|GBP|INR|PHP|MXN|CAD|AUD|NZD|JPY|CNY|RMB|ZAR|BRL|COP|CRC|PLN|RON|CHF|SGD|HKD|MYR|"
    "IDR|THB|VND|EGP|MAD|KES|NGN|ARS|CLP|PEN|UYU|SEK|NOK|DKK|CZK|HUF|BGN|TRY|AED|SAR|ILS"
)
_AMOUNT = r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALE = r"(?:\s?(?i:million|billion|thousand|mn|bn|k|m)\b)?"
_MONEY = re.compile(
    rf"(?:\b[A-Z]{{1,3}}\$|[$£€¥₹₱₩₦₫]|\b(?:{_CURRENCY_CODES})\b\.?)\s?-?(?:{_AMOUNT}){_SCALE}"
    rf"|(?<![\w.,])(?:{_AMOUNT}){_SCALE}\s?(?:\b(?:{_CURRENCY_CODES})\b"
    r"|(?i:dollars?|euros?|pounds sterling|pesos?|rupees?)\b)"
)


def aliases(vendors: Iterable[str], salt: str = "") -> dict[str, str]:
    """Vendor -> "Vendor A", "Vendor B", ...

    Without a salt, in sorted (case-insensitive) vendor order. Blind sheets pass the key's
    random salt, so the letters do not follow the alphabet and cannot be decoded by anyone who
    knows the list of bidders.
    """
    from openpyxl.utils import get_column_letter

    def order(name: str) -> tuple[str, str, str]:
        mixed = hashlib.sha256(f"{salt}|{name}".encode()).hexdigest() if salt else ""
        return mixed, name.casefold(), name

    ordered = sorted(dict.fromkeys(vendors), key=order)
    return {name: f"Vendor {get_column_letter(index)}" for index, name in enumerate(ordered, 1)}


def distinctive_words(name: str) -> tuple[str, ...]:
    """The words of a vendor name that identify it: "Northstar CX Solutions" -> ("northstar",).

    Generic company words (Solutions, Services, Group, CX, Inc, ...), single characters and bare
    numbers are left out: they name a kind of company, not this one.
    """
    found = [
        word.casefold()
        for word in _words(name)
        if word.casefold() not in GENERIC_WORDS and len(word) > 1 and not word.isdigit()
    ]
    return tuple(dict.fromkeys(found))


# Company-form words a short name drops: "Vague Partners Ltd" -> "Vague Partners".
_SUFFIXES = frozenset(
    {
        "ltd", "limited", "inc", "incorporated", "llc", "llp", "plc", "corp", "corporation", "co",
        "gmbh", "sa", "ag", "bv", "bpo", "group", "solutions", "services", "holdings",
    }
)  # fmt: skip
# Mail providers anyone can use: an address there says nothing about which company wrote it.
_PUBLIC_MAIL = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com",
        "gmx.net", "mail.com", "zoho.com", "yandex.com",
    }
)  # fmt: skip
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "ltd", "plc", "edu"})


def short_name(name: str) -> str:
    """The name without trailing company-form words: "Pacific Ledger Services Inc." -> "Pacific
    Ledger"; the name itself when nothing else would be left."""
    words = _words(name)
    while words and words[-1].casefold() in _SUFFIXES:
        words.pop()
    return " ".join(words) if words else name


def _main_label(domain: str) -> str:
    """The label that names the company: "mail.vaguepx.co.uk" -> "vaguepx"."""
    labels = domain.casefold().split(".")[:-1]
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return labels[-1] if labels else ""


@dataclass(frozen=True)
class VendorNames:
    """What names a vendor: its folder, display name, respondent e-mail and contact, and the
    name forms its text holds (``names.names_in_text``)."""

    folder: str
    display: str
    in_text: TextNames = field(default_factory=TextNames)
    email: str = ""
    contact: str = ""


@dataclass(frozen=True)
class NameForms:
    """Every form of one vendor's name that blind mode masks, for the masker and the buyer."""

    names: tuple[str, ...] = ()  # company names: masked whole and by distinctive word
    domains: tuple[str, ...] = ()  # its own e-mail and web domains: masked by their main label
    people: tuple[str, ...] = ()  # its named contact: masked whole

    @property
    def all(self) -> tuple[str, ...]:
        return self.names + self.domains + self.people


def _email_domains(vendor: VendorNames) -> set[str]:
    return set(vendor.in_text.email_domains) | email_domains(vendor.email)


def _own_domains(vendor: VendorNames, names: Sequence[str], foreign: set[str]) -> tuple[str, ...]:
    """The vendor's e-mail domains, and web domains whose main label carries its name."""
    marks = {word for name in names for word in distinctive_words(name)}
    marks |= {_squashed(name) for name in names}
    mail = _email_domains(vendor)
    web = set(vendor.in_text.web_domains)
    labels = {_main_label(domain) for domain in mail}
    named = {d for d in web if _main_label(d) in labels or any(m in d for m in marks if m)}
    own = [
        domain
        for domain in sorted(mail | named)
        if domain not in foreign and domain not in _PUBLIC_MAIL and len(_main_label(domain)) >= 3
    ]
    return tuple(own)


def name_forms(
    vendors: Sequence[VendorNames], buyer_domains: Iterable[str] = ()
) -> dict[str, NameForms]:
    """Display name -> every form a reader would recognise: the display name, its short name,
    the folder name and its words, the vendor's own domains and its named contact. A domain
    two vendors write, the buyer's own, or a public mail provider's names nobody."""
    seen: dict[str, int] = defaultdict(int)
    for vendor in vendors:
        for domain in _email_domains(vendor):
            seen[domain] += 1
    foreign = {domain for domain, count in seen.items() if count > 1}
    foreign |= {domain.casefold().rpartition("@")[2] for domain in buyer_domains if domain}
    forms: dict[str, NameForms] = {}
    for vendor in vendors:
        candidates = [
            vendor.display,
            short_name(vendor.display),
            vendor.folder,
            vendor.in_text.folder_spelled or split_folder(vendor.folder, ""),
        ]
        names: dict[str, str] = {}
        for name in candidates:
            names.setdefault(" ".join(name.split()).casefold(), " ".join(name.split()))
        listed = tuple(name for name in names.values() if name)
        people = (" ".join(vendor.contact.split()),) if vendor.contact.strip() else ()
        forms[vendor.display] = NameForms(listed, _own_domains(vendor, listed, foreign), people)
    return forms


def _phrase_pattern(words: Sequence[str]) -> str:
    """A name in any spacing: "Northstar CX", "northstar-cx", "NorthstarCX"."""
    return r"(?<![^\W_])" + r"[\W_]{0,3}".join(map(re.escape, words)) + r"(?![^\W_])"


def _word_pattern(word: str) -> str:
    # A longer word hides the whole token it sits in ("northstarcx.example"); a short one only
    # whole words, or it would eat into ordinary words.
    if len(word) >= 4:
        return r"[^\W_]*" + re.escape(word) + r"[^\W_]*"
    return r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])"


@dataclass(frozen=True)
class Masker:
    """Replaces every vendor's name, short name and distinctive words with its alias."""

    pattern: re.Pattern[str] | None
    replacements: tuple[str, ...]

    @classmethod
    def for_vendors(
        cls, names: Mapping[str, str], forms: Mapping[str, NameForms] | None = None
    ) -> Masker:
        """Build from vendor -> alias and, when known, every form of each name (``name_forms``);
        a word shared by two vendors becomes "[vendor]"."""
        known = forms or {}
        companies = {vendor: (vendor, *known.get(vendor, NameForms()).names) for vendor in names}
        owners: dict[str, set[str]] = defaultdict(set)
        for vendor, company_names in companies.items():
            for name in company_names:
                for word in distinctive_words(name):
                    owners[word].add(vendor)
            for domain in known.get(vendor, NameForms()).domains:
                owners[_main_label(domain)].add(vendor)
        phrases: list[tuple[str, str, int]] = []
        for vendor, alias in names.items():
            # Each name whole and every leading part of two words or more, so "Northstar CX" in
            # "Northstar CX Solutions" goes whole rather than leaving "Vendor B CX".
            for name in companies[vendor]:
                words = _words(name)
                for size in range(len(words), 0, -1):
                    if size >= 2 or size == len(words):
                        variant = words[:size]
                        phrases.append((_phrase_pattern(variant), alias, len(" ".join(variant))))
            for person in known.get(vendor, NameForms()).people:
                phrases.append((_phrase_pattern(_words(person)), alias, len(person)))
        singles = [
            (_word_pattern(word), next(iter(vendors)) if len(vendors) == 1 else "", len(word))
            for word, vendors in owners.items()
        ]
        items = sorted(dict.fromkeys(phrases), key=lambda item: (-item[2], item[0]))
        items += sorted(
            (
                (pattern, names[owner] if owner else SHARED_WORD_MASK, size)
                for pattern, owner, size in singles
            ),
            key=lambda item: (-item[2], item[0]),
        )
        if not items:
            return cls(None, ())
        combined = "|".join(f"(?P<m{index}>{item[0]})" for index, item in enumerate(items))
        return cls(re.compile(combined, re.IGNORECASE), tuple(item[1] for item in items))

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        replacements = self.replacements

        def replace(match: re.Match[str]) -> str:
            group = match.lastgroup or "m0"
            return replacements[int(group[1:])]

        return self.pattern.sub(replace, text)


def mask_money(text: str, currency: str = "") -> str:
    """Hide money amounts ("$742,200", "£1.45", "USD 3,450", "€2.1m") from technical evaluators."""
    masked = _MONEY.sub(PRICE_HIDDEN, text)
    if currency and currency.upper() not in _CURRENCY_CODES.split("|"):
        code = re.escape(currency)
        masked = re.sub(
            rf"\b{code}\b\s?(?:{_AMOUNT}){_SCALE}|(?:{_AMOUNT}){_SCALE}\s?\b{code}\b",
            PRICE_HIDDEN,
            masked,
        )
    return masked


@dataclass(frozen=True)
class BlindKey:
    """The buyer-side alias key: which vendor each "Vendor X" is."""

    reference: str
    key: str
    vendors: dict[str, str]  # alias -> vendor
    masked: dict[str, list[str]] = field(default_factory=dict)
    """Vendor -> every form of its name masked in the sheets, so the buyer can check them."""

    def alias_of(self) -> dict[str, str]:
        """Vendor -> alias."""
        return {vendor: alias for alias, vendor in self.vendors.items()}


def read_blind_key(path: Path) -> BlindKey:
    """Read ``blind-key.json``; raise ScoringError when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        vendors = data["vendors"]
        if not isinstance(vendors, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in vendors.items()
        ):
            raise TypeError("vendors must map aliases to names")
        masked = data.get("masked", {})
        if not isinstance(masked, dict):
            raise TypeError("masked must map vendors to lists of names")
        forms = {str(vendor): [str(form) for form in listed] for vendor, listed in masked.items()}
        return BlindKey(str(data["reference"]), str(data["key"]), dict(vendors), forms)
    except FileNotFoundError:
        raise ScoringError(f"{path}: the blind key is missing") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ScoringError(f"{path}: not a readable blind key ({error})") from None


def blind_key_for(project: Project, vendors: Sequence[str], path: Path) -> BlindKey:
    """The key for these vendors, reusing the existing key id when the mapping is unchanged, so
    regenerating sheets does not invalidate ones already handed out."""
    reference = project.spec.project.reference
    if path.is_file():
        try:
            old = read_blind_key(path)
        except ScoringError:
            old = None
        same_vendors = old is not None and set(old.vendors.values()) == set(vendors)
        if old is not None and same_vendors and old.reference == reference:
            return old
    key = secrets.token_hex(16)
    mapping = {alias: vendor for vendor, alias in aliases(vendors, salt=key).items()}
    return BlindKey(reference, key, mapping)


def write_blind_key(target: Path, key: BlindKey) -> None:
    """Write ``blind-key.json`` for the buyer: which vendor each alias is."""
    document = {
        "about": "rfp blind key: which vendor each alias is. Keep it away from evaluators.",
        "reference": key.reference,
        "key": key.key,
        "vendors": key.vendors,
        "masked": key.masked,
    }
    write_text(target, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
