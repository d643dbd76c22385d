"""Facts to check scores and notes: what an evaluator sees beside a fact-scored cell."""

from __future__ import annotations

from rfp.score import checks
from rfp.score.facts import check_score
from rfp.score.run import VendorChecks


def test_the_certification_note_lists_regulations_apart() -> None:
    """Issue 12, part 6: the evaluator sheet's check note says 'complies with: GDPR'."""
    held = ["ISO/IEC 27001:2022", "GDPR", "HIPAA"]
    found = VendorChecks(certifications=checks.check_certifications(["ISO 27001", "PCI DSS"], held))

    assert check_score("certifications", found, None) == (
        2.5,  # 5 x 1 of 2 required held
        "missing PCI DSS; complies with: GDPR, HIPAA",
    )


def test_a_required_regulation_is_met_by_a_statement_of_compliance() -> None:
    found = VendorChecks(certifications=checks.check_certifications(["GDPR"], ["GDPR"]))
    assert check_score("certifications", found, None) == (
        5.0,
        "all required held; complies with: GDPR",
    )
