"""Small typed dialogs: where to save the report, which example to load (Diagnose); whether to
send to a plain-http base URL, and how many requests shrinking may send (Checks)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, ScreenResultType
from textual.validation import Integer
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option


class Dialog(ModalScreen[ScreenResultType]):
    """A box centred over the current screen: the look every dialog below shares. Its styles live
    here, parsed when a dialog first opens, not in app.tcss, which every start-up parses."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog .dialog {
        width: 72;
        max-width: 95%;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    Dialog .dialog.wide {
        width: 100;
        height: 85%;
    }
    Dialog .dialog Input {
        margin: 1 0;
    }
    Dialog .dialog .question {
        margin-bottom: 1;
    }
    Dialog #budget {
        width: 16;
    }
    Dialog #examples {
        height: 1fr;
    }
    Dialog .buttons {
        height: auto;
        align-horizontal: right;
    }
    Dialog .buttons Button {
        margin-left: 2;
    }
    """


class SaveReportModal(Dialog[str | None]):
    """Ask for a path; returns it, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#path"

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Save the redacted Markdown report to:")
            yield Input(value=self.default, id="path")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        self.dismiss(path or None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ExampleModal(Dialog[str | None]):
    """Pick a bundled example paste (each cause's first); returns the cause id, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("down", "to_list", show=False)]
    AUTO_FOCUS = "#filter"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Load a bundled example paste (type to filter, enter to load, escape to cancel)")
            yield Input(placeholder="filter: 429, dual, bedrock, overloaded…", id="filter")
            yield OptionList(id="examples")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        import knowledge
        words = query.lower().split()
        options = []
        for cause in knowledge.load().causes:
            haystack = f"{cause.id} {cause.title} {cause.error_type}".lower()
            if all(w in haystack for w in words):
                # Text, not a markup string: knowledge-base text is shown literally.
                options.append(Option(Text.assemble((cause.id, "cyan"), "  ", cause.title), id=cause.id))
        listing = self.query_one("#examples", OptionList)
        listing.clear_options()
        listing.add_options(options)
        if options:
            listing.highlighted = 0

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def _take_highlighted(self) -> None:
        listing = self.query_one("#examples", OptionList)
        if listing.highlighted is not None:
            self.dismiss(listing.get_option_at_index(listing.highlighted).id)

    @on(OptionList.OptionSelected, "#examples")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_to_list(self) -> None:
        self.query_one("#examples", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmModal(Dialog[bool]):
    """A yes/no question; returns True only for an explicit yes (escape and enter say no)."""

    BINDINGS = [Binding("escape,n", "answer(False)", "No"), Binding("y", "answer(True)", "Yes")]
    AUTO_FOCUS = "#no"  # enter on the default button declines: sending must be a deliberate choice

    def __init__(self, question: Text, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="yes")
                yield Button(f"{self.no} (n)", variant="primary", id="no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ShrinkConsentModal(Dialog[int | None]):
    """Consent to shrinking, with what it costs; returns the request budget, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#cancel"

    def __init__(self, base_url: str, tokens: int | None, budget: int = 20) -> None:
        super().__init__()
        self.base_url, self.tokens, self.budget = base_url, tokens, budget

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._question(self.budget), id="question", classes="question")
            yield Label("Most requests to send (budget):")
            yield Input(str(self.budget), id="budget", type="integer", validators=[Integer(minimum=1, maximum=200)])
            with Horizontal(classes="buttons"):
                yield Button("Send them", variant="error", id="send")
                yield Button("Cancel", variant="primary", id="cancel")

    def _question(self, budget: int | str) -> Text:
        size = f"of about {self.tokens:,} input tokens " if self.tokens is not None else \
            "(count_tokens could not size them) "
        return Text.assemble(("Send up to ", "bold"), (str(budget), "bold"), (f" requests {size}to ", "bold"),
                             (self.base_url, "bold cyan"), ("?", "bold"),
                             "\nVariants that pass are sent with max_tokens=1 where possible, so each costs about "
                             "its input tokens plus one output token. Escape on the Checks screen stops it.")

    @on(Input.Changed, "#budget")
    def _budget_changed(self, event: Input.Changed) -> None:
        self.query_one("#question", Static).update(self._question(event.value or "?"))
        self.query_one("#send", Button).disabled = not (event.validation_result and event.validation_result.is_valid)

    @on(Input.Submitted, "#budget")
    @on(Button.Pressed, "#send")
    def _send(self) -> None:
        field = self.query_one("#budget", Input)
        if field.is_valid and field.value:
            self.dismiss(int(field.value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
