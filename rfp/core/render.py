"""Jinja2 and WeasyPrint, configured so that vendor or buyer text can never become markup or fetch.

Templates are looked up in the user's ``--templates`` folder first, then in the built-ins; a custom
template can extend a built-in one as ``builtin/<name>``. The PDF renderer gets a URL fetcher that
serves only files inside the template folders and inline ``data:`` URIs, so an ``<img>`` or CSS
``url()`` pointing at ``file:///etc/passwd`` or at the network is refused.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
import weasyprint
import weasyprint.urls

from rfp._version import __version__
from rfp.core import resources
from rfp.core.files import atomic_path
from rfp.core.paper import uses_letter
from rfp.core.spec import Spec
from rfp.errors import RenderError

STYLESHEET = "style.css"


def environment(override: Path | None = None) -> jinja2.Environment:
    """A Jinja environment with StrictUndefined and autoescaping for every HTML template.

    Only the ``rfp.yaml`` starter (``*.yaml.j2``) is not HTML-escaped; it quotes values itself.
    """
    folders = resources.search_path("templates", override)
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(folder) for folder in folders]),
            jinja2.PrefixLoader(
                {"builtin": jinja2.FileSystemLoader(str(resources.builtin_dir("templates")))}
            ),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2"),
            disabled_extensions=("yaml.j2",),
            default_for_string=True,
            default=True,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["money"] = money
    env.filters["number"] = number
    env.filters["points"] = points
    env.filters["longdate"] = long_date
    env.filters["yaml_str"] = yaml_string
    return env


def money(value: float, currency: str = "USD") -> str:
    """Format an amount as ``$1,234,567`` (or ``EUR 1,234,567`` for other currencies)."""
    symbol = {"USD": "$", "GBP": "£", "EUR": "€"}.get(currency, f"{currency} ")
    return f"{symbol}{value:,.0f}"


def number(value: float, decimals: int = 0) -> str:
    """Format a number with thousands separators."""
    return f"{value:,.{decimals}f}"


def points(value: float, decimals: int = 1) -> str:
    """Format points out of 100 with a fixed number of decimals."""
    return f"{value:.{decimals}f}"


def yaml_string(value: object) -> str:
    """Quote a value as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def long_date(value: date) -> str:
    """Format a date the way contracts print it: 5 January 2027."""
    return f"{value.day} {value:%B %Y}"


def render_html(template: str, context: Mapping[str, Any], override: Path | None = None) -> str:
    """Render ``template`` with ``context``; a missing variable is an error, not a blank."""
    env = environment(override)
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateNotFound as error:
        raise RenderError(f"template {error.name!r} was not found") from None
    except jinja2.TemplateSyntaxError as error:
        raise RenderError(
            f"{error.filename or error.name}:{error.lineno}: template syntax error: {error.message}"
        ) from None
    except jinja2.UndefinedError as error:
        raise RenderError(
            f"template {template!r} uses an undefined value: {error.message}"
        ) from None


def document_context(spec: Spec, description: str) -> dict[str, Any]:
    """What ``_base.html.j2`` needs for every document: language, metadata and page size.

    The RFP and the shortlist both extend that base, so they share this one context.
    """
    return {
        "lang": "en",
        "version": __version__,
        "author": spec.buyer.name,
        "description": description,
        "page_size": "letter" if uses_letter(spec.buyer.country) else "A4",
        "buyer": spec.buyer,
        "project": spec.project,
    }


def inline_stylesheet(html: str, templates: Path | None) -> str:
    """Make the HTML file self-contained so it opens correctly wherever it is copied."""
    css = resources.find("templates", STYLESHEET, templates).read_text(encoding="utf-8")
    link = f'<link rel="stylesheet" href="{STYLESHEET}">'
    return html.replace(link, f"<style>\n{css}</style>", 1)


class AssetFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that serves only the project's own asset folders.

    Everything else (http, https, ftp, and file URLs outside the folders) is refused and recorded
    in ``refused``, so a test can prove the renderer fetched nothing it should not have.
    """

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.refused: list[str] = []

    def _allowed_file(self, url: str) -> bool:
        path = Path(unquote(urlsplit(url).path)).resolve()
        return any(path.is_relative_to(root) for root in self.roots) and path.is_file()

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> Any:
        """Serve ``data:`` URIs and files inside the asset roots; refuse anything else."""
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data" or (scheme == "file" and self._allowed_file(url)):
            return super().fetch(url, dict(headers or {}))
        self.refused.append(url)
        raise ValueError(f"rfp refuses to fetch {url}")


def write_pdf(
    html: str, target: Path, override: Path | None = None, fetcher: AssetFetcher | None = None
) -> AssetFetcher:
    """Render ``html`` to a tagged PDF/UA-1 at ``target`` atomically; return the fetcher used."""
    folders = resources.search_path("templates", override)
    fetcher = fetcher or AssetFetcher(folders)
    base_url = folders[-1].as_uri() + "/"
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    with atomic_path(target) as temporary:
        document.write_pdf(temporary, pdf_variant="pdf/ua-1", pdf_tags=True)
    return fetcher
