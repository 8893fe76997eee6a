"""The Catalogue screen and the palette provider, through Textual's Pilot; its pages, without the app."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

import knowledge  # noqa: E402
from knowledge.model import Cause, Example  # noqa: E402
from textual.widgets import Button, Input, Markdown, Tree  # noqa: E402

from tui.app.app import TriageApp  # noqa: E402
from tui.app.catalogue import SEARCH_DELAY, CatalogueScreen  # noqa: E402
from tui.engine.lookup import Entry, resolve  # noqa: E402
from tui.render.catalogue_md import entry_markdown, fenced, outline, search, walk  # noqa: E402

HOSTILE = "x [@click=app.quit]boom[/] ``` `` \x1b[31mred\x1b[0m <script>alert(1)</script> sk-ant-api03-AbCdEfGh0000fakeKeyXyZ"


# --- pages and outline (no app) -------------------------------------------------------------

def test_outline_holds_every_entry():
    kb = knowledge.load()
    keys = {(n.kind, n.key) for n, _ in walk(outline(kb))}
    assert {c.id for c in kb.causes} <= {k for kind, k in keys if kind == "cause"}
    assert len([k for kind, k in keys if kind == "error_code"]) == len(kb.error_codes) == len(kb.sdk_facts.code_classes)
    assert {t for t in kb.error_types} <= {k for kind, k in keys if kind == "error_type"}
    assert {m.id for m in kb.models} <= {k for kind, k in keys if kind == "model"}
    assert set(kb.lint_rules) <= {k for kind, k in keys if kind == "rule"}
    for kind, key in keys:  # every page resolves to its own kind
        if key:
            assert resolve(kb, key).kind == kind or (kind, key) == ("status", "403"), key


def test_search_by_id_status_code_and_message_words():
    top = outline(knowledge.load())

    def found(query):
        return {n.key for n, _ in walk(search(top, query)) if n.key}
    assert "auth.dual-credentials" in found("dual credentials")
    assert "429" in found("429")
    assert "already_member" in found("already_member")
    assert "server.overloaded" in found("overloaded")
    assert "request.prompt-too-long" in found("prompt is too long")  # words from an example message
    assert found("no-such-thing-anywhere") == set()


def test_paste_is_fenced_redacted_and_stripped():
    kb = knowledge.load()
    cause = Cause(id="test.hostile", error_type="api_error", title="T [x](http://evil)", summary="<b>s</b>",
                  fix=("f",), retryable=False, docs_url="https://example.com", matches=(),
                  examples=(Example(paste=HOSTILE, expect="test.hostile"),))
    page = entry_markdown(Entry("cause", cause.id, [], [cause]), kb)
    assert "````text\n" in page  # a fence longer than any backtick run inside the paste
    assert "\x1b" not in page and "AbCdEfGh0000fakeKeyXyZ" not in page
    assert "\\[x\\]" in page and "&lt;b&gt;" in page  # no links or HTML from knowledge-base prose
    assert fenced("a ```` b").startswith("`````")


# --- the screen -----------------------------------------------------------------------------

def showing(app) -> str | None:
    """The key of the catalogue entry on screen; None when the Catalogue is not the current mode."""
    if app.current_mode != "catalogue":
        return None
    node = app.screen.query_one(Tree).cursor_node
    return node.data.key if node is not None else None


async def open_catalogue(pilot) -> CatalogueScreen:
    await pilot.app.switch_mode("catalogue")
    await pilot.pause()
    return pilot.app.screen


async def test_search_entry_try_it_diagnoses_the_example():
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_catalogue(pilot)
        await pilot.click("#cat-search")
        await pilot.press(*"dual credentials", "enter")
        await pilot.pause(SEARCH_DELAY + 0.1)
        assert showing(app) == "auth.dual-credentials"
        assert "Both ANTHROPIC_API_KEY" in screen.query_one(Markdown).source
        assert not screen.query_one("#cat-try", Button).disabled
        await pilot.press("t")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        assert app.current_mode == "diagnose"
        # The example ran with its own environment (both credentials set), so its cause is on top.
        assert app.screen.outcome.top_id == "auth.dual-credentials"


async def test_select_every_kind_of_key():
    app = TriageApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_catalogue(pilot)
        for key, heading in (("429", "# 429 rate_limit_error"), ("overloaded_error", "# 529 overloaded_error"),
                             ("already_member", "# `already_member`"), ("CT101", "# CT101"),
                             ("net.proxy-misconfigured", "# HTTP(S) proxy"), ("claude-opus-4-7", "# Claude Opus 4.7")):
            screen.select(key)
            await pilot.pause()
            assert screen.query_one(Markdown).source.startswith(heading), key
            assert showing(app) == key
        screen.select("nothing-like-this")
        await pilot.pause()
        assert app.is_running


async def test_select_clears_a_search_that_hides_the_entry():
    app = TriageApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_catalogue(pilot)
        screen.query_one(Input).value = "overloaded"
        await pilot.pause(SEARCH_DELAY + 0.1)
        app.show_catalogue("auth.admin-key")
        await pilot.pause(0.3)
        assert screen.query_one(Input).value == ""
        assert showing(app) == "auth.admin-key"


async def test_next_example_cycles_and_try_it_uses_it():
    kb = knowledge.load()
    cause = next(c for c in kb.causes if len(c.examples) >= 2)
    app = TriageApp()
    opened = []
    app.open_paste = lambda text, env=None: opened.append((text, env))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_catalogue(pilot)
        screen.select(cause.id)
        await pilot.pause()
        await pilot.press("n", "t")
        assert opened == [(cause.examples[1].paste, dict(cause.examples[1].env))]


async def test_hostile_page_stays_literal_and_app_stays_up():
    app = TriageApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_catalogue(pilot)
        await screen.query_one(Markdown).update(f"# t\n\n{fenced(HOSTILE)}\n\n{HOSTILE}\n")
        await pilot.pause()
        await pilot.click("#cat-page", offset=(5, 5))
        await pilot.pause()
        assert app.is_running and app.current_mode == "catalogue"


async def test_palette_finds_an_entry_and_opens_it():
    app = TriageApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"oauth-in-x-api-key")
        await pilot.pause(0.8)
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert showing(app) == "auth.oauth-in-x-api-key"


async def test_palette_title_words_match_and_titles_are_not_markup():
    from textual.command import CommandPalette

    from tui.app.palette import CatalogueProvider
    app = TriageApp()
    async with app.run_test(size=(100, 30)):
        provider = CatalogueProvider(app.screen)
        await provider.startup()
        hits = [h async for h in provider.search("dual credentials")]
        assert any(h.text.startswith("auth.dual-credentials") for h in hits)
        assert all(h.help.startswith("Catalogue") for h in hits)
        assert not CommandPalette.is_open(app)


def test_search_lists_matching_entries_not_whole_folders():
    kb = knowledge.load()

    def leaves(nodes):
        return [leaf for n in nodes for leaf in (leaves(n.children) if n.children else [n])]
    found = {n.key for n in leaves(search(outline(kb), "spend"))}
    assert "request.spend-limit-reached" in found and "enforced_spend_limit_reached" in found
    assert "model.sampling-params-removed" not in found  # its folder's summary says "spend"; it does not
    every_429 = {c.id for c in kb.causes if c.error_type == "rate_limit_error"}
    assert every_429 <= {n.key for n in leaves(search(outline(kb), "429"))}


async def test_enter_opens_the_best_match_not_the_first_in_the_tree():
    app = TriageApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_catalogue(pilot)
        await pilot.click("#cat-search")
        await pilot.press(*"overloaded")
        await pilot.pause(SEARCH_DELAY + 0.2)
        assert showing(app) == "server.overloaded"  # highlighted while typing, the box keeps the focus
        assert screen.focused is screen.query_one(Input)
        assert "Enter: server.overloaded" in str(screen.query_one("#cat-count").render())
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert showing(app) == "server.overloaded" and screen.focused is screen.query_one(Tree)
        assert screen.query_one(Markdown).source.startswith("# API temporarily overloaded")
        for query, key in (("RateLimitError", "rate_limit_error"), ("already_member", "already_member")):
            await pilot.press("slash")
            screen.query_one(Input).value = ""
            await pilot.press(*query, "enter")
            await pilot.pause(0.2)
            assert showing(app) == key, query


async def test_palette_ranks_as_the_catalogue_search_does():
    from tui.app.palette import CatalogueProvider
    app = TriageApp()
    async with app.run_test(size=(100, 30)):
        provider = CatalogueProvider(app.screen)
        await provider.startup()
        for query, first in (("overloaded", "server.overloaded"), ("RateLimitError", "rate_limit_error"),
                             ("already_member", "already_member")):
            hits = sorted([h async for h in provider.search(query)], key=lambda h: -h.score)
            assert hits[0].text.split()[0] == first, query
