"""Mask API keys and tokens before anything leaves the engine.

Every renderer (text, JSON, Markdown, SARIF, the app, screenshots) passes its output through
`redact`, so a key pasted by accident is never echoed back in full. A short prefix and suffix stay
visible so the user can still tell which key it was.
"""

from __future__ import annotations

import re

from .lazyre import lazy  # compiled on first use: most CLI calls redact text that holds no key

# Anthropic keys: sk-ant-api03-…, sk-ant-oat01-…, sk-ant-admin01-…, and any other sk-ant- kind.
_ANTHROPIC_KEY = lazy(r"sk-ant-[A-Za-z]+\d*-[A-Za-z0-9_\-]{4,}+")
# The same key as a log or a terminal may have bent it: hyphens as JSON `\u002d` or URL `%2D`
# escapes, or the key hard-wrapped onto the next lines (a key is ~108 characters; a shorter one
# followed by a line of key characters is taken to continue there).
_HYPHEN = r"(?:-|\\u002[dD]|%2[dD])"
_ESCAPED_KEY = lazy(rf"sk{_HYPHEN}ant{_HYPHEN}[A-Za-z]+\d*{_HYPHEN}(?:[A-Za-z0-9_]|{_HYPHEN}){{4,}}+")
# A continuation is a run of key characters alone at the start of a line, never a name that a
# `:` or `=` follows (`> anthropic-version: …` after a short key is the next header).
_WRAPPED_KEY = lazy(r"(sk-ant-[A-Za-z]+\d*-[A-Za-z0-9_\-]{4,}+)"
                          r"((?:(?:\r?\n|\\n)[ \t│|>#*]*+[A-Za-z0-9_\-]{2,}+(?![ \t]*[:=])){1,3})")
KEY_LENGTH = 100
# Values of credential headers and key-bearing fields, in headers, curl -H, JSON and reprs.
_HEADER_VALUE = lazy(
    r"""(?ix)
    (?P<name>x-api-key|api[_-]?key|authorization|auth[_-]?token|proxy-authorization|
        ANTHROPIC_API_KEY|ANTHROPIC_AUTH_TOKEN|OPENAI_API_KEY|AWS_SECRET_ACCESS_KEY|
        aws_secret_access_key|x-goog-api-key)
    (?P<sep>["']?\s*[:=]\s*["']?)
    (?P<scheme>(?:Bearer|Basic)\s+)?
    (?P<value>[^\s"',;}\]\\$]{6,})
    """
)
# A bare "Bearer <token>" anywhere else (logs, error messages).
_BEARER = lazy(r"(?i)\b(Bearer\s+)([A-Za-z0-9._~+/=\-…]{8,})")
# Passwords in URLs (proxy settings): scheme://user:password@host.
_URL_PASSWORD = lazy(r"(?i)\b([a-z][a-z0-9+.\-]*://[^\s/:@]+:)([^\s/@]+)(@)")
# Other providers' secret keys that travel in the same pastes (OpenAI/OpenRouter sk-…).
_OTHER_SK = lazy(r"\bsk-(?!ant-)(?:or-v1-|proj-)?[A-Za-z0-9_\-]{16,}")

_MASK = "…"


def mask(secret: str) -> str:
    """Keep enough of a secret to recognise it, and no more."""
    if secret.startswith("sk-ant-"):
        # "sk-ant-api03-" names the kind of key; keep it plus the last four characters.
        kind_end = secret.find("-", 7) + 1
        head = secret[:kind_end] if 0 < kind_end <= 16 else secret[:10]
        return f"{head}{_MASK}{secret[-4:]}"
    if len(secret) <= 12:
        return secret[:2] + _MASK
    return f"{secret[:4]}{_MASK}{secret[-4:]}"


def _looks_secret(value: str) -> bool:
    # "Authorization: Bearer)" or "x-api-key: invalid" in prose are words, not secrets.
    return len(value) >= 8 and (any(c.isdigit() for c in value) or len(value) >= 20)


def _mask_wrapped(m: re.Match[str]) -> str:
    """A key cut short at a line end, and the lines that continue it: masked as one."""
    key, rest = m.group(1), m.group(2)
    if len(key) >= KEY_LENGTH:
        return m.group(0)  # a whole key; the next line is something else
    parts = re.split(r"(\r?\n|\\n)", rest)  # ["", break, line, break, line, …]
    whole = key
    used = 0
    for i in range(2, len(parts), 2):
        if len(whole) >= KEY_LENGTH:
            break
        whole += parts[i].lstrip(" \t│|>#*")
        used = i
    return mask(whole) + "".join(parts[used + 1:])


def _mask_header(m: re.Match[str]) -> str:
    value = m.group("value")
    if _MASK in value or not _looks_secret(value):  # already masked, or not a secret at all
        return m.group(0)
    return f"{m.group('name')}{m.group('sep')}{m.group('scheme') or ''}{mask(value)}"


# Every pattern above needs one of these (case-insensitively) in the text it matches: a report
# redacts each of its ~150 spans, and most spans contain none of them.
_NEEDS = ("sk-", "sk\\u002", "sk%2", "key", "auth", "bearer", "://")


def redact(text: str) -> str:
    """Return `text` with every key and token masked. Idempotent."""
    if not text:
        return text
    lower = text.lower()
    if not any(n in lower for n in _NEEDS):
        return text
    return _redact(text)


def _redact(text: str) -> str:
    """redact() without the cheap test for text that cannot hold a secret."""
    if "\n" in text or "\\n" in text:
        text = _WRAPPED_KEY.sub(_mask_wrapped, text)
    if "\\u002" in text or "%2" in text:
        text = _ESCAPED_KEY.sub(lambda m: mask(m.group(0)), text)
    text = _ANTHROPIC_KEY.sub(lambda m: mask(m.group(0)), text)
    text = _HEADER_VALUE.sub(_mask_header, text)
    text = _BEARER.sub(lambda m: m.group(1) + (m.group(2) if _MASK in m.group(2) else mask(m.group(2))), text)
    text = _OTHER_SK.sub(lambda m: mask(m.group(0)), text)
    text = _URL_PASSWORD.sub(lambda m: m.group(1) + (m.group(2) if _MASK in m.group(2) else mask(m.group(2)))
                             + m.group(3), text)
    return text


def redact_obj(obj: object) -> object:
    """Redact every string inside a JSON-like structure (for --format json)."""
    if isinstance(obj, str):
        return redact(obj)
    if isinstance(obj, dict):
        return {k: redact_obj(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [redact_obj(v) for v in obj]
    return obj
