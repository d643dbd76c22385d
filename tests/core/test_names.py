"""The name forms read from a vendor's text, which a scoring run keeps instead of the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.core import names
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


def _whole_text(text: str) -> tuple[set[str], set[str]]:
    """The domains found by searching the whole text at once, as first written."""
    mail = {match.group(1).casefold() for match in names.EMAIL.finditer(text)}
    web = {
        match.group(1).casefold()
        for match in names._WEB.finditer(text)
        if match.group(1).rpartition(".")[2].casefold() not in names._FILE_SUFFIXES
    }
    return mail, web


# Letters a case-insensitive [a-z] also matches (İ, ı, ſ, the Kelvin sign), line breaks of
# several kinds, and the characters addresses are made of and stop at.
_PIECES = st.sampled_from(
    ["a", "Zb", "x9", "@", ".", "-", "_", "+", "/", "://", "www", "http", "\n", "\r\n", " ",
     "\u2028", "\x85", "İ", "ı", "ſ", "\u212a", "é", "pdf", "co", "uk", "com", "\t"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_searching_line_by_line_finds_what_searching_the_whole_text_finds(text: str) -> None:
    found = names_in_text("folder", text)
    assert (set(found.email_domains), set(found.web_domains)) == _whole_text(text)


def test_the_line_search_finds_addresses_at_a_lines_edges() -> None:
    text = "mail.ops.example.com\nx@Acme.CO.uk\nsee www.northstar.example\n@nobody.example"
    assert names_in_text("folder", text) == TextNames(
        ("acme.co.uk",), ("mail.ops.example.com", "northstar.example"), "folder"
    )
