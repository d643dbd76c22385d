"""Whether an HTML element's look hides its text, for the HTML reader.

An element is judged by its ``hidden`` attribute, its inline ``style`` (and the old
``<font color>``) over the rules of the file's own `<style>` elements (see `stylesheet`); a
linked style sheet is never fetched. ``aria-hidden`` is not hiding: it hides text from
screen readers only, and a sighted evaluator sees it.
"""

from __future__ import annotations

import colorsys
import functools
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
_POINTS_PER: Final = {"px": 0.75, "pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
_NO_BACKGROUND: Final = frozenset({"", "none", "transparent", "inherit", "initial", "unset"})


def style_of(attrs: Attributes) -> dict[str, str]:
    """The inline style's declarations, property to value, lower case, ``!important`` gone."""
    style = next((value for name, value in attrs if name == "style" and value), "")
    declarations: dict[str, str] = {}
    for declaration in style.lower().split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            declarations[name.strip()] = value.replace("!important", "").strip()
    return declarations


def hiding(attrs: Attributes, style: dict[str, str], *, on_backdrop: bool) -> str | None:
    """Why an element's text cannot be seen (a kind of `hidden`), or None when it can.

    White text counts as hidden only off a backdrop: on a coloured background set on the
    element or an enclosing one (``on_backdrop``), as in a table's header row, it is read.
    """
    if any(name == "hidden" for name, _ in attrs):
        return HIDDEN
    if style.get("display") == "none" or style.get("visibility") in ("hidden", "collapse"):
        return HIDDEN
    if _fraction(style.get("opacity", "1")) <= FAINT:
        return INVISIBLE
    if _tiny(style.get("font-size", "")):
        return TINY
    if _clipped(style):
        return HIDDEN
    if _off_screen(style):
        return OFF_PAGE
    colour = style.get("color") or next((v for n, v in attrs if n == "color" and v), "")
    rgba = parse_colour(colour.lower())
    if rgba is None:
        return None
    if rgba[3] <= FAINT:
        return INVISIBLE
    if too_pale(*rgba[:3]) and not on_backdrop and not backdrop(attrs, style):
        return WHITE
    return None


def backdrop(attrs: Attributes, style: dict[str, str]) -> bool:
    """Whether the element sets a background its text could show against (not white)."""
    value = style.get("background-color") or style.get("background")
    if value is None:
        value = next((v for n, v in attrs if n == "bgcolor" and v), "").lower()
    if value.strip() in _NO_BACKGROUND:
        return False
    rgba = parse_colour(value)
    return rgba is None or (rgba[3] > FAINT and not too_pale(*rgba[:3]))


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
        red, green, blue = (round(_fraction(part, 255.0) * 255) for part in parts[:3])
        return red, green, blue, alpha
    hue = _number(parts[0].removesuffix("deg")) / 360
    lightness, saturation = _fraction(parts[2], 100.0), _fraction(parts[1], 100.0)
    red_f, green_f, blue_f = colorsys.hls_to_rgb(hue % 1, lightness, saturation)
    return round(red_f * 255), round(green_f * 255), round(blue_f * 255), alpha


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


_LENGTH: Final = re.compile(r"(-?[0-9]*\.?[0-9]+)\s*(px|pt|em|rem|mm|cm|in)?")
_PIXELS_PER: Final = {"px": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0, "mm": 96 / 25.4}
_PIXELS_PER.update({"cm": 96 / 2.54, "in": 96.0})
_FAR_OFF: Final = -1000.0
"""Pixels left of or above the page past which a positioned element or indented text is off
any screen (the "left: -9999px" way of hiding)."""


def _pixels(value: str) -> float | None:
    """A CSS length in pixels (16 to the em), None when it is not one."""
    match = _LENGTH.fullmatch(value.strip())
    if match is None:
        return None
    return float(match.group(1)) * _PIXELS_PER[match.group(2) or "px"]


def _clipped(style: dict[str, str]) -> bool:
    """The "screen reader only" pattern: clipped to nothing, or a box of a pixel or less
    that hides what overflows it."""
    clip = style.get("clip", "").replace(" ", "")
    if clip.startswith("rect("):
        edges = [_pixels(edge) for edge in re.split(r"[,]", clip[5:].rstrip(")"))]
        if len(edges) == 4 and None not in edges:
            top, right, bottom, left = (edge or 0.0 for edge in edges)
            if bottom - top <= 1 or right - left <= 1:
                return True
    inset = re.fullmatch(r"inset\(\s*([0-9.]+)%.*", style.get("clip-path", ""))
    if inset and float(inset.group(1)) >= 50:
        return True
    if style.get("overflow", "").split()[:1] == ["hidden"]:
        sizes = [_pixels(style[side]) for side in ("width", "height") if side in style]
        return any(size is not None and size <= 1 for size in sizes)
    return False


def _off_screen(style: dict[str, str]) -> bool:
    """Moved far left of or above the page, or its text indented out of its box."""
    positioned = style.get("position") in ("absolute", "fixed", "relative")
    sides = ("left", "top", "text-indent") if positioned else ("text-indent",)
    for side in (*sides, "margin-left"):
        offset = _pixels(style.get(side, "0"))
        if offset is not None and offset <= _FAR_OFF:
            return True
    return False
