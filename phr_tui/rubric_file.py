"""Reading and checking rubrics: a YAML file, or the copy a session file keeps.

Both are turned into the same plain nodes and checked by the same rules, so a
rubric that does not fit is refused with a `RubricError` listing every
problem; problems in a file name their line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from phr_tui.errors import Problem, RubricError
from phr_tui.rubric import (
    Category,
    HealthLevel,
    Indicator,
    Purpose,
    Rating,
    Rubric,
    default_rubric_path,
)

if TYPE_CHECKING:
    import yaml

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN_TAGS = {
    _STR,
    _INT,
    _FLOAT,
    _BOOL,
    _NULL,
    _MAP,
    _SEQ,
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
    # PyYAML is imported only here, to read a file: opening a session checks
    # its rubric copy as plain data, and start-up stays clear of this import.
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        yaml_node = yaml.compose(text, Loader=loader)
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
    if yaml_node is None:
        raise RubricError(
            [Problem(path, "the file holds no rubric, only comments", 1, 1)]
        )
    reader = _Reader(path)
    node = _from_yaml(yaml_node, {})
    reader.plain_tags(node)
    if reader.problems:
        raise RubricError(reader.problems)
    # The C loader builds the plain data far faster than the nodes could be
    # turned back into it; plain_tags has already refused anything but plain YAML.
    return reader.build(node, lambda: yaml.load(text, Loader=loader))  # noqa: S506


def rubric_from_data(data: dict[str, Any], origin: Path) -> Rubric:
    """Rebuild a rubric from its data, such as the copy kept in a session file."""
    return _Reader(origin).build(_from_data(data), lambda: data)


def _place(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


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


@dataclass(eq=False, slots=True)
class Node:
    """A part of a rubric as YAML describes it: its tag, value and place."""

    tag: str
    value: Any
    line: int | None = None
    column: int | None = None
    """1-based; None for a part that came from data, not from a file."""


class ScalarNode(Node):
    """A single value; `value` is its text."""


class SequenceNode(Node):
    """A list; `value` is a list of nodes."""


class MappingNode(Node):
    """A set of 'name: value' lines; `value` is a list of (key, value) nodes."""


def _from_yaml(yaml_node: yaml.Node, made: dict[int, Node]) -> Node:
    """Our node for PyYAML's, keeping its place; `made` keeps aliases shared."""
    done = made.get(id(yaml_node))
    if done is not None:
        return done
    mark = yaml_node.start_mark
    place = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    kind = type(yaml_node).__name__
    if kind == "ScalarNode":
        node: Node = ScalarNode(yaml_node.tag, yaml_node.value, *place)
        made[id(yaml_node)] = node
        return node
    # Made before its children so that an alias of itself finds it.
    node = (SequenceNode if kind == "SequenceNode" else MappingNode)(
        yaml_node.tag, [], *place
    )
    made[id(yaml_node)] = node
    if kind == "SequenceNode":
        node.value = [_from_yaml(item, made) for item in yaml_node.value]
    else:
        node.value = [
            (_from_yaml(key, made), _from_yaml(value, made))
            for key, value in yaml_node.value
        ]
    return node


def _from_data(value: Any) -> Node:
    """The node YAML would give for a plain value, as read from JSON."""
    if isinstance(value, dict):
        return MappingNode(
            _MAP, [(_from_data(key), _from_data(item)) for key, item in value.items()]
        )
    if isinstance(value, list):
        return SequenceNode(_SEQ, [_from_data(item) for item in value])
    if isinstance(value, str):
        return ScalarNode(_STR, value)
    if isinstance(value, bool):
        return ScalarNode(_BOOL, str(value).lower())
    if isinstance(value, int):
        return ScalarNode(_INT, str(value))
    if isinstance(value, float):
        return ScalarNode(_FLOAT, repr(value))
    if value is None:
        return ScalarNode(_NULL, "")
    return ScalarNode(f"python:{type(value).__name__}", str(value))


def _first_on(node: Node) -> str:
    return "" if node.line is None else f" (first on line {node.line})"


class _Reader:
    """Walks a rubric's nodes, so every problem can name its line and column."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def build(self, node: Node, data: Callable[[], dict[str, Any]]) -> Rubric:
        """The rubric the nodes describe; RubricError listing what does not fit.

        `data` gives the rubric as plain data, asked for only once it is sound.
        """
        rubric = self.rubric(node, data)
        if self.problems or rubric is None:
            raise RubricError(sorted(self.problems, key=_place))
        return rubric

    def problem(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.path, message, node.line, node.column))

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
            if node.tag == _NULL:
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
        if isinstance(node, ScalarNode) and node.tag == _FLOAT:
            return str(node.value)
        self.problem(node, "'version' of the rubric should be a number or text")
        return ""

    def rubric(self, node: Node, data: Callable[[], dict[str, Any]]) -> Rubric | None:
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
            data=data(),
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
