"""The Checks screen: a step-by-step walk through the offline checks and the live probes, ending
in conclusions.

All the judging is in tui.checks and tui.probe (no Textual); this screen shows their results per
step, asks the questions the checks define, re-runs them when an answer changes, and links each
conclusion to its catalogue entry. Only the live step sends anything, and only when the user
presses its Run (or Shrink) button: see live.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Footer, Header, Label, RadioButton, RadioSet, Static

from ..checks import QUESTIONS, STEPS, CheckResult, conclusions, run_offline
from ..render.checks import MARK
from ..render.doc import STYLES
from .live import LivePanel
from .rows import LINKED, CheckRow

CONCLUSIONS = ("conclusions", "Conclusions")
ALL_STEPS = (*STEPS, CONCLUSIONS)
# Step names in the progress bar, short enough for all six to fit in 80 columns.
SHORT = {"environment": "Credentials", "network": "Network", "sdk": "SDK", "setup": "Setup", "live": "Live",
         "conclusions": "Conclusions"}
WORST = ("fail", "warn", "info", "pass", "skip")


class ChecksScreen(Screen):
    DEFAULT_CSS = """
    ChecksScreen #chk-steps { height: 1; padding: 0 1; }
    ChecksScreen .summary { margin-bottom: 1; }
    ChecksScreen #chk-note { height: 1; padding: 0 1; color: $text-muted; }
    ChecksScreen #chk-switch { height: 1fr; }
    ChecksScreen .step { padding: 1 2 0 2; }
    ChecksScreen .step-title { text-style: bold underline; margin-bottom: 1; }
    ChecksScreen .question { margin-top: 1; text-style: bold; }
    ChecksScreen RadioSet { width: 100%; margin-bottom: 1; }
    ChecksScreen #chk-nav { height: auto; padding: 0 1; }
    ChecksScreen #chk-nav Button { margin-right: 2; }
    ChecksScreen #chk-position { color: $text-muted; }
    """
    BINDINGS = [
        # Next and Back are shown on their buttons; the footer keeps room for the app's keys at 80 columns.
        Binding("n,f7", "step(1)", "Next", tooltip="Next step", show=False),
        Binding("b,f6", "step(-1)", "Back", tooltip="Previous step", show=False),
        Binding("r,f5", "rerun", "Re-run", tooltip="Read the environment again and redo every check"),
        Binding("c,f8", "goto('conclusions')", "Conclusions", tooltip="Jump to the conclusions"),
        # Live step only: the keys that send (see check_action).
        Binding("l,f9", "run_live", "Run probes", tooltip="Send the live probes with your credential"),
        Binding("s,f12", "shrink", "Shrink", tooltip="Shrink the Diagnose paste's failing request (asks first)"),
        Binding("escape", "cancel_live", "Cancel", tooltip="Stop the probes or the shrinking now"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._answers: dict[str, str] = {}
        self._results: list[CheckResult] = []
        self._step = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="chk-steps")
        yield Static(Text("Nothing is sent except from the live step, when you press Run. Keys are shown masked."),
                     id="chk-note")
        with ContentSwitcher(initial=f"step-{STEPS[0][0]}", id="chk-switch"):
            for step_id, title in ALL_STEPS:
                with VerticalScroll(id=f"step-{step_id}", classes="step"):
                    yield Label(title, classes="step-title")
                    if step_id == "setup":
                        yield from self._questions()
                    if step_id == "live":
                        yield LivePanel(id="live-panel")  # shows its own results
                    else:
                        yield Vertical(id=f"results-{step_id}")
        with Horizontal(id="chk-nav"):
            yield Button("◀ Back (b)", id="chk-back", compact=True)
            yield Button("Next (n) ▶", id="chk-next", variant="primary", compact=True)
            yield Static(id="chk-position")
        yield Footer()

    def _questions(self) -> ComposeResult:
        for q in QUESTIONS:
            yield Label(q.prompt, classes="question")
            yield RadioSet(*(RadioButton(label, name=value) for value, label in q.options), id=f"q-{q.id}")

    async def on_mount(self) -> None:
        await self.action_rerun()

    # --- running the checks ---------------------------------------------------------------

    def _env(self):
        # TriageApp may carry the environment to check (tests set it); None means os.environ.
        return getattr(self.app, "env", None)

    def _live(self) -> list[CheckResult]:
        return self.query_one(LivePanel).results

    async def action_rerun(self) -> None:
        self._results = run_offline(self._env(), self._answers,
                                    sdk_version=getattr(self.app, "sdk_version", None))
        for step_id, _ in ALL_STEPS:
            if step_id != "live":
                await self._fill(step_id)
        await self.query_one(LivePanel).show_config()  # the environment may point elsewhere now
        self._show_step()

    async def _fill(self, step_id: str) -> None:
        rows = conclusions(self._results + self._live()) if step_id == "conclusions" else \
            [r for r in self._results if r.step == step_id]
        box = self.query_one(f"#results-{step_id}", Vertical)
        await box.remove_children()
        widgets: list[Widget] = [CheckRow(r) for r in rows]
        if step_id == "conclusions":
            widgets.insert(0, Static(Text(_summary(rows, bool(self._live()))), classes="summary"))
        await box.mount_all(widgets)

    async def on_live_panel_changed(self) -> None:
        await self._fill("conclusions")
        self._show_step()

    def on_screen_resume(self) -> None:
        self.query_one(LivePanel).read_paste()  # the Diagnose paste may hold another request now

    # --- the live step's keys --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("run_live", "shrink"):
            if ALL_STEPS[self._step][0] != "live":
                return False  # keys that send work only where you see what they send
            panel = self.query_one(LivePanel)
            return None if panel.busy or (action == "shrink" and panel.request is None) else True
        if action == "cancel_live":
            return self.query_one(LivePanel).busy
        return True

    def _on_live_step(self) -> bool:
        """Whether the live step is showing; if not, show it first (the palette can ask from any step)."""
        if ALL_STEPS[self._step][0] == "live":
            return True
        self.action_goto("live")
        self.notify("This is where live probes go and with which key: press the button (or the key) to send.",
                    markup=False)
        return False

    def action_run_live(self) -> None:
        if self._on_live_step():
            self.query_one(LivePanel).run_probes()

    def action_shrink(self) -> None:
        if self._on_live_step():
            self.query_one(LivePanel).shrink_request()

    def palette_commands(self) -> Iterator[SystemCommand]:
        """The live step's actions in the command palette (see TriageApp.get_system_commands)."""
        # Called directly, not through run_action: check_action hides these keys outside the live
        # step, where the palette should instead show the step first (_on_live_step).
        yield SystemCommand("Run live probes", "Send the live probes with your credential (l / F9 on the live step)",
                            self.action_run_live)
        yield SystemCommand("Shrink the failing request",
                            "Shrink the Diagnose paste's request; asks first (s / F12 on the live step)",
                            self.action_shrink)

    def action_cancel_live(self) -> None:
        self.query_one(LivePanel).cancel()

    @on(Button.Pressed, "#live-run")
    def _run_pressed(self) -> None:
        self.action_run_live()

    @on(Button.Pressed, "#live-shrink")
    def _shrink_pressed(self) -> None:
        self.action_shrink()

    @on(RadioSet.Changed)
    async def _answered(self, event: RadioSet.Changed) -> None:
        question = (event.radio_set.id or "").removeprefix("q-")
        if event.pressed.name:
            self._answers[question] = event.pressed.name
            await self.action_rerun()

    # --- moving between steps -------------------------------------------------------------

    def _show_step(self) -> None:
        step_id, _ = ALL_STEPS[self._step]
        self.query_one("#chk-switch", ContentSwitcher).current = f"step-{step_id}"
        parts: list[tuple[str, str] | str] = []
        everything = self._results + self._live()
        for i, (sid, _) in enumerate(ALL_STEPS):
            worst = _worst([r for r in everything if r.step == sid])
            mark = f" {MARK[worst][0][0]}" if worst else ""
            style = "reverse bold" if i == self._step else STYLES.get(MARK[worst][1], "") if worst else ""
            parts.append((f" {i + 1} {SHORT[sid]}{mark} ", style))
        self.query_one("#chk-steps", Static).update(Text.assemble(*parts, no_wrap=True, overflow="ellipsis"))
        self.query_one("#chk-back", Button).disabled = self._step == 0
        self.query_one("#chk-next", Button).disabled = self._step == len(ALL_STEPS) - 1
        self.query_one("#chk-position", Static).update(Text(f"step {self._step + 1} of {len(ALL_STEPS)}"))

    def action_step(self, delta: int) -> None:
        self._step = max(0, min(len(ALL_STEPS) - 1, self._step + delta))
        self._show_step()
        self.refresh_bindings()  # the live step's keys come and go (see check_action)

    def action_goto(self, step_id: str) -> None:
        self._step = next(i for i, (sid, _) in enumerate(ALL_STEPS) if sid == step_id)
        self._show_step()
        self.refresh_bindings()

    @on(Button.Pressed, "#chk-next")
    def _next(self) -> None:
        self.action_step(1)

    @on(Button.Pressed, "#chk-back")
    def _back(self) -> None:
        self.action_step(-1)

    @on(Button.Pressed, ".open-cause")
    def _open_cause(self, event: Button.Pressed) -> None:
        self.app.show_catalogue(event.button.name)  # type: ignore[attr-defined] - TriageApp's method


def _worst(results: list[CheckResult]) -> str | None:
    return min((r.status for r in results), key=WORST.index, default=None)


def _summary(rows: list[CheckResult], probed: bool) -> str:
    if not rows:
        where = "offline or by the live probes" if probed else "offline"
        return f"Nothing to fix was found {where}. If calls still fail, paste the error on the Diagnose screen."
    counts = {s: sum(r.status == s for r in rows) for s in LINKED}
    said = ", ".join(f"{n} {word}" for n, word in ((counts["fail"], "to fix"), (counts["warn"], "to look at"),
                                                  (counts["info"], "worth knowing")) if n)
    return f"{said}. Open an entry to read the cause and its fix."
