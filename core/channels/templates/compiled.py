"""Render once per shape, fill in per message: the catalogue and the e-mail layouts as compiled skeletons.

What a template prints depends on two kinds of input. The *shape* of a message — template kind, language, medium,
the booleans, the counts, which optional fields are missing or empty — decides which sentences, rows and blocks
appear. The *values* — names, amounts and dates as text, references, links — are only printed. So Jinja renders a
template once per shape with a stand-in (`Slot`) for every value: a private-use marker in the output, which no
filter or escape changes. The output is cut at the markers into static text and slots, and turned into a small
Python function that joins the static text with a message's values. Per message only the values are computed.

The Jinja path stays the reference (`texts_reference`, and `compose_email`'s reference path): a shape whose
skeleton cannot be built — a template compares a value, measures it, calls a string method on it, or passes it to
a filter that is not deferred — is refused (`Unsupported`) and that shape renders with Jinja, logged once. The first
message of every new shape is rendered both ways; a difference also sends the shape to Jinja, logged.

Exactness per message, and where it falls back:
- A catalogue block is split into paragraphs at blank lines and each paragraph normalised (whitespace runs made
  one space, "B.V.." made "B.V.", stripped). The skeleton is split once and its static text collapsed once; a
  message's paragraph is its collapsed static text joined with its values. That is the reference's paragraph when
  every whitespace in the result is a single space with text on both sides: then no whitespace run crosses the edge
  of a value, no value brings a run (or a newline) of its own, and no paragraph boundary moves. The fill checks
  exactly that on each paragraph it makes. "B.V.." can span a value and the text after it, so that fix runs on the
  filled paragraph whenever it holds "..".
- When the check fails, values without a newline and not all whitespace are filled into the raw paragraphs, which
  are normalised as the reference does (slower, same result). A value with a newline, or all whitespace, could move
  a paragraph boundary: that message renders with Jinja.
- Layout filters that depend on the value (`linkify`, `wrap`) and HTML escaping are deferred: they run per message
  on the filled text (`linkify_op`, `wrap_op`, `Slot.__html__`). Text that Python code makes from stand-ins while a
  skeleton renders (`slot + "…"`, a label formatted with one) becomes a stand-in of its own (`Recorder.made`), so
  that it is escaped; an HTML output that would print a value unescaped is refused (`escaped`).
- A layout's fill makes the catalogue paragraphs it prints itself, from the values (`Recorder.function`'s
  `inline`), with the same check; a message that fails it takes the general route: the catalogue's paragraphs
  (`paragraphs_of`, normalised as above) and a fill that takes them.
- Everything a fill computes from values only — a paragraph, its line breaks and links, a wrapped payment row, a
  summary line — is remembered with those values' identities: values that are the same objects as in the message
  before of this shape (the agency's, the creditor's, a cached date) give back what was made then. One tuple holds
  all of it and is replaced in one step, so a message never sees part of another's.
- Shortcuts the fill writes out, each exact (tests/channels/test_email_fast_path.py): a paragraph that fits on a
  line is not wrapped; one without "://" is only escaped; a paragraph's static start is wrapped and linked once, when
  the skeleton is built (`_Call.headed`); the text's blank runs are looked for only when a value printed in it could
  make one; its static ends are stripped when built.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import re
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache, lru_cache
from typing import Any, Literal, get_args, get_origin, get_type_hints

from jinja2 import Environment
from jinja2.filters import FILTERS
from markupsafe import Markup

from core.channels import templates
from core.channels.templates import View, normalize, split_paragraphs

log = logging.getLogger(__name__)

_RAW = "\ue000"  # marker kind: the value as it is
_ESC = "\ue001"  # marker kind: the value HTML-escaped
_BASE = 0xE100  # marker index: one character after the kind
_LAST = 0xF8FF
_MARKERS = re.compile("([\ue000\ue001])([\ue100-\uf8ff])")
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_CATALOGUES_MAX = 256  # ~25 KiB each, and ~50 KiB per layout skeleton: a few MiB for the shapes of a tick
LAYOUTS_MAX = 8  # per catalogue shape; one to three are usual (summary rows, payment rows)

# View fields the catalogue compares with text (`c.kind == "demand"`): part of the shape, not slots.
_COMPARED = frozenset({"kind", "lang"})


class Unsupported(Exception):
    """A template does something with a value that a skeleton cannot carry (that shape renders with Jinja)."""


# -- the stand-in ----------------------------------------------------------------------------------------


def _refuse(name: str) -> Callable[..., Any]:
    def refused(self: Slot, *args: Any, **kwargs: Any) -> Any:
        raise Unsupported(f"a template uses {name} on a value")

    refused.__name__ = name
    return refused


class Slot(str):
    """A value's stand-in while a skeleton renders: prints as a marker, refuses anything that looks inside.

    Printing (`str`), concatenation and repetition carry over to the filled value unchanged; HTML escaping is
    deferred (`__html__`). Comparing, measuring, indexing, formatting and every string method would give the
    stand-in's answer instead of the value's, so they raise `Unsupported`.
    """

    index: int

    def __new__(cls, index: int) -> Slot:
        if _BASE + index > _LAST:
            raise Unsupported("too many values in one skeleton")
        self = super().__new__(cls, _RAW + chr(_BASE + index))
        self.index = index
        return self

    def __html__(self) -> Markup:
        # escape() asks this; so would Markup(value), which `|safe` calls: the skeleton environment refuses that
        # filter on a value (_refusing_filter), since the fill would escape what the template meant to keep raw.
        return Markup(_ESC + chr(_BASE + self.index))

    def __bool__(self) -> bool:
        return True  # empty strings are part of the shape and never become slots

    __hash__ = str.__hash__


_TRANSPARENT = {"__new__", "__str__", "__hash__", "__getattribute__", "__add__", "__mul__", "__rmul__", "__sizeof__"}
for _name, _attribute in vars(str).items():
    if callable(_attribute) and _name not in _TRANSPARENT:
        setattr(Slot, _name, _refuse(_name))
Slot.__hash__ = str.__hash__  # type: ignore[method-assign]


# -- recording a skeleton --------------------------------------------------------------------------------

_Pieces = list[str | tuple[str, int]]
_RECORDER: ContextVar[Recorder | None] = ContextVar("skeleton_recorder", default=None)


class Recorder:
    """The slots of one skeleton being rendered: each slot's Python expression in the fill function."""

    def __init__(self) -> None:
        self.exprs: list[str] = []
        self.paragraph: list[bool] = []  # `P[k]`: a catalogue paragraph (normalised: single spaces, stripped)
        self.atom: list[bool] = []  # an argument of the fill function (`V[i]`, `P[k]`, `SUM[i][0]`, …)
        # a deferred filter: its call and the pieces of each text it is applied to
        self.calls: list[tuple[Callable[..., str], list[_Pieces]] | None] = []
        # never empty, no newline at either end and never two in a row: no run of blank lines starts in it or
        # passes through it (a paragraph; a wrapped line of text that holds more than whitespace)
        self.tidy: list[bool] = []
        self.markup: list[bool] = []  # its value is HTML made from escaped text (`linkify`): printed as it is

    def slot(self, expr: str, *, paragraph: bool = False) -> Slot:
        """A slot for an argument of the fill function (`expr` indexes a parameter)."""
        return self._add(expr, paragraph=paragraph, call=None, tidy=paragraph, markup=False)

    def _add(
        self,
        expr: str,
        *,
        paragraph: bool,
        call: tuple[Callable[..., str], list[_Pieces]] | None,
        tidy: bool,
        markup: bool,
    ) -> Slot:
        self.exprs.append(expr)
        self.paragraph.append(paragraph)
        self.atom.append(call is None)
        self.calls.append(call)
        self.tidy.append(tidy)
        self.markup.append(markup)
        return Slot(len(self.exprs) - 1)

    def made(self, text: str) -> str:
        """`text`, made in Python from values' stand-ins (`slot + "…"`, `label.format(x=str(slot))`), as a stand-in
        of its own, so that a template escapes it (the pieces would print as they are); static text as it is."""
        return self.deferred(text, "{}".format) if _has_marker(text) else text

    def deferred(
        self, text: str | tuple[str, ...], call: Callable[..., str], *, tidy: bool = False, markup: bool = False
    ) -> Slot:
        """A slot for `call` (the expression around its arguments', with the fill namespace's names) applied to the
        filled `text` (or to each of several texts).

        When the texts hold arguments only, the fill remembers the result with the arguments' identities: values
        that are the same objects as in the message before (the agency's, a creditor's; a paragraph that holds
        only those) give back the result made then.
        """
        args = [self.pieces(item) for item in ((text,) if isinstance(text, str) else text)]
        expr = call(*(self.concat(pieces) for pieces in args))
        return self._add(expr, paragraph=False, call=(call, args), tidy=tidy, markup=markup)

    def parts(self, index: int) -> tuple[int, ...]:
        """The slots a deferred slot is made of, in order, once each."""
        call = self.calls[index]
        assert call is not None
        return tuple(dict.fromkeys(piece[1] for pieces in call[1] for piece in pieces if isinstance(piece, tuple)))

    def single_paragraph(self, text: str) -> str | None:
        """The `P[k]` expression when `text` is exactly one raw paragraph slot."""
        pieces = self.pieces(text)
        if len(pieces) == 3 and pieces[0] == pieces[2] == "":
            kind, index = pieces[1]  # type: ignore[misc]
            if kind == _RAW and self.paragraph[index]:
                return self.exprs[index]
        return None

    def view(self, v: View) -> View:
        """`v` with a slot for every non-empty text: `V[i]` is the message's i-th text (`flatten`)."""
        texts = _flatten(v)[1]
        counter = iter(range(len(texts)))

        def substitute(text: Any) -> Any:
            position = next(counter)
            if text is None or text == "":
                return text
            if type(text) is not str:  # a Markup or another subclass may print or escape differently
                raise Unsupported(f"a value of type {type(text).__name__}")
            return self.slot(f"V[{position}]")

        sentinel = _rebuild(v, _spec(type(v)), substitute)
        # flatten() is generated and _rebuild() walks the fields: both must see the texts in the same order
        seen = _flatten(sentinel)[1]
        if next(counter, None) is not None or len(seen) != len(texts):
            raise AssertionError("the sentinel view does not line up with flatten()")
        for position, stand_in in enumerate(seen):
            if isinstance(stand_in, Slot) and self.exprs[stand_in.index] != f"V[{position}]":
                raise AssertionError("the sentinel view does not line up with flatten()")
        return sentinel

    def pieces(self, text: str) -> list[str | tuple[str, int]]:
        """Static text and (kind, slot) in order; static text never holds a private-use character."""
        parts = _MARKERS.split(text)
        out: list[str | tuple[str, int]] = []
        for i, part in enumerate(parts):
            if i % 3 == 0:
                if _PRIVATE.search(part):
                    raise Unsupported("private-use characters in a template's own text")
                out.append(part)
            elif i % 3 == 1:
                index = ord(parts[i + 1]) - _BASE
                if index >= len(self.exprs):
                    raise Unsupported("a marker that no slot made")
                out.append((part, index))
        return out

    def piece_expr(self, kind: str, index: int) -> str:
        expr = self.exprs[index]
        return expr if kind == _RAW else f"_esc({expr})"

    def concat(self, pieces: list[str | tuple[str, int]], expr: Callable[[int], str] | None = None) -> str:
        """A Python expression for the pieces joined (a slot's value as `expr(slot)` gives it)."""
        parts = []
        for piece in pieces:
            if isinstance(piece, str):
                if piece:
                    parts.append(repr(piece))
            else:
                kind, index = piece
                value = self.exprs[index] if expr is None else expr(index)
                parts.append(value if kind == _RAW else f"_esc({value})")
        if not parts:
            return "''"
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            return f"{parts[0]} + {parts[1]}"
        return '"".join((' + ", ".join(parts) + ",))"

    def function(
        self,
        params: tuple[str, ...],
        outputs: list[tuple[str, Callable[[str], str] | None]],
        *,
        blank_runs: tuple[int, ...] = (),
        escaped: tuple[int, ...] = (),
        stripped: tuple[int, ...] = (),
        inline: Catalogue | None = None,
        helpers: dict[str, Callable[..., Any]] | None = None,
    ) -> Filler:
        """A function of `params` returning each output skeleton filled (its static text through `static`).

        For each output numbered in `blank_runs` (whose static text is `_squeeze`d) the function also returns
        whether the filled text may hold a run of three newlines: False when every value printed raw in it is
        tidy, so the caller need not search kilobytes of text for one. In each output numbered in `escaped` (HTML)
        every value must be escaped or markup (`linkify`): else `Unsupported`. Each output numbered in `stripped`
        comes `.strip() + "\n"`: its static ends stripped here when the values at its ends are tidy.

        With `inline`, the paragraph slots (`P[k]`) are no argument: the function makes each paragraph it prints
        from `V` as `inline.fast` does, together with what is deferred on that paragraph alone, and returns None
        when a paragraph fails its check (the caller then takes the catalogue's paragraphs and a function without
        `inline`). `helpers`: functions the deferred calls name, besides the fill namespace's.
        """
        parsed = []
        for skeleton, static in outputs:
            pieces = self.pieces(skeleton)
            if static is not None:
                pieces = [static(p) if isinstance(p, str) else p for p in pieces]
            parsed.append(pieces)
        for number in escaped:
            if any(isinstance(p, tuple) and p[0] == _RAW and not self.markup[p[1]] for p in parsed[number]):
                raise Unsupported("a value printed unescaped in HTML (text made from a value in Python?)")
        strip_late: set[int] = set()  # stripped when filled: a value at an end may bring whitespace
        for number in stripped:
            pieces = parsed[number]
            for ends, strip in ((range(len(pieces)), str.lstrip), (range(len(pieces) - 1, -1, -1), str.rstrip)):
                for at in ends:
                    piece = pieces[at]
                    if not isinstance(piece, str):
                        if not (piece[0] == _RAW and self.tidy[piece[1]]):
                            strip_late.add(number)
                        break
                    pieces[at] = strip(piece)
                    if pieces[at]:
                        break
            if number not in strip_late:
                if isinstance(pieces[-1], str):
                    pieces[-1] += "\n"
                else:
                    pieces.append("\n")

        names: dict[int, str] = {}  # slot -> the local variable that holds its value
        remembered: list[str] = []  # the locals the next call gets back (`LR`)
        lines: list[str] = []

        def value(index: int) -> str:
            if index in names:
                return names[index]
            call = self.calls[index]
            if call is None:
                return self.exprs[index]
            return call[0](*(self.concat(pieces, value) for pieces in call[1]))

        def used(pieces: _Pieces) -> Iterator[int]:
            for piece in pieces:
                if isinstance(piece, tuple):
                    yield piece[1]
                    call = self.calls[piece[1]]
                    if call is not None:
                        for inner in call[1]:
                            yield from used(inner)

        slots = list(dict.fromkeys(index for pieces in parsed for index in used(pieces)))
        # deferred slots made of arguments and of such slots: remembered with the identities of what they are made of
        memo: dict[int, tuple[int, ...]] = {}
        for index in sorted(slots):  # a deferred slot comes after the slots it is made of
            if self.calls[index] is not None:
                parts = self.parts(index)
                if parts and all(self.atom[part] or part in memo for part in parts):
                    memo[index] = parts
        # inline: each paragraph made here, with the deferred slots made of it alone
        paragraphs: list[tuple[int, tuple[str, ...], list[str], str, list[int]]] = []
        if inline is not None:
            for index in slots:
                if self.paragraph[index]:
                    number = int(self.exprs[index][2:-1])  # "P[12]"
                    if number not in inline.code:
                        raise Unsupported("a paragraph slot that the catalogue does not make")
                    names[index] = f"p{number}"
            for index in sorted((i for i in slots if self.paragraph[i]), key=lambda i: int(self.exprs[i][2:-1])):
                atoms, build, head = inline.code[int(self.exprs[index][2:-1])]
                own = [other for other, made_of in memo.items() if made_of == (index,)]
                for other in own:
                    del memo[other]
                paragraphs.append((index, atoms, build, head, own))
        # an argument compared in several places is compared once
        counts = Counter(atom for _, atoms, _, _, _ in paragraphs for atom in atoms)
        counts.update(
            self.exprs[part] for parts in memo.values() for part in parts if self.atom[part] and part not in names
        )
        shared = {expr: f"e{n}" for n, expr in enumerate(expr for expr, count in counts.items() if count > 1)}
        lines.extend(f"{name} = {expr} is L{expr}" for expr, name in shared.items())

        def same(expr: str) -> str:
            return shared.get(expr) or f"{expr} is L{expr}"

        for index, atoms, build, head, own in paragraphs:
            made = [f"d{other}" for other in own]
            first = len(remembered)
            remembered.extend([names[index], *made])
            lines.append("if " + " and ".join(same(atom) for atom in atoms) + ":")
            lines.extend(f"    {name} = LR[{first + j}]" for j, name in enumerate([names[index], *made]))
            lines.append("else:")
            lines.extend("    " + line for step in build for line in step.split("\n"))
            for other, name in zip(own, made, strict=True):
                call, args = self.calls[other]  # type: ignore[misc]
                headed = None
                if isinstance(call, _Call) and args == [["", (_RAW, index), ""]]:  # a filter on the paragraph itself
                    headed = call.headed(names[index], head)
                lines.append(f"    {name} = {headed or value(other)}")
                names[other] = name
        for index, parts in memo.items():
            name = f"d{index}"
            condition = " and ".join(
                f"{names[part]} is LR[{remembered.index(names[part])}]" if part in names else same(self.exprs[part])
                for part in parts
            )
            lines.append(f"{name} = LR[{len(remembered)}] if {condition} else {value(index)}")
            remembered.append(name)
            names[index] = name

        flags = []
        for number in blank_runs:
            untidy = dict.fromkeys(
                value(piece[1]) if piece[0] == _RAW else f"_esc({value(piece[1])})"
                for piece in parsed[number]
                if isinstance(piece, tuple) and not (piece[0] == _RAW and self.tidy[piece[1]])
            )
            terms = []
            for expr in untidy:  # what may start or join a run of three newlines with the text around it
                first, then = once(expr)
                edges = f'"\\n\\n" in {then} or {then}[0] == "\\n" or {then}[-1] == "\\n"'
                terms.append(f'not {first} or "\\n" in {then} and ({edges})')
            flags.append(" or ".join(terms) or "False")
        arguments = ", ".join(params)
        source = (
            f"def fill({arguments}, last):\n"
            + f"    {''.join(f'L{name}, ' for name in params)}LR = last\n"
            + "".join(f"    {line}\n" for line in lines)
            + "    return (\n"
            + "".join(
                f"        ({self.concat(pieces, value)}).strip() + '\\n',\n"
                if number in strip_late
                else f"        {self.concat(pieces, value)},\n"
                for number, pieces in enumerate(parsed)
            )
            + "".join(f"        {flag},\n" for flag in flags)
            + f"        ({arguments}, ({''.join(f'{name}, ' for name in remembered)})),\n    )\n"
        )
        return Filler(_compile(source, "fill", helpers), len(remembered))


def _unlike(value: Any) -> Any:
    """A stand-in with the nesting of `value` whose leaves are identical to nothing."""
    if isinstance(value, tuple | list):
        return tuple(_unlike(item) for item in value)
    return object()


class Filler:
    """A compiled skeleton and what it remembers from the message before (one tuple, replaced in one step)."""

    def __init__(self, fill: Callable[..., tuple[Any, ...] | None], remembered: int) -> None:
        self.fill = fill
        self.remembered = remembered
        self.last: tuple[Any, ...] | None = None

    def __call__(self, *args: Any) -> tuple[Any, ...] | None:
        """The outputs (and flags), then what the next call remembers: callers take the items before the last.
        None when a paragraph made inside fails its check (`Recorder.function`'s `inline`)."""
        last = self.last
        if last is None:
            last = (*_unlike(args), (None,) * self.remembered)
        result = self.fill(*args, last)
        if result is not None:
            self.last = result[-1]
        return result


@contextlib.contextmanager
def recording() -> Iterator[Recorder]:
    """A recorder for the skeleton rendered inside the block (the deferred filters find it here)."""
    recorder = Recorder()
    token = _RECORDER.set(recorder)
    try:
        yield recorder
    finally:
        _RECORDER.reset(token)


def _recorder() -> Recorder:
    recorder = _RECORDER.get()
    if recorder is None:
        raise Unsupported("a skeleton filter outside a recording")
    return recorder


def _has_marker(text: str) -> bool:
    return _RAW in text or _ESC in text


_TEMPORARIES = itertools.count()


def once(expr: str) -> tuple[str, str]:
    """`expr` as (its first use, each later use) in one expression: a name as it is, else held in a temporary."""
    if expr.isidentifier():
        return expr, expr
    name = f"_t{next(_TEMPORARIES)}"
    return f"({name} := {expr})", name


class _Call:
    """A deferred filter as the expression around its argument's (`call(expr)`); `headed(name, head)` the same
    for a paragraph held in `name` that usually starts with the static text `head`, using what the head alone gives
    (computed here, once), or None."""

    def __call__(self, expr: str) -> str:
        raise NotImplementedError

    def headed(self, name: str, head: str) -> str | None:
        return None


class _LinkCall(_Call):
    def __call__(self, expr: str) -> str:
        # without "://" linkify only escapes (escaping neither makes nor breaks one): no call for most paragraphs
        first, then = once(expr)
        return f'(_esc({then}) if "://" not in {first} else _link({then}))'

    def headed(self, name: str, head: str) -> str | None:
        # No link holds a space: the text up to a space is linkified alone, and the rest after it
        cut = head.rfind(" ") + 1
        if cut < _HEAD_MIN:
            return None
        made, rest = link_text(head[:cut]), self(f"{name}[{cut}:]")
        return f"({made!r} + {rest} if {name}.startswith({head[:cut]!r}) else {self(name)})"


class _WrapCall(_Call):
    """`wrap` of a normalised paragraph (single spaces, stripped)."""

    def __init__(self, width: int) -> None:
        self.width = width

    def __call__(self, expr: str) -> str:  # a paragraph that fits on a line is its line: no call
        first, then = once(expr)
        return f"({then} if len({first}) <= {self.width!r} else _wrapn({then}, {self.width!r}))"

    def headed(self, name: str, head: str) -> str | None:
        # The greedy wrap's lines but the last of a text's start are lines of every text that starts with it (each
        # was cut at the last space in a window inside the start): those come made, the rest is wrapped.
        start = head.rstrip(" ")
        if len(start) <= self.width:
            return None
        lines = wrap_normalized(start, self.width).split("\n")
        if len(lines) < 2 or not start.isprintable() or "  " in start or start[:1] == " ":
            return None
        made = "\n".join(lines[:-1]) + "\n"
        rest = len(start) - len(lines[-1])
        return (
            f"({made!r} + _wrapn({name}[{rest}:], {self.width!r}) if {name}.startswith({start!r})"
            f" else _wrapn({name}, {self.width!r}))"
        )


_HEAD_MIN = 48  # a shorter static start saves less than the check costs


def linkify_op(text: str) -> Markup:
    """`linkify` in a skeleton: computed now for static text, deferred to the fill for text with values."""
    plain = str(text)
    if not _has_marker(plain):
        return templates.linkify(text)  # the filter itself, on the very object
    if hasattr(text, "__html__") and not isinstance(text, Slot):
        raise Unsupported("linkify of markup holding a value")  # linkify does not escape markup
    slot = _recorder().deferred(plain, _LinkCall(), markup=True)
    return Markup(str(slot))  # str(): the raw marker (Markup(slot) would ask for the escaped one)


def wrap_op(text: str, width: int = 72) -> str:
    """`wrap` in a skeleton: computed now for static text, deferred to the fill for text with values."""
    plain = str(text)
    if not _has_marker(plain):
        return templates.wrap(text, width)  # the filter itself, on the very object
    recorder = _recorder()
    if recorder.single_paragraph(plain) is not None:  # normalised: single spaces, stripped
        return recorder.deferred(plain, _WrapCall(width), tidy=True)
    # wrapped text is its words joined by single spaces and newlines: tidy unless it can be all whitespace
    words = any(isinstance(p, str) and not p.isspace() and p for p in recorder.pieces(plain))
    return recorder.deferred(plain, f"_wrap({{}}, {width!r})".format, tidy=words)


def _refusing_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps jinja's pass_context marks
    def checked(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, str) and _has_marker(arg):
                raise Unsupported(f"filter {name} on a value")
        return function(*args, **kwargs)

    return checked


@lru_cache(maxsize=1)
def skeleton_environment() -> Environment:
    """The templates as the skeletons render them: our value-dependent filters deferred or refused."""
    env = templates.environment().overlay(cache_size=50)  # own cache: templates bind their environment's filters
    env.filters = dict(env.filters)  # the overlay shares the dict with the real environment otherwise
    for name, function in list(env.filters.items()):
        if FILTERS.get(name) is not function or name in ("safe", "forceescape"):
            env.filters[name] = _refusing_filter(name, function)
    env.filters["linkify"] = linkify_op
    env.filters["wrap"] = wrap_op
    return env


# -- fill-time helpers (the generated functions' namespace) --------------------------------------------


def wrap_normalized(text: str, width: int = 72) -> str:
    """`wrap` for text with single spaces only and no space at either end (a normalised paragraph): the same lines,
    found with rfind instead of a loop over the words."""
    end = len(text)
    if end <= width:
        return text
    cut = text.rfind(" ", 0, width + 1)
    if cut > 0 and end - cut <= width + 1:  # two lines, the usual case: no list
        return text[:cut] + "\n" + text[cut + 1 :]
    lines = []
    start = 0
    while end - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut < 0:  # a word longer than a line (a URL) stays whole
            cut = text.find(" ", start + width + 1)
            if cut < 0:
                break
        lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return "\n".join(lines)


def _wrap_any(text: str, width: int) -> str:
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text if len(text) <= width else wrap_normalized(text, width)
    return templates.wrap_uncached(text, width)


def _escape_python(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")
    )


try:  # what markupsafe.escape calls inside (its C speed-up): one call instead of five replaces and a Markup
    from markupsafe._speedups import _escape_inner as _escape_c
except ImportError:  # a pure-Python markupsafe build
    _escape_c = _escape_python


def escape_text(text: str) -> str:
    """`str(markupsafe.escape(text))` for an exact str, without building a Markup (a fill escapes dozens)."""
    return _escape_c(text)  # type: ignore[no-any-return]


def link_text(text: str) -> str:
    """`str(linkify(text))` for a str, without the cache and the Markup wrappers (a fill makes a dozen)."""
    escaped = _escape_c(text)
    found = escaped.find("://")
    if found < 0:
        return escaped
    if escaped.startswith("https", found - 5) and found >= 5:
        start = found - 5
    elif escaped.startswith("http", found - 4) and found >= 4:
        start = found - 4
    else:
        start = -1
    rest = escaped[found + 3 :]
    if start >= 0 and rest.isprintable() and " " not in rest:
        # The usual link, at the end of its text: `templates._URL` takes the rest (no whitespace in it, and no
        # `<>"` after escaping) but for the characters that end a sentence, and wants two characters at least.
        end = len(rest.rstrip(".,;:)"))
        if end >= 2:
            end += found + 3
            url = escaped[start:end]
            return f'{escaped[:start]}<a href="{url}">{url}</a>{escaped[end:]}'
    # A link holds "://" after "http" or "https" and nothing before it looks back: the text before the first
    # possible start is left as it is, and the pattern searches from there only.
    start = found - 5 if found > 5 else 0
    return escaped[:start] + templates._URL.sub(templates._anchor, escaped[start:])


def single_stops(text: str) -> str:
    """`templates._DOUBLE_STOP.sub(".", text)` ("B.V.." made "B.V."): without a run of three dots, every ".." is a
    run of exactly two, which a plain replace makes one (a regex costs more than the rest of the paragraph)."""
    if "..." in text:
        return templates._DOUBLE_STOP.sub(".", text)
    return text.replace("..", ".")


# Every value a fill function receives is an exact str (flatten's types are part of the shape; the rows and lines
# are made by email_message from those values and the labels), so escape_text gives what escape() would print.
_NAMESPACE: dict[str, Any] = {
    "_esc": _escape_c,
    "_link": link_text,
    "_wrap": _wrap_any,
    "_wrapn": wrap_normalized,
    "_norm": normalize,
    "_dot": single_stops,
}


def _compile(source: str, name: str, helpers: dict[str, Callable[..., Any]] | None = None) -> Callable[..., Any]:
    namespace = dict(_NAMESPACE)
    namespace.update(helpers or {})
    exec(compile(source, f"<skeleton {name}>", "exec"), namespace)  # our own generated code, from our templates
    return namespace[name]  # type: ignore[no-any-return]


# -- the view as shape and values ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    name: str
    role: Literal["shape", "text", "texts", "object", "optional"]
    cls: type | None = None


@cache
def _spec(cls: type) -> tuple[_Field, ...]:
    """How each field of a view dataclass enters a skeleton; a field of a new kind must be classified here."""
    hints = get_type_hints(cls)
    out = []
    for f in fields(cls):
        hint = hints[f.name]
        origin, args = get_origin(hint), get_args(hint)
        optional = origin in (typing.Union, types.UnionType) and type(None) in args
        inner = [a for a in args if a is not type(None)] if optional else [hint]
        if hint in (bool, int) or origin is Literal:
            out.append(_Field(f.name, "shape"))
        elif hint is str:
            out.append(_Field(f.name, "shape" if cls is View and f.name in _COMPARED else "text"))
        elif optional and inner == [str]:
            out.append(_Field(f.name, "text"))
        elif origin is tuple and args == (str, ...):
            out.append(_Field(f.name, "texts"))
        elif len(inner) == 1 and isinstance(inner[0], type) and is_dataclass(inner[0]):
            out.append(_Field(f.name, "optional" if optional else "object", inner[0]))
        else:
            raise TypeError(f"{cls.__name__}.{f.name}: {hint} — classify it in core.channels.templates.compiled")
    return tuple(out)


def _rebuild(obj: Any, spec: tuple[_Field, ...], substitute: Callable[[Any], Any]) -> Any:
    """`obj` with every text replaced by `substitute(text)`, in `flatten` order."""
    kwargs = {}
    for f in spec:
        value = getattr(obj, f.name)
        if f.role == "text":
            value = substitute(value)
        elif f.role == "texts":
            value = tuple(substitute(item) for item in value)
        elif f.role == "object" or (f.role == "optional" and value is not None):
            assert f.cls is not None
            value = _rebuild(value, _spec(f.cls), substitute)
        kwargs[f.name] = value
    return type(obj)(**kwargs)


def _flatten_source(cls: type, indexed: frozenset[type] = frozenset()) -> str:
    """Source of `flatten(v) -> (shape, texts)` for the view class, generated from its fields; the classes in
    `indexed` come as tuples of their fields in order (`templates.view_values`) and are read by position."""
    lines: list[str] = []
    shape: list[str] = []
    counter = iter(range(1_000))

    def walk(var: str, cls: type) -> list[str]:
        texts: list[str] = []
        for position, f in enumerate(_spec(cls)):
            attr = f"{var}[{position}]" if cls in indexed else f"{var}.{f.name}"
            if f.role == "shape":
                shape.append(attr)
            elif f.role == "text":
                texts.append(attr)
            elif f.role == "texts":
                shape.append(f"len({attr})")
                texts.append(f"*{attr}")
            else:
                assert f.cls is not None
                sub = f"x{next(counter)}"
                lines.append(f"    {sub} = {attr}")
                inner = walk(sub, f.cls)
                if f.role == "object":
                    texts.extend(inner)
                else:
                    shape.append(f"{sub} is None")
                    texts.append(f"*(() if {sub} is None else ({', '.join(inner)},))")
        return texts

    texts = walk("v", cls)
    return (
        "def flatten(v):\n"
        + "\n".join(lines)
        + f"\n    return ({', '.join(shape)},), ({', '.join(texts)},)\n"
    )


_flatten: Callable[[View], tuple[tuple[Any, ...], tuple[Any, ...]]] = _compile(_flatten_source(View), "flatten")
# the same for `view_values`' tuples: by position, which is quicker than a namedtuple's attributes
_flatten_values: Callable[[Any], tuple[tuple[Any, ...], tuple[Any, ...]]] = _compile(
    _flatten_source(View, frozenset({View, templates.FourteenDayView, templates.PaymentView})), "flatten"
)


def flatten(v: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """`(shape, texts)` of a View or of `view_values`' tuple: the same for the same values."""
    return _flatten(v) if isinstance(v, View) else _flatten_values(v)


# -- the catalogue -------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Catalogue:
    """The skeleton of one shape's catalogue: the paragraphs of every block as functions of the values."""

    ranges: dict[str, slice]  # block name -> its paragraphs in the flat tuple
    constants: dict[int, str]  # paragraphs without a value in them
    fast: Callable[[tuple[Any, ...], tuple[Any, ...]], tuple[str, ...] | None]  # (V, last); None: not clean
    slow: Callable[[tuple[Any, ...]], tuple[str, ...]]  # normalises each paragraph with a value, as the reference
    # the values and paragraphs of the message before: a paragraph whose values are the same objects is reused
    last: tuple[tuple[Any, ...], tuple[Any, ...]]
    # per paragraph with a value: the values it holds (`V[i]`), the statements that make it as `p<k>` from `V` or
    # return None when it fails its check (what `fast` runs; a layout skeleton runs them inline), and the static
    # text it starts with
    code: dict[int, tuple[tuple[str, ...], list[str], str]] = field(default_factory=dict)
    layouts: dict[Any, Any] = field(default_factory=dict)  # the e-mail layouts of this shape, by their own key

    def blocks(self, paragraphs: tuple[str, ...]) -> dict[str, list[str]]:
        return {name: list(paragraphs[part]) for name, part in self.ranges.items()}


@dataclass(frozen=True, slots=True)
class Shaped:
    """A message ready to fill: its shape's catalogue, its texts (`V`) and its paragraphs (`P`)."""

    catalogue: Catalogue
    values: tuple[Any, ...]
    paragraphs: tuple[str, ...]


_CATALOGUES: dict[Any, Catalogue | None] = {}
_MISSING = object()


def remember(cache: dict[Any, Any], key: Any, limit: int, build: Callable[[], Any], what: str) -> Any:
    """`build()` stored under `key`, or None when it failed: that shape renders with Jinja, logged once.
    The oldest entry goes when the cache is full, so memory stays flat however many shapes pass."""
    try:
        value = build()
    except Unsupported as refused:
        log.warning("%s: no skeleton for this shape, rendering with Jinja (%s)", what, refused)
        value = None
    except Exception:  # a fault in the skeleton machinery must not cost a message: Jinja renders it
        log.exception("%s: building the skeleton failed, rendering this shape with Jinja", what)
        value = None
    if len(cache) >= limit:
        with contextlib.suppress(StopIteration, KeyError, RuntimeError):
            del cache[next(iter(cache))]
    cache[key] = value
    return value


def catalogue_of(v: View) -> tuple[Catalogue, tuple[Any, ...]] | None:
    """The catalogue skeleton of the view's shape and the view's texts (`V`), or None: render with Jinja.

    `v` is a View or the same values as a tuple (`templates.view_values`)."""
    shape, values = _flatten(v) if type(v) is View else _flatten_values(v)
    key: tuple[Any, ...] = (shape, tuple(map(type, values)))
    if "" in values:
        key += (tuple(i for i, value in enumerate(values) if value == ""),)
    catalogue = _CATALOGUES.get(key, _MISSING)
    if catalogue is _MISSING:
        catalogue = remember(
            _CATALOGUES, key, _CATALOGUES_MAX, lambda: _checked_catalogue(templates.as_view(v)), f"catalogue {v.lang}"
        )
    if catalogue is None:
        return None
    return catalogue, values


def shaped(v: View) -> Shaped | None:
    """The view's catalogue filled from its shape's skeleton, or None: render this message with Jinja.

    `v` is a View or the same values as a tuple (`templates.view_values`)."""
    found = catalogue_of(v)
    if found is None:
        return None
    catalogue, values = found
    paragraphs = paragraphs_of(catalogue, values)
    if paragraphs is None:
        return None
    return Shaped(catalogue, values, paragraphs)


def paragraphs_of(catalogue: Catalogue, values: tuple[Any, ...]) -> tuple[str, ...] | None:
    """The catalogue's paragraphs for these values (`P`), or None: render this message with Jinja."""
    paragraphs = catalogue.fast(values, catalogue.last)
    if paragraphs is not None:
        catalogue.last = (values, paragraphs)
        return paragraphs
    # a value with whitespace of its own at an edge, doubled, or other than a space: normalise as the reference
    present = [value for value in values if value]
    if any("\n" in value or value.isspace() for value in present):
        return None  # it could move a paragraph boundary: Jinja
    return catalogue.slow(values)


def fast_blocks(v: View) -> dict[str, list[str]] | None:
    """`texts(v).blocks` from the skeleton, or None when this message renders with Jinja."""
    s = shaped(v)
    return None if s is None else s.catalogue.blocks(s.paragraphs)


def synthetic(v: View) -> View:
    """`v` with plain made-up texts (`w0`, `w1`, …) in place of its non-empty ones: the same shape, clean values."""
    counter = iter(range(10_000))

    def substitute(text: Any) -> Any:
        number = next(counter)
        return text if text is None or text == "" else f"w{number}"

    return _rebuild(v, _spec(type(v)), substitute)  # type: ignore[no-any-return]


def _checked_catalogue(v: View) -> Catalogue:
    """The shape's catalogue, rendered both ways once for this message (or a made-up one of the same shape)."""
    catalogue = _build_catalogue(v)
    paragraphs = paragraphs_of(catalogue, _flatten(v)[1])
    if paragraphs is None:
        v = synthetic(v)
        paragraphs = paragraphs_of(catalogue, _flatten(v)[1])
    if paragraphs is None or catalogue.blocks(paragraphs) != templates.texts_reference(v).blocks:
        raise Unsupported("the skeleton's paragraphs differ from Jinja's")
    return catalogue


def _build_catalogue(v: View) -> Catalogue:
    with recording() as recorder:
        sentinel = recorder.view(v)
        values_end = len(recorder.exprs)
        tmpl = skeleton_environment().get_template(f"{v.lang}/messages.j2")
        context = tmpl.new_context({"c": sentinel})
        rendered = [(name, "".join(render(context))) for name, render in tmpl.blocks.items()]

    ranges: dict[str, slice] = {}
    constants: dict[int, str] = {}
    code: dict[int, tuple[tuple[str, ...], list[str], str]] = {}
    fast_lines: list[str] = []
    slow_lines: list[str] = []
    items: list[str] = []
    for name, text in rendered:
        start = len(items)
        for chunk in split_paragraphs(text):
            pieces = recorder.pieces(chunk)
            if len(pieces) == 1:
                paragraph = normalize(chunk)
                if paragraph:
                    constants[len(items)] = paragraph
                    items.append(repr(paragraph))
                continue
            if any(isinstance(p, tuple) and p[1] >= values_end for p in pieces):
                raise Unsupported("a deferred filter inside the catalogue")
            var = f"p{len(items)}"
            collapsed = [templates._SPACES.sub(" ", p) if isinstance(p, str) else p for p in pieces]
            collapsed[0] = collapsed[0].lstrip()  # type: ignore[union-attr]  (pieces start and end static)
            collapsed[-1] = collapsed[-1].rstrip()  # type: ignore[union-attr]
            used = tuple(sorted({recorder.exprs[p[1]] for p in pieces if isinstance(p, tuple)}))
            # Exact when every whitespace of the filled paragraph is a single space inside it (see the module
            # docstring): then no whitespace run crosses a value's edge and no value holds one of its own.
            checks = [f"{var}.isprintable()", f'"  " not in {var}']
            if collapsed[0] == "":
                checks.append(f'{var}[0] != " "')
            if collapsed[-1] == "":
                checks.append(f'{var}[-1] != " "')
            build = [
                f"{var} = {recorder.concat(collapsed)}",
                f"if not ({' and '.join(checks)}):\n    return None",
                f'if ".." in {var}:\n    {var} = _dot({var})',
            ]
            code[len(items)] = (used, build, collapsed[0])  # type: ignore[assignment]
            same = " and ".join(f"{expr} is L{expr}" for expr in used)
            fast_lines.append(f"    if {same}:\n        {var} = LP[{len(items)}]\n    else:")
            fast_lines.extend("        " + line for step in build for line in step.split("\n"))
            slow_lines.append(f"    {var} = _norm({recorder.concat(pieces)})")
            items.append(var)
        ranges[name] = slice(start, len(items))
    result = "    return (" + "".join(f"{item}, " for item in items) + ")\n"
    fast_source = "def fast(V, last):\n    LV, LP = last\n" + "".join(f"{line}\n" for line in fast_lines) + result
    fast = _compile(fast_source, "fast")
    slow = _compile("def slow(V):\n" + "".join(f"{line}\n" for line in slow_lines) + result, "slow")
    values = len(_flatten(v)[1])
    return Catalogue(ranges, constants, fast, slow, ((None,) * values, (None,) * len(items)), code)


def paragraph_slots(recorder: Recorder, catalogue: Catalogue) -> dict[str, list[str]]:
    """The catalogue blocks for a layout skeleton: static paragraphs as they are, the others as `P[k]` slots."""
    items: list[str] = [
        catalogue.constants[k] if k in catalogue.constants else recorder.slot(f"P[{k}]", paragraph=True)
        for k in range(max((part.stop for part in catalogue.ranges.values()), default=0))
    ]
    return {name: items[part] for name, part in catalogue.ranges.items()}


def clear() -> None:
    """Forget every skeleton (tests; a template edited in a running process)."""
    _CATALOGUES.clear()


def refused() -> int:
    """How many shapes in the caches render with Jinja (a catalogue or a layout that could not be built)."""
    layouts = [layout for catalogue in _CATALOGUES.values() if catalogue for layout in catalogue.layouts.values()]
    return sum(catalogue is None for catalogue in _CATALOGUES.values()) + sum(layout is None for layout in layouts)


__all__ = [
    "Catalogue",
    "Recorder",
    "Shaped",
    "Slot",
    "Unsupported",
    "catalogue_of",
    "clear",
    "fast_blocks",
    "linkify_op",
    "once",
    "paragraph_slots",
    "paragraphs_of",
    "recording",
    "refused",
    "remember",
    "shaped",
    "skeleton_environment",
    "synthetic",
    "wrap_normalized",
    "wrap_op",
]
