"""`TriageApp`: three modes (Diagnose, Catalogue, Checks), global keys, help, the command palette.

Every action has two keys, because terminals keep some for themselves (ctrl+enter, ctrl+h and
ctrl+j never arrive; F1 and F10 may open a terminal menu), and the command palette reaches all
of them by name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from .diagnose import NARROW_FOOTER, DiagnoseScreen

# Set by tests/bench/bench_app.py: report the first painted frame and quit (start-up time).
BENCH_EXIT = "CLAUDE_TRIAGE_BENCH_EXIT"
WARM_UP_PASTE = ("anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': "
                 "'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}}")


# The other screens and the palette provider load on first use: start-up pays only for Diagnose
# (their imports, Markdown and Tree widgets among them, cost ~50 ms).
def _catalogue_screen() -> Screen:
    from .catalogue import CatalogueScreen
    return CatalogueScreen()


def _checks_screen() -> Screen:
    from .checks import ChecksScreen
    return ChecksScreen()


def _catalogue_provider():
    from .palette import CatalogueProvider
    return CatalogueProvider


class TriageApp(App):
    TITLE = "claude-triage"
    CSS_PATH = "app.tcss"
    MODES = {"diagnose": DiagnoseScreen, "catalogue": _catalogue_screen, "checks": _checks_screen}
    DEFAULT_MODE = "diagnose"
    COMMANDS = App.COMMANDS | {_catalogue_provider}
    BINDINGS = [
        Binding("f1,ctrl+g", "help", "Help", tooltip="Keys and how the app works"),
        Binding("f2,alt+1", "switch_mode('diagnose')", "Diagnose", tooltip="Paste an error, see its causes"),
        Binding("f3,alt+2", "switch_mode('catalogue')", "Catalogue", tooltip="Browse every known error"),
        Binding("f4,alt+3", "switch_mode('checks')", "Checks", tooltip="Guided checks of your setup"),
        # Not in the footer (80 columns hold eight keys): the palette and the help name it.
        Binding("alt+4", "switch_mode('scan')", "Scan", show=False, tooltip="The log's failures, grouped by cause"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+q,f10", "quit", "Quit", priority=True, tooltip="Quit claude-triage"),
    ]

    def __init__(self, paste: str | None = None, env: Mapping[str, str] | None = None,
                 sdk_version: str | None = None, scan: tuple[str | None, str | None] | None = None) -> None:
        """`paste` opens in Diagnose; `env` replaces os.environ for the whole app (diagnoses and
        checks; None: the real environment). Bundled examples always run with their own env.
        `sdk_version` stands for the installed anthropic release in the checks (None: look).
        `scan` = (path, text) opens the Scan view on a log file (path) or a paste (text) instead."""
        super().__init__()
        self.env = dict(env) if env is not None else None
        self.sdk_version = sdk_version
        self._initial = paste or None
        self._scan = scan

    def on_unmount(self) -> None:
        from .outcome import shutdown
        shutdown()  # the child process that diagnoses huge pastes, if one was started

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, lambda screen: self.call_after_refresh(self._fit_footer))
        # Runs once the Diagnose screen is mounted; what is not needed for the first frame waits.
        self.call_after_refresh(self._after_first_paint)
        if self._initial is not None:
            self.open_paste(self._initial)
        if self._scan is not None:
            self.open_scan(*self._scan)

    async def _after_first_paint(self) -> None:
        if os.environ.get(BENCH_EXIT):
            self.bench_first_paint()
            return
        # The objects made so far (Textual's, the screen's) live as long as the app: moving them out
        # of the collector's reach keeps full collections, which otherwise stall a frame for 30-60 ms
        # once a big paste has been read, short. run_app paused the collector until now.
        import gc
        gc.freeze()
        gc.enable()
        await self.diagnose_screen.mount_paste_area()
        self._warm_up(self.current_theme.dark)
        await self.diagnose_screen.prepare_results()

    # A paste diagnosed only to be thrown away, then every cause's regexes compiled: the first real
    # paste otherwise pays for loading the knowledge base, importing the engine and renderers,
    # compiling regexes and Pygments' Python lexer (~130 ms from paste to painted causes, against
    # ~35 ms once warm). A thread, after the first frame: start-up does not wait for it.
    @work(thread=True, exit_on_error=False, description="load the knowledge base and the engine")
    def _warm_up(self, dark: bool) -> None:
        import knowledge

        from .outcome import build
        build(0, WARM_UP_PASTE, {}, False, dark)  # not env_fixed: builds the bundled-example table too
        for cause in knowledge.load().causes:
            for r in cause.matches:
                if r.kind in ("message", "text", "exception"):
                    r.regex  # noqa: B018 - compiled on first access (a cached property)

    @property
    def diagnose_screen(self) -> DiagnoseScreen:
        """The Diagnose screen (the bottom of its mode's stack; the app starts in that mode)."""
        return self.get_screen_stack("diagnose")[0]

    def bench_first_paint(self) -> None:
        """The first frame is painted: tell the benchmark when (stdout, wall clock ns) and quit."""
        import time
        os.write(1, f"first-paint {time.time_ns()}\n".encode())
        self.exit()

    def on_resize(self) -> None:
        self._fit_footer()

    def _fit_footer(self) -> None:
        """Below 100 columns every screen's footer goes compact and drops its ctrl+p entry, so the
        keys that matter still fit in 80 columns (ctrl+p is named in the help and on Diagnose)."""
        narrow = self.size.width < NARROW_FOOTER
        for footer in self.screen.query(Footer):
            if footer.compact != narrow:  # each change restyles every key: only when it changes
                footer.compact = narrow
                footer.show_command_palette = not narrow

    # --- what other screens call -----------------------------------------------------------

    def open_paste(self, text: str, env: Mapping[str, str] | None = None) -> None:
        """Switch to Diagnose and load `text` as the paste (catalogue "try it", the CLI's paste).

        `env`, if given, is the environment for that paste alone (else the app's, or a bundled
        example's own when the paste is one).
        """
        async def go() -> None:
            await self.switch_mode("diagnose")
            self.diagnose_screen.set_paste(text, env)
        self.call_later(go)

    def open_scan(self, path: str | None = None, text: str | None = None) -> None:
        """Open the Scan view on a log file or a paste (replacing an earlier scan)."""
        from .scan import ScanScreen

        async def go() -> None:
            if "scan" in self._modes:
                if self.current_mode == "scan":
                    await self.switch_mode("diagnose")
                await self.remove_mode("scan")
            self.add_mode("scan", lambda: ScanScreen(path=path, text=text))
            await self.switch_mode("scan")
            self.refresh_bindings()
        self.call_later(go)

    def show_catalogue(self, key: str) -> None:
        """Switch to the Catalogue and select the entry for `key` (a cause id, status, error type…)."""
        async def go() -> None:
            await self.switch_mode("catalogue")
            screen = self.screen_stack[0]
            self.call_after_refresh(screen.select, key)
        self.call_later(go)

    # --- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_mode" and parameters and parameters[0] == self.current_mode:
            return False  # no key for the screen you are on; the footer stays short at 80 columns
        return True

    async def action_switch_mode(self, mode: str) -> None:
        if mode == "scan" and "scan" not in self._modes:  # nothing scanned yet: scan the paste
            self.open_scan(text=self.diagnose_screen.paste_text)
            return
        await self.switch_mode(mode)
        self.refresh_bindings()

    def action_help(self) -> None:
        from .help import HelpScreen
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Diagnose", "Paste an error and see its likely causes (F2)",
                            lambda: self.run_action("switch_mode('diagnose')"))
        yield SystemCommand("Catalogue", "Browse every status, error type, error code and cause (F3)",
                            lambda: self.run_action("switch_mode('catalogue')"))
        yield SystemCommand("Checks", "Guided checks of your environment (F4)",
                            lambda: self.run_action("switch_mode('checks')"))
        yield SystemCommand("Scan", "Every failure in the log or paste, grouped by cause (alt+4)",
                            lambda: self.run_action("switch_mode('scan')"))
        yield SystemCommand("Help", "Keys and how the app works (F1)", self.action_help)
        if isinstance(screen, DiagnoseScreen):
            for title, help_text, action in (
                ("Copy fix", "Copy the top cause's fix steps (ctrl+f)", "copy_fix"),
                ("Copy report", "Copy a redacted Markdown report (ctrl+r)", "copy_report"),
                ("Save report", "Save the redacted Markdown report to a file (ctrl+s)", "save_report"),
                ("Load example", "Load a bundled example paste (ctrl+l)", "load_example"),
                ("Open top cause in catalogue", "Show the top cause's catalogue entry (ctrl+o)", "open_in_catalogue"),
                ("Clear paste", "Start again with an empty paste (ctrl+n)", "clear"),
            ):
                yield SystemCommand(title, help_text, lambda a=action: screen.run_action(a))
        elif hasattr(screen, "palette_commands"):  # the Checks screen (imported only once opened)
            yield from screen.palette_commands()
