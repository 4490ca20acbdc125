"""History: sessions of a partnership over time, and the review screen."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from builders import answer_all, make_app, make_session, make_store
from screen_text import screen_text

from phr_tui.history import (
    HIDDEN,
    Duplicate,
    IndicatorHistory,
    IndicatorPoint,
    find_earlier_session,
    group_sessions,
    history,
    load_sessions,
    movement,
    ratings_glyphs,
    trend,
)
from phr_tui.rubric import Rubric, default_rubric_path
from phr_tui.rubric_file import load_rubric
from phr_tui.screens.history import HistoryScreen
from phr_tui.session import Session, StepOutcome
from phr_tui.store import SessionStore

WELL, FAIR, POOR = "working-well", "could-be-strengthened", "questions-or-issues"


def rubric_v2(folder: Path) -> Rubric:
    """The default rubric at version 2: one indicator renamed, one added."""
    data = yaml.safe_load(default_rubric_path().read_text(encoding="utf-8"))
    data["version"] = 2
    for category in data["categories"]:
        for indicator in category["indicators"]:
            if indicator["id"] == "customer-impact":
                indicator["name"] = "Impact on learners"
        if category["id"] == "learning-growth":
            category["indicators"].append(
                {"id": "learning-data", "name": "Shared data", "description": "D."}
            )
    path = folder / "rubric-v2.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_rubric(path)


def held(
    folder: Path,
    title: str,
    on: str,
    ratings: dict[str, str],
    *,
    rubric: Rubric | None = None,
    agreed: dict[str, str] | None = None,
    health: str | None = None,
    reveal: bool = True,
    partnership: str = "Acme & Beta",
) -> SessionStore:
    """A saved session where each named participant gives one rating throughout."""
    session = make_session(rubric, title=title)
    session.date = on
    session.partnership = partnership
    store = make_store(folder, session)
    count = len(store.session.rubric.indicators)
    answer_all(store, {name: [r] * count for name, r in ratings.items()})
    if not reveal:
        return store

    def discuss(s: Session) -> None:
        s.reveal()
        for indicator_id, rating in (agreed or {}).items():
            s.discuss(indicator_id, "", rating)
        if health:
            s.discuss_overall("", health, "")

    store.change(discuss)
    return store


@pytest.fixture
def series(sessions_dir: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """Spring on rubric v1, a damaged file, and autumn on rubric v2."""
    spring = held(
        sessions_dir,
        "Spring review",
        "2026-04-01",
        {"Ann Lee": WELL, "Bo Chen": POOR, "Cy Diaz": POOR},
        agreed={"financial": FAIR},
        health="developing-inconsistent",
    )
    spring.change(lambda s: s.close())
    damaged = sessions_dir / "2026-06-01-summer.json"
    damaged.write_text('{"session": {"1": {"schema_version": 1, "ti', encoding="utf-8")
    autumn = held(
        sessions_dir,
        "Autumn review",
        "2026-10-01",
        {"Ann Lee": WELL, "Bo Chen": WELL, "Cy Diaz": FAIR},
        rubric=rubric_v2(tmp_path),
        agreed={"financial": WELL, "learning-data": POOR},
        health="strong-strategic",
    )
    return spring.path, damaged, autumn.path


# The model of history.


def test_a_series_matches_indicators_by_id_and_keeps_the_rest_apart(series):
    spring, damaged, autumn = series
    found = history([autumn, damaged, spring])
    assert [(u.path, "cut short" in u.problem) for u in found.unreadable] == [
        (damaged, True)
    ]
    (one,) = found.series
    assert [s.session.title for s in one.sessions] == ["Spring review", "Autumn review"]
    assert one.partnership == "Acme & Beta" and one.rubric_id == "partnership-health"

    ids = [i.id for i in one.indicators]
    assert ids == [i.id for i in load_rubric().indicators]
    impact = one.indicators[ids.index("customer-impact")]
    assert impact.title == "Customer - Impact on learners"
    (apart,) = one.apart
    assert apart.id == "learning-data" and apart.points[0] is None

    financial = one.indicators[0]
    first, second = financial.points
    assert [(r.id, n) for r, n in first.counts] == [(WELL, 1), (FAIR, 0), (POOR, 2)]
    assert first.agreed.id == FAIR
    assert [(r.id, n) for r, n in second.counts] == [(WELL, 2), (FAIR, 1), (POOR, 0)]
    assert second.agreed.id == WELL
    assert movement(financial) == "★?? → ★★✓"
    assert trend(financial) == "▲ stronger"
    assert apart.points[1].agreed.id == POOR

    spring_health, autumn_health = one.health
    assert spring_health.agreed.id == "developing-inconsistent"
    assert autumn_health.agreed.id == "strong-strategic"
    assert sum(n for _, n in spring_health.counts) == 3


def test_a_session_not_yet_revealed_adds_its_date_but_no_answers(sessions_dir):
    held(sessions_dir, "Spring", "2026-04-01", {"Ann Lee": WELL})
    held(sessions_dir, "Autumn", "2026-10-01", {"Ann Lee": POOR}, reveal=False)
    loaded, unreadable = load_sessions(sorted(sessions_dir.glob("*.json")))
    assert unreadable == []
    (one,) = group_sessions(loaded)
    point = one.indicators[0].points[1]
    assert point.counts is None and point.agreed is None
    assert ratings_glyphs(point) == HIDDEN
    assert one.health[1].counts is None


def test_sessions_group_by_partnership_and_rubric_and_order_by_date(
    sessions_dir, tmp_path
):
    late = held(sessions_dir, "Late", "2026-10-01", {})
    early = held(sessions_dir, "Early", "2026-04-01", {})
    same_day = held(sessions_dir, "Same day, later", "2026-10-01", {})
    os.utime(late.path, ns=(1_000_000_000, 1_000_000_000))
    os.utime(same_day.path, ns=(2_000_000_000, 2_000_000_000))
    other = held(sessions_dir, "Other", "2026-05-01", {}, partnership="Gamma")
    again = held(sessions_dir, "Case", "2026-05-01", {}, partnership=" acme  & beta ")
    data = yaml.safe_load(default_rubric_path().read_text(encoding="utf-8"))
    data["id"] = "another-rubric"
    (tmp_path / "other.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    elsewhere = held(
        sessions_dir,
        "Other rubric",
        "2026-05-01",
        {},
        rubric=load_rubric(tmp_path / "other.yaml"),
    )
    paths = [p.path for p in (late, early, same_day, other, again, elsewhere)]
    paths.append(late.path)  # the same file twice counts once
    groups = group_sessions(load_sessions(paths)[0])
    titles = [[s.session.title for s in g.sessions] for g in groups]
    assert titles == [
        ["Other rubric"],
        ["Early", "Case", "Late", "Same day, later"],
        ["Other"],
    ]


def test_copies_of_one_session_count_once_and_are_named(series, tmp_path):
    spring, damaged, autumn = series
    copy = tmp_path / "spring-copy.json"
    shutil.copy(spring, copy)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    same_name = elsewhere / autumn.name
    shutil.copy(autumn, same_name)

    found = history([spring, autumn, copy, damaged, same_name, spring])
    (one,) = found.series
    assert [s.path for s in one.sessions] == [spring, autumn]
    assert found.duplicates == (Duplicate(copy, spring), Duplicate(same_name, autumn))
    assert [u.path for u in found.unreadable] == [damaged]


def test_glyphs_read_without_colour():
    rubric = load_rubric()
    well, fair, poor = rubric.scale
    few = IndicatorPoint(((well, 2), (fair, 0), (poor, 1)), 1, well)
    many = IndicatorPoint(((well, 12), (fair, 3), (poor, 0)), 2, None)
    assert ratings_glyphs(few) == "★★?·"
    assert ratings_glyphs(many) == "★12 ✓3 ·2"
    assert ratings_glyphs(None) == "—"
    steady = IndicatorHistory("x", "X", (few, None, few))
    assert movement(steady) == "★★?· → — → ★★?·"
    assert trend(steady) == "= same"
    assert trend(IndicatorHistory("x", "X", (many, few))) == "▼ weaker"
    assert trend(IndicatorHistory("x", "X", (few,))) == ""


# Finding last time's next steps.


def test_find_earlier_session_picks_the_latest_with_open_steps(sessions_dir):
    assert find_earlier_session(sessions_dir / "none", "Acme & Beta") is None
    old = held(sessions_dir, "Old", "2026-01-01", {})
    old.change(lambda s: s.add_step("Old step"))
    mid = held(sessions_dir, "Mid", "2026-04-01", {})
    mid.change(lambda s: s.add_step("Mid step"))
    no_steps = held(sessions_dir, "No steps", "2026-06-01", {})
    other = held(sessions_dir, "Other", "2026-07-01", {}, partnership="Gamma")
    other.change(lambda s: s.add_step("Gamma step"))
    (sessions_dir / "2026-08-01-damaged.json").write_text("{", encoding="utf-8")
    new = make_store(sessions_dir, make_session(title="New"))

    assert find_earlier_session(sessions_dir, "acme & BETA", new.path) == mid.path
    assert find_earlier_session(sessions_dir, "Acme & Beta", mid.path) == old.path
    assert find_earlier_session(sessions_dir, "Gamma", new.path) == other.path
    assert find_earlier_session(sessions_dir, "Delta", new.path) is None
    assert no_steps.path != find_earlier_session(sessions_dir, "Acme & Beta")

    # Steps brought along and carried over are still open; done ones are not.
    followed = held(sessions_dir, "Followed", "2026-09-01", {})
    followed.change(lambda s: s.bring_along(mid.session))
    assert find_earlier_session(sessions_dir, "Acme & Beta", new.path) == followed.path
    step = followed.session.carried_steps[0].id
    followed.change(lambda s: s.follow_up(step, StepOutcome.DONE))
    assert find_earlier_session(sessions_dir, "Acme & Beta", new.path) == mid.path
    followed.change(lambda s: s.follow_up(step, StepOutcome.CARRIED))
    assert find_earlier_session(sessions_dir, "Acme & Beta", new.path) == followed.path


# The review screen.


async def loaded(app, pilot) -> None:
    """Wait for the review screen to read its files."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_review_shows_how_ratings_moved_at_80x24(sessions_dir, series):
    spring, damaged, autumn = series
    app = make_app(sessions_dir, review_paths=(spring, damaged, autumn))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        assert "Could not be opened" in text
        assert "2026-06-01-summer.json" in text and "cut short" in text
        assert "Acme & Beta · Partnership Health Reflection for Partners · 2" in text
        assert "Spring review" in text and "Autumn review" in text
        assert "v1" in text and "v2" in text

        await pilot.press("tab")  # to the indicators, session by session
        await pilot.pause()
        text = screen_text(app)
        lines = text.splitlines()
        financial = next(line for line in lines if line.lstrip().startswith("Fin"))
        assert financial.split()[1:] == ["▲", "stronger", "★??", "★★✓"]
        agreed = lines[lines.index(financial) + 1]
        assert agreed.split() == ["agreed", "✓", "agreed", "★"]
        assert "Impact on" in text

        await pilot.press("tab", "tab")  # past the indicators not in every session
        await pilot.pause()
        text = screen_text(app)
        assert "Not in every session" in text
        assert "Shared data" in text
        assert "Overall health" in text and "◆" in text
        strong = next(line for line in text.splitlines() if "Strong &" in line)
        # One of three participants chose it each time; autumn agreed on it.
        assert strong.split()[3:] == ["██░░░", "1", "██░░░", "1", "◆"]

        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.store is not None
        assert app.store.path == autumn and app.store.read_only
        assert not isinstance(app.screen, HistoryScreen)


async def test_review_of_one_file_opens_it_read_only(sessions_dir, series):
    spring, _, autumn = series
    app = make_app(sessions_dir, review_paths=(autumn,))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.store is not None
        assert app.store.path == autumn and app.store.read_only
        assert "Autumn review" in screen_text(app)


async def test_review_of_one_damaged_file_explains_it(sessions_dir, series):
    _, damaged, _ = series
    app = make_app(sessions_dir, review_paths=(damaged,))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert "cut short" in screen_text(app)
        await pilot.press("enter")  # the app's message about the damaged file
        await loaded(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        assert "2026-06-01-summer.json" in text
        assert "No session could be opened" in text
        assert app.store is None


@pytest.fixture
def five(sessions_dir: Path) -> list[Path]:
    """Five sessions of one partnership, a year apart, the ratings rising."""
    mixes = [
        {"Ann Lee": WELL, "Bo Chen": POOR, "Cy Diaz": POOR},
        {"Ann Lee": WELL, "Bo Chen": FAIR, "Cy Diaz": POOR},
        {"Ann Lee": WELL, "Bo Chen": WELL, "Cy Diaz": FAIR},
        {"Ann Lee": FAIR, "Bo Chen": WELL, "Cy Diaz": FAIR},
        {"Ann Lee": WELL, "Bo Chen": WELL, "Cy Diaz": WELL},
    ]
    return [
        held(
            sessions_dir,
            f"Review {n}",
            f"{2022 + n}-04-01",
            mix,
            agreed={"financial": FAIR},
            health="strong-strategic" if n > 2 else "developing-inconsistent",
        ).path
        for n, mix in enumerate(mixes, start=1)
    ]


async def test_five_sessions_fit_80_columns_with_the_change(sessions_dir, five):
    app = make_app(sessions_dir, review_paths=tuple(five))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("tab")  # to the indicators
        await pilot.pause()
        lines = screen_text(app).splitlines()

        head = next(n for n, line in enumerate(lines) if "Indicator" in line)
        assert lines[head].split() == ["Indicator", "Change", *["2023", "2024"]] + [
            "2025",
            "2026",
            "2027",
        ]
        assert lines[head + 1].split() == ["04-01"] * 5
        financial = lines[head + 2]
        assert financial.split() == ["Financial", "▲", "stronger"] + [
            "★??",
            "★✓?",
            "★★✓",
            "★✓✓",
            "★★★",
        ]
        assert lines[head + 3].split() == ["agreed", "✓"] * 5
        assert all(len(line) <= 80 for line in lines)
        assert "do not fit" not in "\n".join(lines)


async def test_page_down_and_end_reach_the_overall_health(sessions_dir, five):
    app = make_app(sessions_dir, review_paths=tuple(five))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert "Misaligned & Fragile" not in screen_text(app)

        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "Overall health: participants per level" in text
        rows = [line.split()[0] for line in text.splitlines()[-9:] if line.strip()]
        # Each level's row, its name wrapped to the column (the last one whole).
        for level in load_rubric().health_levels:
            assert level.name.split()[0] in rows
        assert "Misaligned & Fragile   ░░░░░ 0" in text
        assert app.focused is app.screen.query_one("#health-0")

        await pilot.press("home")
        await pilot.pause()
        assert "Misaligned & Fragile" not in screen_text(app)
        assert app.focused is app.screen.query_one("#sessions-0")

        pages = 0
        while "Misaligned & Fragile" not in screen_text(app):
            await pilot.press("pagedown")
            await pilot.pause()
            pages += 1
            assert pages < 5, "page down never reached the overall health"
        # The focus follows to a table on screen, so arrows move what is seen.
        assert app.focused is not app.screen.query_one("#sessions-0")

        await pilot.press("pageup", "pageup", "pageup", "pageup")
        await pilot.pause()
        assert "Review 1" in screen_text(app)


async def test_review_names_the_files_skipped_as_duplicates(
    sessions_dir, five, tmp_path
):
    copy = tmp_path / "copy-of-review-1.json"
    shutil.copy(five[0], copy)
    app = make_app(sessions_dir, review_paths=(*five, copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        text = screen_text(app)
        assert "Skipped as duplicates" in text
        assert f"copy-of-review-1.json: the same session as {five[0].name}" in text
        assert "· 5 sessions" in text
        assert text.count("Review 1") == 1
