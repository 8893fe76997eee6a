"""What one offline check concludes, and the helpers every check module shares.

Details are redacted when the result is built, not when it is shown: the same results feed the
app, `claude-triage check` (next issue) and JSON, and none of them may echo a credential.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.record import Record

from ..redact import redact

STATUSES = ("fail", "warn", "info", "pass", "skip")  # most to least urgent: the order of conclusions

# The wizard's steps, in order: (id, title). Every CheckResult names the step it belongs to.
STEPS = (
    ("environment", "Credentials and base URL"),
    ("network", "Proxy and TLS"),
    ("sdk", "Installed SDK"),
    ("setup", "Your setup"),
    ("live", "Live probes"),
)


class CheckResult(Record):
    id: str
    title: str
    status: str          # one of STATUSES
    detail: str
    cause_id: str = ""   # the catalogue entry that explains this outcome ("" = none)
    step: str = "environment"

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"check {self.id}: unknown status {self.status!r}")
        self.__dict__["detail"] = redact(self.detail)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "status": self.status, "detail": self.detail,
                "cause_id": self.cause_id or None, "step": self.step}


def first_set(env: Mapping[str, str], names: tuple[str, ...]) -> tuple[str, str] | None:
    """(name, value) of the first variable in `names` that is set and not empty."""
    for name in names:
        if env.get(name):
            return name, env[name]
    return None
