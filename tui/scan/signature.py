"""What makes two failure events "the same": a cheap shape of the raw event, and the signature.

The *shape* is the event's bytes with every number, timestamp, id and hex string masked: two
events of one shape give the same reading, so the reader runs once per shape, not per event.
The *signature* (status, error type, error code, normalised message) groups shapes; the engine
diagnoses each signature once.
"""

from __future__ import annotations

import re

from knowledge.record import Record

# The text form, for a signature's message: model ids are kept (a different model may be a
# different cause); request ids, message/tool ids, UUIDs, timestamps, hex and numbers are replaced.
_MASK_TEXT = re.compile(
    r"claude-[\w.\-:@]*|(?:req|msg|msgbatch|toolu|srvtoolu|file|org|user)_\w+|[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}|"
    r"\d{4}-\d\d-\d\d[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?|\b0x[0-9a-fA-F]+\b|\b\d+(?:[,.]\d+)*\b")
# The shape, per event (the hot path, measured in tests/bench/bench_scan.py): the ids of requests,
# messages and tool calls removed, digits deleted by bytes.translate (C speed, unlike a regex
# substitution: ~1 µs against ~30 µs an event), and the HTTP statuses and model ids put back at
# the end, so that a 429 and a 529, or two models, never share a shape.
_DIGITS = b"0123456789"
# Other ids of the API that a message may quote (a tool_use id, a message, batch or file id):
# they start with "01" after their prefix, unlike names such as file_search.
_OTHER_IDS = re.compile(rb"\b(?:msg|msgbatch|toolu|srvtoolu|file)_01[0-9A-Za-z]{10,}")
SHAPE_BYTES = 4096   # the head of an event that decides its shape
# Request ids, model ids and statuses of an event: patterns that each start with a literal, which
# the regex engine skips ahead to. The statuses are two patterns, 4xx and 5xx: one led by the class
# [45] took 3.4 µs on a 600-byte traceback, a word boundary first 8.4 µs, the two 1.0 µs.
_REQUEST_ID = re.compile(rb"req_[A-Za-z0-9]{10,40}\b")
_MODEL = re.compile(rb"claude-[a-z0-9][a-z0-9.\-]*[a-z0-9](?:@\d+)?(?::\d+)?")
_STATUS_4XX = re.compile(rb"4(?<!\w4)\d\d\b")
_STATUS_5XX = re.compile(rb"5(?<!\w5)\d\d\b")


class Signature(Record):
    status: int | None = None
    error_type: str | None = None
    error_code: str | None = None
    message: str | None = None

    def key(self) -> tuple:
        return (self.status, self.error_type, self.error_code, self.message)

    def to_dict(self) -> dict:
        return {"status": self.status, "error_type": self.error_type, "error_code": self.error_code,
                "message": self.message}


class Tokens:
    """Request ids, model ids and statuses of an event, as bytes (decoded only when shown)."""
    __slots__ = ("request_ids", "models", "statuses")

    def __init__(self, event: bytes) -> None:
        # findall with a literal start is as quick as a `b"req_" in event` test: no test first.
        ids = _REQUEST_ID.findall(event)
        self.request_ids = list(dict.fromkeys(ids)) if len(ids) > 1 else ids
        # A model id has a digit ("claude-code" is a tool); Bedrock's "us.anthropic." prefix is left out.
        models = _MODEL.findall(event)
        self.models = [m for m in dict.fromkeys(models) if m.translate(None, _DIGITS) != m] if models else models
        self.statuses = _STATUS_4XX.findall(event) + _STATUS_5XX.findall(event)  # 4xx first, then 5xx


def shape(event: bytes, tokens: Tokens) -> bytes:
    key = event[:SHAPE_BYTES]
    for rid in tokens.request_ids:
        key = key.replace(rid, b"#")
    if b"_01" in key:
        key = _OTHER_IDS.sub(b"#", key)
    key = key.translate(None, _DIGITS)
    return b"|".join((key, *tokens.statuses, *tokens.models))


# Bidirectional overrides and invisible characters: shown as their code point, so that a log line
# can neither reorder nor hide what the table, the report or the JSON shows of it.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    return text if text.isascii() else _INVISIBLE.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", text)


def normalise_message(message: str | None) -> str | None:
    """A message with ids, numbers and timestamps replaced, on one line, at most 300 characters."""
    if not message:
        return None
    text = " ".join(_MASK_TEXT.sub(_placeholder, visible(message)).split())
    return text if len(text) <= 300 else text[:299] + "…"


def _placeholder(m: re.Match[str]) -> str:
    token = m.group(0)
    if token.startswith("claude-"):
        return token
    if token[:1].isdigit() and ":" in token:
        return "<time>"
    return "<id>" if ("_" in token or "-" in token or token.startswith("0x")) else "<n>"


def of(obs) -> Signature:
    """The signature of an Observation (tui.observation)."""
    return Signature(status=obs.status, error_type=obs.error_type, error_code=obs.error_code,
                     message=normalise_message(obs.message or obs.exception))
