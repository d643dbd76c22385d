"""What makes a volume payroll, and the practitioner ratio payroll is staffed by.

Shared by the spec (which price models a payroll buyer accepts), the RFP (which prints the
ratio) and scoring (which checks a vendor's payroll FTE against it).
"""

from __future__ import annotations

PAYSLIPS_PER_PAYROLL_FTE_YEAR = 15_000
"""Payroll disbursements a year per FTE who "manage pay": the median of APQC's Open Standards
Benchmarking measure 101370 ("Number of payroll disbursements processed per FTE that performs
the process 'manage pay'", 1,500 organisations; apqc.org, measure 101370). Payroll is staffed
by this practitioner ratio, as voice is by Erlang C: minutes per payslip miss the pay-run
checks, queries, starters and leavers and statutory filings that make up most payroll work."""


def is_payroll(volume_name: str) -> bool:
    """Whether a volume is payroll, which is priced and staffed per employee paid."""
    name = volume_name.casefold()
    return any(word in name for word in ("payslip", "pay_slip", "payroll", "paycheck"))
