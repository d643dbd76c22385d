"""Blind mode's masks: vendor names and their distinctive words, and money amounts."""

from __future__ import annotations

from rfp.evaluate.blind import PRICE_HIDDEN, Masker, aliases, distinctive_words, mask_money

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
