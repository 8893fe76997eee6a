"""Read a curl command line the way a POSIX shell and curl would: the URL, the -H headers, the body.

Handles what pasted commands really contain: a `$ ` prompt, backslash line continuations, single,
double and ANSI-C (`$'…'`) quoting, attached short options (`-XPOST`, `-H'a: b'`), several -d parts
(joined with '&' as curl does), `--json`, and `-d @file` (read when the file exists, reported when
not). Variables such as $ANTHROPIC_API_KEY are kept as written, never expanded.
"""

from __future__ import annotations

import os
import re

from knowledge.record import Record, factory

_START = re.compile(r"(?m)^[ \t]*+(?:[$#>%][ \t]++)?(curl)[ \t\\]")  # possessive: a 10 MB indent is one step
_ANSI_C = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b",
           "e": "\x1b", "f": "\f", "v": "\v", "0": "\0"}
_DATA = {"-d", "--data", "--data-ascii", "--data-binary", "--data-raw", "--json"}
# Options whose next word is their value (so it is not taken for the URL).
_VALUED = {"-H", "--header", "-X", "--request", "-u", "--user", "-o", "--output", "-A", "--user-agent",
           "-e", "--referer", "-b", "--cookie", "-c", "--cookie-jar", "-m", "--max-time", "-w",
           "--write-out", "-K", "--config", "-x", "--proxy", "-r", "--range", "-T", "--upload-file",
           "-F", "--form", "--connect-timeout", "--retry", "--url", "--data-urlencode", "--cacert",
           "--cert", "--key", "--resolve", "--proxy-user", "-U", "--oauth2-bearer", "--user-agent",
           "-D", "--dump-header", "--limit-rate", "--retry-delay", "--retry-max-time", "-y", "-Y",
           "-z", "-C", "-Q", "-t", "-E", "--variable", "--expand-data"} | _DATA
_SHORT_VALUED = {o[1] for o in _VALUED if len(o) == 2}


class Curl(Record):
    url: str | None = None
    headers: dict = factory(dict)       # lower-case names
    body: str | None = None
    problem: str | None = None          # why the body could not be read (CT109)
    endpoint: str = "messages"


def find(text: str) -> int | None:
    """Offset of the first curl command in a paste, or None."""
    if "curl" not in text:  # memchr-fast: the pattern starts at every line start of a 10 MB paste
        return None
    m = _START.search(text)
    return m.start(1) if m else None


def words(text: str, start: int) -> list[str]:
    """Shell words from `start` to the end of the command (an unquoted newline, ;, | or &)."""
    out: list[str] = []
    word: list[str] | None = None
    i, n = start, len(text)
    while i < n:
        c = text[i]
        if c in " \t":
            if word is not None:
                out.append("".join(word))
                word = None
            i += 1
            continue
        if c in "\n;|&":
            break
        word = word if word is not None else []
        if c == "\\":
            if i + 1 < n and text[i + 1] == "\n":
                i += 2  # line continuation
                continue
            word.append(text[i + 1:i + 2])
            i += 2
        elif c == "'":
            end = text.find("'", i + 1)
            end = n if end < 0 else end
            word.append(text[i + 1:end])
            i = end + 1
        elif c == "$" and text.startswith("$'", i):
            i = _quoted(text, i + 2, "'", word, _ansi_c_escape)
        elif c == '"':
            i = _quoted(text, i + 1, '"', word, _double_escape)
        else:
            word.append(c)
            i += 1
    if word is not None:
        out.append("".join(word))
    return out


def _quoted(text: str, i: int, quote: str, word: list[str], escape) -> int:
    """Scan to the closing quote; `escape(text, i)` turns the backslash at i into (text, length)."""
    while i < len(text) and text[i] != quote:
        out, step = escape(text, i) if text[i] == "\\" else (text[i], 1)
        word.append(out)
        i += step
    return i + 1


def _double_escape(text: str, i: int) -> tuple[str, int]:
    """Inside "…" a backslash escapes only " \\ $ ` and the newline (a line continuation)."""
    nxt = text[i + 1:i + 2]
    if nxt and nxt in '"\\$`':
        return nxt, 2
    return ("", 2) if nxt == "\n" else ("\\", 1)


def _ansi_c_escape(text: str, i: int) -> tuple[str, int]:
    esc = text[i + 1:i + 2]
    if esc in ("x", "u"):
        digits = re.match(r"[0-9a-fA-F]{1,%d}" % (2 if esc == "x" else 4), text[i + 2:i + 6])
        if digits:
            return chr(int(digits.group(), 16)), 2 + len(digits.group())
    return (_ANSI_C.get(esc, "\\" + esc), 2) if esc else ("\\", 1)


def parse(text: str, start: int, base_dirs: list[str]) -> Curl:
    """The request a curl command (starting at `start`) would send."""
    argv = words(text, start)[1:]
    cmd = Curl()
    parts: list[str] = []
    i = 0
    while i < len(argv):
        arg, value = argv[i], None
        if arg.startswith("--") and "=" in arg and arg.split("=", 1)[0] in _VALUED:
            arg, value = arg.split("=", 1)
        elif len(arg) > 2 and arg[0] == "-" and arg[1] != "-" and arg[1] in _SHORT_VALUED:
            arg, value = arg[:2], arg[2:]  # attached value: -XPOST, -H'x: y'
        if arg in _VALUED and value is None:
            value = argv[i + 1] if i + 1 < len(argv) else ""
            i += 1
        i += 1
        if arg in ("-H", "--header"):
            name, _, val = value.partition(":")
            if name.strip():
                cmd.headers[name.strip().lower()] = val.strip()
        elif arg in _DATA:
            parts.append(_data(value, arg, base_dirs, cmd))
            if arg == "--json":
                cmd.headers.setdefault("content-type", "application/json")
        elif arg == "--url" or (not arg.startswith("-") and value is None and cmd.url is None):
            cmd.url = value if arg == "--url" else arg
    if cmd.problem is None:
        cmd.body = "&".join(parts) if parts else None
        if cmd.body is None:
            cmd.problem = "the curl command sends no body (no -d, --data or --json)"
    if cmd.url and cmd.url.rstrip("/").endswith("/count_tokens"):
        cmd.endpoint = "count_tokens"
    return cmd


def _data(value: str, option: str, base_dirs: list[str], cmd: Curl) -> str:
    if option == "--data-raw" or not value.startswith("@"):
        return value
    name = value[1:]
    if name == "-":
        cmd.problem = f"`{option} @-` reads the body from standard input, which is not part of this input"
        return ""
    for folder in base_dirs:
        path = os.path.join(folder, os.path.expanduser(name))
        if os.path.isfile(path):
            try:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    return fh.read()
            except OSError as exc:
                cmd.problem = f"`{option} @{name}`: the file cannot be read ({exc.strerror})"
                return ""
    cmd.problem = (f"`{option} @{name}`: there is no file {name!r} here, so curl would send an empty body "
                   "(and the API would answer that the body is not valid JSON)")
    return ""
