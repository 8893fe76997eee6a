"""`DiagnosisFilter`: the diagnosis of a Claude API error on the log record that carries it."""

from __future__ import annotations

import logging

from .detect import api_error


class DiagnosisFilter(logging.Filter):
    """For a record whose exc_info holds a Claude API error (`logger.exception(...)` in an
    `except anthropic.APIError`), set `record.claude_triage` to the diagnosis (the JSON of
    `claude-triage diagnose --format json`, redacted) for structured formatters, and append the
    brief diagnosis to the message for plain ones (`append=False` leaves the message alone).
    Other records pass untouched. Add it to a handler to see every record the handler writes:

        handler.addFilter(tui.hook.DiagnosisFilter())
    """

    def __init__(self, append: bool = True) -> None:
        super().__init__()
        self.append = append

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "claude_triage"):  # a record seen by a second handler: diagnosed once
            return True
        exc = api_error(record.exc_info[1]) if record.exc_info else None
        if exc is None:
            return True
        try:
            from ..redact import redact_obj
            from ..render.doc import to_plain
            from .report import brief
            d, doc = brief(exc)
            record.claude_triage = redact_obj(d.to_dict())
            if self.append:
                record.msg, record.args = f"{record.getMessage()}\n{to_plain(doc).rstrip()}", None
        except Exception as err:  # noqa: BLE001 - logging must never fail because of the diagnosis
            record.claude_triage = {"error": f"{type(err).__name__}: {err}"}
        return True
