"""The `<style>` elements of a vendor's HTML: which rules decide whether an element is seen.

A class set to ``display: none`` or white in a style sheet hides text as surely as an inline
style, so the readers judge an element by its inline style over the rules that match it. Only
the file's own `<style>` elements are read (nothing is fetched). Selectors of tags, classes,
ids and attributes joined by descendant or child combinators are matched against the open
elements as the tag stream goes. A rule that would hide text under any other selector
(``:nth-child``, ``+``, ``~``) cannot be matched that way: it is named in a warning, and the
text it may hide is read, so the evaluators know to look.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from rfp.score.ingest.css import Attributes, hiding

_STYLE_ELEMENT: Final = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
# What can hide an element or give it a backdrop: rules without any of these are not kept.
_LOOKS: Final = frozenset(
    {
        "display", "visibility", "opacity", "font-size", "color", "background",
        "background-color", "clip", "clip-path", "width", "height", "overflow", "position",
        "left", "top", "text-indent", "margin-left",
    }
)  # fmt: skip
_COMPOUND: Final = re.compile(
    r"(?P<tag>[a-z][a-z0-9-]*|\*)?(?P<rest>(?:[.#][\w-]+|\[[^\]]*\])*)", re.IGNORECASE
)
_SIMPLE: Final = re.compile(r"[.#][\w-]+|\[[^\]]*\]")
# [name] or [name=value]: the other attribute operators (~=, ^=, *=) are not matched.
_ATTRIBUTE: Final = re.compile(r"\[\s*([\w-]+)\s*(?:=\s*(?:\"([^\"]*)\"|'([^']*)'|([\w-]+))\s*)?\]")


class Element(NamedTuple):
    """An open element as selectors see it."""

    tag: str
    id: str
    classes: frozenset[str]
    attributes: dict[str, str]

    @classmethod
    def of(cls, tag: str, attrs: Attributes) -> Element:
        found = {name: value or "" for name, value in attrs}
        return cls(tag, found.get("id", ""), frozenset(found.get("class", "").split()), found)


@dataclass(frozen=True)
class _Compound:
    tag: str | None
    ids: tuple[str, ...]
    classes: frozenset[str]
    attributes: tuple[tuple[str, str | None], ...]

    def matches(self, element: Element) -> bool:
        return (
            (self.tag is None or self.tag == element.tag)
            and all(identifier == element.id for identifier in self.ids)
            and self.classes <= element.classes
            and all(
                name in element.attributes and (value is None or element.attributes[name] == value)
                for name, value in self.attributes
            )
        )


@dataclass(frozen=True)
class _Selector:
    """Compound selectors, outermost first, each joined to the next by " " or ">"."""

    parts: tuple[_Compound, ...]
    joins: tuple[str, ...]

    @property
    def specificity(self) -> tuple[int, int, int]:
        return (
            sum(len(part.ids) for part in self.parts),
            sum(len(part.classes) + len(part.attributes) for part in self.parts),
            sum(part.tag is not None for part in self.parts),
        )

    @property
    def key(self) -> str:
        """Where an element finds this selector: its last part's id, a class, or its tag."""
        last = self.parts[-1]
        if last.ids:
            return "#" + last.ids[0]
        if last.classes:
            return "." + min(last.classes)
        return last.tag or "*"

    def matches(self, open_elements: Sequence[Element], budget: list[int]) -> bool:
        """Whether the innermost of ``open_elements`` is selected; each compound tried counts
        against ``budget[0]``. Whether the first ``k`` parts match at an element is worked out
        once, so a long chain of descendants costs parts x depth x depth, not exponentially."""
        known: dict[tuple[int, int], bool] = {}

        def match(count: int, at: int) -> bool:
            found = known.get((count, at))
            if found is None:
                budget[0] -= 1
                found = self.parts[count - 1].matches(open_elements[at]) and (
                    count == 1
                    or (
                        at > 0 and match(count - 1, at - 1)
                        if self.joins[count - 2] == ">"
                        else any(match(count - 1, above) for above in range(at - 1, -1, -1))
                    )
                )
                known[count, at] = found
            return found

        return match(len(self.parts), len(open_elements) - 1)


@dataclass(frozen=True)
class _Rule:
    selector: _Selector
    order: int
    declarations: dict[str, str]


MAX_PARTS: Final = 8
"""Compound selectors in one selector: a longer chain is not matched (named if it hides)."""
MAX_WORK: Final = 2_000_000
"""Compound selectors tried against elements in one document (about a second): a style sheet
built to cost more stops being applied where the budget runs out, and a warning says so."""


@dataclass
class StyleSheet:
    """The rules of a document's `<style>` elements that bear on whether text is seen."""

    rules: dict[str, list[_Rule]] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    """Selectors of rules that would hide text and are not matched (see the module), and a
    note when the rules stopped being applied (MAX_WORK)."""
    budget: list[int] = field(default_factory=lambda: [MAX_WORK])
    elements: int = 0
    count: int = 0

    @classmethod
    def of_document(cls, html: str) -> StyleSheet:
        sheet = cls()
        for css in _STYLE_ELEMENT.findall(html):
            sheet._add(css)
        return sheet

    def style(self, open_elements: Sequence[Element], inline: dict[str, str]) -> dict[str, str]:
        """The innermost element's declarations: its matching rules by specificity, then
        order, and its inline style over them."""
        if not self.rules:
            return inline
        self.elements += 1
        if self.budget[0] <= 0:
            self.rules.clear()
            self.unmatched.append(
                f"every rule from element {self.elements:,} on: the style sheet took over "
                f"{MAX_WORK:,} selector tests"
            )
            return inline
        element = open_elements[-1]
        keys = [element.tag, "*", *("." + name for name in element.classes)]
        if element.id:
            keys.append("#" + element.id)
        found = [
            rule
            for key in keys
            for rule in self.rules.get(key, ())
            if rule.selector.matches(open_elements, self.budget)
        ]
        if not found:
            return inline
        merged: dict[str, str] = {}
        for rule in sorted(found, key=lambda rule: (rule.selector.specificity, rule.order)):
            merged.update(rule.declarations)
        merged.update(inline)
        return merged

    def _add(self, css: str) -> None:
        import tinycss2

        for rule in _qualified_rules(tinycss2.parse_stylesheet(css, True, True)):
            declarations = _declarations(rule.content)
            if not declarations:
                continue
            for text in _split_selectors(tinycss2.serialize(rule.prelude)):
                selector = _selector(text)
                if selector is None:
                    if hiding([], declarations, on_backdrop=False) is not None:
                        self.unmatched.append(text)
                    continue
                self.count += 1
                self.rules.setdefault(selector.key, []).append(
                    _Rule(selector, self.count, declarations)
                )


def _qualified_rules(rules: list[Any]) -> list[Any]:
    """Style rules, those inside @media and @supports included: a vendor's screen is one of
    the media, and a rule for print alone is rare enough in a proposal to be judged too."""
    import tinycss2

    found: list[Any] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            found.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports"):
            found += _qualified_rules(tinycss2.parse_rule_list(rule.content or [], True, True))
    return found


def _declarations(content: list[Any] | None) -> dict[str, str]:
    import tinycss2

    found: dict[str, str] = {}
    for declaration in tinycss2.parse_declaration_list(content or [], True, True):
        if declaration.type == "declaration" and declaration.lower_name in _LOOKS:
            found[declaration.lower_name] = tinycss2.serialize(declaration.value).strip().lower()
    return found


def _split_selectors(prelude: str) -> list[str]:
    """A selector list's selectors (commas inside brackets or parentheses stay)."""
    parts: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index].strip())
            start = index + 1
    parts.append(prelude[start:].strip())
    return [part for part in parts if part]


def _selector(text: str) -> _Selector | None:
    """A selector of compounds joined by descendant or child combinators, or None."""
    tokens = re.sub(r"\s*>\s*", " > ", text.strip()).split()
    parts: list[_Compound] = []
    joins: list[str] = []
    expect_part = True
    for token in tokens:
        if token == ">":
            if expect_part:
                return None
            joins.append(">")
            expect_part = True
            continue
        compound = _compound(token)
        if compound is None:
            return None
        if not expect_part:
            joins.append(" ")
        parts.append(compound)
        expect_part = False
    if expect_part or not parts or len(parts) > MAX_PARTS:
        return None
    return _Selector(tuple(parts), tuple(joins))


def _compound(token: str) -> _Compound | None:
    match = _COMPOUND.fullmatch(token)
    if match is None or not token:
        return None
    tag = match.group("tag")
    ids: list[str] = []
    classes: set[str] = set()
    attributes: list[tuple[str, str | None]] = []
    for simple in _SIMPLE.findall(match.group("rest")):
        if simple[0] == "#":
            ids.append(simple[1:])
        elif simple[0] == ".":
            classes.add(simple[1:])
        else:
            attribute = _ATTRIBUTE.fullmatch(simple)
            if attribute is None:
                return None
            name, *values = attribute.groups()
            value = next((v for v in values if v is not None), None)
            attributes.append((name.lower(), value))
    return _Compound(
        None if tag in (None, "*") else tag.lower(),
        tuple(ids),
        frozenset(classes),
        tuple(attributes),
    )
