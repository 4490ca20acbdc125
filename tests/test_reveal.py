"""The reveal overview and an indicator in full, driven as a facilitator would."""

from __future__ import annotations

import json

from builders import answer_all, make_app, make_session
from screen_text import screen_text

from phr_tui.screens.indicator import IndicatorScreen
from phr_tui.screens.next_steps import NextStepsScreen
from phr_tui.screens.overall import OverallHealthScreen
from phr_tui.screens.reveal import RevealScreen
from phr_tui.spread import spreads
from phr_tui.store import SessionStore

W, C, Q = "working-well", "could-be-strengthened", "questions-or-issues"

# Rubric order: financial, satisfaction, impact, operation, communication,
# alignment, innovation, sustainability. Everyone agrees except on Impact
# (★ ? ★: the widest split) and Communication (★ ★ ✓).
RATINGS = {
    "Ann Lee": [W, W, W, W, W, W, W, W],
    "Bo Chen": [W, W, Q, W, W, W, W, W],
    "Cy Diaz": [W, W, W, W, C, W, W, W],
}


def reveal(store, ratings=RATINGS):
    """Everyone answers with the given ratings, then the ratings are revealed."""
    answer_all(store, ratings)
    store.change(lambda s: s.reveal())
    return store


def row(text: str, name: str) -> str:
    """The overview row of an indicator, without spaces or the cursor mark."""
    for line in text.splitlines():
        squeezed = line.replace(" ", "")
        if squeezed.startswith((name.replace(" ", ""), "≠" + name.replace(" ", ""))):
            return squeezed
    raise AssertionError(f"no row for {name} in:\n{text}")


def under_cursor(text: str) -> str:
    """The line below the grid, which names the indicator under the cursor."""
    lines = text.splitlines()
    border = max(n for n, line in enumerate(lines) if line.startswith("────"))
    return lines[border + 1]


def indicator_rows(text: str) -> list[str]:
    """The indicator names in the order the overview shows them."""
    names = [
        "Financial",
        "Satisfaction",
        "Impact",
        "Operation Efficiency",
        "Communication & Trust",
        "Alignment",
        "Innovation & Quality",
        "Sustainability",
    ]
    found = []
    for line in text.splitlines():
        for name in names:
            if name in line and "Acme" not in line and ":" not in line:
                found.append(name)
    return found


async def test_overview_shows_every_rating_and_marks_disagreement(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        text = screen_text(app)
        assert "Acme Learning: AL = Ann Lee, CD = Cy Diaz" in text
        assert "Beta Schools: BC = Bo Chen" in text
        # Columns: spread, agreed, then Ann and Cy (Acme) │ Bo (Beta).
        assert row(text, "Financial") == "Financial★3✓0?0★★│★"
        assert row(text, "Impact") == "≠Impact★2✓0?1★★│?"
        assert row(text, "Communication & Trust") == "≠Communication&Trust★2✓1?0★✓│★"
        marked = [
            line for line in text.splitlines() if "≠" in line and "Acme" not in line
        ]
        assert len([m for m in marked if "Impact" in m or "Communication" in m]) == 2
        assert not any("Financial" in m or "Sustainability" in m for m in marked)


async def test_most_disagreement_first(store, sessions_dir):
    reveal(store)
    expected = [
        s.indicator.id for s in spreads(store.session, most_disagreement_first=True)
    ]
    assert expected[:2] == ["customer-impact", "process-communication"]
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert indicator_rows(screen_text(app))[:3] == [
            "Financial",
            "Satisfaction",
            "Impact",
        ]
        await pilot.press("o")
        await pilot.pause()
        text = screen_text(app)
        assert "most disagreement first order" in text
        assert indicator_rows(text) == [
            "Impact",
            "Communication & Trust",
            "Financial",
            "Satisfaction",
            "Operation Efficiency",
            "Alignment",
            "Innovation & Quality",
            "Sustainability",
        ]
        # The cursor stays on the indicator it was on (Financial), now third.
        assert under_cursor(text).startswith("Financial: ★3 ✓0 ?0.")
        await pilot.press("o")
        await pilot.pause()
        assert indicator_rows(screen_text(app))[:3] == [
            "Financial",
            "Satisfaction",
            "Impact",
        ]


async def test_detail_shows_notes_grouped_by_organisation(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        text = screen_text(app)
        assert "3 of 8, rubric order · Customer - Impact" in text
        assert "≠ ratings differ" in text
        assert "Partnership demonstrates positive outcomes" in text
        assert "2  ★ Working well overall" in text
        assert "1  ? A lot of questions" in text
        # What a reader scrolling down the page sees, top to bottom.
        page = text.splitlines()
        for _ in range(4):
            await pilot.press("pagedown")
            await pilot.wait_for_scheduled_animations()
            page += screen_text(app).splitlines()

        def at(words: str) -> int:
            return next(n for n, line in enumerate(page) if words in line)

        assert at("Acme Learning") < at("Ann Lee: ★ Working well overall")
        assert at("Ann Lee: ★") < at("Ann Lee on Impact") < at("Cy Diaz: ★")
        assert at("Cy Diaz on Impact") < at("Beta Schools") < at("Bo Chen: ?")
        assert at("Bo Chen: ? A lot of questions") < at("Bo Chen on Impact")
        assert at("Bo Chen on Impact") < at("Agreed rating: not yet")
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)


async def test_stepping_through_indicators(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "1 of 8, rubric order · Financial" in screen_text(app)
        await pilot.press("n", "right")
        await pilot.pause()
        assert "3 of 8, rubric order · Customer - Impact" in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert "2 of 8, rubric order · Customer - Satisfaction" in screen_text(app)
        await pilot.press("left", "left")
        await pilot.pause()
        assert "1 of 8, rubric order · Financial" in screen_text(app)
        # Back on the overview, the cursor is where the stepping ended.
        await pilot.press("n", "b")
        await pilot.pause()
        text = screen_text(app)
        assert under_cursor(text).startswith("Customer - Satisfaction: ")

        await pilot.press("o", "home", "enter")
        await pilot.pause()
        assert "1 of 8, most disagreement first order · Customer - Impact" in (
            screen_text(app)
        )
        await pilot.press("n")
        await pilot.pause()
        text = screen_text(app)
        assert "2 of 8, most disagreement first order · Process - Communication" in text
        await pilot.press("n")
        await pilot.pause()
        assert "3 of 8, most disagreement first order · Financial" in screen_text(app)


async def test_odd_notes_are_shown_exactly(store, sessions_dir):
    answer_all(store, RATINGS)
    ann = store.session.participants[0].id
    tail = "the very end [/] 完"
    long_note = "[bold]not markup[/bold] 🙂 日本語のメモ\nsecond line [link]\n"
    long_note += "x" * 20_000 + "\n" + tail
    store.change(lambda s: s.write_note(ann, "financial", long_note))
    store.change(lambda s: s.reveal())
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]not markup[/bold] 🙂 日本語のメモ" in text
        assert "second line [link]" in text
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        assert tail in screen_text(app)


async def test_overview_follows_changes_from_another_program(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down")
        other = SessionStore.open(store.path)
        other.change(lambda s: s.discuss("financial", "", Q))
        for _ in range(40):
            await pilot.pause(0.1)
            if row(screen_text(app), "Financial") == "Financial★3✓0?0?★★│★":
                break
        text = screen_text(app)
        assert row(text, "Financial") == "Financial★3✓0?0?★★│★"
        assert "1 of 8 agreed" in text
        assert under_cursor(text).startswith("Customer - Impact: ★2 ✓0 ?1.")


async def test_close_makes_everything_read_only(store, sessions_dir):
    reveal(store)
    store.change(lambda s: s.add_step("Keep talking", "Ann"))
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "c Close" in screen_text(app).splitlines()[-1]
        await pilot.press("c")
        await pilot.pause()
        assert "Close the session?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert SessionStore.open(store.path).session.phase.value == "closed"
        before = store.path.read_bytes()
        text = screen_text(app)
        assert "Closed — read-only" in text
        assert "c Close" not in text

        await pilot.press("c", "enter")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert "Closed — read-only" in screen_text(app)
        footer = screen_text(app).splitlines()[-1]
        assert "Notes" not in footer and "Agree" not in footer
        await pilot.press("d", "1", "a", "r", "t")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        await pilot.press("b", "h", "d", "2", "a", "i")
        await pilot.pause()
        assert isinstance(app.screen, OverallHealthScreen)
        assert "Closed — read-only · Overall health" in screen_text(app)
        await pilot.press("b", "s", "a", "e", "r", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        text = screen_text(app)
        assert "Closed — read-only · Next steps" in text
        assert "What: Keep talking" in text
        assert "a adds" not in text
        await pilot.press("b")
        await pilot.pause()
        assert store.path.read_bytes() == before


async def test_reopening_a_closed_session_shows_the_same_reveal(store, sessions_dir):
    reveal(store)
    store.change(lambda s: s.discuss("customer-impact", "Split view", W))
    store.change(lambda s: s.close())
    before = store.path.read_bytes()
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        text = screen_text(app)
        assert "Closed — read-only" in text
        assert row(text, "Impact") == "≠Impact★2✓0?1★★★│?"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        await pilot.press("b")
        await pilot.pause()
        assert app.store is None
        assert type(app.screen).__name__ == "HomeScreen"
        assert "Autumn review" in screen_text(app)
    assert store.path.read_bytes() == before
    assert json.loads(before)["session"]["1"]["phase"] == "closed"


async def test_a_session_opened_read_only_changes_nothing(store, sessions_dir):
    reveal(store)
    before = store.path.read_bytes()
    app = make_app(sessions_dir, open_path=store.path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Read-only · Reveal" in screen_text(app)
        await pilot.press("c", "enter", "1", "d")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert "Agreed: none" in screen_text(app)
    assert store.path.read_bytes() == before


async def test_earlier_next_steps_are_offered_when_brought_along(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "earlier step" not in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)

    earlier = make_session(title="Spring review")
    earlier.reveal()
    earlier.add_step("Write the joint plan", "Ann", "2026-06-30")
    earlier.add_step("Share the pipeline", "Bo")
    store.change(lambda s: s.bring_along(earlier))
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "0 next steps · 2 earlier steps (f)" in text
        assert "f Earlier" in text.splitlines()[-1]
        await pilot.press("f")
        await pilot.pause()
        assert type(app.screen).__name__ == "FollowUpScreen"
        assert "Write the joint plan" in screen_text(app)


async def test_the_mouse_opens_an_indicator_and_goes_back(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The header is the grid's first line; Impact is the third row.
        await pilot.click("#reveal-grid", offset=(5, 3))
        await pilot.click("#reveal-grid", offset=(5, 3))
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert "3 of 8, rubric order · Customer - Impact" in screen_text(app)
        footer = screen_text(app).splitlines()[-1]
        await pilot.click("Footer", offset=(footer.index("b Back") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)


def test_column_headings_use_letters_not_markup():
    from types import SimpleNamespace

    from phr_tui.widgets.overview_cells import short_names

    people = [
        SimpleNamespace(id="a", name="[bold]Ann[/]"),
        SimpleNamespace(id="b", name="Zoë 🦊 Ng"),
        SimpleNamespace(id="c", name="[]"),
    ]
    assert short_names(people) == {"a": "Bo", "b": "ZN", "c": "?"}


def test_column_headings_tell_alike_names_apart():
    from types import SimpleNamespace

    from phr_tui.widgets.overview_cells import short_names

    names = ["Participant 1", "Participant 10", "Ann Lee", "Ann Li", "Al Lo", "Al Lo"]
    people = [SimpleNamespace(id=str(n), name=name) for n, name in enumerate(names)]
    assert list(short_names(people).values()) == [
        "P1",
        "P10",
        "AnnLe",
        "AnnLi",
        "AlLo1",
        "AlLo2",
    ]


async def test_a_big_meeting_shortens_who_is_who_and_keeps_the_key(sessions_dir):
    orgs = ("Acme Learning", "Beta Schools", "Cedar Trust")
    people = [(f"Participant {n + 1}", orgs[n % 3]) for n in range(18)]
    store = SessionStore.create(sessions_dir, make_session(people=people))
    answer_all(store)
    store.change(lambda s: s.reveal())
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Acme Learning (6): P1 … P16" in text
        assert "Participant 16" not in text
        assert "≠ ratings differ" in text and "★ Working well overall" in text
        await pilot.press("enter")
        await pilot.pause()
        # The indicator's own screen names everyone, by organisation.
        assert "Participant 1:" in screen_text(app)
