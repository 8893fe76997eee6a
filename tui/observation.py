"""What the reader saw in a paste: one flat record that the linter and the engine consume."""

from __future__ import annotations

from knowledge.record import Record, factory


class Observation(Record):
    kind: str = "unknown"          # "error", "request", "error+request", "unknown", "empty"
    source: str = "text"           # where the paste came from (see knowledge/SCHEMA.md)
    wrappers: list[str] = factory(list)  # envelopes around the error, outermost first
    status: int | None = None
    status_inferred: bool = False  # status derived from error.type, not seen in the paste
    error_type: str | None = None
    error_code: str | None = None
    details: dict | None = None
    message: str | None = None
    request_id: str | None = None
    path: str | None = None        # the request's URL path, when the error text names it
    headers: dict[str, str] = factory(dict)  # lower-case names
    model: str | None = None
    exception: str | None = None   # class name of the exception raised, e.g. "RateLimitError"
    sdk_language: str | None = None  # python, typescript, go, java, ... when the source tells
    request: dict | None = None    # a Messages API request body found in the paste
    request_headers: dict[str, str] = factory(dict)  # from curl -H / -v "> " lines
    mid_stream: bool = False       # the error came in an SSE stream after HTTP 200
    batch_result: str | None = None  # "errored" / "canceled" / "expired" for batch result lines
    body_is_html: bool = False
    notes: list[str] = factory(list)  # what could not be read, and where
    text: str = ""                 # the normalised paste (terminal escapes removed)
    focus: str = ""                # the parts of `text` worth searching (all of it unless huge)

    def sources(self) -> set[str]:
        return {self.source, *self.wrappers}

    def to_dict(self) -> dict:
        return {
            "kind": self.kind, "source": self.source, "wrappers": list(self.wrappers),
            "status": self.status, "error_type": self.error_type, "error_code": self.error_code,
            "message": self.message, "request_id": self.request_id, "path": self.path, "model": self.model,
            "exception": self.exception, "sdk_language": self.sdk_language,
            "mid_stream": self.mid_stream, "headers": dict(self.headers),
            "has_request": self.request is not None, "notes": list(self.notes),
        }
