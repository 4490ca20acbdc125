"""Rubrics: the default one is the paper form; a broken one is refused in words."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from phr_tui.errors import RubricError
from phr_tui.rubric import default_rubric_path
from phr_tui.rubric_file import (
    check_rubric,
    load_rubric,
    parse_rubric,
    rubric_from_data,
)

DATA = Path(__file__).parent / "data" / "rubrics"
SEED = Path(__file__).parent / "data" / "partnership-health-reflection.txt"
"""The paper form the default rubric reproduces, as the project was given it."""


def problems_of(name: str) -> list[str]:
    return [str(problem) for problem in check_rubric(DATA / name)]


# Broken rubrics: each names the file, a 1-based line and column, and the problem.

BROKEN = {
    "duplicate-key.yaml": [(5, 1, "'title' appears twice in the rubric")],
    "duplicate-id.yaml": [(21, 13, "indicator id 'pace' is used more than once")],
    "missing-text.yaml": [(18, 9, "is missing 'description'")],
    "empty-text.yaml": [(13, 12, "'label' of rating 2 of the scale is empty")],
    "one-rating.yaml": [(6, 3, "the scale should have from 2 to 9 ratings")],
    "duplicate-symbol.yaml": [(11, 13, "the rating symbol '+' is used more than once")],
    "scale-not-a-list.yaml": [
        (5, 8, "'scale' of the rubric should be a list"),
        (6, 1, "'unused' is not a field of the rubric"),
    ],
    "yes-no.yaml": [(9, 12, "read by YAML as a yes/no value")],
    "number.yaml": [(12, 10, "read by YAML as a number, not text")],
    "date.yaml": [(19, 15, "read by YAML as a date, not text")],
    "tabs.yaml": [(13, 11, "a tab character")],
    "not-utf8.yaml": [(13, 23, "not UTF-8")],
    "not-yaml.yaml": [(5, 6, "this is not valid YAML")],
    "empty.yaml": [(1, 1, "the file is empty")],
    "comments-only.yaml": [(1, 1, "only comments")],
    "a-list.yaml": [(1, 1, "should be a set of 'name: value' lines")],
    "unknown-field.yaml": [
        (18, 9, "is missing 'description'"),
        (20, 9, "'descripton' is not a field of indicator 1"),
    ],
    "custom-tag.yaml": [(4, 8, "the YAML tag '!!python/object/apply:os.system'")],
    "many-problems.yaml": [
        (2, 1, "the rubric is missing 'closing_question'"),
        (2, 5, "the id of the rubric should have no spaces"),
        (3, 10, "'version' of the rubric should be a number or text"),
        (9, 12, "read by YAML as a yes/no value"),
        (21, 13, "indicator id 'pace' is used more than once (first on line 18)"),
        (23, 22, "'description' of indicator 2 of category 'Work' is empty"),
    ],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_rubric_names_file_line_column_and_problem(name):
    path = DATA / name
    found = problems_of(name)

    assert len(found) == len(BROKEN[name]), "\n".join(found)
    for message, (line, column, words) in zip(found, BROKEN[name], strict=True):
        assert message.startswith(f"{path}:{line}:{column}: "), message
        assert words in message
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert [str(p) for p in caught.value.problems] == found


def test_every_broken_fixture_is_checked():
    fixtures = {path.name for path in DATA.glob("*.yaml")}
    assert fixtures - set(BROKEN) == {"tiny.yaml", "four-point.yaml"}


def test_bare_words_are_explained_with_quotes_suggested():
    [message] = problems_of("yes-no.yaml")
    assert "yes, no, on, off" in message
    assert 'put it in quotes, like "yes"' in message
    [message] = problems_of("date.yaml")
    assert 'put it in quotes, like "2024-05-01"' in message


def test_unsafe_yaml_is_never_run(tmp_path):
    marker = tmp_path / "ran"
    text = (
        (DATA / "tiny.yaml")
        .read_text()
        .replace(
            "title: Tiny rubric",
            f'title: !!python/object/apply:os.system ["touch {marker}"]',
        )
    )

    with pytest.raises(RubricError, match="YAML tag"):
        parse_rubric(text, tmp_path / "unsafe.yaml")

    assert not marker.exists()


def test_a_missing_file_or_a_folder_is_a_problem_not_a_crash(tmp_path):
    [missing] = check_rubric(tmp_path / "nowhere.yaml")
    assert "there is no such file" in str(missing)
    [folder] = check_rubric(tmp_path)
    assert "this is a folder" in str(folder)


def test_a_deeply_nested_file_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 100_000)
    [problem] = check_rubric(path)
    assert str(problem).startswith(f"{path}:")


# Sound rubrics.


def test_a_rubric_of_ones_own_with_a_four_point_scale_loads():
    rubric = load_rubric(DATA / "four-point.yaml")

    assert check_rubric(DATA / "four-point.yaml") == []
    assert rubric.id == "school-partnership"
    assert rubric.version == "2024.2"
    assert [r.badge for r in rubric.scale] == [
        "◆ Thriving",
        "● Steady",
        "◐ Wobbly",
        "○ Stuck",
    ]
    assert [r.key for r in rubric.scale] == ["1", "2", "3", "4"]
    assert [i.id for i in rubric.indicators] == [
        "families-reach",
        "families-voice",
        "staff-time",
    ]
    assert rubric.indicator("families-reach").measures == (
        "% of families reached",
        "attendance at family evenings",
    )
    assert rubric.indicator("families-voice").measures == ()
    assert rubric.indicator("staff-time").title == "Staff - Time"
    assert [level.name for level in rubric.health_levels] == [
        "Growing",
        "Holding",
        "Fading",
    ]
    assert rubric.rating_rank("stuck") == 3


def test_a_rubric_is_immutable():
    rubric = load_rubric()
    with pytest.raises(dataclasses.FrozenInstanceError):
        rubric.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rubric.scale[0].symbol = "!"  # type: ignore[misc]


@pytest.mark.parametrize("name", ["tiny.yaml", "four-point.yaml", None])
def test_the_copy_a_session_keeps_rebuilds_the_same_rubric(name):
    rubric = load_rubric(DATA / name if name else None)
    again = rubric_from_data(rubric.data, Path("session.json"))
    assert again == rubric
    assert again.data == rubric.data


def test_a_damaged_copy_names_the_problem():
    data = dict(load_rubric(DATA / "tiny.yaml").data)
    data["scale"] = "good"
    with pytest.raises(RubricError, match="'scale' of the rubric should be a list"):
        rubric_from_data(data, Path("session.json"))


def test_the_default_rubric_is_sound():
    assert check_rubric(default_rubric_path()) == []


# The default rubric is the paper form.


def _plain(text: str) -> str:
    """Text compared as words: spacing, a final full stop and a first capital aside."""
    text = " ".join(text.replace("**", "").split()).rstrip(".")
    return text[:1].lower() + text[1:]


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _seed_rows(seed: str) -> list[tuple[str, list[str]]]:
    """Each indicator row of the form: its heading text and its list of measures."""
    rows = []
    for line in seed.splitlines():
        if not line.startswith("<p>") or "Indicators:" not in line:
            continue
        # The Innovation row carries a stray copy of the Sustainability measures
        # after its paragraph; it belongs to Sustainability only.
        body = line.removeprefix("<p>").split("</p>")[0]
        head, measures = body.split("Indicators:")
        chunks = [c.strip().removeprefix("and ") for c in measures.split(",")]
        rows.append((head.strip(), chunks))
    return rows


def test_the_default_rubric_has_the_forms_words(seed):
    rubric = load_rubric()
    lines = [line.strip() for line in seed.splitlines() if line.strip()]

    assert rubric.title == lines[0]
    assert _plain(rubric.introduction) == _plain(lines[1])
    numbered = [
        re.sub(r"^\d\.\s*", "", line)
        for line in lines
        if line[:2] in {"1.", "2.", "3.", "4.", "5."}
    ]
    assert [_plain(i) for i in rubric.instructions] == [_plain(n) for n in numbered]
    purpose = next(line for line in lines if line.startswith("The purpose"))
    assert _plain(rubric.purpose.text) == _plain(purpose)
    uses = [
        line.removeprefix("- ")
        for line in lines
        if line.startswith("- ") and not line.startswith("-  - ")
    ]
    assert list(rubric.purpose.uses) == uses
    closing = next(line for line in lines if line.startswith("Be honest"))
    assert _plain(rubric.purpose.closing) == _plain(closing)
    prompt = next(line for line in lines if line.startswith("Based on review"))
    assert _plain(rubric.health_prompt) == _plain(prompt)
    assert rubric.closing_question == lines[-1]


def test_the_default_rubric_has_the_forms_scale(seed):
    rubric = load_rubric()
    labels = [
        line.strip().removeprefix("-  - ")
        for line in seed.splitlines()
        if line.strip().startswith("-  - ")
    ]

    assert [r.symbol for r in rubric.scale] == ["★", "✓", "?"]
    assert "(★ or ✓ or ?)" in seed
    assert [r.label for r in rubric.scale] == labels
    assert [r.key for r in rubric.scale] == ["1", "2", "3"]
    assert len({r.id for r in rubric.scale}) == 3


def test_the_default_rubric_has_every_indicator_of_the_form(seed):
    rubric = load_rubric()
    rows = _seed_rows(seed)

    assert len(rows) == len(rubric.indicators) == 8
    categories = list(dict.fromkeys(re.split(r" - |:", head)[0] for head, _ in rows))
    assert [c.name for c in rubric.categories] == categories
    for (head, chunks), indicator in zip(rows, rubric.indicators, strict=True):
        assert _plain(head) in {
            _plain(f"{indicator.title}: {indicator.description}"),
            _plain(f"{indicator.title} {indicator.description}"),
        }, indicator.id
        assert len(indicator.measures) == len(chunks), indicator.id
        prefix = ""
        for measure, chunk in zip(indicator.measures, chunks, strict=True):
            if " - " in chunk:
                prefix = chunk.split(" - ")[0]
            assert measure in {chunk, f"{prefix} - {chunk}"}, (indicator.id, chunk)
    innovation = rubric.indicator("learning-innovation")
    assert not any("risk" in m for m in innovation.measures)


def test_the_default_rubric_has_the_forms_health_levels(seed):
    rubric = load_rubric()
    levels = [
        line.strip().removeprefix("<p>").removesuffix("</p>").split(" - ", 1)
        for line in seed.splitlines()
        if line.startswith("\t<p>")
    ]

    assert len(rubric.health_levels) == len(levels) == 4
    for level, (name, description) in zip(rubric.health_levels, levels, strict=True):
        assert level.name == name
        assert _plain(level.description) == _plain(description)
    assert [level.key for level in rubric.health_levels] == ["1", "2", "3", "4"]
