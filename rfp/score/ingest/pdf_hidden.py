"""Which text objects of a PDF page a reader cannot see: white, invisible, tiny or off the page.

PDFium is asked once per text object (its render mode, colour, size and box), never once per
character, and the characters are matched to objects only on a page that has such an object.
White text on a filled shape or an image (a table's header row, a cover) is seen and read;
shapes and images are looked at only on a page with white text. Text under an opaque filled
shape drawn after it, which a viewer paints over it, is not seen either: a shape drawn after
a text object and covering its box is asked its fill, so a page whose shapes all come first
(backgrounds, shading, rules under text) costs nothing more. Nor is text whose clipping path
leaves too little of it to read (`_clipped_away`: a box of no height that hides its
overflow); text clipped in part, as a table cell trims what overflows it, is read.

Invisible text (render mode 3, or clipping only) is set aside like the rest, although it is
also how a scan's OCR layer is written: that layer cannot be checked against the picture it
sits under, and a vendor could put any text there. A scanned page is therefore refused as
having no text, as it was before it was OCR'd, and the refusal says why.
"""

from __future__ import annotations

import ctypes
import functools
import math
import struct
from collections.abc import Iterator
from typing import Any, Final, NamedTuple

from rfp.score.ingest.hidden import (
    CLIPPED,
    COVERED,
    FAINT,
    INVISIBLE,
    OFF_PAGE,
    SMALLEST_POINTS,
    TINY,
    WHITE,
    HiddenText,
    too_pale,
)
from rfp.score.ingest.pdfium_calls import address_function

_TEXT, _PATH, _IMAGE, _SHADING, _FORM = 1, 2, 3, 4, 5  # FPDF_PAGEOBJ_*
_INVISIBLE_MODES: Final = frozenset({3, 7})  # no fill, no stroke (7 only adds to the clip)
_STROKED: Final = frozenset({1, 5})  # stroke only
_FILLED_AND_STROKED: Final = frozenset({2, 6})
_NOT_SHOWN: Final = "\x00\x02\ufffe\uffff"  # PDFium's marks, not characters

Box = tuple[float, float, float, float]  # left, bottom, right, top, in page space
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Final[Matrix] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_FOUR_INTS, _FOUR_FLOATS, _SIX_FLOATS = (struct.Struct(f) for f in ("=4I", "=4f", "=6f"))


class _Found(NamedTuple):
    handle: int
    box: Box


class _Calls:
    """PDFium's per-object functions, with one set of C out-parameters for a page."""

    def __init__(self) -> None:
        self.type = address_function("FPDFPageObj_GetType", ctypes.c_int)
        self.mode = address_function("FPDFTextObj_GetTextRenderMode", ctypes.c_int)
        self.fill = address_function("FPDFPageObj_GetFillColor", ctypes.c_int)
        self.stroke = address_function("FPDFPageObj_GetStrokeColor", ctypes.c_int)
        self.size = address_function("FPDFTextObj_GetFontSize", ctypes.c_int)
        self.matrix = address_function("FPDFPageObj_GetMatrix", ctypes.c_int)
        self.bounds = address_function("FPDFPageObj_GetBounds", ctypes.c_int)
        self.draw_mode = address_function("FPDFPath_GetDrawMode", ctypes.c_int)
        self.form_count = address_function("FPDFFormObj_CountObjects", ctypes.c_int)
        self.form_object = address_function("FPDFFormObj_GetObject")
        self.clip_path = address_function("FPDFPageObj_GetClipPath")
        self.clip_paths = address_function("FPDFClipPath_CountPaths", ctypes.c_int)
        self.clip_segments = address_function("FPDFClipPath_CountPathSegments", ctypes.c_int)
        self.clip_segment = address_function("FPDFClipPath_GetPathSegment")
        self.point = address_function("FPDFPathSegment_GetPoint", ctypes.c_int)
        self.segments = address_function("FPDFPath_CountSegments", ctypes.c_int)
        self._rgba = (ctypes.c_uint * 4)()
        self._floats = (ctypes.c_float * 4)()
        self._fs_matrix = (ctypes.c_float * 6)()
        self._int = (ctypes.c_int * 2)()
        self._rgba_refs = [ctypes.addressof(self._rgba) + 4 * i for i in range(4)]
        self._float_refs = [ctypes.addressof(self._floats) + 4 * i for i in range(4)]
        self._matrix_ref = ctypes.addressof(self._fs_matrix)

    # The out-parameters are read with struct: indexing a ctypes array costs more than the call.
    def colour(self, handle: int, *, stroke: bool = False) -> tuple[int, int, int, int] | None:
        get = self.stroke if stroke else self.fill
        if not get(handle, *self._rgba_refs):
            return None
        red, green, blue, alpha = _FOUR_INTS.unpack_from(self._rgba)
        return red, green, blue, alpha

    def box(self, handle: int) -> Box | None:
        if not self.bounds(handle, *self._float_refs):
            return None
        left, bottom, right, top = _FOUR_FLOATS.unpack_from(self._floats)
        return left, bottom, right, top

    def scale(self, handle: int) -> float:
        """How much the object's matrix enlarges it (the square root of its area factor)."""
        if not self.matrix(handle, self._matrix_ref):
            return 1.0
        a, b, c, d, _, _ = _SIX_FLOATS.unpack_from(self._fs_matrix)
        return math.sqrt(abs(a * d - b * c))

    def form_matrix(self, handle: int) -> Matrix:
        if not self.matrix(handle, self._matrix_ref):
            return _IDENTITY
        a, b, c, d, e, f = _SIX_FLOATS.unpack_from(self._fs_matrix)
        return a, b, c, d, e, f

    def font_size(self, handle: int) -> float:
        if not self.size(handle, self._float_refs[0]):
            return math.inf
        return float(_FOUR_FLOATS.unpack_from(self._floats)[0])

    def clip_box(self, handle: int, work: list[int]) -> Box | None:
        """The box every path of the object's clipping path lies in (the clip is their
        intersection, so it lies in this box too); None when the object is not clipped. Each
        point read counts against ``work[0]``."""
        clip = self.clip_path(handle)
        if not clip:
            return None
        x_ref, y_ref = self._float_refs[0], self._float_refs[1]
        box: Box | None = None
        for path in range(self.clip_paths(clip)):
            xs: list[float] = []
            ys: list[float] = []
            count = self.clip_segments(clip, path)
            work[0] -= max(count, 0)
            if work[0] < 0:
                return None
            for index in range(count):
                segment = self.clip_segment(clip, path, index)
                if segment and self.point(segment, x_ref, y_ref):
                    x, y, _, _ = _FOUR_FLOATS.unpack_from(self._floats)
                    xs.append(x)
                    ys.append(y)
            if xs:
                path_box = (min(xs), min(ys), max(xs), max(ys))
                box = path_box if box is None else _intersection(box, path_box)
        return box

    def filled(self, handle: int) -> bool:
        refs = ctypes.addressof(self._int)
        return bool(self.draw_mode(handle, refs, refs + 4)) and self._int[0] != 0


@functools.cache
def _calls() -> _Calls:
    """One set for the process: a page's objects are read one at a time."""
    return _Calls()


PAGE_WORK: Final = 200_000
"""Shape-over-text comparisons and clipping-path points read on one page (a few tenths of a
second): a page drawn to cost more is checked up to there, and the file's warning says so."""


def unseen_objects(
    page: Any, visible: Box, *, notes: list[str] | None = None, number: int = 0
) -> dict[int, str]:
    """The page's text objects a reader cannot see, by handle, with why (a kind of `hidden`).

    ``visible`` is the page's visible box (its crop box within its media box). A page too
    costly to check for covering shapes and clips (PAGE_WORK) is named in ``notes``.
    """
    calls = _calls()
    unseen: dict[int, str] = {}
    white: list[_Found] = []
    shapes: list[_Found] = []
    seen: list[_Found] = []  # text objects seen so far, which a later shape may cover
    work = [PAGE_WORK]
    for handle, kind, box, scale, top in _objects(calls, page):
        if kind == _TEXT:
            why = _why_unseen(calls, handle, box, scale, visible)
            if why is None and top and work[0] > 0 and _clipped_away(calls, handle, box, work):
                why = CLIPPED
            if why == WHITE:
                white.append(_Found(handle, box))
            elif why is not None:
                unseen[handle] = why
            else:
                seen.append(_Found(handle, box))
        elif kind in (_PATH, _IMAGE, _SHADING):
            shapes.append(_Found(handle, box))
            # A rule or border is too thin to hold a line of readable text.
            thick = min(box[2] - box[0], box[3] - box[1]) >= SMALLEST_POINTS
            if kind == _PATH and seen and thick and work[0] > 0:
                work[0] -= len(seen)
                seen = _uncovered(calls, handle, box, seen, unseen)
    if work[0] <= 0 and notes is not None:
        notes.append(f"page {number}'s shapes and clipping paths, too many to check")
    if white:
        backdrops = [found.box for found in shapes if _is_backdrop(calls, found.handle)]
        unseen.update((found.handle, WHITE) for found in white if not _on(found.box, backdrops))
    return unseen


def _uncovered(
    calls: _Calls, shape: int, box: Box, texts: list[_Found], unseen: dict[int, str]
) -> list[_Found]:
    """``texts`` but those the shape ``shape`` (with ``box``) paints over, which go into
    ``unseen``: an opaque filled shape holding the whole of a text's box. Its fill is asked
    only when it holds one."""
    under = [found for found in texts if _holds(box, found.box)]
    if not under or not _opaque_fill(calls, shape):
        return texts
    unseen.update((found.handle, COVERED) for found in under)
    covered = {found.handle for found in under}
    return [found for found in texts if found.handle not in covered]


def _clipped_away(calls: _Calls, handle: int, box: Box, work: list[int]) -> bool:
    """Whether the text's clipping path leaves too little of its box to read: under
    SMALLEST_POINTS or a twentieth of its width, or under SMALLEST_POINTS or half its
    height."""
    clip = calls.clip_box(handle, work)
    if clip is None:
        return False
    left, bottom, right, top = _intersection(clip, box)
    width, height = box[2] - box[0], box[3] - box[1]
    return right - left < max(SMALLEST_POINTS, width / 20) or top - bottom < max(
        SMALLEST_POINTS, height / 2
    )


def _intersection(one: Box, other: Box) -> Box:
    """The box two boxes share (of negative width or height when they share none)."""
    return (
        max(one[0], other[0]),
        max(one[1], other[1]),
        min(one[2], other[2]),
        min(one[3], other[3]),
    )


def _holds(outer: Box, inner: Box) -> bool:
    """Whether ``outer`` holds ``inner`` (to a tenth of a point, as boxes are rounded)."""
    return (
        outer[0] <= inner[0] + 0.1
        and outer[1] <= inner[1] + 0.1
        and outer[2] >= inner[2] - 0.1
        and outer[3] >= inner[3] - 0.1
    )


def _opaque_fill(calls: _Calls, handle: int) -> bool:
    """A path of one closed outline (a rectangle: a frame or an outline drawn as two, with a
    hole, is not) filled in a fully opaque colour (a highlight drawn over text is
    translucent)."""
    colour = calls.colour(handle)
    return (
        colour is not None
        and colour[3] == 255
        and calls.segments(handle) <= _OUTLINE_SEGMENTS
        and calls.filled(handle)
    )


_OUTLINE_SEGMENTS: Final = 5  # a rectangle: a move and four lines, the last closing it


def _objects(calls: _Calls, page: Any) -> Iterator[tuple[int, int, Box, float, bool]]:
    """Every object of the page, forms opened: handle, type, box and matrix scale in page
    space (an object in a form is placed by the form's matrix), and whether it is the page's
    own (not in a form, so its clipping path is in page space too)."""
    import pypdfium2.raw as pdfium_c

    page_handle = ctypes.cast(page, ctypes.c_void_p).value
    get_object = address_function("FPDFPage_GetObject")
    count = pdfium_c.FPDFPage_CountObjects(page)
    handles = [get_object(page_handle, index) or 0 for index in range(count)]
    yield from _placed(calls, handles, _IDENTITY, depth=0)


def _placed(
    calls: _Calls, handles: list[int], matrix: Matrix, *, depth: int
) -> Iterator[tuple[int, int, Box, float, bool]]:
    outer = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))
    for handle in handles:
        kind = calls.type(handle)
        box = calls.box(handle)
        if not handle or box is None:
            continue
        placed = box if matrix is _IDENTITY else _transform(box, matrix)
        if kind == _FORM and depth < 8:  # forms nest; the bound guards against a cycle
            inner = [calls.form_object(handle, i) or 0 for i in range(calls.form_count(handle))]
            form = _compose(calls.form_matrix(handle), matrix)
            yield from _placed(calls, inner, form, depth=depth + 1)
        elif kind == _TEXT:
            yield handle, kind, placed, outer * calls.scale(handle), depth == 0
        else:
            yield handle, kind, placed, outer, depth == 0


def _why_unseen(calls: _Calls, handle: int, box: Box, scale: float, visible: Box) -> str | None:
    """Why one text object cannot be seen, or None when it can: its render mode, box, size
    and colour, one call each, in the order that settles most objects soonest."""
    mode = calls.mode(handle)
    if mode in _INVISIBLE_MODES:
        return INVISIBLE
    if not (
        box[0] < visible[2] and visible[0] < box[2] and box[1] < visible[3] and visible[1] < box[3]
    ):
        return OFF_PAGE
    if calls.font_size(handle) * scale < SMALLEST_POINTS:
        return TINY
    look = _look(calls.colour(handle, stroke=mode in _STROKED))
    if look is None or (
        mode in _FILLED_AND_STROKED and _look(calls.colour(handle, stroke=True)) is None
    ):
        return None
    return look


def _look(colour: tuple[int, int, int, int] | None) -> str | None:
    """INVISIBLE or WHITE for a colour nothing shows in on a white page, else None."""
    if colour is None:
        return None
    red, green, blue, alpha = colour
    if alpha / 255 <= FAINT:
        return INVISIBLE
    return WHITE if too_pale(red, green, blue) else None


def _is_backdrop(calls: _Calls, handle: int) -> bool:
    """An image, a shading, or a shape filled in a colour white text shows against."""
    kind = calls.type(handle)
    if kind != _PATH:
        return True
    colour = calls.colour(handle)
    return colour is not None and calls.filled(handle) and _look(colour) is None


def _on(box: Box, backdrops: list[Box]) -> bool:
    """Whether the centre of ``box`` lies on one of ``backdrops``."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(left <= x <= right and bottom <= y <= top for left, bottom, right, top in backdrops)


def _transform(box: Box, matrix: Matrix) -> Box:
    a, b, c, d, e, f = matrix
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer``, as PDF matrices compose."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def mask_unseen(textpage: Any, text: str, unseen: dict[int, str], hidden: HiddenText) -> str:
    """``text`` with each character of an ``unseen`` object made a space (positions still
    PDFium's), tallied in ``hidden`` by why."""
    text_object = address_function("FPDFText_GetTextObject")
    address = ctypes.cast(textpage, ctypes.c_void_p).value
    chars = list(text)
    for index, char in enumerate(text):
        if char.isspace() or char in _NOT_SHOWN:
            continue
        why = unseen.get(text_object(address, index) or 0)
        if why is not None:
            chars[index] = " "
            hidden.count(why, 1)
    return "".join(chars)
