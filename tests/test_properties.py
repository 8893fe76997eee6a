"""Property tests (hypothesis) over everything a paste reaches: `diagnose` (text, ANSI, json,
markdown), `lint` (text, json, sarif), `explain`, and the app's paste path (issue 12).

Pastes are generated from the shapes users paste (API error bodies, SDK tracebacks, `curl -v`
dumps, header blocks, Python reprs, SSE streams, request bodies) cut, nested and mixed with
hostile text (terminal escapes, OSC, C1, bidi and zero-width controls, runs of brackets, quotes,
escapes and whitespace), with a key (sk-ant-api03-…, sk-ant-oat01-… or a Bearer token) placed in
one of the ways a key travels: a header, a JSON field (also with `\\u002d` escapes), a URL query,
a cookie, a Python repr, a curl -H, or hard-wrapped over lines. For every output:

- no traceback and no "internal error"; the exit status is 0, 1 or 2;
- no 16-character piece of the key's secret part appears (masking keeps a prefix and 4 characters);
- no raw ESC (except the SGR styles of the ANSI renderer), OSC, C1, bidi or zero-width control;
- the Markdown report renders no link, image or HTML from the paste (parsed with markdown-it:
  the only links are the knowledge base's own documentation URLs).

The default run is quick (FUZZ_EXAMPLES, default 25 examples per test); the long fuzz run is
`FUZZ_EXAMPLES=2000 python -m pytest tests/test_properties.py` (see docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import knowledge
from tui import cli
from tui.render.doc import INVISIBLE

from tests.helpers import shown_text

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("FUZZ_RANDOM"),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+/"
RAW_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE}]")
SGR = re.compile(r"\x1b\[[0-9;]*m")
URLISH = re.compile(r"(?i)https?://[^\s)>\]`]+|www\.[^\s)>\]`]+|[\w.+-]+@[\w-]+\.[\w.-]+")

# --- keys and where they travel --------------------------------------------------------------

anthropic_key = st.builds(lambda kind, body: f"sk-ant-{kind}-{body}AA",
                          st.sampled_from(["api03", "oat01", "admin01"]),
                          st.text(KEY_CHARS, min_size=93, max_size=93))
bearer_token = st.text(TOKEN_CHARS, min_size=24, max_size=64).filter(lambda t: any(c.isdigit() for c in t))


def _placements(key: str) -> list[str]:
    wrap = 17 + len(key) // 3
    return [
        f"x-api-key: {key}",
        f'{{"headers": {{"x-api-key": "{key}"}}}}',
        json.dumps({"api_key": key}).replace("-", "\\u002d"),
        f"POST https://api.anthropic.com/v1/messages?key={key}&beta=true",
        f"Cookie: session={key}; theme=dark",
        repr({"headers": {"x-api-key": key, "anthropic-version": "2023-06-01"}}),
        f"curl https://api.anthropic.com/v1/messages -H 'x-api-key: {key}' -d '{{}}'",
        f"ANTHROPIC_API_KEY={key}",
        f"  x-api-key: {key[:wrap]}\n  {key[wrap:]}",  # hard-wrapped by a terminal
        f"key={key[:wrap]}\\n{key[wrap:]}",              # wrapped, then logged as a JSON string
    ]


def _bearer_placements(token: str) -> list[str]:
    return [f"Authorization: Bearer {token}", f'{{"authorization": "Bearer {token}"}}',
            repr({"Authorization": f"Bearer {token}"}), f"curl -H 'Authorization: Bearer {token}' https://x"]


@st.composite
def secret(draw):
    """(text carrying a secret, the secret part of it)."""
    if draw(st.booleans()):
        key = draw(anthropic_key)
        return draw(st.sampled_from(_placements(key))), key[len("sk-ant-xxxxx-"):]
    token = draw(bearer_token)
    return draw(st.sampled_from(_bearer_placements(token))), token


# --- pastes ------------------------------------------------------------------------------------

HOSTILE = ["\x1b[31m", "\x1b]52;c;aGVsbG8=\x07", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "\x9b2J",
           "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u00ad", "\x00", "\x07", "\r", "\t", "\u2011",
           "[click](https://evil.example)", "![img](https://evil.example/x.png)", "<script>x</script>",
           "<img src=x onerror=alert(1)>", "www.evil.example", "mail@evil.example", "`", "```", "|", "\\",
           "\\'", '\\"', "'", '"', "{", "}", "[", "]", "\n", "    ", "…", "é", "你好"]
STATUSES = [200, 400, 401, 403, 404, 413, 429, 500, 529]
TYPES = ["invalid_request_error", "authentication_error", "rate_limit_error", "overloaded_error",
         "not_found_error", "api_error", "permission_error", "request_too_large"]


def _error_body(status: int, etype: str, message: str) -> str:
    return json.dumps({"type": "error", "error": {"type": etype, "message": message},
                       "request_id": "req_011CTestTestTestTest"})


@st.composite
def fragment(draw):
    status, etype = draw(st.sampled_from(STATUSES)), draw(st.sampled_from(TYPES))
    message = draw(st.text(max_size=60)) + draw(st.sampled_from(HOSTILE))
    model = draw(st.sampled_from(["claude-sonnet-4-5", "claude-opus-4-1", "claude-sonnet-4\u20116",
                                  "claude-haiku-4-5\u200b", "claude-3-5-sonnet-latest"]))
    body = _error_body(status, etype, message)
    shapes = [
        body,
        f"anthropic.BadRequestError: Error code: {status} - {json.loads(body)!r}",
        f"API Error: {status} {body}",
        f"< HTTP/1.1 {status} Whatever\n< request-id: req_011CAbc\n< retry-after: 7\n\n{body}",
        f"event: error\ndata: {body}\n\n",
        json.dumps({"model": model, "max_tokens": 1024, "temperature": 0.5, "top_p": 0.9,
                    "messages": [{"role": "user", "content": message}]}),
        f"client.messages.create(model={model!r}, max_tokens=10, messages=[{{'role': 'user', 'content': {message!r}}}])",
        f"Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\nanthropic.RateLimitError: {message}",
        draw(st.text(max_size=80)),
        draw(st.sampled_from(HOSTILE)) * draw(st.integers(1, 300)),
    ]
    return draw(st.sampled_from(shapes))


@st.composite
def paste(draw):
    parts = draw(st.lists(fragment(), min_size=1, max_size=4))
    text, pieces = draw(secret())
    parts.insert(draw(st.integers(0, len(parts))), text)
    cut = draw(st.integers(0, 3))
    joined = draw(st.sampled_from(["\n", " ", "\n\n", ""])).join(parts)
    if cut == 0 and len(joined) > 20:  # a paste cut short (never through the secret itself)
        at = joined.find(text) + len(text)
        joined = joined[:draw(st.integers(at, len(joined)))]
    # Pieces of the secret that the rest of the paste also holds (hypothesis likes "0000…") may be
    # printed as part of that rest: they are not checked.
    rest = joined.replace(text, "\n")
    return joined, [p for p in _windows(pieces) if p not in rest]


def _windows(secret: str) -> list[str]:
    return [secret[i:i + 16] for i in range(0, len(secret) - 15)]


# --- running the CLI in-process -------------------------------------------------------------------

def run(*args: str, data: str | None = None, styles: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = {"CLAUDE_TRIAGE_DEBUG": "1", "NO_COLOR": "" if styles else "1", "FORCE_COLOR": "1" if styles else ""}
    saved = {k: os.environ.get(k) for k in env}
    path = None
    try:
        os.environ.update(env)
        if data is not None:
            with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as fh:
                fh.write(data.encode("utf-8", errors="surrogatepass"))
                path = fh.name
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([*args[:1], *([path] if path else []), *args[1:]])
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        if path:
            os.unlink(path)
    return code, out.getvalue(), err.getvalue()


def check_output(code: int, out: str, err: str, pieces: list[str] = (), styles: bool = False) -> None:
    assert code in (0, 1, 2), (code, err[-500:])
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]
    both = out + err
    for piece in pieces:
        assert piece not in both, f"secret piece {piece!r} printed"
    shown = SGR.sub("", both) if styles else both
    bad = RAW_CONTROL.search(shown)
    assert bad is None, f"raw {bad.group()!r} at {bad.start()}: {shown[max(0, bad.start() - 40):bad.start() + 20]!r}"


DOC_URLS = None


def check_markdown(md: str) -> None:
    """No link, image or HTML from the paste: every rendered link is a knowledge-base docs URL,
    and no URL or address of the paste is left in plain text for a renderer's autolinker."""
    global DOC_URLS
    from markdown_it import MarkdownIt
    if DOC_URLS is None:  # the URLs the tool itself writes: its knowledge base's and its code's
        from pathlib import Path
        paths = [*Path(knowledge.data_dir()).rglob("*.toml"), *Path(cli.__file__).parent.rglob("*.py")]
        DOC_URLS = "\n".join(path.read_text(encoding="utf-8") for path in paths)
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    for tok in tokens:
        assert tok.type not in ("html_block", "html_inline"), tok.content
        for child in tok.children or []:
            assert child.type not in ("html_inline", "image"), child
            if child.type == "link_open":
                assert child.attrs.get("href") in DOC_URLS, child.attrs  # a KB docs_url
            if child.type == "text":
                for url in URLISH.findall(child.content):
                    assert url.rstrip(".,;:") in DOC_URLS, f"{url!r} would be autolinked"


# --- the properties ------------------------------------------------------------------------------

@SETTINGS
@given(paste())
def test_diagnose_every_format(case):
    text, pieces = case
    for fmt in ("text", "json", "markdown"):
        code, out, err = run("diagnose", "--format", fmt, "--no-env", data=text)
        check_output(code, out, err, pieces)
        if fmt == "json":
            json.loads(out)
        if fmt == "markdown":
            check_markdown(out)
    code, out, err = run("diagnose", "--no-env", data=text, styles=True)
    check_output(code, out, err, pieces, styles=True)


@SETTINGS
@given(paste())
def test_lint_every_format(case):
    text, pieces = case
    for fmt in ("text", "json", "sarif"):
        code, out, err = run("lint", "--format", fmt, data=text)
        check_output(code, out, err, pieces)
        if fmt != "text" and code != 2:  # 2: no request in the input, said on stderr
            json.loads(out)


@SETTINGS
@given(st.one_of(st.text(max_size=60), st.sampled_from(HOSTILE), secret().map(lambda s: s[0])))
def test_explain_any_key(key):
    for fmt in ("text", "json"):
        code, out, err = run("explain", "--format", fmt, "--", key) if key.startswith("-") else \
            run("explain", "--format", fmt, key)
        check_output(code, out, err)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes(data):
    """Undecodable bytes, NULs, lone surrogates' encodings: still a sentence, never a traceback."""
    with tempfile.NamedTemporaryFile("wb", suffix=".bin", delete=False) as fh:
        fh.write(data)
    try:
        for cmd in ("diagnose", "lint"):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = cli.main([cmd, fh.name])
            check_output(code, out.getvalue(), err.getvalue())
    finally:
        os.unlink(fh.name)


@SETTINGS
@given(paste())
def test_app_paste_path(case):
    """What the app does with a paste: the box masks keys and shows controls as pictures (and
    gives the engine back the same text), and everything the results panel shows is clean."""
    pytest.importorskip("textual")
    from tui.app import outcome
    from tui.app.paste import from_visible, to_visible
    from tui.redact import redact
    text, pieces = case
    boxed = to_visible(redact(text))
    check_output(0, boxed.replace("\r", "\n"), "", pieces)  # a CR is a line break to the TextArea
    if not re.search("[\x80-\x9f\u2400-\u2421]|⟨U\\+", text):  # C1 (no picture) or the box's own symbols
        assert from_visible(to_visible(text)) == text
    result = outcome.build(1, from_visible(boxed), {}, True, True)
    check_output(0, shown_text(result) + result.fix, result.markdown, pieces)
    check_markdown(result.markdown)
