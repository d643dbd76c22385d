"""Tests for rfp.score.checks.certifications.

Expected figures are worked by hand (arithmetic in comments) or taken from a published example,
never read back from the code under test.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.score.checks import certifications as cert
from rfp.score.checks.certifications import (
    CERTIFICATIONS,
    check_certifications,
    find_certifications,
    held_certifications,
    is_regulation,
    normalise_certification,
)


def statuses(text: str) -> dict[str, str]:
    return {finding.name: finding.status for finding in find_certifications(text)}


@pytest.mark.parametrize(
    "text",
    [
        "We hold a SOC 2 Type II report.",
        "Our SOC 2 Type 2 report covers all sites.",
        "Our SOC2 Type II report covers all sites.",
        "An independent SOC 2® Type II examination is performed annually.",
        "A Type II SOC 2 report is available under NDA.",
        "Our SOC 2 (Type II) report is attached.",
    ],
)
def test_soc2_type_ii_variants(text: str) -> None:
    findings = find_certifications(text)
    assert [(f.name, f.status) for f in findings] == [("SOC 2 Type II", "held")]


@pytest.mark.parametrize(
    "text",
    ["We completed a SOC 2 Type 1 audit.", "Our SOC 2 Type I report is attached."],
)
def test_soc2_type_i_is_not_type_ii(text: str) -> None:
    assert [f.name for f in find_certifications(text)] == ["SOC 2 Type I"]


def test_soc2_both_types_in_one_phrase_and_untyped_mention() -> None:
    assert statuses("We have SOC 2 Type I and II reports.") == {
        "SOC 2 Type I": "held",
        "SOC 2 Type II": "held",
    }
    assert statuses("We are audited against SOC 2 every year.") == {"SOC 2": "held"}


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("We are ISO 27001 certified.", ""),
        ("Certified to ISO/IEC 27001:2022 since March.", "2022"),
        ("Our ISO27001 certificate is attached.", ""),
    ],
)
def test_iso27001_variants(text: str, detail: str) -> None:
    findings = find_certifications(text)
    assert [(f.name, f.detail, f.status) for f in findings] == [("ISO/IEC 27001", detail, "held")]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("All sites are PCI-DSS compliant.", ""),
        ("We attest to PCI DSS v4.0 annually.", "v4.0"),
        ("We are a PCI DSS Level 1 Service Provider.", "Level 1 Service Provider"),
        ("We are a PCI DSS v4.0 Level 1 Service Provider.", "v4.0, Level 1 Service Provider"),
    ],
)
def test_pci_dss_variants(text: str, detail: str) -> None:
    findings = find_certifications(text)
    assert [(f.name, f.detail) for f in findings] == [("PCI DSS", detail)]


def test_other_certifications_and_their_details() -> None:
    text = (
        "HIPAA with a signed BAA; GDPR with standard contractual clauses; "
        "COPC CX Standard Release 7.0; ISO 9001:2015; ISO 18295-1:2017; "
        "HITRUST r2; ISO/IEC 27701; SOC 1 Type II."
    )
    found = {f.name: f.detail for f in find_certifications(text)}
    assert found == {
        "COPC": "Release 7.0",
        "GDPR": "",
        "HIPAA": "",
        "HITRUST": "r2",
        "ISO 18295": "Part 1, 2017",
        "ISO 9001": "2015",
        "ISO/IEC 27701": "",
        "SOC 1 Type II": "",
    }


@pytest.mark.parametrize(
    ("text", "name", "status"),
    [
        ("We are not PCI DSS certified.", "PCI DSS", "not_held"),
        ("We do not currently hold SOC 2.", "SOC 2", "not_held"),
        ("We don't have HIPAA attestation.", "HIPAA", "not_held"),
        ("We are not pursuing HITRUST.", "HITRUST", "not_held"),
        ("We are working towards ISO 27001.", "ISO/IEC 27001", "planned"),
        ("ISO 27001 certification is in progress.", "ISO/IEC 27001", "planned"),
        ("Our SOC 2 Type II audit is expected by Q3 2026.", "SOC 2 Type II", "planned"),
        ("We are not yet PCI DSS certified.", "PCI DSS", "planned"),
        ("Our ISMS is aligned with ISO 27001.", "ISO/IEC 27001", "not_held"),
        ("Controls are ISO 27001-aligned.", "ISO/IEC 27001", "not_held"),
        ("Our business continuity plan is audited under SOC 2.", "SOC 2", "held"),
        # A negation far earlier in the sentence is about something else.
        (
            "No card data is ever written to call recordings, and our PCI DSS "
            "attestation covers every site.",
            "PCI DSS",
            "held",
        ),
        # A surveillance audit is scheduled for a certificate already held.
        ("Our ISO 27001 surveillance audit is scheduled for Q3.", "ISO/IEC 27001", "held"),
    ],
)
def test_negated_and_planned_mentions_are_not_held(text: str, name: str, status: str) -> None:
    (finding,) = find_certifications(text)
    assert (finding.name, finding.status, finding.held) == (name, status, status == "held")


def test_status_is_judged_per_clause_and_per_list_item() -> None:
    assert statuses("We hold ISO 27001 and are working towards SOC 2 Type II.") == {
        "ISO/IEC 27001": "held",
        "SOC 2 Type II": "planned",
    }
    assert statuses("Certifications: ISO 27001, PCI DSS (in progress), HIPAA.") == {
        "HIPAA": "held",
        "ISO/IEC 27001": "held",
        "PCI DSS": "planned",
    }
    assert statuses("We hold neither ISO 27001 nor SOC 2.") == {
        "ISO/IEC 27001": "not_held",
        "SOC 2": "not_held",
    }


def test_findings_merge_mentions_sorted_with_quote() -> None:
    filler = "Our delivery centres follow documented controls. " * 5
    text = (
        f"{filler}We are ISO 27001 certified. {filler}"
        "Our ISO/IEC 27001:2022 certificate is in the appendix. "
        "Our Warsaw site is working towards PCI DSS v4.0."
    )
    findings = find_certifications(text)
    assert [(f.name, f.status) for f in findings] == [
        ("ISO/IEC 27001", "held"),
        ("PCI DSS", "planned"),
    ]
    iso = findings[0]
    # First mention gives the quote, the later one the detail.
    assert iso.detail == "2022"
    assert "We are ISO 27001 certified." in iso.quote
    assert iso.quote.startswith("…")
    assert 150 <= len(iso.quote) <= 210
    assert held_certifications(findings) == ["ISO/IEC 27001"]


def test_no_certifications_in_unrelated_text() -> None:
    assert find_certifications("ISO 2700 pallets; SOC 25 lockers; Type II diabetes care.") == []


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("SOC2 Type 2", "SOC 2 Type II"),
        ("soc 2 type i", "SOC 2 Type I"),
        ("SOC 2", "SOC 2"),
        ("ISO27001", "ISO/IEC 27001"),
        ("iso/iec 27001:2013", "ISO/IEC 27001"),
        ("PCI", "PCI DSS"),
        ("PCI-DSS v4", "PCI DSS"),
        ("hipaa", "HIPAA"),
        ("General Data Protection Regulation", "GDPR"),
        ("ISO 18295", "ISO 18295"),
        ("SOC 1 Type II", "SOC 1 Type II"),
        ("HITRUST CSF", "HITRUST"),
    ],
)
def test_normalise_certification(name: str, canonical: str) -> None:
    assert normalise_certification(name) == canonical


@pytest.mark.parametrize("name", ["FedRAMP", "", "ISO 27001 / SOC 2"])
def test_normalise_certification_unknown_or_ambiguous(name: str) -> None:
    assert normalise_certification(name) is None


def test_soc2_type_ii_satisfies_type_i_but_not_reverse() -> None:
    upward = check_certifications(["SOC 2 Type 1"], ["SOC2 Type II"])
    assert upward.passed
    assert upward.missing == []
    downward = check_certifications(["SOC 2 Type II"], ["SOC 2 Type I"])
    assert not downward.passed
    assert downward.missing == ["SOC 2 Type II"]


@pytest.mark.parametrize("held", ["SOC 2 Type I", "SOC 2 Type II", "SOC 2"])
def test_untyped_soc2_requirement_met_by_either_type(held: str) -> None:
    assert check_certifications(["SOC 2"], [held]).passed


def test_untyped_soc2_does_not_meet_a_typed_requirement() -> None:
    assert check_certifications(["SOC 2 Type I"], ["SOC 2"]).missing == ["SOC 2 Type I"]


def test_check_certifications_canonical_sorted_and_unknown_names_kept() -> None:
    check = check_certifications(
        ["PCI-DSS", "ISO 27001", "HIPAA", "FedRAMP Moderate"],
        ["ISO/IEC 27001:2022", "fedramp moderate", "GDPR"],
    )
    assert check.required == ["FedRAMP Moderate", "HIPAA", "ISO/IEC 27001", "PCI DSS"]
    assert check.held == ["ISO/IEC 27001", "fedramp moderate"]
    assert check.complies_with == ["GDPR"]
    assert check.missing == ["HIPAA", "PCI DSS"]
    assert not check.passed


# Issue 12, part 6: regulations are complied with, not certified; they are listed apart.


def test_regulations_are_compliance_statements_not_certifications() -> None:
    text = (
        "We hold ISO/IEC 27001:2022 and are PCI DSS v4.0 Level 1 Service Provider compliant. "
        "We comply with GDPR, HIPAA, the California Consumer Privacy Act and Sarbanes-Oxley."
    )
    check = check_certifications(
        ["GDPR", "PCI DSS"], held_certifications(find_certifications(text))
    )
    assert check.held == ["ISO/IEC 27001", "PCI DSS"]
    assert check.complies_with == ["CCPA", "GDPR", "HIPAA", "SOX"]
    assert check.passed  # a buyer may still require GDPR compliance


@pytest.mark.parametrize(
    ("name", "regulation"),
    [("GDPR", True), ("HIPAA", True), ("CCPA", True), ("SOX", True), ("GLBA", True),
     ("PCI DSS", False), ("SOC 2 Type II", False), ("ISO/IEC 27001", False), ("HITRUST", False)],
)  # fmt: skip
def test_which_names_are_regulations(name: str, regulation: bool) -> None:
    assert is_regulation(name) is regulation
    assert name in CERTIFICATIONS


@pytest.mark.parametrize(
    ("text", "name"),
    [("CPRA", "CCPA"), ("California Privacy Rights Act", "CCPA"), ("SOX 404", "SOX"),
     ("Sarbanes Oxley Act", "SOX"), ("Gramm-Leach-Bliley Act", "GLBA")],
)  # fmt: skip
def test_regulation_names_normalise(text: str, name: str) -> None:
    assert normalise_certification(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "Our control framework supports SOX-style controls for clients.",
        "For a manufacturer whose auditors expect SOX-standard evidence, we keep logs.",
    ],
)
def test_likeness_to_a_regulation_is_not_compliance(text: str) -> None:
    assert find_certifications(text) == []


def test_socks_and_soc_are_not_sox() -> None:
    assert [f.name for f in find_certifications("We hold SOC 1 Type II; staff wear socks.")] == [
        "SOC 1 Type II"
    ]


def test_certifications_from_text_to_check() -> None:
    text = (
        "We hold ISO/IEC 27001:2022 and a SOC 2 Type II report. "
        "We are not PCI DSS certified; our PCI DSS v4.0 assessment is planned for 2027."
    )
    held = held_certifications(find_certifications(text))
    assert held == ["ISO/IEC 27001", "SOC 2 Type II"]
    check = check_certifications(["ISO 27001", "SOC 2 Type I", "PCI DSS"], held)
    assert check.missing == ["PCI DSS"]


# Issue 9, part 5: only a present-tense holding counts. Each expected status is read from the
# sentence by hand: a plan, a lapse, a negation or a restated requirement is not a holding.


def test_type_i_completed_and_type_ii_planned() -> None:
    text = (
        "We completed a SOC 2 Type I examination last year and plan our first "
        "SOC 2 Type II period this year."
    )
    assert statuses(text) == {"SOC 2 Type I": "held", "SOC 2 Type II": "planned"}
    assert held_certifications(find_certifications(text)) == ["SOC 2 Type I"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We are working towards ISO/IEC 27001 certification.", "ISO/IEC 27001"),
        ("ISO 27001 certification is in progress", "ISO/IEC 27001"),
        ("We are pursuing PCI DSS.", "PCI DSS"),
        ("Our PCI DSS audit is scheduled for Q3.", "PCI DSS"),
        ("Our first PCI DSS assessment is scheduled.", "PCI DSS"),
        ("We expect to achieve SOC 2 Type II by June.", "SOC 2 Type II"),
        ("SOC 2 Type II: expected to achieve by June.", "SOC 2 Type II"),
        ("We plan a SOC 2 Type II examination next year.", "SOC 2 Type II"),
        # "Not yet" is a plan with nothing held today; it stays "planned" as before.
        ("PCI DSS: not yet certified.", "PCI DSS"),
    ],
)
def test_plans_are_planned_not_held(text: str, name: str) -> None:
    (finding,) = find_certifications(text)
    assert (finding.name, finding.status, finding.held) == (name, "planned", False)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We do not currently hold PCI DSS certification.", "PCI DSS"),
        ("We have no SOC 1 report.", "SOC 1"),
        ("No SOC 1 report.", "SOC 1"),
        ("Our ISO 9001 certificate lapsed in 2024.", "ISO 9001"),
        ("Our ISO 9001 certificate expired in March 2025.", "ISO 9001"),
        ("We were ISO 9001 certified until 2023.", "ISO 9001"),
        ("We previously held ISO 9001.", "ISO 9001"),
        ("ISO 9001 (previously held).", "ISO 9001"),
        ("We are no longer PCI DSS compliant.", "PCI DSS"),
        ("We let our ISO 27001 certificate lapse when the site closed.", "ISO/IEC 27001"),
    ],
)
def test_negated_and_lapsed_are_not_held(text: str, name: str) -> None:
    (finding,) = find_certifications(text)
    assert (finding.name, finding.status) == (name, "not_held")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Requirement: the vendor must hold PCI DSS certification.", "PCI DSS"),
        ("Vendors must hold SOC 2 Type II.", "SOC 2 Type II"),
        ("The supplier shall maintain PCI DSS compliance at every site.", "PCI DSS"),
        ("Bidders are required to hold ISO 27001.", "ISO/IEC 27001"),
        ("The vendor holds a current SOC 2 Type II report.", "SOC 2 Type II"),
        ("PCI DSS certification is mandatory.", "PCI DSS"),
        ("SOC 2 Type II: required.", "SOC 2 Type II"),
        ("Acme requires PCI DSS for any card payments.", "PCI DSS"),
        ("Do you hold a current SOC 2 Type II report?", "SOC 2 Type II"),
        ("Evidence expected: a current PCI DSS attestation of compliance.", "PCI DSS"),
    ],
)
def test_requirement_echo_is_not_a_claim(text: str, name: str) -> None:
    (finding,) = find_certifications(text)
    assert (finding.name, finding.status) == (name, "not_held")


def test_one_negated_item_in_a_list() -> None:
    assert statuses("We hold ISO 27001 and SOC 2 Type II but not PCI DSS.") == {
        "ISO/IEC 27001": "held",
        "PCI DSS": "not_held",
        "SOC 2 Type II": "held",
    }
    # The second clause's verb is not "we", so the "and" that opens it must still split it.
    assert statuses("We hold ISO 27001 and plan to pursue PCI DSS next year.") == {
        "ISO/IEC 27001": "held",
        "PCI DSS": "planned",
    }


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We hold a current SOC 2 Type II report (period ending 31 March 2026).", "SOC 2 Type II"),
        ("ISO/IEC 27001:2022 certified since 2019, recertified in 2025.", "ISO/IEC 27001"),
        ("PCI DSS v4.0 Level 1 service provider (AOC dated 2026-02-10).", "PCI DSS"),
        ("Our ISO 27001 certificate is valid until 14 November 2028.", "ISO/IEC 27001"),
        ("Our ISO 27001 certificate is current and has not expired.", "ISO/IEC 27001"),
        ("We meet your requirement: we hold PCI DSS v4.0 Level 1.", "PCI DSS"),
        ("We hold PCI DSS v4.0 as your requirement states.", "PCI DSS"),
        # Routine scans scheduled under a held attestation are not a plan to get it.
        ("We are PCI DSS v4.0 certified, with quarterly ASV scans scheduled.", "PCI DSS"),
        ("We hold PCI DSS v4.0 Level 1 and all agents are trained on it.", "PCI DSS"),
        ("Our payment platform is PCI DSS certified (AOC 2026-02-10).", "PCI DSS"),
        ("As a PCI DSS Level 1 service provider, we keep card data off the floor.", "PCI DSS"),
    ],
)
def test_current_holdings_stay_held(text: str, name: str) -> None:
    (finding,) = find_certifications(text)
    assert (finding.name, finding.status) == (name, "held")


@pytest.mark.parametrize(
    "text",
    [
        # Each lifted a PCI DSS knockout in an adversarial probe, the proposal still saying
        # it was "working towards PCI DSS" elsewhere.
        "Our security team is familiar with PCI DSS and its requirements.",
        "Our payment flows follow PCI DSS guidance for tokenised card capture.",
        "Card data goes to our payment processor, a third party that is PCI DSS certified.",
        "Acme's own IVR is PCI DSS compliant, so agents never hear card numbers.",
        "Your IVR is PCI DSS compliant, so agents never hear card numbers.",
        "Our agents have experience with PCI DSS programmes.",
        "We apply PCI DSS principles across the floor.",
        # A second probe's: each lifted the knockout.
        "PCI DSS v4.0: in scope for the Kingston centre, with our QSA engaged.",
        "We hold PCI DSS v4.0 (certificate to follow after our QSA assessment in 2027).",
        "PCI DSS v4.0 compliant, with the Report on Compliance due in 2027.",
        "Our partner is certified and we hold PCI DSS v4.0 through them.",
    ],
)
def test_knowing_following_or_someone_else_holding_a_standard_is_not_holding_it(
    text: str,
) -> None:
    """Not held, and not refused either: the vendor has not said it lacks the certificate,
    so a knockout on it is left to confirm rather than passed or failed."""
    (finding,) = find_certifications(text)
    assert (finding.name, finding.status, finding.refused) == ("PCI DSS", "not_held", False)


def test_a_refusal_is_the_vendors_own_statement_not_a_restated_requirement() -> None:
    found = {
        (f.name, f.status): f.refused
        for f in find_certifications(
            "We do not hold PCI DSS. We are working towards ISO 9001. "
            "The supplier must hold SOC 2 Type II."
        )
    }
    assert found[("PCI DSS", "not_held")] is True
    assert found[("ISO 9001", "planned")] is True
    assert found[("SOC 2 Type II", "not_held")] is False


_PIECES = [
    "ISO 27001", "iso27001:2022", "ISO/IEC 27701", "İSO 9001", "ISO 18295-1", "ſoc 2 type ii",
    "SOC 2 Type II", "Type 1 SOC1", "SOC-II", "PCI-DSS v4.0 Level 1 Service Provider",
    "PCI compliant", "HIPAA", "hipaa-", "GDPR", "General Data Protection Regulation", "CCPA",
    "California Privacy Rights Act", "SOX-style", "Sarbanes-Oxley Act", "GLBA",
    "Gramm Leach Bliley", "COPC CX Standard, Release 7.0", "HITRUST CSF r2", "types", "isolated",
    "xsoc", "KISO", "ıso 9001", "hıpaa", "ſox", "and", "/", "(", ")", "-", "2", "not", "planned", " ", ",", ".", "\n",
]  # fmt: skip


def _finditer_everywhere(text: str) -> list[list[tuple[int, int]]]:
    """Each pattern's matches found by scanning the whole text, as before the start filter."""
    return [[m.span() for m in pattern.regex.finditer(text)] for pattern in cert._PATTERNS]


@settings(max_examples=500, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join))
def test_trying_patterns_only_where_they_can_start_finds_the_same_matches(text: str) -> None:
    """Pieces are joined with nothing between them, so words run into each other ("xsocISO",
    "typesSOC 2") and Unicode case folding (İ, ſ, the Kelvin sign K) meets the word
    boundaries the start filter relies on."""
    found = [[m.span() for m in matches] for matches in cert.pattern_matches(text)]
    assert found == _finditer_everywhere(text)


def test_the_start_filter_covers_every_pattern() -> None:
    """A pattern added without its first word in the filter would silently never match."""
    for pattern in cert._PATTERNS:
        for alternative in pattern.regex.pattern.split("|"):
            word = re.match(r"\(?(?:\?:)?\\b(\w+)", alternative)
            if word:
                assert cert._STARTS.match(word.group(1)), word.group(1)
    samples = ["Type II SOC 2", "SOC 2", "ISO 27001", "PCI DSS", "PCI compliant", "HIPAA",
               "GDPR", "General Data Protection Regulation", "CCPA", "CPRA",
               "California Consumer Privacy Act", "SOX", "Sarbanes-Oxley", "GLBA",
               "Gramm-Leach-Bliley", "COPC", "HITRUST"]  # fmt: skip
    for sample in samples:
        assert any(p.regex.match(sample) for p in cert._PATTERNS), sample
        assert any(cert.pattern_matches(sample)), sample


# A certification is held only where its clause says so: a bare mention of a standard (the
# criterion's title, say, in filler under its heading) had lifted a PCI DSS knockout.
@pytest.mark.parametrize(
    "text",
    [
        "Regarding payment card security (PCI DSS), we can talk through the specifics.",
        "On ISO 27001, our team would be happy to walk Acme through our thinking.",
        "SOC 2 Type II: our account director will gladly explain how we would run this.",
    ],
)
def test_a_bare_mention_is_neither_held_nor_a_refusal(text: str) -> None:
    (finding,) = find_certifications(text)
    assert (finding.status, finding.refused) == ("not_held", False)


@pytest.mark.parametrize(
    "text",
    [
        "We are PCI DSS certified.",
        "PCI DSS v4.0 Level 1 Service Provider.",
        "ISO/IEC 27001:2022, valid to April 2028.",
        "We hold SOC 2 Type II.",
        "Our SOC 2 Type II report covers all sites.",
        "PCI DSS compliant since 2019.",
        "Audited annually against PCI DSS by a QSA.",
    ],
)
def test_a_mention_with_a_holding_cue_is_held(text: str) -> None:
    assert [f.status for f in find_certifications(text)] == ["held"]


def test_a_bare_mention_does_not_lift_a_refusal_and_a_law_needs_no_cue() -> None:
    text = (
        "We are currently working towards PCI DSS certification. Regarding payment card "
        "security (PCI DSS), we can talk through the specifics. We act as a service provider "
        "under CCPA."
    )
    found = {(f.name, f.status, f.refused) for f in find_certifications(text)}
    assert found == {
        ("CCPA", "held", False),
        ("PCI DSS", "planned", True),
        ("PCI DSS", "not_held", False),
    }
    assert held_certifications(find_certifications(text)) == ["CCPA"]
