"""Read YAML while remembering where every key is, so errors can name the line.

PyYAML's safe_load forgets positions and silently keeps the last of two duplicate keys; composing
the node tree as well gives both the line of each key path and a way to report duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rfp.errors import ConfigError, Problem

KeyPath = tuple[str | int, ...]


def format_key_path(path: Iterable[str | int]) -> str:
    """Render a key path as ``criteria.weights.SEC-01``, with list indexes as ``[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass
class YamlDocument:
    """A parsed YAML file with the line (1-based) of every key path it contains."""

    path: Path
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, key_path: Iterable[str | int]) -> int | None:
        """Return the line of ``key_path`` or of its nearest ancestor that exists in the file."""
        parts = tuple(key_path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return None

    def problem(self, key_path: Iterable[str | int], message: str) -> Problem:
        """Build a Problem located at ``key_path`` in this file."""
        parts = tuple(key_path)
        return Problem(
            file=str(self.path),
            key=format_key_path(parts),
            line=self.line_of(parts),
            message=message,
        )


def _index_lines(
    node: yaml.Node, prefix: KeyPath, lines: dict[KeyPath, int], duplicates: list[KeyPath]
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            path = (*prefix, key)
            if key in seen:
                duplicates.append(path)
            seen.add(key)
            lines[path] = key_node.start_mark.line + 1
            _index_lines(value_node, path, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = (*prefix, index)
            lines[path] = item.start_mark.line + 1
            _index_lines(item, path, lines, duplicates)


def read_yaml(path: Path) -> YamlDocument:
    """Parse ``path``; raise ConfigError naming the file and line for anything unreadable."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError([Problem(where, "the file does not exist")]) from None
    except OSError as error:
        raise ConfigError([Problem(where, f"cannot be read: {error.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(
            [Problem(where, f"is not UTF-8 text (byte {error.start} is invalid)")]
        ) from None
    if not text.strip():
        raise ConfigError([Problem(where, "the file is empty")])
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        # The context mark is where the broken construct starts (an unclosed bracket, say);
        # the problem mark is where the parser gave up, often lines later.
        start = error.context_mark or error.problem_mark
        detail = " ".join(part for part in (error.context, error.problem) if part)
        if error.context_mark and error.problem_mark:
            detail += f" (detected at line {error.problem_mark.line + 1})"
        raise ConfigError(
            [
                Problem(
                    where,
                    f"malformed YAML: {detail or 'cannot be parsed'}",
                    line=start.line + 1 if start else None,
                )
            ]
        ) from None
    except yaml.YAMLError as error:
        raise ConfigError([Problem(where, f"malformed YAML: {error}")]) from None
    document = YamlDocument(path=path, data=data)
    duplicates: list[KeyPath] = []
    if root is not None:
        _index_lines(root, (), document.lines, duplicates)
    if duplicates:
        raise ConfigError(
            [document.problem(dup, "this key appears twice; keep one") for dup in duplicates]
        )
    return document
