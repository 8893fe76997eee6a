"""Cut a block of log bytes into failure events, touching only the lines near a trigger.

The hot loop of `scan`: a 200 MB log is ~2 million lines of which ~1 % matter. Lines are never
iterated one by one; a multi-pattern matcher in compiled code (ahocorasick-rs) finds the trigger
strings in one pass, and only around each hit are lines examined to find where the event starts
and ends. Without that package, `bytes.find` looks for each trigger in turn (same result, ~3×
the time). The measurements behind the choice are in tests/bench/bench_scan.py and docs/scan.md.

An event spans lines when its form does: a Python traceback (header, indented frames, the
exception line), a Node error with its `at …` frames and `{ status: …, … }` dump, a `curl -v`
exchange (`*`, `>`, `<` lines and the body), an SSE `event: error` + `data:` pair, a Claude Code
`API Error:` block hard-wrapped to the terminal (indented continuation lines), an HTML error page
from a gateway.
"""

from __future__ import annotations

from ..lazyre import lazy

# Every Claude API failure form holds one of these:
# - "rror": Error code:, API Error, rate_limit_error, "type": "error", event: error, RateLimitError …
# - "xception": Java's and C#'s AnthropicServiceException, Bedrock's ThrottlingException
# - "timed out": anthropic 2.15+'s "Request to HOST timed out after 600s", Claude Code's "Request timed out."
# - "[Errno": anthropic 2.15+'s "Connection to HOST failed: [Errno 111] Connection refused"
# - "too l", " · ", "selected model": Claude Code's "Credit balance is too low", "Prompt is too
#   long · …", "Request too large (max 32MB)", "Invalid API key · Fix external API key", "… belongs
#   to a disabled organization · …", "There's an issue with the selected model"
# - "HTTP/1.1 4", "HTTP/1.1 5": httpx's log line of each failed attempt, retried ones included
# Nine patterns: a tenth, whatever it was, doubled the compiled matcher's time (0.2 → 0.34 s on
# 200 MB: it leaves its fastest search), and so did "path: /v1/" or "<html" as the ninth. So
# anthropic 2.15+'s str() of a 413 or of a gateway's HTML page, whose only mark is its closing
# "(path: /v1/messages)", is looked for apart, by one `bytes.find` (LATE_TRIGGER: 0.05 s on 200 MB,
# a long string skips fast). (Older releases' str() of an HTML page is the page alone: nothing in
# it says it came from the API.)
TRIGGERS = (b"rror", b"xception", b"timed out", b"[Errno", b"too l", " · ".encode(), b"selected model",
            b"HTTP/1.1 4", b"HTTP/1.1 5")
LATE_TRIGGER = b" (path: /v1/messages"
# An event must also say something about an API call to be read at all: an application's own
# "error" lines (a KeyError, "errors=0", a database that timed out, another service's 404) are
# skipped without a reading.
RELEVANT = lazy(
    rb"nthropic|[Cc]laude|_error\b|Error code: \d|API Error|/v1/messages|/v1/complete|"
    rb"""["']type["']: ?["']error["']|[Oo]verloaded|rate.?limit|req_\w{8}|Exception: \d{3}|"""
    rb"xception\b.{0,80}(?:Bedrock|InvokeModel|Converse)|Error: \d{3} [{\[<]|status(?:_code)?[\"']?[:=] ?[45]\d\d|"
    rb"[Cc]onnection error|Request timed out|Request to \S+ timed out|ECONNRESET|ETIMEDOUT|"
    # The Vercel AI SDK's error class and status field; Bedrock's throttling wording without its name.
    rb"APICallError|statusCode[\"']?: ?[45]\d\d|please wait before trying again|"
    # Claude Code's own sentences.
    rb"[Pp]rompt is too long|[Cc]redit balance is too low|Request too large|Invalid API key|disabled organization|"
    rb"issue with the selected model")

try:  # a compiled multi-pattern matcher: one pass for all triggers (see the module's docstring)
    from ahocorasick_rs import BytesAhoCorasick
    _MATCHER = BytesAhoCorasick(list(TRIGGERS))
except ImportError:  # pragma: no cover - the package is a dependency; bytes.find is the fallback
    _MATCHER = None

MAX_EVENT_LINES = 400
MAX_EVENT_BYTES = 64 * 1024
_CURL = (b"> ", b"< ", b"* ", b">\n", b"<\n", b">\r", b"<\r")
_CURL_HEADS = frozenset(_CURL)  # the first two bytes of a curl line, its newline included
_CLOSERS = (b"}", b"]", b")")
_TRACEBACK = b"Traceback (most recent call last)"
_CLAUDE_CODE_RESULT = "⎿".encode()
_CHAINED = (b"The above exception was the direct cause", b"During handling of the above exception")
_STARTS_NOTHING = (_TRACEBACK, *_CHAINED, b"HTTP/")  # lines that carry on the event above them
TRACEBACK_LINES = 120  # frames walked up from a line inside a traceback to find its header


_BLANKS = (b" ", b"\t")
_NODE_FRAME = b"    at "
_BODY = (b"{", b"[", b"<")  # first characters of a response body under curl's headers
_HTML = (b"<html", b"<HTML")
# Lines that carry on the event above them whatever it is: closers of a dump, SSE fields, curl lines.
_CONTINUES = (*_CLOSERS, b"data:", b"event:", *_CURL)


def _indented(line: bytes) -> bool:
    return line[:1] in _BLANKS and not line.isspace()


def _curl(line: bytes) -> bool:
    return line.startswith(_CURL) or line in (b">", b"<")


def _continues(line: bytes) -> bool:
    return line.startswith(_CONTINUES) or line in (b">", b"<")


def _opens_html(text: bytes) -> bool:
    return any(tag in text for tag in _HTML)


def _flat(line: bytes) -> bool:
    """A line that could start a log record: not indented, not a curl or SSE line, not a closer,
    not an HTML tag (a gateway's error page; syslog's "<34>" priority does start a record)."""
    return bool(line) and not (_indented(line) or _continues(line)
                               or (line[:1] == b"<" and not line[1:2].isdigit()))


def _cut_here(prev: bytes, line: bytes) -> bool:
    """May a block end between these two lines? Both must be flat, and the second must not carry
    on the first (a traceback's header, an HTTP status line)."""
    return _flat(prev) and _flat(line) and not line.startswith(_STARTS_NOTHING)


def cut_point(block: bytes, floor: int = 0, limit: int = 2000) -> int:
    """Where to end a block so that no multi-line event is split: before a flat line whose
    previous line is flat too, the last complete line always left for the next block (it may be
    continued). `floor` when the block has no such place after `floor`; the last newline after
    `limit` lines."""
    end = block.rfind(b"\n") + 1
    if end <= floor:
        return floor
    pos = end  # start of the line after the candidate
    after = None  # the line starting at pos
    for _ in range(limit):
        start = max(block.rfind(b"\n", floor, pos - 1) + 1, floor)
        line = block[start:pos - 1]
        if after is not None and _cut_here(line, after):
            return pos
        after = line
        if start == floor:
            return floor
        pos = start
    return end


def first_cut(block: bytes, start: int = 0, limit: int = 2000) -> int:
    """The first place at or after the line starting at `start` where a block may end (as
    `cut_point` decides), with a complete line after it; -1 if there is none within `limit` lines.
    Lets the scanner join only the head of a new block to the tail of the last one."""
    pos = start
    prev = None
    for _ in range(limit):
        nl = block.find(b"\n", pos)
        if nl < 0:
            return -1
        line = block[pos:nl]
        if prev is not None and _cut_here(prev, line):
            return pos
        prev, pos = line, nl + 1
    return -1


def _line_start(block: bytes, pos: int) -> int:
    return block.rfind(b"\n", 0, pos) + 1


def _line_end(block: bytes, pos: int, end: int) -> int:
    """Index just past the newline of the line holding pos (or `end`)."""
    nl = block.find(b"\n", pos, end)
    return end if nl < 0 else nl + 1


# The matcher returns every match of the text it is given: over a line made of triggers
# ("rrorrror…", " · · · ") that would be millions of tuples. It is given a quarter megabyte at a time and
# resumes after the end of the last line found, so its output stays bounded.
_SLICE = 1 << 18
_OVERLAP = max(map(len, TRIGGERS)) - 1  # a trigger cut by a slice's end is found in the next


def trigger_lines(block: bytes, start: int = 0, end: int | None = None) -> list[int]:
    """Start offsets of the lines holding a trigger, ascending, each once."""
    end = len(block) if end is None else end
    if _MATCHER is None:
        return _lines_by_find(block, start, end, (*TRIGGERS, LATE_TRIGGER))
    found = []
    line_end = -1
    view = memoryview(block)
    pos = start
    while pos < end:
        stop = min(end, pos + _SLICE)
        for _, at, _ in _MATCHER.find_matches_as_indexes(view[pos:stop]):
            at += pos
            if at < line_end:
                continue  # another trigger on a line already found
            found.append(block.rfind(b"\n", 0, at) + 1)
            nl = block.find(b"\n", at, end)
            line_end = end if nl < 0 else nl
        if stop == end:
            break
        pos = max(stop - _OVERLAP, line_end)
    if block.find(LATE_TRIGGER, start, end) >= 0:
        found = sorted({*found, *_lines_by_find(block, start, end, (LATE_TRIGGER,))})
    return found


def _lines_by_find(block: bytes, start: int, end: int, triggers: tuple[bytes, ...]) -> list[int]:
    found = set()
    for t in triggers:
        i = block.find(t, start, end)
        while i >= 0:
            found.add(_line_start(block, i))
            i = block.find(t, _line_end(block, i, end), end)
    return sorted(found)


def _prev(block: bytes, ls: int, floor: int) -> tuple[int, bytes] | None:
    """(start, text) of the line before the line starting at ls, if at or after floor."""
    if ls <= floor:
        return None
    ps = block.rfind(b"\n", floor, ls - 1) + 1
    ps = max(ps, floor)
    return ps, block[ps:ls - 1].rstrip(b"\r")


def _traceback_head(block: bytes, prev: tuple[int, bytes], floor: int, start: int) -> int:
    """From a line inside or ending a Python traceback, up through its frames to its header, and
    the logger's line above that (its time and message); `start` if no header is found."""
    p: tuple[int, bytes] | None = prev
    for _ in range(TRACEBACK_LINES):
        if p is None or not _indented(p[1]):
            break
        p = _prev(block, p[0], floor)
    if p is None or not p[1].startswith(_TRACEBACK):
        return start
    above = _prev(block, p[0], floor)
    return above[0] if above is not None and _flat(above[1]) and not above[1].startswith(_CHAINED) else p[0]


def _html_head(block: bytes, prev: tuple[int, bytes], floor: int, ls: int) -> int:
    """Up through the tag lines of an HTML page to the line that opened it (which may start with
    a log prefix and a status: "… failed: 502 <html>"); `ls` if there is none."""
    p: tuple[int, bytes] | None = prev
    for _ in range(MAX_EVENT_LINES):
        if p is None or ls - p[0] >= MAX_EVENT_BYTES:
            break
        if _opens_html(p[1]):
            return p[0]
        if p[1][:1] != b"<" or _curl(p[1]):
            break
        p = _prev(block, p[0], floor)
    return ls


def _curl_head(block: bytes, ps: int, floor: int, ls: int) -> int:
    """Up through the `*`, `>` and `<` lines of a curl exchange above the line at ls, from the line
    above it starting at ps. (A line's first two bytes tell: a dozen lines cost ~2 µs.)"""
    start = ls
    for _ in range(MAX_EVENT_LINES):
        if block[ps:ps + 2] not in _CURL_HEADS or ls - ps >= MAX_EVENT_BYTES:
            break
        start = ps
        if ps <= floor:
            break
        ps = max(block.rfind(b"\n", floor, ps - 1) + 1, floor)
    return start


_HEADER = lazy(rb"[A-Za-z0-9-]{1,60}: ")


def _response_head(block: bytes, blank: int, floor: int, start: int) -> int:
    """`curl -i`: a body after a blank line, under `HTTP/2 429` and its headers: start at the status."""
    p = _prev(block, blank, floor)
    for _ in range(80):
        if p is None:
            return start
        if p[1].startswith(b"HTTP/"):
            return p[0]
        if not _HEADER.match(p[1]):
            return start
        p = _prev(block, p[0], floor)
    return start


def event_span(block: bytes, ls: int, floor: int, size: int | None = None) -> tuple[int, int]:
    """The [start, end) of the event around the trigger line starting at `ls`, never before `floor`
    nor past `size` (the block's end by default)."""
    size = len(block) if size is None else size
    le = _line_end(block, ls, size)
    line = block[ls:le].rstrip(b"\r\n")
    start = ls
    # Backward: a curl exchange above its `< HTTP/2 429`; the frames and header of a traceback
    # above its exception line; an SSE `event:` line above its `data:`.
    # A line that starts with a digit (a timestamp) starts its own record: nothing above belongs to it.
    prev = None if line[:1].isdigit() else _prev(block, ls, floor)
    if prev is not None:
        if _curl(line) or (_curl(prev[1]) and line[:1] in _BODY):
            start = _curl_head(block, prev[0], floor, ls)
        elif line[:1] == b"<":  # the end of an HTML page: "</html> (path: /v1/messages)"
            start = _html_head(block, prev, floor, ls)
        elif _indented(prev[1]) or _indented(line):  # inside a traceback, or at its exception line
            start = _traceback_head(block, prev, floor, start)
        elif prev[1].startswith(b"event:"):
            start = prev[0]
        elif not prev[1] and line[:1] in (b"{", b"["):
            start = _response_head(block, prev[0], floor, start)
    # Forward: indented lines, closers, curl lines, SSE fields; a traceback's exception line.
    end, n = le, 0
    in_traceback = line.startswith(_TRACEBACK) or block.find(_TRACEBACK, start, le) >= 0
    last = line
    while end < size and n < MAX_EVENT_LINES and end - start < MAX_EVENT_BYTES:
        nl = block.find(b"\n", end, size)
        nxt_end = size if nl < 0 else nl + 1
        nxt = block[end:nxt_end].rstrip(b"\r\n")
        first = nxt[:1]
        if first.isdigit():
            break  # the next timestamped record (no continuation starts with a digit): most events end here
        if first in _BLANKS and not nxt.isspace():  # an indented line: a frame, a dump's field …
            i = nxt.find(_CLAUDE_CODE_RESULT, 0, 32)
            if i > 0 and nxt[:i].isspace():
                break  # … but Claude Code prints each failed attempt on its own "⎿" line
        elif not nxt:
            # A chained traceback goes on after a blank line ("The above exception was …"); so does
            # a Node error whose message ended with a newline (an HTML page) before its frames.
            if not (in_traceback and (last.startswith(_CHAINED) or block.startswith(_CHAINED, nxt_end))
                    or block.startswith(_NODE_FRAME, nxt_end)):
                break
        elif _continues(nxt):
            pass
        elif _curl(last) and first in _BODY:
            pass  # the body after curl's response headers
        elif first == b"<" and _opens_html(block[start:end]):
            pass  # the rest of a gateway's HTML error page, under the line that opened it
        elif nxt.startswith(_CLAUDE_CODE_RESULT):
            break
        elif nxt.startswith(_TRACEBACK):
            in_traceback = True
        elif nxt.startswith(_CHAINED) and in_traceback:
            pass
        elif not (in_traceback and _indented(last)):  # else: the exception line ends a traceback
            break
        end, last, n = nxt_end, nxt, n + 1
    return start, end
