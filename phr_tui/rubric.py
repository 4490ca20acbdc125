"""Rubrics: the indicators, rating scale and health levels a session is rated on.

A rubric is a YAML file. Loading one checks every part of it and gives typed,
immutable objects; a file that does not fit is refused with a `RubricError`
that lists every problem with its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from phr_tui.errors import Problem, RubricError, UnknownIdError

DEFAULT_RUBRIC_NAME = "partnership-health.yaml"

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN_TAGS = {
    _STR,
    _INT,
    _MAP,
    _SEQ,
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
"""The tags YAML gives plain values; anything else was written with a `!tag`."""
_TAG_WORDS = {
    "tag:yaml.org,2002:bool": "a yes/no value (YAML reads yes, no, on, off, true "
    "and false that way)",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "an empty value",
}


@dataclass(frozen=True)
class Rating:
    """One point of the rating scale, such as ★ Working well overall."""

    id: str
    symbol: str
    key: str
    label: str

    @property
    def badge(self) -> str:
        """The symbol with its words, so a rating never relies on colour."""
        return f"{self.symbol} {self.label}"


@dataclass(frozen=True)
class Indicator:
    """One thing each participant rates, within a category."""

    id: str
    name: str
    description: str
    measures: tuple[str, ...]
    category_id: str
    category_name: str

    @property
    def title(self) -> str:
        """The category and indicator names, as the paper form writes them."""
        if self.name == self.category_name:
            return self.name
        return f"{self.category_name} - {self.name}"


@dataclass(frozen=True)
class Category:
    """A group of indicators, such as Customer or Process."""

    id: str
    name: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class HealthLevel:
    """One of the levels of the partnership's overall health."""

    id: str
    name: str
    key: str
    description: str


@dataclass(frozen=True)
class Purpose:
    """What the reflection is for, as the form explains it."""

    text: str
    uses: tuple[str, ...]
    closing: str


@dataclass(frozen=True)
class Rubric:
    """A whole rubric, with look-ups by id."""

    id: str
    version: str
    title: str
    introduction: str
    instructions: tuple[str, ...]
    purpose: Purpose
    scale: tuple[Rating, ...]
    categories: tuple[Category, ...]
    health_prompt: str
    health_levels: tuple[HealthLevel, ...]
    closing_question: str
    data: dict[str, Any] = field(repr=False, compare=False, hash=False)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator in rubric order."""
        return tuple(i for category in self.categories for i in category.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id."""
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise UnknownIdError(f"There is no indicator '{indicator_id}' in this rubric.")

    def rating(self, rating_id: str) -> Rating:
        """The rating with this id."""
        for rating in self.scale:
            if rating.id == rating_id:
                return rating
        raise UnknownIdError(
            f"There is no rating '{rating_id}' on this rubric's scale."
        )

    def health_level(self, level_id: str) -> HealthLevel:
        """The health level with this id."""
        for level in self.health_levels:
            if level.id == level_id:
                return level
        raise UnknownIdError(f"There is no health level '{level_id}' in this rubric.")

    def rating_rank(self, rating_id: str) -> int:
        """The rating's place on the scale, 0 for the strongest."""
        return [rating.id for rating in self.scale].index(rating_id)


def default_rubric_path() -> Path:
    """The rubric that ships with phr-tui."""
    # An install carries the rubric/ folder as the phr_tui.rubrics package; a
    # checkout run in place (python -m phr_tui, pytest) has only the folder.
    try:
        installed = resources.files("phr_tui.rubrics") / DEFAULT_RUBRIC_NAME
        if installed.is_file():
            return Path(str(installed))
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "rubric" / DEFAULT_RUBRIC_NAME


def load_rubric(path: Path | str | None = None) -> Rubric:
    """Read and check a rubric file; the default rubric when no path is given."""
    path = Path(path) if path is not None else default_rubric_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RubricError([Problem(path, "there is no such file")]) from None
    except IsADirectoryError:
        raise RubricError([Problem(path, "this is a folder, not a file")]) from None
    except OSError as error:
        raise RubricError([Problem(path, f"it cannot be read ({error})")]) from None
    return parse_rubric(raw, path)


def check_rubric(path: Path | str) -> list[Problem]:
    """Every problem in a rubric file, or an empty list when it is sound."""
    try:
        load_rubric(path)
    except RubricError as error:
        return error.problems
    return []


def parse_rubric(raw: bytes | str, path: Path) -> Rubric:
    """Check a rubric's text and build it; `path` names it in messages."""
    text = _decode(raw, path)
    problems = [
        Problem(
            path,
            "a tab character: YAML needs spaces here (indent with spaces, and "
            "write tabs in text as \\t inside double quotes)",
            n,
            line.index("\t") + 1,
        )
        for n, line in enumerate(text.splitlines(), start=1)
        if "\t" in line
    ]
    if problems:
        raise RubricError(problems)
    if not text.strip():
        raise RubricError([Problem(path, "the file is empty", 1, 1)])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise RubricError([_yaml_problem(path, error)]) from None
    except yaml.YAMLError as error:
        raise RubricError(
            [Problem(path, f"this is not valid YAML ({error})", 1, 1)]
        ) from None
    except RecursionError:
        raise RubricError(
            [Problem(path, "this is not a rubric: it is nested too deep", 1, 1)]
        ) from None
    if node is None:
        raise RubricError(
            [Problem(path, "the file holds no rubric, only comments", 1, 1)]
        )
    reader = _Reader(path, text)
    reader.plain_tags(node)
    if reader.problems:
        raise RubricError(reader.problems)
    rubric = reader.rubric(node)
    if reader.problems or rubric is None:
        raise RubricError(sorted(reader.problems, key=_place))
    return rubric


def _place(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def rubric_from_data(data: dict[str, Any], origin: Path) -> Rubric:
    """Rebuild a rubric from its data, such as the copy kept in a session file."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    return parse_rubric(text, origin)


# The C loader when PyYAML has one: the same safe loading, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _decode(raw: bytes | str, path: Path) -> str:
    if isinstance(raw, str):
        return raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise RubricError(
            [
                Problem(
                    path, "this file is not UTF-8 text; save it as UTF-8", line, column
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _yaml_problem(path: Path, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    what = error.problem or error.context or "this is not valid YAML"
    if mark is None:
        return Problem(path, f"this is not valid YAML: {what}", 1, 1)
    return Problem(
        path, f"this is not valid YAML: {what}", mark.line + 1, mark.column + 1
    )


def _first_on(node: Node) -> str:
    mark = node.start_mark
    return "" if mark is None else f" (first on line {mark.line + 1})"


class _Reader:
    """Walks the YAML nodes, so every problem can name its line and column."""

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, node: Node, message: str) -> None:
        mark = node.start_mark
        if mark is None:
            # Nodes made from data (a session's copy) have no place in a file.
            self.problems.append(Problem(self.path, message))
            return
        self.problems.append(
            Problem(self.path, message, mark.line + 1, mark.column + 1)
        )

    def plain_tags(self, node: Node, seen: set[int] | None = None) -> None:
        """Refuse `!tags`: a rubric holds only plain text, numbers and lists."""
        seen = set() if seen is None else seen
        if id(node) in seen:
            return
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(
                node,
                f"the YAML tag '{tag}' is not used in rubrics: remove it "
                "(and put the value in quotes if it is text)",
            )
            return
        if isinstance(node, SequenceNode):
            for item in node.value:
                self.plain_tags(item, seen)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                self.plain_tags(key, seen)
                self.plain_tags(value, seen)

    def mapping(
        self,
        node: Node,
        what: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} should be a set of 'name: value' lines")
            return None
        found: dict[str, Node] = {}
        first: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None:
                self.problem(key_node, f"{what} has a key that is not a plain name")
                continue
            if key in first:
                self.problem(
                    key_node,
                    f"'{key}' appears twice in {what}{_first_on(first[key])}; keep one",
                )
                continue
            first[key] = key_node
            if key not in required and key not in optional:
                known = ", ".join(required + optional)
                self.problem(
                    key_node, f"'{key}' is not a field of {what} (known: {known})"
                )
                continue
            found[key] = value_node
        for key in required:
            if key not in found:
                self.problem(node, f"{what} is missing '{key}'")
        return found

    def text(self, fields: dict[str, Node], key: str, what: str) -> str:
        node = fields.get(key)
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.problem(node, f"'{key}' of {what} should be text")
            return ""
        if node.tag != _STR:
            kind = _TAG_WORDS.get(node.tag, "something other than text")
            if node.tag == "tag:yaml.org,2002:null":
                self.problem(node, f"'{key}' of {what} is empty")
                return ""
            self.problem(
                node,
                f"'{key}' of {what} is read by YAML as {kind}, not text: "
                f'put it in quotes, like "{node.value}"',
            )
            return ""
        value = str(node.value).strip()
        if not value:
            self.problem(node, f"'{key}' of {what} is empty")
        return value

    def texts(self, fields: dict[str, Node], key: str, what: str) -> tuple[str, ...]:
        node = fields.get(key)
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            self.problem(node, f"'{key}' of {what} should be a list of '- text' lines")
            return ()
        values = []
        for n, item in enumerate(node.value, start=1):
            value = self.text({key: item}, key, f"{what} (item {n})")
            if value:
                values.append(value)
        return tuple(values)

    def items(self, fields: dict[str, Node], key: str, what: str) -> list[Node]:
        node = fields.get(key)
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, f"'{key}' of {what} should be a list of '- ' entries")
            return []
        if not node.value:
            self.problem(node, f"'{key}' of {what} has no entries")
        return list(node.value)

    def unique_ids(self, nodes: list[tuple[Node, str]], what: str) -> None:
        seen: dict[str, Node] = {}
        for node, value in nodes:
            if value and value in seen:
                self.problem(
                    node,
                    f"the {what} '{value}' is used more than once"
                    f"{_first_on(seen[value])}",
                )
            seen.setdefault(value, node)

    def ident(self, fields: dict[str, Node], what: str) -> str:
        value = self.text(fields, "id", what)
        if value and (value != value.strip() or any(c.isspace() for c in value)):
            self.problem(fields["id"], f"the id of {what} should have no spaces")
        return value

    def version(self, fields: dict[str, Node]) -> str:
        node = fields.get("version")
        if node is None:
            return ""
        if isinstance(node, ScalarNode) and node.tag in (_STR, _INT):
            return str(node.value)
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:float":
            return str(node.value)
        self.problem(node, "'version' of the rubric should be a number or text")
        return ""

    def rubric(self, node: Node) -> Rubric | None:
        fields = self.mapping(
            node,
            "the rubric",
            (
                "id",
                "version",
                "title",
                "scale",
                "categories",
                "health",
                "closing_question",
            ),
            ("introduction", "instructions", "purpose"),
        )
        if fields is None:
            return None
        rubric_id = self.ident(fields, "the rubric")
        version = self.version(fields)
        title = self.text(fields, "title", "the rubric")
        introduction = (
            self.text(fields, "introduction", "the rubric")
            if ("introduction" in fields)
            else ""
        )
        instructions = self.texts(fields, "instructions", "the rubric")
        purpose = self.purpose(fields.get("purpose"))
        scale = self.scale(fields)
        categories = self.categories(fields)
        prompt, levels = self.health(fields.get("health"))
        closing_question = self.text(fields, "closing_question", "the rubric")
        if self.problems:
            return None
        # The C loader builds the plain data far faster than serialising the
        # nodes again; plain_tags has already refused anything but plain YAML.
        data = yaml.load(self.source, Loader=_Loader)  # noqa: S506
        return Rubric(
            id=rubric_id,
            version=version,
            title=title,
            introduction=introduction,
            instructions=instructions,
            purpose=purpose,
            scale=scale,
            categories=categories,
            health_prompt=prompt,
            health_levels=levels,
            closing_question=closing_question,
            data=data,
        )

    def purpose(self, node: Node | None) -> Purpose:
        if node is None:
            return Purpose("", (), "")
        fields = self.mapping(node, "the purpose", ("text",), ("uses", "closing"))
        if fields is None:
            return Purpose("", (), "")
        closing = (
            self.text(fields, "closing", "the purpose") if "closing" in fields else ""
        )
        return Purpose(
            self.text(fields, "text", "the purpose"),
            self.texts(fields, "uses", "the purpose"),
            closing,
        )

    def scale(self, fields: dict[str, Node]) -> tuple[Rating, ...]:
        entries = self.items(fields, "scale", "the rubric")
        ratings = []
        ids: list[tuple[Node, str]] = []
        symbols: list[tuple[Node, str]] = []
        keys: list[tuple[Node, str]] = []
        for n, entry in enumerate(entries, start=1):
            what = f"rating {n} of the scale"
            item = self.mapping(entry, what, ("id", "symbol", "key", "label"))
            if item is None:
                continue
            rating = Rating(
                self.ident(item, what),
                self.text(item, "symbol", what),
                self.text(item, "key", what),
                self.text(item, "label", what),
            )
            self.single_key(item, rating.key, what)
            if len(rating.symbol) > 3:
                self.problem(
                    item["symbol"],
                    f"the symbol of {what} should be one or two characters, "
                    'like "★", so it fits beside every rating',
                )
            ratings.append(rating)
            ids.append((item.get("id", entry), rating.id))
            symbols.append((item.get("symbol", entry), rating.symbol))
            keys.append((item.get("key", entry), rating.key))
        if entries and not 2 <= len(entries) <= 9:
            self.problem(fields["scale"], "the scale should have from 2 to 9 ratings")
        self.unique_ids(ids, "rating id")
        self.unique_ids(symbols, "rating symbol")
        self.unique_ids(keys, "rating key")
        return tuple(ratings)

    def single_key(self, item: dict[str, Node], key: str, what: str) -> None:
        if key and (len(key) != 1 or not key.isdigit()):
            self.problem(
                item["key"], f'the key of {what} should be one digit, like "1"'
            )

    def categories(self, fields: dict[str, Node]) -> tuple[Category, ...]:
        categories = []
        category_ids: list[tuple[Node, str]] = []
        indicator_ids: list[tuple[Node, str]] = []
        for n, entry in enumerate(
            self.items(fields, "categories", "the rubric"), start=1
        ):
            what = f"category {n}"
            item = self.mapping(entry, what, ("id", "name", "indicators"))
            if item is None:
                continue
            category_id = self.ident(item, what)
            name = self.text(item, "name", what)
            category_ids.append((item.get("id", entry), category_id))
            indicators = []
            for m, sub in enumerate(self.items(item, "indicators", what), start=1):
                sub_what = f"indicator {m} of category '{name or n}'"
                sub_item = self.mapping(
                    sub, sub_what, ("id", "name", "description"), ("measures",)
                )
                if sub_item is None:
                    continue
                indicator = Indicator(
                    self.ident(sub_item, sub_what),
                    self.text(sub_item, "name", sub_what),
                    self.text(sub_item, "description", sub_what),
                    self.texts(sub_item, "measures", sub_what),
                    category_id,
                    name,
                )
                indicator_ids.append((sub_item.get("id", sub), indicator.id))
                indicators.append(indicator)
            categories.append(Category(category_id, name, tuple(indicators)))
        self.unique_ids(category_ids, "category id")
        self.unique_ids(indicator_ids, "indicator id")
        return tuple(categories)

    def health(self, node: Node | None) -> tuple[str, tuple[HealthLevel, ...]]:
        if node is None:
            return "", ()
        fields = self.mapping(node, "the health section", ("prompt", "levels"))
        if fields is None:
            return "", ()
        prompt = self.text(fields, "prompt", "the health section")
        levels = []
        ids: list[tuple[Node, str]] = []
        keys: list[tuple[Node, str]] = []
        entries = self.items(fields, "levels", "the health section")
        for n, entry in enumerate(entries, start=1):
            what = f"health level {n}"
            item = self.mapping(entry, what, ("id", "name", "key", "description"))
            if item is None:
                continue
            level = HealthLevel(
                self.ident(item, what),
                self.text(item, "name", what),
                self.text(item, "key", what),
                self.text(item, "description", what),
            )
            self.single_key(item, level.key, what)
            ids.append((item.get("id", entry), level.id))
            keys.append((item.get("key", entry), level.key))
            levels.append(level)
        if entries and not 2 <= len(entries) <= 9:
            self.problem(fields["levels"], "there should be from 2 to 9 health levels")
        self.unique_ids(ids, "health level id")
        self.unique_ids(keys, "health level key")
        return prompt, tuple(levels)
