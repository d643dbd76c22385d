"""Whether a Word run can be seen: marked hidden, white, or too small, through its styles.

A run's look is its own properties first, then its character style's chain, its paragraph
style's chain (the default paragraph style when it names none) and the document defaults:
the nearest that says wins. White text counts as hidden only off a backdrop: shading or
highlight on the run, shading on its paragraph, cell or table (or the table's style), or a
page colour make it readable, as in a table's header row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from rfp.score.ingest.hidden import (
    HIDDEN,
    SMALLEST_POINTS,
    TINY,
    WHITE,
    HiddenText,
    too_pale,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.oxml.xmlchemy import BaseOxmlElement

_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL, _FILL, _TYPE, _ID, _DEFAULT = (
    f"{_W}{a}" for a in ("val", "fill", "type", "styleId", "default")
)
_RPR, _PPR, _TCPR, _TBLPR = (f"{_W}{tag}" for tag in ("rPr", "pPr", "tcPr", "tblPr"))
_VANISH, _COLOR, _SZ, _SHD, _HIGHLIGHT = (
    f"{_W}{tag}" for tag in ("vanish", "color", "sz", "shd", "highlight")
)
_RSTYLE, _PSTYLE, _TBLSTYLE, _BASED_ON, _STYLE = (
    f"{_W}{tag}" for tag in ("rStyle", "pStyle", "tblStyle", "basedOn", "style")
)
_TC, _TBL, _BACKGROUND, _DOC_DEFAULTS = (
    f"{_W}{tag}" for tag in ("tc", "tbl", "background", "docDefaults")
)
_OFF: Final = frozenset({"0", "false", "off"})
_SMALLEST_HALF_POINTS: Final = round(2 * SMALLEST_POINTS)  # in w:sz's half points


@dataclass(frozen=True)
class _Look:
    """What run properties say, None where they say nothing."""

    vanish: bool | None = None
    white: bool | None = None
    tiny: bool | None = None

    def under(self, other: _Look) -> _Look:
        """These properties, falling back on ``other``'s where these say nothing."""
        return replace(
            self,
            vanish=other.vanish if self.vanish is None else self.vanish,
            white=other.white if self.white is None else self.white,
            tiny=other.tiny if self.tiny is None else self.tiny,
        )


def _look(rpr: BaseOxmlElement | None) -> _Look:
    """What a w:rPr says: each property's last setting, where it has one."""
    found = (
        {} if rpr is None else {c.tag: _hides(c) for c in rpr.iterchildren(_VANISH, _COLOR, _SZ)}
    )
    return _Look(found.get(_VANISH), found.get(_COLOR), found.get(_SZ))


def _is_pale(value: str | None) -> bool:
    """A hex colour `too_pale` to read on a white page ("auto" is black on a light page)."""
    if value is None or len(value) != 6:
        return False
    try:
        red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return too_pale(red, green, blue)


def may_hide(document: DocxDocument) -> bool:
    """Whether any run could be hidden: a look at the properties that hide, in the body and in
    the styles a run's look comes from, so that documents without any (nearly all) are read
    without asking of every run. Table styles are not among them: their white header text
    sits on their own shading."""
    styles = document.styles.element
    parts = [
        document.element.body,
        *styles.iterchildren(_DOC_DEFAULTS),
        *(s for s in styles.iterchildren(_STYLE) if s.get(_TYPE) in ("paragraph", "character")),
    ]
    return any(_hides(found) for part in parts for found in part.iter(_VANISH, _COLOR, _SZ))


def _hides(element: BaseOxmlElement) -> bool:
    """Whether one w:vanish, w:color or w:sz hides its run."""
    value = element.get(_VAL)
    if element.tag == _VANISH:
        return value not in _OFF
    if element.tag == _COLOR:
        return _is_pale(value)
    return value is not None and value.isdigit() and int(value) < _SMALLEST_HALF_POINTS


class RunLooks:
    """Which runs of one document cannot be seen, tallying their text in ``hidden``."""

    def __init__(self, document: DocxDocument, hidden: HiddenText) -> None:
        self.hidden = hidden
        styles = document.styles.element
        self._styles = {s.get(_ID): s for s in styles.iterchildren(_STYLE) if s.get(_ID)}
        self._default_paragraph = next(
            (
                s.get(_ID)
                for s in self._styles.values()
                if s.get(_TYPE) == "paragraph" and s.get(_DEFAULT) in ("1", "true", "on")
            ),
            None,
        )
        defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_RPR}")
        self._defaults = _look(defaults)
        self._chains: dict[str, _Look] = {}
        background = document.element.find(_BACKGROUND)
        self._page_coloured = background is not None and not _is_pale(
            background.get(f"{_W}color") or "FFFFFF"
        )

    def kind(self, run: BaseOxmlElement, paragraph: BaseOxmlElement) -> str | None:
        """Why ``run`` cannot be seen (a kind of `hidden`), or None when it can."""
        rpr = run.find(_RPR)
        own = _look(rpr)
        look = own.under(self._chain(_style_id(rpr, _RSTYLE)))
        pstyle = _style_id(paragraph.find(_PPR), _PSTYLE) or self._default_paragraph
        look = look.under(self._chain(pstyle)).under(self._defaults)
        if look.vanish:
            return HIDDEN
        if look.tiny:
            return TINY
        if look.white and not self._on_backdrop(rpr, paragraph):
            return WHITE
        return None

    def _chain(self, style_id: str | None) -> _Look:
        """A style's look and its base styles', resolved once per style."""
        if style_id is None:
            return _Look()
        look = self._chains.get(style_id)
        if look is None:
            look = _Look()
            style = self._styles.get(style_id)
            for _ in range(10):  # a chain is short; the bound guards against a cycle
                if style is None:
                    break
                look = look.under(_look(style.find(_RPR)))
                style = self._styles.get(_style_id(style, _BASED_ON) or "")
            self._chains[style_id] = look
        return look

    def _on_backdrop(self, rpr: BaseOxmlElement | None, paragraph: BaseOxmlElement) -> bool:
        if self._page_coloured or _shaded(rpr) or _shaded(paragraph.find(_PPR)):
            return True
        if rpr is not None and any(
            not _is_pale(_HIGHLIGHTS.get(h.get(_VAL) or "none", "000000"))
            for h in rpr.iterchildren(_HIGHLIGHT)
        ):
            return True
        for cell in paragraph.iterancestors(_TC):
            if _shaded(cell.find(_TCPR)):
                return True
        for table in paragraph.iterancestors(_TBL):
            properties = table.find(_TBLPR)
            style = self._styles.get(_style_id(properties, _TBLSTYLE) or "")
            if _shaded(properties) or (style is not None and _shaded(style, deep=True)):
                return True
        return False


# Word's highlight colours (ST_HighlightColor); white text on yellow, cyan or bright green
# is as unreadable as on the page. An unknown name counts as a backdrop.
_HIGHLIGHTS: Final = {
    "none": "FFFFFF", "white": "FFFFFF", "yellow": "FFFF00", "green": "00FF00",
    "cyan": "00FFFF", "magenta": "FF00FF", "blue": "0000FF", "red": "FF0000",
    "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
    "darkGray": "808080", "lightGray": "C0C0C0", "black": "000000",
}  # fmt: skip


def _style_id(properties: BaseOxmlElement | None, tag: str) -> str | None:
    """The w:val of ``properties``' ``tag`` child (a style reference)."""
    found = properties.find(tag) if properties is not None else None
    return found.get(_VAL) if found is not None else None


def _shaded(properties: BaseOxmlElement | None, *, deep: bool = False) -> bool:
    """Whether ``properties`` (or, ``deep``, anything in them) set a fill that is not white."""
    if properties is None:
        return False
    shadings = properties.iter(_SHD) if deep else properties.iterchildren(_SHD)
    return any(
        (fill := shading.get(_FILL)) not in (None, "auto") and not _is_pale(fill)
        for shading in shadings
    )
