"""Blind mode's masks: vendor names and their distinctive words, and money amounts."""

from __future__ import annotations

from rfp.core.names import names_in_text
from rfp.evaluate.blind import (
    PRICE_HIDDEN,
    Masker,
    VendorNames,
    aliases,
    distinctive_words,
    mask_money,
    name_forms,
    short_name,
)

NORTHSTAR = "Northstar CX Solutions"
BAYANIHAN = "Bayanihan Contact Solutions"
QUILLMERE = "Quillmere Partners"


def test_money_amounts_are_masked() -> None:
    text = (
        "Fees: $742,200 a year, £1.45 per call, USD 3,450 monthly, €2.1m capex, 3,450 USD, "
        "US$ 12 and 2.1 million dollars."
    )
    masked = mask_money(text)
    assert masked == (
        f"Fees: {PRICE_HIDDEN} a year, {PRICE_HIDDEN} per call, {PRICE_HIDDEN} monthly, "
        f"{PRICE_HIDDEN} capex, {PRICE_HIDDEN}, {PRICE_HIDDEN} and {PRICE_HIDDEN}."
    )
    untouched = "80% in 20 seconds, 24/7, ISO 27001:2022, 1,200 seats, AES-256, 99.5% uptime."
    assert mask_money(untouched) == untouched
    assert mask_money("fee of 1,200 XTS", "XTS") == f"fee of {PRICE_HIDDEN}"


def test_distinctive_words_and_masking() -> None:
    assert distinctive_words(NORTHSTAR) == ("northstar",)
    assert distinctive_words("Pacific Ledger Services Ltd") == ("pacific", "ledger")
    assert distinctive_words("Global Outsourcing Group") == ()
    names = aliases([QUILLMERE, NORTHSTAR, BAYANIHAN, "Pacific Ledger", "Pacific Rim BPO"])
    assert list(names.values()) == [f"Vendor {c}" for c in "ABCDE"]
    assert names[BAYANIHAN] == "Vendor A" and names[QUILLMERE] == "Vendor E"
    mask = Masker.for_vendors(names)
    assert (
        mask("NORTHSTAR and Northstar-CX Solutions; write to ops@northstarcx.example.")
        == "Vendor B and Vendor B; write to ops@Vendor B.example."
    )
    assert mask("Bayanihan Contact's agents") == "Vendor A's agents"
    assert mask("Pacific Ledger and Pacific Rim") == "Vendor C and Vendor D"
    assert mask("our Pacific teams") == "our [vendor] teams"  # shared word: nobody in particular
    assert mask("contact centre solutions") == "contact centre solutions"


VAGUE_TEXT = """VAGUE PARTNERS BPO — proposal

Vague Partners runs your contact centre from Manila. See www.vaguepx.example or write to
jane.doe@vaguepx.example; our Vague-Partners QA team answers in four hours. Jane Doe signs.
Questions went to procurement@acme.example as the RFP asked. Tools: zendesk.com.
"""
NORTHSTAR_TEXT = (
    "NorthStar CX answers at help@northstar-cx.example; we copied procurement@acme.example."
)


def test_every_form_of_a_vendor_name_is_masked() -> None:
    vendors = [
        VendorNames(
            folder="vaguepartners",
            display="vaguepartners",
            in_text=names_in_text("vaguepartners", VAGUE_TEXT),
        ),
        VendorNames(
            folder="NorthstarCX",
            display="Northstar CX Solutions Ltd",
            in_text=names_in_text("NorthstarCX", NORTHSTAR_TEXT),
            email="bids@northstar-cx.example",
            contact="Ravi Menon",
        ),
    ]
    forms = name_forms(vendors, buyer_domains=["acme.example"])
    assert forms["vaguepartners"].all == (
        "vaguepartners",
        "Vague Partners",
        "vaguepx.example",
    )
    assert forms["Northstar CX Solutions Ltd"].all == (
        "Northstar CX Solutions Ltd",
        "Northstar CX",
        "NorthstarCX",
        "northstar-cx.example",
        "Ravi Menon",
    )
    names = {"vaguepartners": "Vendor A", "Northstar CX Solutions Ltd": "Vendor B"}
    mask = Masker.for_vendors(names, forms)
    assert mask(VAGUE_TEXT) == (
        "Vendor A BPO — proposal\n\n"
        "Vendor A runs your contact centre from Manila. See www.Vendor A.example or write to\n"
        "jane.doe@Vendor A.example; our Vendor A QA team answers in four hours. Jane Doe signs.\n"
        "Questions went to procurement@acme.example as the RFP asked. Tools: zendesk.com.\n"
    )
    assert mask(NORTHSTAR_TEXT) == (
        "Vendor B answers at help@Vendor B.example; we copied procurement@acme.example."
    )
    assert mask("Ravi Menon and RAVI  MENON; northstarcx, Northstar") == (
        "Vendor B and Vendor B; Vendor B, Vendor B"
    )


def test_short_names_drop_company_suffixes() -> None:
    assert short_name("Vague Partners Ltd") == "Vague Partners"
    assert short_name("Pacific Ledger Services Group Inc.") == "Pacific Ledger"
    assert short_name("Bayanihan BPO Solutions") == "Bayanihan"
    assert short_name("Solutions Ltd") == "Solutions Ltd"  # nothing would be left
