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
