"""Tests for rfp.score.ingest.html: text without scripts, no fetching, declared charsets."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from rfp.score.ingest.folder import read


def test_html_extracts_text_without_scripts_and_without_fetching(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    path = tmp_path / "answers.html"
    path.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE html [ <!ENTITY xxe SYSTEM "file://{secret}">
  <!ENTITY remote SYSTEM "http://example.com/e"> ]>
<html><head><title>Head title</title><style>p {{ color: red }}</style>
<link rel="stylesheet" href="http://example.com/s.css"></head>
<body>
<h1>SEC-01 Security</h1>
<p>We hold ISO 27001 &amp; PCI DSS.&xxe;&remote;<img src="http://example.com/x.png"></p>
<script>document.write("SCRIPT-TEXT")</script>
<h2>Sites</h2>
<ul><li>Manila<li>Cebu</ul>
<table><tr><th>Site</th><th>Seats</th></tr><tr><td>Manila</td><td>500</td></tr></table>
<p>Line one<br>contin&shy;ues<br><br>New paragraph</p>
</body></html>"""
    )

    blocks = read(path).blocks

    assert [(b.text, b.is_heading, b.level) for b in blocks] == [
        ("SEC-01 Security", True, 1),
        ("We hold ISO 27001 & PCI DSS.&xxe;&remote;", False, 0),
        ("Sites", True, 2),
        ("Manila", False, 0),
        ("Cebu", False, 0),
        ("Site | Seats", False, 0),
        ("Manila | 500", False, 0),
        ("Line one continues", False, 0),
        ("New paragraph", False, 0),
    ]
    assert blocks[3].group == blocks[4].group is not None
    assert blocks[5].group == blocks[6].group is not None
    text = read(path).text
    assert "TOP-SECRET" not in text and "SCRIPT-TEXT" not in text and "Head title" not in text
    assert attempts == []


def test_html_meta_charset_is_used_when_the_bytes_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "legacy.htm"
    body = '<meta charset="iso-8859-2"><p>Łódź office</p>'
    path.write_bytes(body.encode("iso-8859-2"))

    assert read(path).text == "Łódź office"


_VISIBLE = "<h1>QC-07 Complaints</h1><p>We log every complaint.</p>"
_PAYLOAD = "Resolution, complaint, acknowledged: 100%."


@pytest.mark.parametrize(
    ("hiding", "kind"),
    [
        ("<div hidden><p>{}</p></div>", "marked hidden"),
        ('<div style="display: none !important">{}</div>', "marked hidden"),
        ('<p style="visibility:hidden">{}</p>', "marked hidden"),
        ('<p style="font-size:0">{}</p>', "too small to read"),
        ('<p style="font-size:1px">{}</p>', "too small to read"),
        ('<p>Also: <span style="color:#FFF">{}</span></p>', "white or too pale"),
        ('<p style="color: rgb(255, 255, 255)">{}</p>', "white or too pale"),
        ('<p style="color:#eeeeee">{}</p>', "white or too pale"),
        ('<p style="color:yellow">{}</p>', "white or too pale"),
        ('<p style="color:#fff; background:#eeeeee">{}</p>', "white or too pale"),
        ('<p style="color:transparent">{}</p>', "invisible"),
        ('<p style="opacity:0">{}</p>', "invisible"),
    ],
)
def test_html_text_its_own_attributes_hide_is_set_aside_with_a_warning(
    tmp_path: Path, hiding: str, kind: str
) -> None:
    path = tmp_path / "annex.html"
    path.write_text(f"<html><body>{_VISIBLE}{hiding.format(_PAYLOAD)}</body></html>")

    document = read(path)

    assert "100%" not in document.text
    assert "We log every complaint." in document.text
    [warning] = document.warnings
    assert warning.startswith(f"{path}: ") and f"({len(_PAYLOAD) - 3} {kind})" in warning
    assert "set aside, not scored" in warning


def test_html_hidden_element_ends_where_a_browser_ends_it(tmp_path: Path) -> None:
    """An unclosed <p>, a nested list and a stray end tag neither leak hidden text nor hide
    the visible text after the hidden element."""
    path = tmp_path / "annex.html"
    path.write_text(
        "<div><p hidden>one</div><p>Visible A</p>"
        "<p hidden>two<p>Visible B"
        "<ul><li hidden>three<ul><li>four</ul><li>Visible C</ul>"
        "<div hidden></span>five</div><p>Visible D</p>"
        "<div hidden><script>var six = 1;</script>seven</div><p>Visible E</p>"
    )

    document = read(path)

    assert [block.text for block in document.blocks] == [
        "Visible A",
        "Visible B",
        "Visible C",
        "Visible D",
        "Visible E",
    ]
    assert "24 characters of hidden text (24 marked hidden)" in document.warnings[0]


def test_html_grey_coloured_aria_hidden_and_white_on_a_background_text_is_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "answers.html"
    path.write_text(
        '<p style="color:#888888">Grey answer.</p><p style="color:#ccc">Pale grey.</p><p style="color: hsl(210, 80%, 40%)">Blue.</p>'
        '<p aria-hidden="true">Screen readers skip this.</p>'
        '<table><tr><td style="background:#1F3864"><p><span style="color:white">Site</span></p>'
        '</td><th bgcolor="navy"><font color="#ffffff">Seats</font></th></tr></table>'
        '<p style="color:#fff; background-color:#000">Inverted.</p>'
    )

    document = read(path)

    assert [block.text for block in document.blocks] == [
        "Grey answer.",
        "Pale grey.",
        "Blue.",
        "Screen readers skip this.",
        "Site | Seats",
        "Inverted.",
    ]
    assert document.warnings == ()


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        ('<style>.x { display: none }</style><p class="x">{}</p>', "marked hidden"),
        (
            '<style>#a span{color:#FFF}</style><div id="a"><span>{}</span></div>',
            "white or too pale",
        ),
        (
            "<style>div > .t {font-size: 0}</style><div><p class='t'>{}</p></div>",
            "too small to read",
        ),
        ("<style>@media screen { p[data-x] { opacity: 0 } }</style><p data-x>{}</p>", "invisible"),
        (
            "<style>.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;"
            'clip:rect(0,0,0,0)}</style><p class="sr-only">{}</p>',
            "marked hidden",
        ),
        ('<p style="position:absolute; left:-9999px">{}</p>', "off the page"),
        ('<p style="text-indent: -100em">{}</p>', "off the page"),
        ('<style>p.x{display:none} .x{display:block}</style><p class="x">{}</p>', "marked hidden"),
        ("<p class=z>{}</p><style>.z{visibility:hidden}</style>", "marked hidden"),
    ],
)
def test_html_text_its_style_sheet_hides_is_set_aside_with_a_warning(
    tmp_path: Path, html: str, kind: str
) -> None:
    """Rules of the file's own <style> elements count as its inline style does: by selector
    (tag, class, id, attribute, descendant, child), specificity and order, wherever the
    <style> element stands."""
    path = tmp_path / "annex.html"
    path.write_text(f"<html><body>{_VISIBLE}{html.replace('{}', _PAYLOAD)}</body></html>")

    document = read(path)

    assert "100%" not in document.text
    assert "We log every complaint." in document.text
    [warning] = document.warnings
    assert f"({len(_PAYLOAD) - 3} {kind})" in warning


def test_html_style_sheet_rules_that_show_text_are_followed(tmp_path: Path) -> None:
    path = tmp_path / "answers.html"
    path.write_text(
        "<style>.hdr { background: #1F3864 } .w { color: #fff } .y { display: none }"
        " .y { display: block } .gone { display: none } p.other { display: none }</style>"
        '<table><tr><td class="hdr"><span class="w">Site</span></td></tr></table>'
        '<p class="y">Later rule wins.</p><p class="gone" style="display: block">Inline wins.</p>'
        '<div class="other">Not a paragraph.</div>'
    )

    document = read(path)

    assert [block.text for block in document.blocks] == [
        "Site",
        "Later rule wins.",
        "Inline wins.",
        "Not a paragraph.",
    ]
    assert document.warnings == ()


def test_html_style_rule_rfp_cannot_match_is_read_and_named(tmp_path: Path) -> None:
    path = tmp_path / "annex.html"
    path.write_text(
        "<style>p:nth-child(3), .a + .b { color: white } .c:hover { color: #000 }</style>"
        f"{_VISIBLE}<p>{_PAYLOAD}</p>"
    )

    document = read(path)

    assert "100%" in document.text
    [warning] = document.warnings
    assert warning == (
        f"{path}: may hide text where rfp cannot check (the style rule 'p:nth-child(3)'; the "
        "style rule '.a + .b'); that text was read and scored: check what a reader of the file "
        "sees"
    )


def test_html_style_sheet_built_to_be_costly_stops_being_applied_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long chain of descendants is matched in parts x depth x depth tests, not
    exponentially; past the document's budget of tests the rules stop being applied (the
    text is read) and a warning names the element where they stopped."""
    from rfp.score.ingest import stylesheet

    path = tmp_path / "annex.html"
    nested = "<div>" * 30 + "<p>Deep answer about complaints.</p>" + "</div>" * 30
    path.write_text(f"<style>nav {'div ' * 8}p {{ display: none }}</style>{nested}")
    assert read(path).text == "Deep answer about complaints."  # 8 parts, none of them nav

    monkeypatch.setattr(stylesheet, "MAX_WORK", 40)
    path.write_text(f"<style>article div {{ color: #fff }}</style>{nested}{_VISIBLE}")

    document = read(path)

    assert "Deep answer about complaints." in document.text
    [warning] = document.warnings
    # The k-th <div> costs k + 2 tests (itself, then each ancestor and the <body> and <html>
    # a browser adds, for "article"): 3 + ... + 9 = 42 > 40 after the seventh, so the eighth
    # <div>, the file's 9th element (<style> the first), is where the rules stop.
    assert "(every rule from element 9 on: the style sheet took over 40 selector tests)" in (
        warning
    )


def test_html_colour_and_visibility_are_inherited_text_by_text(tmp_path: Path) -> None:
    """A child can set back the colour or visibility its parent hides by, as a browser
    shows it; text left in the parent's white or hidden state is set aside."""
    path = tmp_path / "answers.html"
    path.write_text(
        '<div style="color: #fff"><p style="color: #000">Dark answer.</p><p>Resolution: 100%.'
        '</p></div><div style="visibility: hidden"><p style="visibility: visible">Shown again.'
        "</p><p>Escalation: 99%.</p></div>"
        '<div style="background: #1F3864; color: #fff"><p style="background: #fff">Gone: 98%.'
        "</p></div>"
    )

    document = read(path)

    assert [block.text for block in document.blocks] == ["Dark answer.", "Shown again."]
    # 16 white, 15 hidden, then 9 white on the inner white background.
    assert "(15 marked hidden, 25 white or too pale)" in document.warnings[0]
