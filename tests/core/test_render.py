"""Rendering is safe: text is escaped, undefined values fail, and the PDF renderer fetches nothing."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from rfp.core import render, resources
from rfp.core.project import load_project
from rfp.errors import RenderError
from rfp.generate.document import write_rfp
from tests.conftest import pdf_text

HOSTILE = '<script>alert(1)</script><img src="file:///etc/passwd"> & Co'


def test_buyer_text_is_escaped_in_html_and_printed_as_text_in_pdf(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_project("front")
    spec_path = folder / "rfp.yaml"
    data = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    data["buyer"]["name"] = HOSTILE
    data["project"]["summary"] = (
        'See <a href="https://evil.example/x">this</a> and url(file:///etc/hosts)'
    )
    spec_path.write_text(yaml.safe_dump(data), encoding="utf-8")

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the renderer tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    files = write_rfp(load_project(folder))
    html = files.html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<img src="file:///etc/passwd">' not in html
    assert '<a href="https://evil.example/x">' not in html
    text = pdf_text(files.pdf)
    assert "<script>alert(1)</script>" in text.replace("\r\n", "").replace("\n", "")


def test_fetcher_serves_only_asset_folders(tmp_path: Path) -> None:
    fetcher = render.AssetFetcher([resources.builtin_dir("templates")])
    stylesheet = (resources.builtin_dir("templates") / "style.css").as_uri()
    assert b"--accent" in fetcher.fetch(stylesheet).read()
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.png", "https://example.com/a.css"):
        with pytest.raises(ValueError, match="refuses"):
            fetcher.fetch(url)
    assert fetcher.refused == [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.com/a.css",
    ]
    escape = (resources.builtin_dir("templates") / ".." / ".." / "etc" / "passwd").as_uri()
    with pytest.raises(ValueError):
        fetcher.fetch(escape)


def test_pdf_render_refuses_hostile_urls_in_markup(tmp_path: Path) -> None:
    # Even if markup with external references reached the renderer, nothing is fetched.
    html = (
        '<html lang="en"><head><title>t</title><link rel="stylesheet" href="http://127.0.0.1:9/a.css">'
        '</head><body><p>hello</p><img src="file:///etc/passwd" alt="x">'
        '<img src="https://example.com/y.png" alt="y"></body></html>'
    )
    fetcher = render.write_pdf(html, tmp_path / "x.pdf")
    assert set(fetcher.refused) == {
        "http://127.0.0.1:9/a.css",
        "file:///etc/passwd",
        "https://example.com/y.png",
    }
    assert "hello" in pdf_text(tmp_path / "x.pdf")


def test_strict_undefined_and_missing_template(tmp_path: Path) -> None:
    (tmp_path / "broken.html.j2").write_text("<p>{{ nothing_here }}</p>", encoding="utf-8")
    with pytest.raises(RenderError, match="undefined value"):
        render.render_html("broken.html.j2", {}, tmp_path)
    with pytest.raises(RenderError, match="not found"):
        render.render_html("absent.html.j2", {}, tmp_path)
    (tmp_path / "syntax.html.j2").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(RenderError, match=r"syntax.html.j2:1: template syntax error"):
        render.render_html("syntax.html.j2", {}, tmp_path)


def test_override_template_is_searched_first_and_can_extend_builtin(
    tmp_path: Path, make_project: Callable[..., Path]
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "rfp.html.j2").write_text(
        '{% extends "builtin/rfp.html.j2" %}{% block title %}CUSTOM TITLE {{ project.reference }}{% endblock %}',
        encoding="utf-8",
    )
    folder = make_project("back")
    files = write_rfp(load_project(folder), templates=templates)
    html = files.html.read_text(encoding="utf-8")
    assert "<title>CUSTOM TITLE ACME-" in html
    assert "5. Evaluation method" in html  # the rest of the built-in template is kept


def test_money_and_dates() -> None:
    import datetime as dt

    assert render.money(1234567.4) == "$1,234,567"
    assert render.money(99.5, "EUR") == "€100"
    assert render.money(10, "INR") == "INR 10"
    assert render.long_date(dt.date(2027, 1, 5)) == "5 January 2027"
