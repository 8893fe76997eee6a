"""A finding of the linter: which rule, where in the request, what is wrong and what to change."""

from __future__ import annotations

from knowledge.record import Record

SEVERITIES = ("info", "warning", "error")
RANK = {s: i for i, s in enumerate(SEVERITIES)}
NO_REQUEST = ("no Messages API request found in the input (expected a JSON body, a curl command or a "
              "messages.create(...) call)")


class Finding(Record):
    rule: str          # stable id, e.g. "CT501"
    name: str          # short kebab name, e.g. "sampling-param-removed"
    severity: str      # "error" | "warning" | "info"
    path: str          # JSON path into the request, e.g. "messages[2].content[0]"; "" = the request
    message: str       # what is wrong here, specific to this request
    fix: str           # what to change
    docs_url: str

    def to_dict(self) -> dict:
        return self.fields()
