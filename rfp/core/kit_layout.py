"""The response kit's layout: file names, sheet names, column headers, choices and price units.

``rfp generate`` writes the kit with these names and ``rfp score`` reads the returned workbook
by them, so both sides share this one set and a vendor who keeps the structure is scored
without manual rework. Changing a name here changes both at once; bump `KIT_VERSION` when a
returned kit of the old layout can no longer be read.
"""

from __future__ import annotations

TEMPLATE_FILE = "response-template.docx"
# The Word template's fixed wording. Scoring treats it as the buyer's text, never the vendor's.
TEMPLATE_RESPONDENT = "Respondent: [company name]"
TEMPLATE_HOW_TO_LEAD = "How to use this template. "
TEMPLATE_HOW_TO = (
    "Answer each question under its heading. Keep every heading and its question id "
    "unchanged: answers are matched to questions by id. Add tables or sub-headings as "
    "needed, and reference attachments by file name and page. Mandatory questions are "
    "pass/fail."
)
TEMPLATE_MANDATORY = "MANDATORY. "
TEMPLATE_EVIDENCE = "Evidence expected: "
TEMPLATE_RESPONSE = "Response: "
TEMPLATE_PLACEHOLDER = "[Write your answer here.]"


def template_wording() -> tuple[str, ...]:
    """Every fixed line of the Word template, as a vendor would see it."""
    return (
        TEMPLATE_RESPONDENT,
        TEMPLATE_HOW_TO_LEAD + TEMPLATE_HOW_TO,
        TEMPLATE_RESPONSE + TEMPLATE_PLACEHOLDER,
        TEMPLATE_PLACEHOLDER,
    )


WORKBOOK_FILE = "response-workbook.xlsx"
KIT_VERSION = "1"

SHEET_INSTRUCTIONS = "Instructions"
SHEET_RESPONDENT = "Respondent"
SHEET_COMPLIANCE = "Compliance"
SHEET_PRICING = "Pricing"
SHEET_SITES = "Delivery sites"
SHEET_LANGUAGES = "Languages"
SHEET_CERTIFICATIONS = "Certifications"
SHEET_ABOUT = "_rfp"

COMPLIANCE_HEADERS = ("ID", "Area", "Requirement", "Mandatory", "Response", "Reference", "Comments")
COMPLIANCE_CHOICES = ("Comply", "Partial", "No")
PRICING_HEADERS = (
    "Model",
    "Scope",
    "Unit",
    "Baseline per month",
    "AHT seconds",
    "Rate",
    "FTE",
    "Billable units per year",
    "Annual cost",
    "Assumptions",
)
# The term columns, after the year-1 columns above so a kit of the old layout still reads
# (its year-1 rates are then held constant over the term, and the scores say so).
PRICING_ESCALATION = "Annual escalation"
PRICING_TRANSITION = "One-time transition fee"
PRICING_BAND_FROM = "Band from (per month)"
PRICING_BAND_TO = "Band to (per month)"
PRICING_PRODUCTIVE_HOURS = "Productive hours per FTE-month"
"""The vendor's own paid hours less shrinkage on an FTE- or hour-priced line; the per-hour
line's billable units are FTE x 12 x this cell. After the term columns, so older kits still
read (their lines are priced at the scorer's default)."""
DEFAULT_PRODUCTIVE_HOURS = 112
"""What the evaluation assumes when the cell is blank: 160 paid hours less 30% shrinkage."""
PLAUSIBLE_PRODUCTIVE_HOURS = (80.0, 176.0)
"""The productive hours per FTE-month a vendor may state and have used. 176 is 22 working days
of 8 hours with every paid hour productive (no leave, training, breaks or meetings): more is
not a month of one person's work. 80 is half of 160 paid hours: shrinkage above half is not a
staffing model. A figure outside is set aside for the default and the vendor asked to confirm;
the instructions sheet says so."""
MAX_TERM_YEARS = 10


def pricing_year_header(year: int) -> str:
    """The column for a later contract year's rate: "Rate year 2"."""
    return f"Rate year {year}"


PRICING_TERM_HEADERS = (
    PRICING_ESCALATION,
    PRICING_TRANSITION,
    PRICING_BAND_FROM,
    PRICING_BAND_TO,
    *(pricing_year_header(year) for year in range(2, MAX_TERM_YEARS + 1)),
)
SITES_HEADERS = (
    "Site",
    "City",
    "Country",
    "Location type",
    "Time zone",
    "Days",
    "Start",
    "End",
    "Seats",
    "Services",
)
LANGUAGES_HEADERS = ("Code", "Language", "Proficiency (CEFR)", "Agents", "Sites")
CERTIFICATIONS_HEADERS = ("Certification", "Scope", "Issuer", "Expiry", "Evidence")
RESPONDENT_HEADERS = ("Field", "Value")
RESPONDENT_NUMBER_FORMAT = "Number format / locale"
"""The Respondent field where a vendor declares how it types numbers (de_DE, 1.234,56)."""
RESPONDENT_FIELDS = ("Company name", "Contact name", "Email", "Phone", RESPONDENT_NUMBER_FORMAT)

PRICE_UNITS = {
    "per_fte_month": "FTE-month",
    "per_productive_hour": "Productive hour",
    "per_minute": "Handled minute",
    "per_transaction": "Transaction",
    "per_employee_month": "Employee-month",
}

# --------------------------------------------------------------------------- contract exceptions
# One row per key term of the contract package (rfp.core.contract), matched back by term id.
SHEET_CONTRACT = "Contract exceptions"
CONTRACT_HEADERS = (
    "Term id",
    "Term",
    "Summary",
    "Non-negotiable",
    "Response",
    "Proposed alternative wording",
    "Reason",
)
CONTRACT_ACCEPT = "Accept"
CONTRACT_EXCEPTION = "Accept with exception"
CONTRACT_REJECT = "Reject"
CONTRACT_CHOICES = (CONTRACT_ACCEPT, CONTRACT_EXCEPTION, CONTRACT_REJECT)
