"""Whether an HTML element's look hides its text, for the HTML reader.

An element is judged by its ``hidden`` attribute, its inline ``style`` (and the old
``<font color>``) over the rules of the file's own `<style>` elements (see `stylesheet`); a
linked style sheet is never fetched. ``aria-hidden`` is not hiding: it hides text from
screen readers only, and a sighted evaluator sees it.
"""

from __future__ import annotations

import colorsys
import functools
import math
import re
from typing import Final

from rfp.score.ingest.hidden import (
    FAINT,
    HIDDEN,
    INVISIBLE,
    OFF_PAGE,
    SMALLEST_POINTS,
    TINY,
    WHITE,
    too_pale,
)

Attributes = list[tuple[str, str | None]]

_NAMED: Final = {
    "white": (255, 255, 255, 1.0),
    "snow": (255, 250, 250, 1.0),
    "ghostwhite": (248, 248, 255, 1.0),
    "whitesmoke": (245, 245, 245, 1.0),
    "ivory": (255, 255, 240, 1.0),
    "floralwhite": (255, 250, 240, 1.0),
    "mintcream": (245, 255, 250, 1.0),
    "azure": (240, 255, 255, 1.0),
    "aliceblue": (240, 248, 255, 1.0),
    "seashell": (255, 245, 238, 1.0),
    "transparent": (0, 0, 0, 0.0),
}
_FUNCTION: Final = re.compile(r"(rgba?|hsla?)\(([^)]*)\)")
# Longest first, and whole: "#1f3864" is six digits, not "#1f38" (a pale green) and more.
_HEX: Final = re.compile(r"#([0-9a-f]{8}|[0-9a-f]{6}|[0-9a-f]{3,4})(?![0-9a-z])", re.IGNORECASE)
_SIZE: Final = re.compile(r"([0-9]*\.?[0-9]+)\s*(px|pt|em|rem|%|ex|ch|vw|vh|mm|cm|in|q)?")
# Relative sizes are taken against the browser's default 16 px (12 pt) font.
_POINTS_PER: Final = {"px": 0.75, "pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
_POINTS_PER.update({"em": 12.0, "rem": 12.0, "%": 0.12})
_FONT_SIZE_IN_SHORTHAND: Final = re.compile(
    r"(?:^|\s)([0-9]*\.?[0-9]+\s*(?:px|pt|em|rem|%|mm|cm|in)?)(?=/|\s)"
)
_NO_BACKGROUND: Final = frozenset({"", "none", "transparent", "inherit", "initial", "unset"})


_COMMENT: Final = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_IMPORTANT: Final = re.compile(r"!\s*important\s*$")


def style_of(attrs: Attributes, *, important: bool = False) -> dict[str, str]:
    """The inline style's declarations, property to value, lower case, comments and
    ``!important`` gone (the first ``style`` attribute, as a browser takes the first); with
    ``important``, only those marked ``!important``."""
    style = next((value for name, value in attrs if name == "style"), None) or ""
    declarations: dict[str, str] = {}
    for declaration in _COMMENT.sub(" ", style.lower()).split(";"):
        name, colon, value = declaration.partition(":")
        marked = _IMPORTANT.search(value.strip()) is not None
        if colon and (marked or not important):
            set_declaration(declarations, name.strip(), _IMPORTANT.sub("", value.strip()).strip())
    return declarations


def set_declaration(declarations: dict[str, str], name: str, value: str) -> None:
    """Set one declaration as a browser applies it: one whose value it cannot read is
    dropped (an earlier one stands), and the ``background`` shorthand resets the background
    colour set before it."""
    if not _valid(name, value):
        return
    if name == "background":
        declarations.pop("background-color", None)
    declarations[name] = value


_KEYWORDS: Final = frozenset({"inherit", "initial", "unset", "revert", "revert-layer"})
_DISPLAYS: Final = frozenset(
    {
        "none", "block", "inline", "inline-block", "flex", "inline-flex", "grid", "inline-grid",
        "flow-root", "contents", "list-item", "table", "inline-table", "table-row",
        "table-cell", "table-row-group", "table-header-group", "table-footer-group",
        "table-column", "table-column-group", "table-caption", "run-in", "ruby", "math",
    }
)  # fmt: skip


def _valid(name: str, value: str) -> bool:
    """Whether a browser would apply this value of a property that decides whether text is
    seen ("color: bogus" after "color: #fff" leaves the text white)."""
    if value in _KEYWORDS:
        return True
    if name in ("color", "-webkit-text-fill-color", "background-color"):
        return value in ("currentcolor", "transparent") or parse_colour(value) is not None
    if name == "display":
        return all(word in _DISPLAYS or word == "flow" for word in value.split())
    if name == "visibility":
        return value in ("visible", "hidden", "collapse")
    return bool(value)


def hiding(
    attrs: Attributes, style: dict[str, str], *, on_backdrop: bool, tag: str = ""
) -> str | None:
    """Why an element's text cannot be seen (a kind of `hidden`), or None when it can.

    White text counts as hidden only off a backdrop: on a coloured background set on the
    element or an enclosing one (``on_backdrop``), as in a table's header row, it is read.
    A table cell (``tag``) grows to fit its text, so a cell one pixel wide is no clip.
    """
    kind = hard_hiding(attrs, style, tag=tag)
    if kind is not None:
        return kind
    if visibility_hidden(style):
        return HIDDEN
    own = background(attrs, style)
    return colour_hiding(text_colour(attrs, style), on_backdrop=on_backdrop if own is None else own)


def hard_hiding(attrs: Attributes, style: dict[str, str], *, tag: str = "") -> str | None:
    """`hiding` by what hides an element with all it holds, whatever its children set:
    ``hidden``, ``display: none``, opacity, a tiny font, a clip, a place off the page. Its
    colour and ``visibility`` a child can set back, so the HTML reader judges them text by
    text (`text_colour`, `visibility_hidden`)."""
    if any(name == "hidden" for name, _ in attrs):
        return HIDDEN
    if style.get("display") == "none":
        return HIDDEN
    if _fraction(style.get("opacity", "1")) <= FAINT:
        return INVISIBLE
    if _tiny(style.get("font-size", "")) or _tiny(_font_shorthand_size(style.get("font", ""))):
        return TINY
    if _clipped(style, cell=tag in ("td", "th")):
        return HIDDEN
    if _off_screen(style):
        return OFF_PAGE
    return None


def visibility_hidden(style: dict[str, str]) -> bool | None:
    """Whether the element's own ``visibility`` hides it (None when it sets none)."""
    value = style.get("visibility")
    if value is None or value in _KEYWORDS:
        return None
    return value in ("hidden", "collapse")


def text_colour(attrs: Attributes, style: dict[str, str]) -> tuple[int, int, int, float] | None:
    """The colour the element sets for its text, or None when it sets none it can be read
    as (it then has its parent's)."""
    colour = (
        style.get("-webkit-text-fill-color")
        or style.get("color")
        or _legacy_colour(next((v for n, v in attrs if n == "color"), None) or "")
    )
    return parse_colour(colour.lower())


def colour_hiding(rgba: tuple[int, int, int, float] | None, *, on_backdrop: bool) -> str | None:
    """INVISIBLE or WHITE for text of colour ``rgba`` nothing shows, else None."""
    if rgba is None:
        return None
    if rgba[3] <= FAINT:
        return INVISIBLE
    if too_pale(*rgba[:3]) and not on_backdrop:
        return WHITE
    return None


def background(attrs: Attributes, style: dict[str, str]) -> bool | None:
    """Whether the element's own background is one white text shows against (True), one it
    does not (False: white, pale, the text's own colour), or None when it sets none and its
    parent's shows through."""
    value = style.get("background-color") or style.get("background")
    if value is None:
        value = _legacy_colour(next((v for n, v in attrs if n == "bgcolor"), None) or "")
    value = value.strip().lower()
    if value in _NO_BACKGROUND:
        return None
    if value.startswith("currentcolor"):
        return False  # the text's own colour: no contrast with it
    if "gradient(" in value and "url(" not in value:
        colours = [parse_colour(word) for word in re.split(r"[\s,()]+", value) if word]
        shown = [rgba for rgba in colours if rgba is not None]
        return any(rgba[3] > FAINT and not too_pale(*rgba[:3]) for rgba in shown)
    rgba = parse_colour(value)
    if rgba is not None and rgba[3] <= FAINT:
        return None
    return rgba is None or not too_pale(*rgba[:3])


def _legacy_colour(value: str) -> str:
    """An HTML colour attribute as a browser reads it: six hex digits need no "#"."""
    value = value.strip()
    return f"#{value}" if re.fullmatch(r"[0-9a-fA-F]{6}", value) else value


def parse_colour(value: str) -> tuple[int, int, int, float] | None:
    """Red, green, blue (0-255) and alpha (0-1) of the first CSS colour in ``value``."""
    for word in value.split():
        if word in _NAMED:
            return _NAMED[word]
        if word.isalpha() and word in _css_named_colours():
            return _from_hex(_css_named_colours()[word])
    hex_colour = _HEX.search(value)
    if hex_colour:
        return _from_hex(hex_colour.group(1))
    function = _FUNCTION.search(value)
    if function:
        return _from_function(function.group(1), function.group(2))
    return None


@functools.cache
def _css_named_colours() -> dict[str, str]:
    """CSS's 148 colour names ("yellow", "lightgrey") as hex digits, from matplotlib's table
    of them; asked only for a name outside the white ones above (imported once, ~0.3 s)."""
    from matplotlib.colors import CSS4_COLORS

    return {name: str(value).lstrip("#") for name, value in CSS4_COLORS.items()}


def _from_hex(digits: str) -> tuple[int, int, int, float]:
    if len(digits) <= 4:
        digits = "".join(digit * 2 for digit in digits)
    channels = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
    alpha = channels[3] / 255 if len(channels) == 4 else 1.0
    return channels[0], channels[1], channels[2], alpha


def _from_function(name: str, arguments: str) -> tuple[int, int, int, float] | None:
    """rgb(), rgba(), hsl() and hsla(), with commas or with spaces and a slash."""
    parts = [part for part in re.split(r"[\s,/]+", arguments.strip()) if part]
    if len(parts) < 3:
        return None
    alpha = _fraction(parts[3]) if len(parts) > 3 else 1.0
    if name.startswith("rgb"):
        channels = [_fraction(part, 255.0) for part in parts[:3]]
    else:
        hue = _number(parts[0].removesuffix("deg")) / 360
        lightness, saturation = _fraction(parts[2], 100.0), _fraction(parts[1], 100.0)
        if math.isnan(hue + lightness + saturation):
            return None
        channels = list(colorsys.hls_to_rgb(hue % 1, lightness, saturation))
    if any(math.isnan(value) for value in (*channels, alpha)):
        return None  # "rgb(none none none)", "rgb(a, b, c)": no colour a browser shows
    red, green, blue = (round(channel * 255) for channel in channels)
    return red, green, blue, alpha


def _fraction(part: str, scale: float = 1.0) -> float:
    """A channel as 0-1: a percentage, or a number out of ``scale``."""
    if part.endswith("%"):
        return min(max(_number(part[:-1]) / 100, 0.0), 1.0)
    return min(max(_number(part) / scale, 0.0), 1.0)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def _tiny(value: str) -> bool:
    """A font size of zero, or under `SMALLEST_POINTS` in an absolute unit."""
    match = _SIZE.fullmatch(value.strip())
    if match is None:
        return False
    size = float(match.group(1))
    points = _POINTS_PER.get(match.group(2) or "px")
    return size == 0 or (points is not None and size * points < SMALLEST_POINTS)


_LENGTH: Final = re.compile(r"(-?[0-9]*\.?[0-9]+)\s*(px|pt|em|rem|mm|cm|in|vw|vh)?")
_PIXELS_PER: Final = {"px": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0, "mm": 96 / 25.4}
# A viewport of 1,920 x 1,080 pixels, a common screen, for "left: -200vw".
_PIXELS_PER.update({"cm": 96 / 2.54, "in": 96.0, "vw": 19.2, "vh": 10.8})
_FAR_OFF: Final = -1000.0
"""Pixels left of or above the page past which a positioned element or indented text is off
any screen (the "left: -9999px" way of hiding)."""


def _pixels(value: str) -> float | None:
    """A CSS length in pixels (16 to the em), None when it is not one."""
    match = _LENGTH.fullmatch(value.strip())
    if match is None:
        return None
    return float(match.group(1)) * _PIXELS_PER[match.group(2) or "px"]


def _font_shorthand_size(value: str) -> str:
    """The size in a ``font`` shorthand ("italic 12px/1.5 serif", "0/0 a"), or ""."""
    match = _FONT_SIZE_IN_SHORTHAND.search(value)
    return match.group(1) if match else ""


def _clipped(style: dict[str, str], *, cell: bool = False) -> bool:
    """The "screen reader only" pattern: clipped to nothing, or a box of a pixel or less
    that hides what overflows it (not a table ``cell``, which grows to fit its text)."""
    clip = style.get("clip", "").strip()
    if clip.startswith("rect("):
        edges = [_pixels(edge) for edge in re.split(r"[\s,]+", clip[5:].rstrip(") ")) if edge]
        if len(edges) == 4 and None not in edges:
            top, right, bottom, left = (edge or 0.0 for edge in edges)
            if bottom - top <= 1 or right - left <= 1:
                return True
    if _inset_to_nothing(style.get("clip-path", "")):
        return True
    overflow = style.get("overflow", "").split()
    if cell or not overflow or overflow[0] not in ("hidden", "clip"):
        return False
    sides = ("width", "height", "max-width", "max-height")
    sizes = [_pixels(style[side]) for side in sides if side in style]
    return any(size is not None and size <= 1 for size in sizes)


def _inset_to_nothing(value: str) -> bool:
    """``inset(...)`` taking in half the box or more from both sides of one axis."""
    match = re.fullmatch(r"\s*inset\(([^)]*)\).*", value)
    if match is None:
        return False
    parts = match.group(1).split(" round ")[0].split()[:4]
    parts = ["0%" if part == "0" else part for part in parts]
    if not parts or not all(part.endswith("%") for part in parts):
        return False
    # CSS's one to four sides: top, right, bottom, left, each missing one from its opposite.
    top = parts[0]
    right = parts[1] if len(parts) > 1 else top
    bottom = parts[2] if len(parts) > 2 else top
    left = parts[3] if len(parts) > 3 else right
    values = [_number(part[:-1]) for part in (top, right, bottom, left)]
    return values[0] + values[2] >= 100 or values[1] + values[3] >= 100


def _off_screen(style: dict[str, str]) -> bool:
    """Moved far left of or above the page, or its text indented out of its box."""
    positioned = style.get("position") in ("absolute", "fixed", "relative")
    sides = ("left", "top", "text-indent") if positioned else ("text-indent",)
    for side in (*sides, "margin-left"):
        offset = _pixels(style.get(side, "0"))
        if offset is not None and offset <= _FAR_OFF:
            return True
    return False
