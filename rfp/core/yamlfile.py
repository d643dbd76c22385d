"""Read YAML while remembering where every key is, so errors can name the line.

PyYAML's safe_load forgets positions and silently keeps the last of two duplicate keys; composing
the node tree as well gives both the line of each key path and a way to report duplicates.

A hostile file must not exhaust memory or the stack: size, nesting depth and the node count
after alias expansion are checked on the parser's event stream, which PyYAML produces without
recursion, before anything is composed, constructed or indexed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from rfp.errors import ConfigError, Problem

KeyPath = tuple[str | int, ...]

MAX_YAML_BYTES = 2 * 1024 * 1024
"""The largest YAML file read: 2 MB, over ten times the whole built-in criteria library."""

MAX_YAML_DEPTH = 50
"""The deepest nesting of mappings and lists; real files need under 10, and deeper would
overflow the recursion of YAML composition and of line indexing."""

MAX_YAML_NODES = 100_000
"""The most values (scalars, mappings, lists) a file may hold once every alias is expanded; the
largest built-in file has about 600. Stops "billion laughs" alias bombs."""


@dataclass(frozen=True)
class YamlLimits:
    """How much of a YAML file is read: the defaults above, or the project's ``limits:``."""

    max_bytes: int = MAX_YAML_BYTES
    max_depth: int = MAX_YAML_DEPTH
    max_nodes: int = MAX_YAML_NODES
    configurable: bool = False
    """True for files read under a project's ``limits:`` (not rfp.yaml itself): messages then
    name the key that raises the limit."""

    def hint(self, key: str) -> str:
        """`` (limits.<key> in rfp.yaml)`` where that key applies to the file, else ""."""
        return f" (limits.{key} in rfp.yaml)" if self.configurable else ""


DEFAULT_LIMITS: Final = YamlLimits()

_COLLECTION_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_COLLECTION_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


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


class _LocatingLoader(yaml.SafeLoader):
    """SafeLoader whose constructors' plain errors (a 13th month, a 5,000-digit integer) become
    marked errors at the offending value, so they are reported with its line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, TypeError) as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {_shown(node)}: {_plain(error)}", node.start_mark
            ) from None


_FAST_LOADER: type[Any] | None = getattr(yaml, "CSafeLoader", None)
"""libyaml's C parser with the same safe constructors: the criteria library parses in 30 ms
instead of 400 with the pure-Python parser, for every command that loads it."""


def _compose(
    text: str, where: str, limits: YamlLimits, loader: type[Any]
) -> tuple[yaml.Node | None, Any]:
    """(root node, data) of ``text`` read with ``loader``, within ``limits``."""
    _check_limits(text, where, limits, loader=loader)
    reading = loader(text)
    try:
        root = reading.get_single_node()
        return root, reading.construct_document(root) if root is not None else None
    finally:
        reading.dispose()


def _parsed_with_libyaml(
    text: str, where: str, limits: YamlLimits
) -> tuple[yaml.Node | None, Any] | None:
    """(root node, data) parsed by libyaml, or None when libyaml is missing or finds anything
    wrong: the pure-Python parser then reads the file again, so every message about a bad
    file is worded and located exactly as it always was."""
    if _FAST_LOADER is None:
        return None
    try:
        return _compose(text, where, limits, _FAST_LOADER)
    except (yaml.YAMLError, ConfigError, ValueError, OverflowError, TypeError):
        return None


def _shown(node: yaml.Node) -> str:
    """A short rendering of a scalar for a message."""
    if isinstance(node, yaml.ScalarNode):
        text = str(node.value)
        return repr(text) if len(text) <= 40 else f"{text[:20]!r}... ({len(text):,} characters)"
    return "this value"


def _plain(error: Exception) -> str:
    """The error's text without advice meant for programmers."""
    text = str(error)
    if "integer string conversion" in text:
        digits = text.rsplit("value has ", 1)[-1].split(" digits", 1)[0]
        return f"a number of {digits} digits is too long"
    return text


def _check_limits(text: str, where: str, limits: YamlLimits, loader: type[Any]) -> None:
    """Refuse deep nesting or too many nodes after alias expansion, before composing.

    Walks the parser's events (no recursion): each anchored value's expanded size is the node
    count between its start and end, and each alias adds that size again.
    """
    count = 0
    open_anchors: list[tuple[str | None, int]] = []
    sizes: dict[str, int] = {}
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in open_anchors):
                raise ConfigError(
                    [Problem(where, f"the alias *{event.anchor} refers to itself", line=line)]
                )
            count += sizes.get(str(event.anchor), 1)
        elif isinstance(event, yaml.ScalarEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent):
            count += 1
            if isinstance(event, _COLLECTION_STARTS):
                open_anchors.append((event.anchor, count - 1))
                if len(open_anchors) > limits.max_depth:
                    raise ConfigError([Problem(where, _too_deep(limits), line=line)])
            elif event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, _COLLECTION_ENDS):
            anchor, start = open_anchors.pop()
            if anchor is not None:
                sizes[anchor] = count - start
        if count > limits.max_nodes:
            raise ConfigError([Problem(where, _too_many_nodes(limits), line=line)])


def _too_deep(limits: YamlLimits) -> str:
    return f"nested more than {limits.max_depth} levels deep{limits.hint('yaml_depth')}"


def _too_many_nodes(limits: YamlLimits) -> str:
    return (
        f"holds more than {limits.max_nodes:,} nodes once its aliases (*name) are expanded"
        + limits.hint("yaml_nodes")
    )


def read_yaml(path: Path, limits: YamlLimits = DEFAULT_LIMITS) -> YamlDocument:
    """Parse ``path``; raise ConfigError naming the file and line for anything unreadable.

    ``limits`` bound size, depth and expanded node count; ``rfp.yaml`` itself is always read
    with the defaults, since its own ``limits:`` are not known until it has been read.
    """
    where = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError([Problem(where, "the file does not exist")]) from None
    except OSError as error:
        raise ConfigError([Problem(where, f"cannot be read: {error.strerror}")]) from None
    if len(raw) > limits.max_bytes:
        raise ConfigError(
            [
                Problem(
                    where,
                    f"is {len(raw) / 1024 / 1024:.1f} MB; a YAML file may be at most "
                    f"{limits.max_bytes / 1024 / 1024:g} MB{limits.hint('yaml_mb')}",
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(
            [Problem(where, f"is not UTF-8 text (byte {error.start} is invalid)")]
        ) from None
    if not text.strip():
        raise ConfigError([Problem(where, "the file is empty")])
    fast = _parsed_with_libyaml(text, where, limits)
    if fast is not None:
        return _indexed(path, *fast)
    try:
        root, data = _compose(text, where, limits, _LocatingLoader)
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
    return _indexed(path, root, data)


def _indexed(path: Path, root: yaml.Node | None, data: Any) -> YamlDocument:
    """The document with the line of every key, or ConfigError naming each duplicated key."""
    document = YamlDocument(path=path, data=data)
    duplicates: list[KeyPath] = []
    if root is not None:
        _index_lines(root, (), document.lines, duplicates)
    if duplicates:
        raise ConfigError(
            [document.problem(dup, "this key appears twice; keep one") for dup in duplicates]
        )
    return document
