"""Timestamps of log lines → seconds since the epoch (UTC), for first/last seen and the sparkline.

Forms: ISO 8601 (`2026-12-07T01:02:03.456Z`, `2026-12-07 01:02:03,456`, Go's `2026/12/07 01:02:03`,
with or without an offset; no offset is read as UTC), syslog (`Dec  7 01:02:03`, no year: the current year), the
common/combined log format (`[07/Dec/2026:01:02:03 +0000]`), and epoch seconds or milliseconds
in a JSON field (see jsonlines.py).
"""

from __future__ import annotations

import re
import time
from calendar import timegm

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
# The date and minute are one group: a log holds few distinct minutes, each parsed once (below).
_ISO = re.compile(rb"(\d{4}[-/]\d\d[-/]\d\d[T ]\d\d:\d\d):(\d\d)(?:[.,](\d+))?\s?(Z|[+-]\d\d:?\d\d)?")
_CLF = re.compile(rb"\[(\d\d)/([A-Za-z]{3})/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-]\d{4})\]")
_SYSLOG = re.compile(rb"\b([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d)\b")
_HEAD = 160  # a line's timestamp is near its start


def _offset(tz: bytes | None) -> int:
    if not tz or tz == b"Z":
        return 0
    tz = tz.replace(b":", b"")
    sign = -1 if tz[:1] == b"-" else 1
    return sign * (int(tz[1:3]) * 3600 + int(tz[3:5]) * 60)


def _epoch(y: int, mo: int, d: int, h: int, mi: int, s: int) -> float | None:
    if not (1 <= mo <= 12 and 1 <= d <= 31 and h < 24 and mi < 60 and s < 62):
        return None
    return float(timegm((y, mo, d, h, mi, s, 0, 0, 0)))


_MINUTES: dict[bytes, float | None] = {}  # "2026-12-06T02:14" → its epoch seconds (None: not a date)
_MAX_MINUTES = 100_000


def _minute(key: bytes) -> float | None:
    """A cache hit is most of the cost of a timestamp: ~1 µs a line against ~2.8 µs when every
    field was converted (tests/bench/bench_scan.py)."""
    base = _MINUTES.get(key, False)
    if base is False:
        base = _epoch(int(key[:4]), int(key[5:7]), int(key[8:10]), int(key[11:13]), int(key[14:16]), 0)
        if len(_MINUTES) >= _MAX_MINUTES:
            _MINUTES.clear()
        _MINUTES[key] = base
    return base


def parse(line: bytes) -> float | None:
    """The first timestamp near the start of a line, as epoch seconds UTC; None if there is none."""
    head = line[:_HEAD]
    nl = head.find(b"\n")
    if nl >= 0:
        head = head[:nl]  # the first line's own time only
    m = _ISO.search(head)
    if m:
        minute, sec, frac, tz = m.groups()
        base = _minute(minute)
        if base is None or sec > b"61":
            return None
        return base + int(sec) + (float(b"0." + frac) if frac else 0.0) - _offset(tz)
    if b":" not in head:
        return None
    m = _CLF.search(head)
    if m:
        d, mon, y, h, mi, s, tz = m.groups()
        mo = _MONTHS.get(mon.decode().lower())
        t = mo and _epoch(int(y), mo, int(d), int(h), int(mi), int(s))
        return None if not t else t - _offset(tz)
    m = _SYSLOG.search(head)
    if m:
        mon, d, h, mi, s = m.groups()
        mo = _MONTHS.get(mon.decode().lower())
        if mo:
            return _epoch(time.gmtime().tm_year, mo, int(d), int(h), int(mi), int(s))
    return None


def from_number(value: float) -> float | None:
    """Epoch seconds, milliseconds, microseconds or nanoseconds in a JSON field → seconds."""
    for scale in (1, 1e3, 1e6, 1e9):
        t = value / scale
        if 946684800 <= t <= 4102444800:  # 2000 … 2100
            return t
    return None


def iso(t: float | None) -> str | None:
    if t is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
