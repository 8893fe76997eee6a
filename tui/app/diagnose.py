"""The Diagnose screen: a paste box on one side, the engine's ranked causes on the other.

Flow: the paste changes → a short debounce → a thread worker runs the engine (`outcome.build`; in a child process for a huge paste)
and posts `Diagnosed` → the handler updates the widgets. The worker touches no widget; a newer
paste cancels the older worker (exclusive) and any answer that still arrives for an older paste
is dropped by its generation number, so typing never shows stale results.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Select, Static, TextArea

from . import outcome as outcomes
from .modals import ExampleModal, SaveReportModal
from .outcome import LARGE, Outcome
from .results import ResultsPanel

DEBOUNCE_S = 0.2  # long enough to skip the keystrokes of a word, short enough to feel live
NARROW = 110      # below this many columns the paste box sits above the results, not beside them
DEFAULT_REPORT_PATH = "./claude-triage-report.md"


class Diagnosed(Message):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


class DiagnosisFailed(Message):
    def __init__(self, gen: int, error: str) -> None:
        super().__init__()
        self.gen = gen
        self.error = error


# Control characters in a paste (ESC of "\x1b[31m", OSC 52's BEL) would reach the terminal as they
# are: TextArea draws its text unfiltered. The box shows them as their Unicode control pictures
# (␛ for ESC) and `from_visible` turns them back before the engine reads the paste.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_PICTURE = re.compile(r"[\u2400-\u2408\u240b\u240c\u240e-\u241f\u2421]")


def to_visible(text: str) -> str:
    def picture(m: re.Match[str]) -> str:
        code = ord(m.group())
        return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"  # C1: no picture
    return _CONTROL.sub(picture, text) if _CONTROL.search(text) else text


def from_visible(text: str) -> str:
    def control(m: re.Match[str]) -> str:
        code = ord(m.group())
        return "\x7f" if code == 0x2421 else chr(code - 0x2400)
    return _PICTURE.sub(control, text) if _PICTURE.search(text) else text


class PasteArea(TextArea):
    """The paste box. A paste too big for a TextArea goes to the screen whole instead."""

    class HugePaste(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    async def _on_paste(self, event: events.Paste) -> None:
        # In read-only preview mode a new paste replaces the huge one (there is nothing to edit).
        if self.read_only or len(event.text) > LARGE:
            event.prevent_default()
            event.stop()
            self.post_message(self.HugePaste(event.text))
            return
        event.text = to_visible(event.text)
        await super()._on_paste(event)


def preview(text: str, head: int = 12_000, tail: int = 4_000) -> str:
    """The start and end of a huge paste, cut at line breaks, with a marker in between."""
    start = text[:head]
    start = start[: start.rfind("\n") + 1] or start
    end = text[-tail:]
    end = end[end.find("\n") + 1:] or end
    omitted = len(text) - len(start) - len(end)
    return f"{start}\n[… {omitted:,} characters not shown here; the whole paste is diagnosed …]\n\n{end}"


class DiagnoseScreen(Screen):
    SUB_TITLE = "Diagnose"
    BINDINGS = [
        Binding("ctrl+f,f5", "copy_fix", "Fix", tooltip="Copy the top cause's fix steps"),
        Binding("ctrl+r,f8", "copy_report", "Report", tooltip="Copy a redacted Markdown report"),
        Binding("ctrl+s,f9", "save_report", "Save", tooltip="Save the redacted Markdown report to a file"),
        Binding("ctrl+l,f12", "load_example", "Example", tooltip="Load a bundled example paste"),
        Binding("ctrl+o,alt+o", "open_in_catalogue", "Catalogue entry", show=False,
                tooltip="Open the top cause in the catalogue"),
        # Not in the footer (80 columns hold eight keys); the paste box's title shows it.
        Binding("ctrl+n,alt+n", "clear", "Clear", show=False, tooltip="Clear the paste"),
    ]
    AUTO_FOCUS = "#paste"

    def __init__(self) -> None:
        super().__init__()
        self._gen = 0                      # bumped for every diagnosis requested
        self._requested: str | None = None  # the text of the latest request (skip identical re-requests)
        self._huge: str | None = None      # the whole paste when the box only shows a preview
        self._given_env: tuple[str, Mapping[str, str]] | None = None  # (paste, env) from run_app/open_paste
        self._debounce = None
        self._language_pinned = False      # the user picked an SDK language: keep it across pastes
        self._languages_loaded = False     # the Select's options come from the knowledge base, once
        self.outcome: Outcome | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="paste-pane"):
                yield Label("Paste  · ctrl+n clear · ctrl+p all actions · F1 help", id="paste-title")
                yield PasteArea(id="paste", soft_wrap=True, placeholder="Paste an error, traceback, curl -v dump, "
                                "SSE stream or request body here…")
                yield Static(id="paste-note")
            yield ResultsPanel(id="results")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#paste-note").display = False

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        self.set_class(narrow, "-narrow")
        footer = self.query_one(Footer)
        footer.compact = narrow
        footer.show_command_palette = not narrow  # the paste box's title names ctrl+p instead

    # --- the paste ------------------------------------------------------------------------

    @property
    def paste_text(self) -> str:
        return self._huge if self._huge is not None else from_visible(self.query_one(PasteArea).text)

    def set_paste(self, text: str, env: Mapping[str, str] | None = None) -> None:
        """Replace the paste (from the CLI, an example, "try it" or a huge paste) and diagnose it now."""
        area = self.query_one(PasteArea)
        note = self.query_one("#paste-note", Static)
        self._given_env = (text, env) if env is not None else None
        if len(text) > LARGE:
            self._huge = text
            lines = text.count("\n") + 1
            note.update(Text(f"Large paste: {len(text) / 1e6:.1f} MB, {lines:,} lines. The box shows its start and end "
                             "(read-only); the engine reads all of it. ctrl+n clears.", style="yellow"))
            note.display = True
            area.read_only = True
            area.language = None
            area.load_text(to_visible(preview(text)))
        else:
            self._huge = None
            note.display = False
            area.read_only = False
            area.load_text(to_visible(text))
        self.diagnose_now()

    def on_paste_area_huge_paste(self, message: PasteArea.HugePaste) -> None:
        self.set_paste(message.text)

    @on(TextArea.Changed, "#paste")
    def _paste_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_S, self.diagnose_now)

    def diagnose_now(self) -> None:
        """Start diagnosing the current paste (the debounce timer ends here)."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        text = self.paste_text
        if self._huge is None and len(text) > LARGE:  # typed or pasted past the limit bit by bit
            self.set_paste(text)
            return
        if text is self._requested or text == self._requested:
            return
        self._requested = text
        self._gen += 1
        panel = self.query_one(ResultsPanel)
        if not text.strip():
            self.outcome = None
            self.query_one(PasteArea).language = None
            panel.show_welcome()
            return
        if len(text) > 100_000:
            panel.set_status(f"Diagnosing {len(text) / 1e6:.1f} MB…", "yellow")
        given = self._given_env[1] if self._given_env and self._given_env[0] == text else None
        self._run(self._gen, text, given, self.app.current_theme.dark)

    # An explicit description: by default Textual builds one from repr() of the arguments, which for
    # a 10 MB paste costs ~40 ms on the UI thread.
    @work(thread=True, exclusive=True, group="diagnose", exit_on_error=False, description="diagnose the paste")
    def _run(self, gen: int, text: str, env: Mapping[str, str] | None, dark: bool) -> None:
        build = outcomes.build_elsewhere if len(text) > LARGE else outcomes.build
        try:
            outcome = build(gen, text, env, env is not None, dark)
        except Exception as exc:  # noqa: BLE001 - shown in the panel; the app must stay up
            self.post_message(DiagnosisFailed(gen, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(Diagnosed(outcome))

    def on_diagnosed(self, message: Diagnosed) -> None:
        outcome = message.outcome
        if outcome.gen != self._gen:
            return  # an older paste's answer, overtaken while it ran
        self.outcome = outcome
        area = self.query_one(PasteArea)
        want = "json" if outcome.is_json and "json" in area.available_languages else None
        if area.language != want and self._huge is None:
            area.language = want
        self.query_one(ResultsPanel).show(outcome)
        self._sync_language(outcome)

    def on_diagnosis_failed(self, message: DiagnosisFailed) -> None:
        if message.gen == self._gen:
            self.outcome = None
            self.query_one(ResultsPanel).show_failure(
                f"claude-triage could not diagnose this paste ({message.error}). This is a bug; please report it.")

    # --- the SDK language of the catch-chain snippet ---------------------------------------

    def _sync_language(self, outcome: Outcome) -> None:
        import knowledge
        select = self.query_one("#language", Select)
        label = self.query_one("#snippet-label", Label)
        kb = knowledge.load()
        with self.prevent(Select.Changed):
            if not self._languages_loaded:
                select.set_options((lang, lang) for lang in kb.sdks)
                self._languages_loaded = True
            if self._language_pinned and select.value in kb.sdks:
                self._show_snippet(str(select.value))
            else:
                select.value = outcome.language if outcome.language in kb.sdks else outcomes.DEFAULT_LANGUAGE
        label.update("Catch chain (detected) for " if outcome.language else "Catch chain (pick your SDK) for ")

    @on(Select.Changed, "#language")
    def _language_picked(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        self._language_pinned = True
        self._show_snippet(str(event.value))

    def _show_snippet(self, language: str) -> None:
        import knowledge
        text = outcomes.snippet_text(knowledge.load(), language, self.app.current_theme.dark)
        self.query_one("#snippet", Static).update(text or Text("No snippet for this SDK."))

    # --- actions ---------------------------------------------------------------------------

    def _need_outcome(self) -> Outcome | None:
        if self.outcome is None:
            self.notify("Nothing diagnosed yet: paste an error first (ctrl+l loads an example).",
                        severity="warning", markup=False)
        return self.outcome

    def action_copy_fix(self) -> None:
        if (outcome := self._need_outcome()) is None:
            return
        if not outcome.fix:
            self.notify("No cause matched, so there is no fix to copy.", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(outcome.fix)
        self.notify("Copied the top cause's fix (through the terminal: OSC 52).", markup=False)

    def action_copy_report(self) -> None:
        if (outcome := self._need_outcome()) is not None:
            self.app.copy_to_clipboard(outcome.markdown)
            self.notify("Copied the redacted Markdown report (through the terminal: OSC 52).", markup=False)

    def action_save_report(self) -> None:
        if self._need_outcome() is None:
            return
        self.app.push_screen(SaveReportModal(DEFAULT_REPORT_PATH), self._save_to)

    def _save_to(self, path: str | None) -> None:
        if not path or self.outcome is None:
            return
        target = Path(path).expanduser()
        try:
            target.write_text(self.outcome.markdown, encoding="utf-8")
        except OSError as exc:
            self.notify(f"Could not save to {target}: {exc.strerror or exc}", severity="error", markup=False)
            return
        self.notify(f"Saved the redacted report to {target}", markup=False)

    def action_load_example(self) -> None:
        self.app.push_screen(ExampleModal(), self._load_example)

    def _load_example(self, cause_id: str | None) -> None:
        if not cause_id:
            return
        import knowledge
        cause = knowledge.load().cause_by_id[cause_id]
        self.set_paste(cause.examples[0].paste)  # its declared env is found by `outcome.example_env`
        self.query_one(PasteArea).focus()

    def action_open_in_catalogue(self) -> None:
        if (outcome := self._need_outcome()) is None or outcome.top_id is None:
            return
        self.app.show_catalogue(outcome.top_id)

    def action_clear(self) -> None:
        self.set_paste("")
        self.query_one(PasteArea).focus()
