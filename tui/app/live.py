"""The Checks screen's live step: the one place in the app that sends anything.

Opening the step, or moving between steps, sends nothing: the panel shows where probes would go
(base URL and where it came from, the credential masked, the model) and waits. Only "Run live
probes" and "Shrink the failing request" send, and only after `refusal()` has no objection and,
for a plain-http base URL that is not this machine, after an explicit yes. Probes and shrinking
run in one exclusive async worker group; results reach the widgets as messages, and Escape
cancels the worker. The probe layer (tui.probe) times out every request and retries none.

The request to validate or shrink is the one in the Diagnose paste, read by the engine's reader
(the app parses nothing itself). That reading happens in a thread, which also imports tui.probe
(httpx: ~90 ms), so opening the Checks screen costs the UI thread nothing; the panel shows what
it would send once that thread is done.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Static
from textual.worker import Worker, WorkerState

from ..redact import redact_obj, redact
from ..render.checks import shrink_doc, step_line
from ..render.doc import clean, to_rich
from .rows import ProbeRow

if TYPE_CHECKING:
    from ..probe import ProbeConfig

SHRINK_TIMEOUT = 30.0  # s per shrink request: a full request can take longer than a probe
SHOWN_JSON = 6000      # characters of the smallest request shown; "Copy it" takes all of it
CREDENTIAL = {"api-key": "from ANTHROPIC_API_KEY, sent as x-api-key",
              "bearer": "from ANTHROPIC_AUTH_TOKEN, sent as Authorization: Bearer",
              "both": "ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN are both set", "none": "none set"}
INTRO = ("Probes test your credential for real: list the models it sees, look up the model below and, when the "
         "Diagnose paste holds a request, validate it with count_tokens. All free. Nothing is sent until you press "
         "Run; each probe times out and none is retried.")


def probe():
    """tui.probe, imported on first use: by `LivePanel._read`'s thread, before anything needs it."""
    from .. import probe as module
    return module


class ProbeDone(Message):
    def __init__(self, result) -> None:
        super().__init__()
        self.result = result


class StepDone(Message):
    def __init__(self, step) -> None:
        super().__init__()
        self.step = step


class PasteRead(Message):
    def __init__(self, request: dict | None) -> None:
        super().__init__()
        self.request = request


class LivePanel(Vertical):
    DEFAULT_CSS = """
    LivePanel { height: auto; }
    LivePanel #live-intro, LivePanel #live-where { margin-bottom: 1; }
    LivePanel .bar { height: auto; margin-bottom: 1; }
    LivePanel .bar Button { margin-right: 2; }
    LivePanel #live-model { width: 32; }
    LivePanel #live-spend { margin-bottom: 1; }
    LivePanel #live-refusal { height: auto; color: $error; }
    LivePanel #live-refusal Button { margin: 0 0 1 0; }
    LivePanel #live-status { margin-bottom: 1; }
    LivePanel #live-results, LivePanel #shrink-box { height: auto; }
    LivePanel .shrink-title { text-style: bold underline; margin-top: 1; }
    LivePanel #shrink-json { margin: 1 0; padding: 0 1; background: $surface; }
    """

    class Changed(Message):
        """The live results changed: the screen updates its conclusions and step marks."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.results: list = []          # ProbeResults of the latest run
        self.request: dict | None = None  # the request in the Diagnose paste, if any
        self._auto_model = ""             # the model the panel chose (replaced until the user types one)
        self._ready = False               # tui.probe is imported and the paste read (see _read)
        self._worker: Worker | None = None
        self._rows: dict[str, ProbeRow] = {}
        self._shrinking: tuple[ProbeConfig, dict] | None = None
        self._smallest = ""               # the redacted JSON of the smallest failing request

    def compose(self) -> ComposeResult:
        yield Static(Text(INTRO), id="live-intro")
        yield Static(id="live-where")
        with Horizontal(classes="bar"):
            yield Label("Model to look up  ")
            yield Input(id="live-model", compact=True)
        yield Checkbox("also send one 1-token message to read rate limits (costs a fraction of a cent)",
                       id="live-spend", compact=True)
        yield Vertical(id="live-refusal")
        with Horizontal(classes="bar"):
            yield Button("Run live probes (l / F9)", id="live-run", variant="warning", compact=True, disabled=True)
            yield Button("Shrink the failing request (s / F12)", id="live-shrink", compact=True, disabled=True)
        yield Static(id="live-status")
        yield Vertical(id="live-results")
        yield Vertical(id="shrink-box")

    def on_mount(self) -> None:
        self.read_paste()

    # --- what would be sent, and where ------------------------------------------------------

    def _env(self) -> Mapping[str, str] | None:
        return getattr(self.app, "env", None)  # TriageApp's environment (None: os.environ)

    @property
    def busy(self) -> bool:
        return self._worker is not None and not self._worker.is_finished

    def config(self, model: str | None = None, timeout: float | None = None) -> ProbeConfig:
        chosen = model or self.query_one("#live-model", Input).value.strip() or None  # None: the default model
        return probe().resolve(self._env(), model=chosen, timeout=timeout)

    async def show_config(self) -> None:
        """Show where probes would go, and why they would not, for the environment as it is now."""
        if not self._ready:
            return  # _read has not imported tui.probe yet; it calls this when it has
        cfg = self.config()
        lines = [("Sends to    ", redact(cfg.base_url), f"  (from {cfg.base_url_source})"),
                 ("Credential  ", cfg.shown_key or "—", f"  ({CREDENTIAL[cfg.credential]})")]
        if self.request is not None:
            model = self.request.get("model")
            what = f"{clean(model)} request" if isinstance(model, str) else "a request (no model)"
            lines.append(("Request     ", f"{what} from the Diagnose paste", ": validated with count_tokens"))
        else:
            lines.append(("Request     ", "none in the Diagnose paste", ": count_tokens is skipped"))
        text = Text()
        for label, value, note in lines:
            text.append(label, "bold").append(value, "cyan").append(note + "\n", "dim")
        if not cfg.is_secure:
            text.append("▲ plain http to another machine: the key would cross the network unencrypted. You will be "
                        "asked to confirm before anything is sent.", "bold yellow")
        self.query_one("#live-where", Static).update(text.rstrip() or text)
        box = self.query_one("#live-refusal", Vertical)
        await box.remove_children()
        stop = probe().refusal(cfg, self._env(), allow_insecure=True)
        if stop:
            await box.mount_all([Static(Text("✘ Nothing will be sent: " + stop[0])),
                                 Button(f"Open {stop[1]} in the catalogue", name=stop[1], classes="open-cause",
                                        compact=True)])
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.query_one("#live-run", Button).disabled = self.busy or not self._ready
        shrink = self.query_one("#live-shrink", Button)
        shrink.disabled = self.busy or self.request is None
        shrink.tooltip = "Paste the request body that fails with a 400 in Diagnose first" if self.request is None \
            else None

    def read_paste(self) -> None:
        """Find the request in the Diagnose paste (a thread: a paste can be megabytes)."""
        screen = getattr(self.app, "diagnose_screen", None)
        self._read(screen.paste_text if screen is not None else "")

    @work(thread=True, exclusive=True, group="live-paste", exit_on_error=False, description="read the paste")
    def _read(self, text: str) -> None:
        probe()  # imported here, off the UI thread (see the module's docstring)

        from ..reader import read
        request = read(text).request if text.strip() else None
        self.post_message(PasteRead(request if isinstance(request, dict) else None))

    async def on_paste_read(self, message: PasteRead) -> None:
        self._ready = True
        self.request = message.request
        model = self.request.get("model") if self.request else None
        wanted = model if isinstance(model, str) and model else probe().config.DEFAULT_MODEL
        field = self.query_one("#live-model", Input)
        if field.value.strip() == self._auto_model:  # the user has not typed a model of their own
            field.value = wanted
        self._auto_model = wanted
        await self.show_config()

    # --- sending: both actions ask before plain http to another machine ----------------------

    def _confirm_insecure(self, cfg: ProbeConfig, then) -> None:
        """Call `then(allow_insecure)` now, or after the user confirms a plain-http base URL."""
        if cfg.is_secure or probe().refusal(cfg, self._env(), allow_insecure=True):
            then(False)  # nothing to confirm, or refused anyway (run_live reports why, sending nothing)
            return
        from .modals import ConfirmModal
        question = Text.assemble(("Send your credential over plain http?\n\n", "bold"), "The base URL ",
                                 (redact(cfg.base_url), "bold cyan"), " is neither https nor this machine: the key ",
                                 (cfg.shown_key, "cyan"), " would travel unencrypted, readable on the way.")

        def answered(yes: bool | None) -> None:
            if yes:
                then(True)
            else:
                self._status("Nothing sent: the plain-http base URL was not confirmed.", "yellow")
        self.app.push_screen(ConfirmModal(question, yes="Send anyway", no="Don't send"), answered)

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#live-status", Static).update(Text(text, style=style))

    def _started(self, worker: Worker) -> None:
        self._worker = worker
        self._sync_buttons()
        self.screen.refresh_bindings()  # Escape (cancel) shows in the footer while this runs

    # --- live probes -------------------------------------------------------------------------

    def run_probes(self) -> None:
        if self._ready and not self.busy:
            cfg = self.config()
            self._confirm_insecure(cfg, lambda allow: self.call_later(self._start_probes, cfg, allow))

    async def _start_probes(self, cfg: ProbeConfig, allow_insecure: bool) -> None:
        spend = self.query_one("#live-spend", Checkbox).value
        refused = probe().refusal(cfg, self._env(), allow_insecure) is not None
        planned = [] if refused else probe().plan(cfg, self.request, spend)  # a refusal is one row, made on arrival
        self._rows = {pid: ProbeRow(pid, title) for pid, title in planned}
        self.results = []
        box = self.query_one("#live-results", Vertical)
        await box.remove_children()
        await box.mount_all(list(self._rows.values()))
        self._status(f"Probing {redact(cfg.base_url)} … escape cancels", "dim")
        self._started(self._probe(cfg, self.request, spend, allow_insecure))
        self.post_message(self.Changed())  # the previous run's results leave the conclusions

    @work(exclusive=True, group="live", exit_on_error=False, name="probes", description="live probes")
    async def _probe(self, cfg: ProbeConfig, request: dict | None, spend: bool, allow_insecure: bool) -> list:
        return await probe().run_live(cfg, self._env(), request, spend, allow_insecure=allow_insecure,
                                      on_result=lambda result: self.post_message(ProbeDone(result)))

    async def on_probe_done(self, message: ProbeDone) -> None:
        result = message.result
        self.results.append(result)
        row = self._rows.get(result.id)
        if row is None:  # the preflight refusal: a result no plan announced
            row = self._rows[result.id] = ProbeRow(result.id, result.title)
            await self.query_one("#live-results", Vertical).mount(row)
        await row.show(result)

    # --- shrinking ---------------------------------------------------------------------------

    def shrink_request(self) -> None:
        if self.busy or self.request is None:
            return
        request = self.request
        model = request.get("model") if isinstance(request.get("model"), str) else None
        cfg = self.config(model=model, timeout=SHRINK_TIMEOUT)
        stop = probe().refusal(cfg, self._env(), allow_insecure=True)
        if stop:
            self._status(f"Nothing sent: {stop[0]}", "bold red")
            return
        self._confirm_insecure(cfg, lambda allow: self._start_estimate(cfg, request))

    def _start_estimate(self, cfg: ProbeConfig, request: dict) -> None:
        self._shrinking = (cfg, request)
        self._status("Counting the request's tokens (count_tokens, free) for the cost estimate … escape cancels",
                     "dim")
        self._started(self._estimate(cfg, request))

    @work(exclusive=True, group="live", exit_on_error=False, name="estimate", description="count tokens")
    async def _estimate(self, cfg: ProbeConfig, request: dict) -> int | None:
        async with probe().transport.client(cfg) as http:
            return await probe().count_input_tokens(http, cfg, request)

    def _ask_budget(self, tokens: int | None) -> None:
        from .modals import ShrinkConsentModal
        assert self._shrinking is not None
        cfg, request = self._shrinking

        def answered(budget: int | None) -> None:
            if budget is None:
                self._status("Nothing sent beyond the free count_tokens call.", "yellow")
            else:
                self.call_later(self._start_shrink, cfg, request, budget)
        self._status("")
        self.app.push_screen(ShrinkConsentModal(redact(cfg.base_url), tokens), answered)

    async def _start_shrink(self, cfg: ProbeConfig, request: dict, budget: int) -> None:
        box = self.query_one("#shrink-box", Vertical)
        await box.remove_children()
        title = Label("Shrinking the Diagnose paste's request", classes="shrink-title")
        await box.mount(title)
        title.scroll_visible(top=True)  # below the probe results, often below the fold
        self._status(f"Sending the original request to {redact(cfg.base_url)} (budget {budget}) … escape cancels",
                     "dim")
        self._started(self._shrink(cfg, request, budget))

    @work(exclusive=True, group="live", exit_on_error=False, name="shrink", description="shrink the request")
    async def _shrink(self, cfg: ProbeConfig, request: dict, budget: int):
        transport = probe().transport
        async with transport.client(cfg) as http:
            def send(variant: dict):
                return transport.send(http, cfg, "POST", "/v1/messages", variant)
            return await probe().shrink(request, send, budget=budget,
                                        on_step=lambda step: self.post_message(StepDone(step)))

    async def on_step_done(self, message: StepDone) -> None:
        box = self.query_one("#shrink-box", Vertical)
        index = len(box.query(".shrink-step"))
        line = Static(to_rich(step_line(message.step, index + 1)), classes="shrink-step")
        await box.mount(line)
        line.scroll_visible()
        self._status(f"Shrinking: {index + 2} requests sent … escape cancels", "dim")  # + the original

    async def _show_report(self, report) -> None:
        box = self.query_one("#shrink-box", Vertical)
        widgets: list = [Static(to_rich(shrink_doc(report)))]
        request = self._shrinking[1] if self._shrinking else None
        if report.smallest is not None and report.smallest is not request:
            self._smallest = json.dumps(redact_obj(report.smallest), indent=2, ensure_ascii=False)
            widgets += [Label("Smallest request that still fails (keys masked):", classes="shrink-title"),
                        Static(Text(clean(self._smallest[:SHOWN_JSON])), id="shrink-json"),
                        Horizontal(Button("Copy it", id="shrink-copy", compact=True),
                                   Button("Open it in Diagnose", id="shrink-open", compact=True), classes="bar")]
        await box.mount_all(widgets)
        widgets[-1].scroll_visible()

    @on(Button.Pressed, "#shrink-copy")
    def _copy(self) -> None:
        self.app.copy_to_clipboard(self._smallest)
        self.notify("Copied the smallest failing request (through the terminal: OSC 52).", markup=False)

    @on(Button.Pressed, "#shrink-open")
    def _open(self) -> None:
        self.app.open_paste(self._smallest)  # type: ignore[attr-defined] - TriageApp's method

    # --- the worker's end: done, failed or cancelled ------------------------------------------

    def cancel(self) -> None:
        if self.busy and self._worker is not None:
            self._worker.cancel()

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self._worker or not worker.is_finished:
            return
        self._sync_buttons()
        self.screen.refresh_bindings()
        if worker.name == "probes":
            self.post_message(self.Changed())  # once per run: rebuilding the conclusions is not free
        if event.state == WorkerState.CANCELLED:
            for row in self._rows.values():
                row.cancel()
            self._status(f"Cancelled ({worker.description}): requests in flight were abandoned; nothing is retried.",
                         "bold yellow")
        elif event.state == WorkerState.ERROR:
            self._status(f"{worker.description} stopped: {type(worker.error).__name__}: {worker.error}", "bold red")
        elif worker.name == "probes":
            counts = {s: sum(r.status == s for r in self.results) for s in ("pass", "warn", "fail")}
            said = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
            self._status(f"Done: {said}. Nothing is retried on its own: press l to run the probes again.",
                         "bold red" if counts["fail"] else "green")
        elif worker.name == "estimate":
            self._ask_budget(worker.result)
        elif worker.name == "shrink":
            report = worker.result
            self._status(f"Shrinking done: {report.sent} requests sent.", "green" if report.culprit else "yellow")
            await self._show_report(report)
