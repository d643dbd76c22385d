"""Blind evaluation: vendors as "Vendor A", "Vendor B", ... and their names masked in every text.

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
from dataclasses import dataclass
from pathlib import Path

from rfp.core.files import write_text
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


def _words(name: str) -> list[str]:
    return re.findall(r"[^\W_]+", name)


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
    def for_vendors(cls, names: Mapping[str, str]) -> Masker:
        """Build from vendor -> alias; a word shared by two vendors becomes "[vendor]"."""
        owners: dict[str, set[str]] = defaultdict(set)
        for vendor in names:
            for word in distinctive_words(vendor):
                owners[word].add(vendor)
        phrases: list[tuple[str, str, int]] = []
        for vendor, alias in names.items():
            # The full name and every leading part of two words or more, so "Northstar CX" in
            # "Northstar CX Solutions" goes whole rather than leaving "Vendor B CX".
            words = _words(vendor)
            for size in range(len(words), 0, -1):
                if size >= 2 or size == len(words):
                    variant = words[:size]
                    phrases.append((_phrase_pattern(variant), alias, len(" ".join(variant))))
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
        return BlindKey(str(data["reference"]), str(data["key"]), dict(vendors))
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
    }
    write_text(target, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
