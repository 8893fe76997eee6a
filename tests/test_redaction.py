"""No key fed in — in the paste or in the environment — appears in any output format."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import run_cli
from tui.redact import redact

KEYS = {
    "api": "sk-ant-api03-Zq8XvT3kLmN0pQrStUvWxYz1234567890abcdefGHIJKLmnopQRSTuvwxYZ-AbCdEfAA",
    "oauth": "sk-ant-oat01-AAAAbbbbCCCCddddEEEEffffGGGGhhhhIIIIjjjjKKKKllll-MMMMnnnn",
    "admin": "sk-ant-admin01-QQQQwwwwEEEErrrrTTTTyyyyUUUUiiiiOOOOpppp-zzzz",
    "bearer": "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNlY3JldA",
}

PASTE = f"""$ curl -v https://api.anthropic.com/v1/messages -H "x-api-key: {KEYS['api']}" -H "Authorization: Bearer {KEYS['oauth']}"
> POST /v1/messages HTTP/2
> x-api-key: {KEYS['api']}
> authorization: Bearer {KEYS['bearer']}
< HTTP/2 401
< request-id: req_011CRedactRedactRe
{{"type":"error","error":{{"type":"authentication_error","message":"invalid x-api-key {KEYS['admin']}"}},"request_id":"req_011CRedactRedactRe"}}
"""


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_no_key_in_any_format(fmt):
    env = {"ANTHROPIC_API_KEY": KEYS["api"], "ANTHROPIC_AUTH_TOKEN": KEYS["oauth"]}
    for extra in ([], ["--verbose"]):
        proc = run_cli("diagnose", "-", "--format", fmt, *extra, stdin=PASTE, env=env)
        out = proc.stdout.decode() + proc.stderr.decode()
        assert proc.returncode == 0, out
        for name, key in KEYS.items():
            assert key not in out, f"{name} key leaked in {fmt}"
            assert key[-12:] not in out, f"{name} key tail leaked in {fmt}"
    if fmt == "json":
        json.loads(proc.stdout)  # still valid JSON after redaction


def test_rich_terminal_output_is_redacted():
    proc = run_cli("diagnose", "-", stdin=PASTE, env={"FORCE_COLOR": "1"})
    out = proc.stdout.decode()
    assert all(k not in out for k in KEYS.values())


def test_mask_keeps_prefix_and_suffix():
    masked = redact(f"key={KEYS['api']}")
    assert masked.startswith("key=sk-ant-api03-") and masked.endswith(KEYS["api"][-4:])
    assert redact(masked) == masked  # idempotent
    assert redact("invalid x-api-key") == "invalid x-api-key"  # words are not secrets


_PIECES = ["sk-ant-api03-", "sk-ant-oat01-", "sk-proj-", "sk-or-v1-", "x-api-key", "X-Api-Key", "api_key", "apiKey",
           "Authorization", "AUTH_TOKEN", "proxy-authorization", "ANTHROPIC_API_KEY", "aws_secret_access_key",
           "x-goog-api-key", "Bearer ", "BEARER ", "https://", "http://user:", "@proxy:8080", ": ", "=", "\"", "'",
           " ", "\n", "AbCdEfGh12345678", "ijklMNOP9876543210qrst", "…", "tok", "-", "_"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_the_cheap_test_never_skips_a_secret(text):
    """redact() returns text unchanged when it holds none of _NEEDS; the full pass must agree."""
    from tui.redact import _redact
    assert redact(text) == _redact(text)


def test_the_cheap_test_on_every_example_paste():
    import knowledge
    from tui.redact import _redact
    for cause in knowledge.load().causes:
        for ex in cause.examples:
            for line in ex.paste.splitlines():
                assert redact(line) == _redact(line), line


def test_a_wrapped_key_is_masked_whole_but_the_next_header_is_not_taken_for_its_tail():
    from tui.redact import redact
    key = "sk-ant-api03-" + "A1b2C3d4E5" * 9 + "xyzAA"
    wrapped = f"  x-api-key: {key[:40]}\n  {key[40:80]}\n  {key[80:]}\nnext"
    out = redact(wrapped)
    assert key[40:80] not in out and key[80:96] not in out and out.endswith("\nnext")
    assert redact(f"key={key[:50]}\\n{key[50:]}") == f"key=sk-ant-api03-…{key[-4:]}"
    short = "> x-api-key: sk-ant-oat01-AbCdEfGhAbCd\n> anthropic-version: 2023-06-01\n"
    assert redact(short).endswith("\n> anthropic-version: 2023-06-01\n")
