"""Summarise the large opaque parts of a paste before anything searches it.

A 6 MB base64 image, a 1 MB run of spaces or a 5 MB error message carries no evidence beyond its
size and place, yet every recogniser (the reader's ~60 patterns, the knowledge base's ~700) would
scan all of it. The reader searches a summary instead, in which each such part is one short marker
(`⟨6.0 MB base64⟩`), and says in its notes where the parts were ("a 6.0 MB base64 string at
messages[0].content[0].source.data"). The parsed objects themselves are kept whole: the linter
still sees the request as it was sent.

Every pattern here starts only where a run starts (a line start, or a character that cannot
continue the run before it), so each pass is linear in the text.
"""

from __future__ import annotations

from ..lazyre import lazy

SUMMARISE_OVER = 16_384      # characters: shorter texts are searched as they are
LONG_LINE = 16_384           # a line this long is looked into for opaque runs
LONG_STRING = 4_096          # a quoted string longer than this keeps only its head and tail
OPAQUE_RUN = 1_024           # base64 / hex / one repeated character, this long, becomes a marker
LINE_KEEP = (32_768, 8_192)  # what stays of a line still too long after that: head, tail
MESSAGE_KEEP = (12_000, 2_000)
LARGE_VALUE = 65_536         # a string value this long in a parsed object is named in the notes
MAX_NODES = 20_000           # parsed-object nodes walked looking for large values

_BLANK_RUN = lazy(r"\n{%d,}+" % OPAQUE_RUN)
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-"
_B64_SET = frozenset(_B64)
_B64_RUN = lazy(r"[A-Za-z0-9+/=_\-]*+")
_STEP = 512                  # a run of OPAQUE_RUN characters covers at least one sample point


def size(n: int) -> str:
    """A character count as a reader says it: 512 characters, 48 KB, 6.0 MB."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 10_000:
        return f"{n // 1000} KB"
    return f"{n:,} characters"


def _char_name(c: str) -> str:
    return {" ": "spaces", "\t": "tabs", "\n": "line breaks"}.get(c, f"× {c!r}")


def _run_end(text: str, at: int, c: str | None) -> int:
    """Where the run through `at` ends: base64 characters (c None) or the one character c."""
    if c is None:
        return _B64_RUN.match(text, at).end()
    end = at
    block = c * _STEP
    while text.startswith(block, end):  # memcmp, a block at a time
        end += _STEP
    while end < len(text) and text[end] == c:
        end += 1
    return end


def _long_line(text: str) -> str:
    """One long line, its opaque runs replaced: found by looking every _STEP characters (a run
    long enough to matter covers a sample point), each run measured once with C-speed scans."""
    out: list[str] = []
    done = 0  # text[:done] is in `out`
    for p in range(_STEP, len(text), _STEP):
        if p < done:
            continue
        ch = text[p]
        c = None if ch in _B64_SET and not _is_repeat(text, p) else ch
        back = text[max(done, p - _STEP):p]
        start = p - (len(back) - len(back.rstrip(_B64 if c is None else c)))
        end = _run_end(text, p, c)
        if end - start < OPAQUE_RUN:
            continue
        out.append(text[done:start])
        out.append(f"⟨{size(end - start)} base64⟩" if c is None else f"{c}⟨{size(end - start)} {_char_name(c)}⟩{c}")
        done = end
    out.append(text[done:])
    line = "".join(out)
    head, tail = LINE_KEEP
    if len(line) > head + tail + 1000:
        line = f"{line[:head]}⟨… {size(len(line) - head - tail)} of this line left out …⟩{line[-tail:]}"
    return line


def _is_repeat(text: str, p: int) -> bool:
    """Is the character at p repeated around it (padding such as 'AAAA…' or '====')?"""
    return text[p] * 16 == text[p:p + 16]


def summarise(text: str) -> str:
    """The text with its opaque runs replaced by markers; short texts come back unchanged."""
    if len(text) <= SUMMARISE_OVER:
        return text
    if "\n" * OPAQUE_RUN in text:
        text = _BLANK_RUN.sub(lambda m: f"\n⟨{size(len(m.group()))} line breaks⟩\n", text)
    out: list[str] = []
    done, n, half = 0, len(text), LONG_LINE // 2
    for p in range(0, n, half):
        if p < done or text.find("\n", p, p + half) >= 0 or n - p < half:
            continue
        start = text.rfind("\n", 0, p) + 1
        end = text.find("\n", p)
        end = n if end < 0 else end
        if end - start >= LONG_LINE:  # a window with no line break lies in a line at least this long
            out.append(text[done:start])
            out.append(_long_line(text[start:end]))
            done = end
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def message(text: str) -> str:
    """An error message for searching and showing: a huge one keeps its head and tail."""
    head, tail = MESSAGE_KEEP
    if len(text) <= head + tail + 1000:
        return text
    return f"{text[:head]}⟨… {size(len(text) - head - tail)} of this message left out …⟩{text[-tail:]}"


def _kind(s: str) -> str:
    sample = s[:4096]
    if sample and all(c.isalnum() or c in "+/=_-" for c in sample):
        return "base64" if not sample.isdigit() else "digit"
    return "text"


def large_values(value: object, limit: int = 8) -> list[str]:
    """Where a parsed object holds huge strings: ["a 6.0 MB base64 string at messages[0]…"]."""
    found: list[str] = []
    stack: list[tuple[str, object]] = [("", value)]
    nodes = 0
    while stack and nodes < MAX_NODES and len(found) < limit:
        path, node = stack.pop()
        nodes += 1
        if isinstance(node, str):
            if len(node) >= LARGE_VALUE:
                found.append(f"a {size(len(node))} {_kind(node)} string at {path or '(the top)'}")
        elif isinstance(node, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(node))))
    return found
