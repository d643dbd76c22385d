"""The name forms read from a vendor's text, which a scoring run keeps instead of the text."""

from __future__ import annotations

from rfp.core.names import TextNames, names_in_text, split_folder

TEXT = """VAGUE PARTNERS BPO — proposal

Vague Partners runs your contact centre. See https://www.VaguePX.example/about or write to
jane.doe@vaguepx.example and bids@Mail.VaguePX.example; the deck is vaguepartners-deck.pdf.
Questions went to procurement@acme.example. Tools: zendesk.com and zendesk.com again.
"""


def test_domains_are_sorted_casefolded_and_told_apart() -> None:
    assert names_in_text("vaguepartners", TEXT) == TextNames(
        email_domains=("acme.example", "mail.vaguepx.example", "vaguepx.example"),
        # a file name is not a web domain, nor is the domain of an e-mail address
        web_domains=("vaguepx.example", "zendesk.com"),
        folder_spelled="Vague Partners",  # the mixed-case phrase, not the heading's capitals
    )


def test_a_folder_is_spelled_by_its_own_parts_before_the_text() -> None:
    assert split_folder("NorthstarCX", "") == "Northstar CX"
    assert split_folder("northstar_cx-2", "") == "northstar cx 2"
    assert split_folder("vaguepartners", "no capitals here") == "vaguepartners"


def test_a_text_without_names_holds_none() -> None:
    assert names_in_text("acme", "") == TextNames((), (), "acme")
