"""The Diagnose screen: a paste box on one side, the engine's ranked causes on the other.

Flow: the paste changes → a short debounce → a thread worker runs the engine (`outcome.build`; in a child process for a huge paste)
and posts `Diagnosed` → the handler updates the widgets. The worker touches no widget; a newer
paste cancels the older worker (exclusive) and any answer that still arrives for an older paste
is dropped by its generation number, so typing never shows stale results.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ..redact import redact
from . import outcome as outcomes
from .outcome import LARGE, Outcome
from .results import ResultsPanel

# A paste up to this size is diagnosed on the UI thread (~10 ms for 2 KB, well under a frame);
# beyond it in a thread, and beyond outcome.LARGE in a child process. A thread costs a hand-over
# per GIL switch interval while the UI repaints, which for a small paste is most of the wait.
INLINE = 16_000
DEBOUNCE_S = 0.2  # long enough to skip the keystrokes of a word, short enough to feel live
NARROW = 110      # below this many columns the paste box sits above the results, not beside them
NARROW_FOOTER = 100  # below this many columns footers go compact (see TriageApp._fit_footer)
DEFAULT_REPORT_PATH = "./claude-triage-report.md"
PLACEHOLDER = "Paste an error, traceback, curl -v dump, SSE stream or request body here…"


class Diagnosed(Message):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


class DiagnosisFailed(Message):
    def __init__(self, gen: int, error: str) -> None:
        super().__init__()
        self.gen = gen
        self.error = error


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
        # Enter or a click on a cause's title row opens that one (Textual's Collapsible). A priority
        # binding: the paste box (TextArea) would take F6 as "select line".
        Binding("f6,alt+c", "toggle_causes", "Causes", show=False, priority=True,
                tooltip="Open every cause's block, or close all but the top one"),
    ]
    AUTO_FOCUS = ""  # none: the paste box takes focus when it is mounted, just after the first paint

    def __init__(self) -> None:
        super().__init__()
        self._gen = 0                      # bumped for every diagnosis requested
        self._requested: str | None = None  # the text of the latest request (skip identical re-requests)
        self._huge: str | None = None      # the whole paste when the box only shows a preview
        self._given_env: tuple[str, Mapping[str, str]] | None = None  # (paste, env) from open_paste
        self._debounce = None
        self._area = None                  # the PasteArea, once mounted
        self._pending: tuple[str, Mapping[str, str] | None] | None = None  # a paste that came before it
        self.outcome: Outcome | None = None

    def compose(self) -> ComposeResult:
        # Styles that depend on the terminal's width are chosen now: switching them after the first
        # layout restyles every widget again (~80 ms at start-up on an 80-column terminal).
        width = self.app.size.width
        self.set_class(width < NARROW, "-narrow", update=False)
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="paste-pane"):
                # A Static, not a Label: Label's stylesheet alone costs the first frame ~1 ms to parse.
                yield Static("Paste · ^n clear · ^p all actions · F1 help", id="paste-title")
                yield Static(PLACEHOLDER, id="paste-placeholder")  # the paste box's stand-in for the first frame
            yield ResultsPanel(id="results")
        yield Footer(compact=width < NARROW_FOOTER, show_command_palette=width >= NARROW_FOOTER)

    async def mount_paste_area(self) -> None:
        """Swap the stand-in for the real paste box; the app calls this once its first frame is
        painted (see paste.py for why it waits)."""
        if self._area is not None:
            return
        pane = self.query_one("#paste-pane")
        if not pane.is_attached:  # the app quit within its first frame
            return
        from .paste import PasteArea
        area = PasteArea(id="paste", soft_wrap=True, placeholder=PLACEHOLDER)
        placeholder = self.query_one("#paste-placeholder")
        await pane.mount(area, before=placeholder)
        await placeholder.remove()
        self._area = area
        if self.focused is None:
            area.focus()
        if self._pending is not None:
            self.set_paste(*self._pending)

    async def prepare_results(self) -> None:
        """Mount the results' spare cause blocks (after the first frame, like the paste box)."""
        panel = self.query_one(ResultsPanel)
        if panel.is_attached and not panel.query_one("#causes").children:  # a paste may have mounted them
            await panel.prepare_blocks()

    def on_paste(self, event: events.Paste) -> None:
        if self._area is None:  # pasted within the first frames: keep it for the box
            self._pending = (event.text, None)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    # --- the paste ------------------------------------------------------------------------

    @property
    def paste_text(self) -> str:
        if self._huge is not None:
            return self._huge
        if self._area is None:
            return self._pending[0] if self._pending else ""
        from .paste import from_visible
        return from_visible(self._area.text)

    def set_paste(self, text: str, env: Mapping[str, str] | None = None) -> None:
        """Replace the paste (from the CLI, an example, "try it" or a huge paste) and diagnose it now."""
        if (area := self._area) is None:
            self._pending = (text, env)
            return
        self._pending = None
        from .paste import preview, to_visible
        if len(text) > LARGE:
            if "\r" in text:  # terminals paste line breaks as CR; the preview and the line count need LF
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            self._huge = text  # diagnosed as it is; only its preview is shown, masked
            lines = text.count("\n") + 1
            note = self._note()
            note.update(Text(f"Large paste: {len(text) / 1e6:.1f} MB, {lines:,} lines. The box shows its start and end "
                             "(read-only); the engine reads all of it. ctrl+n clears.", style="yellow"))
            note.display = True
            area.read_only = True
            area.language = None
            area.load_text(to_visible(redact(preview(text))))
        else:
            self._huge = None
            text = redact(text)
            for note in self.query("#paste-note"):
                note.display = False
            area.read_only = False
            area.load_text(to_visible(text))
        self._given_env = (text, env) if env is not None else None
        self.diagnose_now()

    def _note(self) -> Static:
        """The line above the paste box about a large paste (mounted when first needed)."""
        found = self.query("#paste-note")
        if found:
            return found.first(Static)
        note = Static(id="paste-note")
        self.query_one("#paste-pane").mount(note)
        return note

    def on_paste_area_huge_paste(self, message) -> None:
        self.set_paste(message.text)
        from ..scan import looks_like_log
        if looks_like_log(message.text.encode("utf-8", "replace")):
            self.app.open_scan(text=message.text)

    def on_paste_area_log_pasted(self, message) -> None:
        self.app.open_scan(text=message.text)

    def on_text_area_changed(self) -> None:  # by name: importing TextArea for @on would cost start-up time
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
            if self._area is not None:
                self._area.language = None
            panel.show_welcome()
            return
        if len(text) > 100_000:
            panel.set_status(f"Diagnosing {len(text) / 1e6:.1f} MB…", "yellow")
        fixed = self._given_env is not None and self._given_env[0] == text
        env = self._given_env[1] if fixed else getattr(self.app, "env", None)
        args = (self._gen, text, env, fixed, self.app.current_theme.dark)
        if len(text) <= INLINE:  # a few ms: less than a thread's hand-over costs
            message = self._build(*args)
            # Handled here, not posted: the causes are painted in the same frame as the paste
            # (a posted message lets one repaint of the paste alone, ~20 ms, go first).
            (self.on_diagnosed if isinstance(message, Diagnosed) else self.on_diagnosis_failed)(message)
        else:
            self._run(*args)

    # An explicit description: by default Textual builds one from repr() of the arguments, which for
    # a 10 MB paste costs ~40 ms on the UI thread.
    @work(thread=True, exclusive=True, group="diagnose", exit_on_error=False, description="diagnose the paste")
    def _run(self, gen: int, text: str, env: Mapping[str, str] | None, fixed: bool, dark: bool) -> None:
        self.post_message(self._build(gen, text, env, fixed, dark))

    @staticmethod
    def _build(gen: int, text: str, env: Mapping[str, str] | None, fixed: bool, dark: bool) -> Message:
        build = outcomes.build_elsewhere if len(text) > LARGE else outcomes.build
        try:
            return Diagnosed(build(gen, text, env, fixed, dark))
        except Exception as exc:  # noqa: BLE001 - shown in the panel; the app must stay up
            return DiagnosisFailed(gen, f"{type(exc).__name__}: {exc}")

    def on_diagnosed(self, message: Diagnosed) -> None:
        outcome = message.outcome
        if outcome.gen != self._gen:
            return  # an older paste's answer, overtaken while it ran
        self.outcome = outcome
        area = self._area
        want = "json" if outcome.is_json and area and "json" in area.available_languages else None
        if area is not None and area.language != want and self._huge is None:
            area.language = want
        self.query_one(ResultsPanel).show(outcome)

    def on_diagnosis_failed(self, message: DiagnosisFailed) -> None:
        if message.gen == self._gen:
            self.outcome = None
            self.query_one(ResultsPanel).show_failure(
                f"claude-triage could not diagnose this paste ({message.error}). This is a bug; please report it.")

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
        from .modals import SaveReportModal
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
        from .modals import ExampleModal
        self.app.push_screen(ExampleModal(), self._load_example)

    def _load_example(self, cause_id: str | None) -> None:
        if not cause_id:
            return
        import knowledge
        cause = knowledge.load().cause_by_id[cause_id]
        self.set_paste(cause.examples[0].paste)  # its declared env is found by `outcome.example_env`
        if self._area is not None:
            self._area.focus()

    def action_open_in_catalogue(self) -> None:
        if (outcome := self._need_outcome()) is None or outcome.top_id is None:
            return
        self.app.show_catalogue(outcome.top_id)

    def action_toggle_causes(self) -> None:
        self.query_one(ResultsPanel).toggle_all()

    def action_clear(self) -> None:
        self.set_paste("")
        if self._area is not None:
            self._area.focus()
