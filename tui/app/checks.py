"""The Checks screen: a step-by-step walk through the offline checks, ending in conclusions.

All the judging is in tui.checks (no Textual); this screen shows its results per step, asks the
questions it defines, re-runs it when an answer changes, and links each conclusion to its
catalogue entry. Nothing is sent anywhere: the live-probe step is a disabled placeholder.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Footer, Header, Label, RadioButton, RadioSet, Static

from ..checks import QUESTIONS, STEPS, CheckResult, conclusions, run_offline
from ..render.checks import MARK
from ..render.doc import STYLES

CONCLUSIONS = ("conclusions", "Conclusions")
ALL_STEPS = (*STEPS, CONCLUSIONS)
# Step names in the progress bar, short enough for all six to fit in 80 columns.
SHORT = {"environment": "Credentials", "network": "Network", "sdk": "SDK", "setup": "Setup", "live": "Live",
         "conclusions": "Conclusions"}
LINKED = ("fail", "warn", "info")  # outcomes worth a link to their catalogue entry
WORST = ("fail", "warn", "info", "pass", "skip")


class CheckRow(Vertical):
    """One check: status mark, title and detail as literal text, and a link to its catalogue entry."""

    DEFAULT_CSS = """
    CheckRow { height: auto; margin-bottom: 1; }
    CheckRow .detail { padding-left: 9; color: $text; }
    CheckRow Button { margin-left: 9; }
    """

    def __init__(self, result: CheckResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        r = self.result
        mark, style = MARK.get(r.status, (r.status, ""))
        yield Static(Text.assemble((f"{mark:<7}", STYLES.get(style, "")), "  ", (r.title, "bold")))
        yield Static(Text(r.detail), classes="detail")
        if r.cause_id and r.status in LINKED:
            yield Button(f"Open {r.cause_id} in the catalogue", name=r.cause_id, classes="open-cause",
                         compact=True)


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
    ]

    def __init__(self) -> None:
        super().__init__()
        self._answers: dict[str, str] = {}
        self._results: list[CheckResult] = []
        self._step = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="chk-steps")
        yield Static(Text("Offline: nothing is sent anywhere. Keys are shown masked."), id="chk-note")
        with ContentSwitcher(initial=f"step-{STEPS[0][0]}", id="chk-switch"):
            for step_id, title in ALL_STEPS:
                with VerticalScroll(id=f"step-{step_id}", classes="step"):
                    yield Label(title, classes="step-title")
                    if step_id == "setup":
                        yield from self._questions()
                    if step_id == "live":
                        yield Static(Text("Live probes will send a few requests with your credential (list "
                                          "models, count tokens) to test it for real. They are not part of this "
                                          "version, and nothing is sent from this screen."))
                        yield Button("Run live probes (available in a later version)", id="chk-live",
                                     disabled=True, compact=True)
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

    async def action_rerun(self) -> None:
        self._results = run_offline(self._env(), self._answers)
        for step_id, _ in ALL_STEPS:
            rows = conclusions(self._results) if step_id == "conclusions" else \
                [r for r in self._results if r.step == step_id]
            box = self.query_one(f"#results-{step_id}", Vertical)
            await box.remove_children()
            widgets: list[Widget] = [CheckRow(r) for r in rows]
            if step_id == "conclusions":
                widgets.insert(0, Static(Text(_summary(rows)), classes="summary"))
            await box.mount_all(widgets)
        self._show_step()

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
        for i, (sid, _) in enumerate(ALL_STEPS):
            worst = _worst([r for r in self._results if r.step == sid])
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

    def action_goto(self, step_id: str) -> None:
        self._step = next(i for i, (sid, _) in enumerate(ALL_STEPS) if sid == step_id)
        self._show_step()

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


def _summary(rows: list[CheckResult]) -> str:
    if not rows:
        return "Nothing to fix was found offline. If calls still fail, paste the error on the Diagnose screen."
    counts = {s: sum(r.status == s for r in rows) for s in LINKED}
    said = ", ".join(f"{n} {word}" for n, word in ((counts["fail"], "to fix"), (counts["warn"], "to look at"),
                                                  (counts["info"], "worth knowing")) if n)
    return f"{said}. Open an entry to read the cause and its fix."
