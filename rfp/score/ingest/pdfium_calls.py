"""PDFium's functions called with plain integers for pointers: the PDF reader makes many
calls a page, and converting typed pointers costs more than the calls."""

from __future__ import annotations

import ctypes
from typing import Any


def address_function(name: str, result: Any = ctypes.c_void_p) -> Any:
    """PDFium's function ``name`` taking its pointers (handles, out parameters) as plain
    integers and returning a handle as one (or a ``result``): converting PDFium's typed
    pointers costs more than the call."""
    function = _FUNCTIONS.get((name, result))
    if function is None:
        import pypdfium2.raw as pdfium_c

        original = getattr(pdfium_c, name)
        arguments = (
            ctypes.c_void_p if issubclass(kind, ctypes._Pointer) else kind
            for kind in original.argtypes
        )
        prototype = ctypes.CFUNCTYPE(result, *arguments)
        function = _FUNCTIONS[name, result] = ctypes.cast(original, prototype)
    return function


_FUNCTIONS: dict[tuple[str, Any], Any] = {}
