"""Prices stated in a proposal's text: currency, amount and unit, each with the file and page.

A vendor who prices in its prose ("USD 2.10 per invoice processed") has stated a price, and a
buyer scoring proposals without the response workbook must be able to use it. Vendors are
adversaries, so only a firm price is used: "from USD 0.01", "up to", a range, an estimate, a
saving or a competitor's rate is listed for the buyer to confirm, never priced; two different
firm prices for the same work cancel each other out.

A small grammar over our own units rather than a general parser: price-parser reads one price
per string and no unit (the payroll half of "USD 2.10 per invoice ... USD 4.75 per payslip" is
lost), and quantulum3 misses currency codes before the amount ("USD 2.10" is a bare 2.1) and
reads "€0.85 per minute" as euros per minute of arc. Pure: documents in, values out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from rfp.core.payroll import is_payroll
from rfp.core.spec import Volume
from rfp.score.checks.price import PriceQuote
from rfp.score.document import Document

_CODES: Final = (
    "USD|EUR|GBP|CAD|AUD|NZD|SGD|HKD|INR|PHP|MXN|BRL|PLN|ZAR|JPY|CNY|CHF|SEK|NOK|DKK|COP|MYR"
)
_SYMBOLS: Final[dict[str, str]] = {
    "US$": "USD",
    "C$": "CAD",
    "A$": "AUD",
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "₱": "PHP",
    "R$": "BRL",
    "$": "$",
}
DOLLAR_CURRENCIES: Final = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "COP"})
_WORDS: Final[dict[str, str]] = {"euro": "EUR", "pound": "GBP", "rupee": "INR", "peso": "PHP"}

_MARK = rf"(?:{_CODES}|US\$|[CAR]\$|[$€£₹₱])"
# Decimal commas ("EUR 2,10", "1.234,56") are read only where they cannot be thousands: one or
# two digits after the comma. A comma followed by three digits is a thousands separator, and
# Indian grouping ("INR 1,25,000") is read as written.
_NUMBER = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?![,\d])|\d{1,3}(?:\.\d{3})+,\d{1,2}(?!\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![,\d])"
    r"|\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?"
)
# "1.250" is 1,250 where dots group thousands and 1.25 where they mark decimals: not priced.
_AMBIGUOUS_DOT: Final = re.compile(r"[1-9]\d{0,2}\.\d{3}")
_PER = r"(?:\s*/\s*|\s+(?:per|an?|each|for\s+each)\s+)"
_ADJECTIVE = r"(?:(?:processed|handled|billable|productive|delivered|paid|agent|active)\s+)?"

# (pattern for the unit after "per", canonical unit, price model)
_UNITS: Final[tuple[tuple[str, str, str], ...]] = (
    (
        r"(?:fte|full[- ]time\s+equivalent|dedicated\s+agent|agent|seat)s?"
        r"(?:[- ]month|\s*(?:per|a|/)\s*month)",
        "FTE-month",
        "per_fte_month",
    ),
    (r"employees?\s*(?:per|a|/)\s*month|pepm", "employee-month", "per_employee_month"),
    (r"(?:productive\s+|billable\s+|agent\s+)?(?:hour|hr)s?\b", "hour", "per_productive_hour"),
    (r"(?:handled\s+|talk\s+)?(?:minute|min)s?\b", "minute", "per_minute"),
    (r"invoices?\b", "invoice", "per_transaction"),
    (
        r"(?:payslips?|pay\s+slips?|pay\s+advices?|payroll\s+records?)\b",
        "payslip",
        "per_transaction",
    ),
    (r"journal(?:\s+entr(?:y|ies))?s?\b|journal\s+lines?\b", "journal entry", "per_transaction"),
    (r"(?:calls?|inbound\s+calls?)\b", "call", "per_transaction"),
    (r"chats?(?:\s+sessions?)?\b", "chat", "per_transaction"),
    (r"e-?mails?\b", "email", "per_transaction"),
    (r"orders?\b", "order", "per_transaction"),
    (r"tickets?\b", "ticket", "per_transaction"),
    (r"claims?\b", "claim", "per_transaction"),
    (r"(?:contacts?|interactions?)\b", "contact", "per_transaction"),
    (r"transactions?\b", "transaction", "per_transaction"),
)
_UNIT_PATTERN = "|".join(f"(?P<u{index}>{pattern})" for index, (pattern, _, _) in enumerate(_UNITS))
# Currency codes behind a cheap lookahead: a case-insensitive alternation of codes tried at
# every position made the scan ten times slower. A code in lower or mixed case ("usd 2.10") is
# read as the code: next to an amount and a unit it means nothing else, and it is tried only
# where three letters are followed by a number.
_LOOSE_CODE: Final = rf"(?=[A-Za-z]{{3}}\s?\d)(?i:{_CODES})"
_PRICE: Final = re.compile(
    rf"(?:(?=[A-Za-z$€£₹₱])(?P<before>{_MARK}|{_LOOSE_CODE})\s?(?P<amount>{_NUMBER})|"
    rf"(?P<amount2>{_NUMBER})\s?(?P<after>(?i:{_CODES}|euros?|pounds?|rupees?|pesos?)))"
    rf"(?P<upper>\s*(?:-|–|to)\s*{_MARK}?\s?(?:{_NUMBER}))?"
    rf"(?i:{_PER}{_ADJECTIVE}(?:{_UNIT_PATTERN})|\s?(?P<pepm>PEPM)\b)"
)
_HEDGE_BEFORE: Final = re.compile(
    r"\b(?P<word>from|starting\s+(?:at|from)|as\s+(?:low|little)\s+as|up\s+to|between|"
    r"min(?:imum)?|approx(?:imately|\.)?|about|around|circa|roughly|indicative(?:ly)?|"
    r"estimated?|less\s+than|down\s+to|sav(?:e|es|ing|ings)|reduc\w*|discount\w*|"
    r"rebate\w*|credits?|penalt\w*|currently|market|industry|average|competitors?\w*|"
    r"benchmark\w*|typical(?:ly)?|if|could|may|might|earns?|earning|wages?|salar\w*|"
    r"rivals?|incumbents?|not|never|won't)\b"
    r"[^.;:\d]{0,25}$",
    re.IGNORECASE,
)
_HEDGE_AFTER: Final = re.compile(
    r"^(?:[^.;]|\.(?=\d)){0,30}?\b(?P<word>or\s+(?:less|lower|more)|and\s+(?:up|above)|onwards?|"
    r"for\s+volumes?|above|over|tiers?|bands?|subject\s+to|from\s+(?:month|year|week)|once|"
    r"after|provided)\b",
    re.IGNORECASE,
)
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])|\n")


@dataclass(frozen=True)
class TextPrice:
    """One price statement found in a proposal, and whether it is firm enough to price on.

    ``currency`` is an ISO 4217 code, or "$" for a bare dollar sign; ``unit`` is canonical
    ("invoice", "payslip", "hour", "FTE-month", "minute", "employee-month"...); ``hedge`` is
    why the statement is not used for pricing ("" when it is firm).
    """

    currency: str
    amount: float
    unit: str
    model: str
    quote: str
    file: str
    page: int | None = None
    hedge: str = ""

    @property
    def firm(self) -> bool:
        """A price stated without qualification: the only kind used to price a vendor."""
        return not self.hedge

    @property
    def stated(self) -> str:
        """The price as a short phrase: "USD 2.10 per invoice"."""
        return f"{self.currency} {self.amount:,.2f} per {self.unit}"

    @property
    def where(self) -> str:
        """The file and page the statement is on."""
        return self.file + (f", p. {self.page}" if self.page is not None else "")

    @property
    def evidence(self) -> str:
        """The statement as evidence: quote, place and, if not used, why."""
        note = f" — not used: {self.hedge}" if self.hedge else ""
        return f"{self.stated}: \u201c{self.quote}\u201d ({self.where}){note}"


@dataclass(frozen=True)
class TextOffer:
    """What the firm text prices amount to for the buyer's volumes.

    ``quotes`` price the volumes (one per volume or catch-all); ``used`` the statements behind
    them; ``unmatched`` names the volumes no firm statement prices; ``set_aside`` says why other
    statements were not used (hedged, another currency, two different prices for one thing).
    """

    quotes: list[PriceQuote] = field(default_factory=list)
    used: list[TextPrice] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every volume is priced by a firm statement (and there is at least one)."""
        return bool(self.quotes) and not self.unmatched


_MAY_PRICE_AT_MARK: Final = re.compile(
    rf"[\d$€£₹₱](?:(?<=[$€£₹₱])|\s?(?i:{_CODES}|euro|pound|rupee|peso)"
    rf"|(?<=[A-Za-z]{{3}}\d)(?<=(?i:{_CODES})\d)|(?<=[A-Za-z]{{3}}\s\d)(?<=(?i:{_CODES})\s\d))"
)
"""What every ``_PRICE`` match holds, a currency symbol or a code next to a digit on either
side, read from the digit or symbol: a symbol; a digit with a code after it; or a digit with
three ASCII letters of a code just before it, or before the one space before it. Most blocks
have none. Opening with a character class, it is scanned about three times faster than the
same test written from the code's side (kept in the tests, which hold the two equal)."""


def find_text_prices(documents: Sequence[Document]) -> list[TextPrice]:
    """Every price statement with a unit in the documents, in reading order."""
    found: list[TextPrice] = []
    for document in documents:
        for page in document.pages:
            for block in page.blocks:
                if _MAY_PRICE_AT_MARK.search(block.text):
                    found += _prices_in(block.text, document.name, page.number)
    return found


def _prices_in(text: str, file: str, page: int | None) -> list[TextPrice]:
    prices = []
    for match in _PRICE.finditer(text):
        unit, model = _unit(match)
        currency = _currency(match["before"] or match["after"] or "")
        written = match["amount"] or match["amount2"]
        prices.append(
            TextPrice(
                currency=currency,
                amount=_amount(written),
                unit=unit,
                model=model,
                quote=_sentence(text, match.start(), match.end()),
                file=file,
                page=page,
                hedge=_ambiguous(written)
                or _hedge(text, match)
                or _conditional(text, match.start()),
            )
        )
    return prices


def _amount(written: str) -> float:
    """The number as written, with a decimal comma where the pattern allowed one."""
    if re.fullmatch(r"[\d.]*,\d{1,2}", written):
        return float(written.replace(".", "").replace(",", "."))
    return float(written.replace(",", ""))


def _ambiguous(written: str) -> str:
    """Why a number cannot be read one way only ("" when it can)."""
    if _AMBIGUOUS_DOT.fullmatch(written):
        whole, decimals = written.split(".")
        return f"{written} could be {int(whole + decimals):,} or {float(written):g}; ask which"
    return ""


def _unit(match: re.Match[str]) -> tuple[str, str]:
    if match["pepm"]:
        return "employee-month", "per_employee_month"
    for index, (_, unit, model) in enumerate(_UNITS):
        if match[f"u{index}"]:
            return unit, model
    raise AssertionError("the price pattern matched no unit")  # pragma: no cover


def _currency(mark: str) -> str:
    upper = mark.upper()
    if upper in _SYMBOLS:
        return _SYMBOLS[upper]
    for word, code in _WORDS.items():
        if mark.lower().startswith(word):
            return code
    return upper


def _hedge(text: str, match: re.Match[str]) -> str:
    """Why a statement is not a firm price, or "" when it is."""
    if match["upper"]:
        return "a range, not one price"
    before = _HEDGE_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
    if before:
        return f"qualified by \u201c{' '.join(before['word'].split())}\u201d"
    after = _HEDGE_AFTER.search(text[match.end() : match.end() + 40])
    if after:
        return f"qualified by \u201c{' '.join(after['word'].split())}\u201d"
    return ""


_CONDITIONAL: Final = re.compile(r"\s*(?:if|should|where|unless|subject\s+to)\b", re.IGNORECASE)


def _conditional(text: str, start: int) -> str:
    """A price in a sentence that opens with a condition ("If Globex prefers...") is an option."""
    sentence = _sentence(text, start, start, limit=10_000)
    return "a conditional offer" if _CONDITIONAL.match(sentence) else ""


def _sentence(text: str, start: int, end: int, limit: int = 180) -> str:
    """The sentence around a match, cut to ``limit`` characters around it."""
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    first = max(b for b in bounds if b <= start)
    last = min((b for b in bounds if b >= end), default=len(text))
    sentence = " ".join(text[first:last].split())
    if len(sentence) <= limit:
        return sentence
    offset = max(0, start - first - limit // 3)
    return "…" + sentence[offset : offset + limit].strip() + "…"


def text_offer(prices: Sequence[TextPrice], volumes: Sequence[Volume], currency: str) -> TextOffer:
    """The quotes the firm statements make for the buyer's volumes, and what is left to confirm.

    A statement prices the volume its unit names (an invoice price prices the invoice volume;
    a payslip or per-employee price, payroll; a per-call price, voice); a generic unit
    (transaction, contact, FTE-month, hour, minute) prices every volume no named one does.
    Hedged statements, other currencies and conflicting prices are set aside, each said why.
    """
    offer = TextOffer()
    candidates: dict[tuple[str, str], list[TextPrice]] = {}
    for price in prices:
        problem = _unusable(price, currency)
        if problem:
            offer.set_aside.append(f"{price.stated} ({price.where}): {problem}")
            continue
        scope = _scope(price, volumes)
        if scope is None:
            offer.set_aside.append(f"{price.stated} ({price.where}): prices nothing in the RFP")
            continue
        candidates.setdefault((price.model, scope), []).append(price)
    for (model, scope), found in sorted(candidates.items()):
        amounts = sorted({price.amount for price in found})
        if len(amounts) > 1:
            stated = ", ".join(f"{amount:,.2f}" for amount in amounts)
            offer.set_aside.append(
                f"{found[0].unit}: different prices stated ({currency} {stated}); none used"
            )
            continue
        offer.quotes.append(
            PriceQuote(model=model, rate=amounts[0], currency=currency, scope=scope)
        )
        offer.used.append(found[0])
    offer.unmatched.extend(_unpriced(offer.quotes, volumes))
    return offer


def _unusable(price: TextPrice, currency: str) -> str:
    if price.hedge:
        return price.hedge
    if price.currency == "$" and currency in DOLLAR_CURRENCIES:
        return ""
    if price.currency != currency:
        return f"in {price.currency}, not the RFP's {currency}"
    if price.amount <= 0:
        return "not a positive price"
    return ""


def _scope(price: TextPrice, volumes: Sequence[Volume]) -> str | None:
    """The volume a statement prices ("" for every volume not named), or None when none.

    "Per transaction" names no volume: with several transaction volumes it could be any of
    them (a side fee "per transaction" must not price payroll), so it prices one only when the
    buyer has exactly one; "per contact" likewise once the buyer has transaction volumes.
    """
    transactions = [v.name for v in volumes if v.transaction]
    if price.unit == "transaction" or (price.unit == "contact" and transactions):
        return transactions[0] if len(transactions) == 1 else None
    if price.unit in {"contact", "FTE-month", "hour", "minute"}:
        return ""
    if price.unit in {"payslip", "employee-month"}:
        named = [v.name for v in volumes if v.transaction and is_payroll(v.name)]
    else:
        key = {"call": "voice", "journal entry": "journal"}.get(price.unit, price.unit)
        named = [v.name for v in volumes if key in _words(v.name)]
    return named[0] if len(named) == 1 else None


def _words(name: str) -> set[str]:
    words = set()
    for word in re.split(r"[\s_\-]+", name.casefold()):
        words.add(word)
        if word.endswith("ies"):
            words.add(word[:-3] + "y")
        elif word.endswith("s"):
            words.add(word[:-1])
    return words


def _unpriced(quotes: Sequence[PriceQuote], volumes: Sequence[Volume]) -> list[str]:
    """Volumes no quote prices: none named and no catch-all quote that can price them."""
    named = {quote.scope for quote in quotes if quote.scope}
    catch_all = {quote.model for quote in quotes if not quote.scope}
    missing = []
    for volume in volumes:
        if volume.name in named:
            continue
        if "per_minute" in catch_all and volume.channel is not None:
            continue
        if catch_all - {"per_minute", "per_employee_month"}:
            continue
        missing.append(volume.name)
    return missing


def _money(n: int) -> str:
    """An amount with its currency mark, as groups ``mark<n>``, ``amount<n>`` and ``k<n>`` (a
    thousands suffix: "USD 80k", "USD 80 thousand")."""
    return (
        rf"(?P<mark{n}>{_MARK}|{_LOOSE_CODE})\s?(?P<amount{n}>{_NUMBER})"
        rf"(?P<k{n}>k\b|\s?thousand\b)?"
    )


_KIND: Final = r"(?:fee|charge|billing|commitment|spend|invoice|amount)"
_LEAD: Final = r"(?:\s+(?:of|is|at)\s+|\s*[:=]\s*|\s+)"
_PER_MONTH: Final = r"(?:(?:per|a|each|/)\s*(?:calendar\s+)?month|monthly)"
_MINIMUM: Final = re.compile(
    rf"{_money(1)}\s*{_PER_MONTH}\s+minimum\b"
    rf"|{_money(2)}\s+minimum(?:\s+{_KIND})?\s*{_PER_MONTH}"
    rf"|\bminimum\s+(?:{_KIND}\s+)?(?:of\s+)?{_money(3)}\s*{_PER_MONTH}"
    rf"|\b(?:minimum\s+monthly|monthly\s+minimum)(?:\s+{_KIND})?{_LEAD}{_money(4)}",
    re.IGNORECASE,
)
_MINIMUM_WORD: Final = re.compile("minimum", re.IGNORECASE)
_NEGATED: Final = re.compile(
    r"\b(?:no|without(?:\s+an?y?)?|waived?|waives|not\s+subject\s+to(?:\s+an?y?)?)\s+(?:(?:a|the)\s+)?$",
    re.IGNORECASE,
)
"""Only a word that governs the minimum itself negates it: "no monthly minimum of USD 5,000"
is none, while in "No setup fee, monthly minimum of USD 80,000" the minimum stands."""


@dataclass(frozen=True)
class MonthlyMinimum:
    """A monthly minimum charge stated in the text ("a monthly minimum of USD 50,000")."""

    currency: str
    amount: float
    quote: str
    file: str
    page: int | None = None

    @property
    def where(self) -> str:
        """The file and page the statement is on."""
        return self.file + (f", p. {self.page}" if self.page is not None else "")


def find_monthly_minimums(documents: Sequence[Document]) -> list[MonthlyMinimum]:
    """Every monthly minimum charge the text states, unless negated ("no monthly minimum").

    A per-unit price under a minimum charge costs at least the minimum each month, so a bid
    that prices the buyer's volumes below its own minimum is cheaper on paper than it is.
    """
    found = []
    for document in documents:
        for page in document.pages:
            for block in page.blocks:
                found += minimums_in(block.text, document.name, page.number)
    return found


def minimums_in(text: str, file: str, page: int | None = None) -> list[MonthlyMinimum]:
    """The monthly minimums one text states (a paragraph, or a workbook cell's note)."""
    if not _MINIMUM_WORD.search(text):  # every wording has the word; scanning for it is cheap
        return []
    found = []
    for match in _MINIMUM.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        if _NEGATED.search(before):
            continue
        amount = _amount(_first(match, "amount"))
        if any(name.startswith("k") and value for name, value in match.groupdict().items()):
            amount *= 1000
        found.append(
            MonthlyMinimum(
                currency=_currency(_first(match, "mark")),
                amount=amount,
                quote=_sentence(text, match.start(), match.end()),
                file=file,
                page=page,
            )
        )
    return found


def _first(match: re.Match[str], group: str) -> str:
    """The named group from whichever alternative matched (names repeat per alternative)."""
    return next(
        value for name, value in match.groupdict().items() if name.startswith(group) and value
    )


def confirm_item(offer: TextOffer, prices: Sequence[TextPrice]) -> str:
    """The to-be-confirmed sentence: exactly what the text quotes, and what it does not price."""
    if not prices:
        return "no price in the response workbook or the text"
    quoted = [f"{p.stated} ({p.where})" for p in offer.used] or [
        f"{p.stated} ({p.where}, {p.hedge or 'not used'})" for p in prices[:4]
    ]
    text = f"text quotes {'; '.join(quoted)}"
    if offer.unmatched:
        text += f"; no firm price for {', '.join(offer.unmatched)}"
    if offer.set_aside:
        text += f"; set aside: {'; '.join(offer.set_aside[:4])}"
    return text
