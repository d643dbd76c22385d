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
from html.parser import HTMLParser
from typing import Any, Final, NamedTuple

from rfp.score.ingest.css import Attributes, background, hiding, set_declaration

# What can hide an element or give it a backdrop: rules without any of these are not kept.
_LOOKS: Final = frozenset(
    {
        "display", "visibility", "opacity", "font-size", "color", "background",
        "background-color", "clip", "clip-path", "width", "height", "overflow", "position",
        "left", "top", "text-indent", "margin-left", "max-width", "max-height", "font",
        "-webkit-text-fill-color",
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
        # A browser keeps the first of an attribute given twice.
        found = {name: value or "" for name, value in reversed(attrs)}
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
            budget[0] -= 1
            if budget[0] < 0:
                return False  # spent: the sheet stops being applied at the next element
            found = known.get((count, at))
            if found is None:
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
    important: bool
    """Its declarations are the ``!important`` ones of its block, which win over the rest."""


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
        """The rules of the `<style>` elements a browser applies: not those in comments or of
        another ``type``. A linked or imported style sheet is not fetched; one given as a
        ``data:`` address, which a browser applies offline, is named in the warning."""
        sheet = cls()
        if "<style" not in html.lower() and "stylesheet" not in html.lower():
            return sheet
        collector = _StyleCollector()
        collector.feed(defuse_unclosed(html))
        collector.close()
        for css in collector.sheets:
            sheet._add(css)
        sheet.unmatched += collector.unread
        return sheet

    def style(
        self,
        open_elements: Sequence[Element],
        inline: dict[str, str],
        inline_important: dict[str, str] | None = None,
    ) -> dict[str, str]:
        """The innermost element's declarations: its matching rules by specificity, then
        order, its inline style over them, and ``!important`` ones over those (the inline
        style's last)."""
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
        stack = _with_implied(open_elements)
        found = [
            rule
            for key in keys
            for rule in self.rules.get(key, ())
            if rule.selector.matches(stack, self.budget)
        ]
        if not found:
            return inline
        found.sort(key=lambda rule: (rule.important, rule.selector.specificity, rule.order))
        merged: dict[str, str] = {}
        for rule in found:
            if rule.important:
                _apply(merged, inline)
                inline = {}
            _apply(merged, rule.declarations)
        _apply(merged, inline)
        _apply(merged, inline_important or {})
        return merged

    def _add(self, css: str) -> None:
        import tinycss2

        try:
            rules = _qualified_rules(tinycss2.parse_stylesheet(css, True, True), self.unmatched)
            for rule in rules:
                self._add_rule(rule)
        except RecursionError:
            self.unmatched.append("a <style> element nested too deep to read")

    def _add_rule(self, rule: Any) -> None:
        import tinycss2

        normal, important = _declarations(rule.content)
        for text in _split_selectors(tinycss2.serialize(rule.prelude)):
            selector = _selector(text)
            for declarations, marked in ((normal, False), (important, True)):
                if not declarations:
                    continue
                if selector is None:
                    if _bears_on_sight(declarations):
                        self.unmatched.append(f"the style rule '{text}'")
                    continue
                self.count += 1
                self.rules.setdefault(selector.key, []).append(
                    _Rule(selector, self.count, declarations, marked)
                )


def _bears_on_sight(declarations: dict[str, str]) -> bool:
    """Whether a rule would hide text, or give it a background white text shows on."""
    return (
        hiding([], declarations, on_backdrop=False) is not None
        or background([], declarations) is not None
    )


def _apply(merged: dict[str, str], declarations: dict[str, str]) -> None:
    for name, value in declarations.items():
        set_declaration(merged, name, value)


def _with_implied(open_elements: Sequence[Element]) -> Sequence[Element]:
    """The open elements under the ``html`` and ``body`` a browser adds when a file leaves
    them out, so that "body .answer" matches as it does on screen."""
    tags = [element.tag for element in open_elements[:2]]
    implied = [_IMPLIED[tag] for tag in ("html", "body") if tag not in tags]
    if not implied or (open_elements and open_elements[0].tag == "head"):
        return open_elements
    return [*implied, *open_elements]


_IMPLIED: Final = {tag: Element(tag, "", frozenset(), {}) for tag in ("html", "body")}


_UNCLOSED: Final = re.compile(r"<(?=[^<>]*(?:<|\Z))")


def defuse_unclosed(html: str) -> str:
    """``html`` with each "<" that no ">" closes before the next "<" written as "&lt;": text
    to a browser, and to the standard library's tokenizer too, which rescans the rest of the
    file at each one (Python before 3.11.13: a file of "<style " repeated took seconds a
    hundred kilobytes). A "<" inside a quoted attribute value breaks its tag: rare in a
    proposal, and the tag's text is then read."""
    return _UNCLOSED.sub("&lt;", html)


class _StyleCollector(HTMLParser):
    """The text of each `<style>` element a browser applies, found by the standard library's
    tokenizer (comments and attribute values are not elements), in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.sheets: list[str] = []
        self.unread: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: (value or "").strip().lower() for name, value in reversed(attrs)}
        if tag == "style" and found.get("type", "text/css") in ("text/css", ""):
            self._open = []
        elif (
            tag == "link"
            and "stylesheet" in found.get("rel", "").split()
            and found.get("href", "").startswith("data:")
        ):
            self.unread.append("a style sheet linked as a data: address")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._open is not None:
            self.sheets.append("".join(self._open))
            self._open = None


def _qualified_rules(rules: list[Any], unread: list[str]) -> list[Any]:
    """Style rules, those inside @media, @supports and @layer included: a vendor's screen is
    one of the media, and a rule for print alone is rare enough in a proposal to be judged
    too. An @import (not fetched) is named in ``unread``."""
    import tinycss2

    found: list[Any] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            found.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "layer"):
            inner = tinycss2.parse_rule_list(rule.content or [], True, True)
            found += _qualified_rules(inner, unread)
        elif rule.type == "at-rule" and rule.lower_at_keyword == "import":
            unread.append("an @import of another style sheet")
    return found


def _declarations(content: list[Any] | None) -> tuple[dict[str, str], dict[str, str]]:
    """A rule's declarations that bear on sight, the ordinary ones and the ``!important``."""
    import tinycss2

    normal: dict[str, str] = {}
    important: dict[str, str] = {}
    for declaration in tinycss2.parse_declaration_list(content or [], True, True):
        if declaration.type == "declaration" and declaration.lower_name in _LOOKS:
            value = tinycss2.serialize(declaration.value).strip().lower()
            target = important if declaration.important else normal
            set_declaration(target, declaration.lower_name, value)
    return normal, important


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
