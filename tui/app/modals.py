"""Small typed dialogs of the Diagnose screen: where to save the report, which example to load."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option


class SaveReportModal(ModalScreen[str | None]):
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


class ExampleModal(ModalScreen[str | None]):
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
