"""A group of failure events that share a signature and a top cause, and what is known about it."""

from __future__ import annotations

from ..redact import redact
from . import stamps
from .signature import Signature, visible

MAX_IDS = 5          # request ids kept per group (the most recent ones)
MAX_LINES = 5        # line numbers kept per group (the first ones)
MAX_MODELS = 10
MAX_BUCKETS = 4096   # time buckets per group before they are merged pairwise
EXAMPLE_CHARS = 2000


class Group:
    __slots__ = ("signature", "diagnosis", "count", "first", "last", "_request_ids", "_models", "sources",
                 "lines", "example", "buckets", "bucket_s")

    def __init__(self, signature: Signature, diagnosis, example: str) -> None:
        self.signature, self.diagnosis = signature, diagnosis
        self.count = 0
        self.first: float | None = None
        self.last: float | None = None
        self._request_ids: dict[bytes, None] = {}  # bytes as found (the most recent last): decoded only when shown
        self._models: dict[bytes, None] = {}
        self.sources: dict[str, None] = {}
        self.lines: list[int | str] = []  # line numbers, or FILE:LINE when several inputs
        self.example = visible(example[:EXAMPLE_CHARS])
        self.buckets: dict[int, int] = {}
        self.bucket_s = 60

    @property
    def models(self) -> list[str]:
        return [m.decode() for m in self._models]

    @property
    def request_ids(self) -> list[str]:
        return [i.decode() for i in self._request_ids]

    def add(self, where: int | str, t: float | None, request_ids: list[bytes], models: list[bytes]) -> None:
        self.count += 1
        if len(self.lines) < MAX_LINES:
            self.lines.append(where)
        if t is not None:
            if self.first is None or t < self.first:
                self.first = t
            if self.last is None or t > self.last:
                self.last = t
            b = int(t // self.bucket_s)
            self.buckets[b] = self.buckets.get(b, 0) + 1
            if len(self.buckets) > MAX_BUCKETS:
                self._coarsen()
        if request_ids:
            self._remember(request_ids)
        for m in models:
            if len(self._models) < MAX_MODELS:
                self._models[m] = None

    def _remember(self, request_ids) -> None:
        """Keep the MAX_IDS most recent request ids, the latest last."""
        ids = self._request_ids
        for rid in request_ids:
            ids.pop(rid, None)
            ids[rid] = None
            if len(ids) > MAX_IDS:
                del ids[next(iter(ids))]

    def merge(self, other: Group, line_offset: int = 0, label: str = "") -> None:
        """Add the events of `other`, a group of the same key from the part of the input that comes
        after this one's (parallel.py): the result is what one pass over both parts gives. Its line
        numbers count from the start of its part: `line_offset` lines came before it."""
        self.count += other.count
        for where in other.lines[:MAX_LINES - len(self.lines)]:
            line = where + line_offset
            self.lines.append(f"{label}:{line}" if label else line)
        if other.first is not None and (self.first is None or other.first < self.first):
            self.first = other.first
        if other.last is not None and (self.last is None or other.last > self.last):
            self.last = other.last
        while self.bucket_s < other.bucket_s:
            self._coarsen()
        scale = self.bucket_s // other.bucket_s
        for b, n in other.buckets.items():
            self.buckets[b // scale] = self.buckets.get(b // scale, 0) + n
        while len(self.buckets) > MAX_BUCKETS:
            self._coarsen()
        self._remember(other._request_ids)
        for m in other._models:
            if len(self._models) < MAX_MODELS:
                self._models[m] = None
        self.sources.update(other.sources)

    def _coarsen(self) -> None:
        self.bucket_s *= 2
        merged: dict[int, int] = {}
        for b, n in self.buckets.items():
            merged[b // 2] = merged.get(b // 2, 0) + n
        self.buckets = merged

    @property
    def cause(self):
        return self.diagnosis.top

    def counts(self, start: float, width: float, n: int) -> list[int]:
        """Events in each of n buckets of `width` seconds from `start`."""
        out = [0] * n
        for b, c in self.buckets.items():
            i = int((b * self.bucket_s - start) // width) if width > 0 else 0
            out[min(max(i, 0), n - 1)] += c
        return out

    def sort_key(self) -> tuple:
        return (-self.count, -(self.last or 0.0))

    def to_dict(self) -> dict:
        top = self.cause
        return {
            "cause": {"id": top.id, "title": top.cause.title, "confidence": round(top.confidence, 3)} if top else None,
            "signature": self.signature.to_dict(),
            "count": self.count,
            "first_seen": stamps.iso(self.first),
            "last_seen": stamps.iso(self.last),
            "request_ids": self.request_ids,
            "models": self.models,
            "sources": list(self.sources),
            "retry": self.diagnosis.retry.to_dict(),
            "fix": top.cause.fix[0] if top and top.cause.fix else None,
            "example": redact(self.example),
            "lines": list(self.lines),
        }
