"""F1 help: the Markdown page shipped beside this module, in a modal over any screen."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

HELP_PATH = Path(__file__).with_name("help.md")


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen #help {
        width: 100;
        max-width: 95%;
        height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,f1,ctrl+g,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        # Our own text: the only Markdown in the app that is not built from a paste or the KB.
        with VerticalScroll(id="help"):
            yield Markdown(HELP_PATH.read_text(encoding="utf-8"))
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
