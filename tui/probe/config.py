"""Where live probes go and with which credential — resolved the way the SDKs resolve them.

Nothing here sends anything. `resolve()` says what would be sent; `refusal()` says why it must not
be (no credential, two credentials, a base URL that would carry the key in clear text).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from knowledge.record import Record, factory

from ..engine.env import is_secure_url, key_kind
from ..redact import mask

DEFAULT_BASE_URL = "https://api.anthropic.com"
ANTHROPIC_VERSION = "2023-06-01"
DEFAULT_TIMEOUT = 10.0       # seconds per probe (connect 5 s): probes are short calls
DEFAULT_MODEL = "claude-haiku-4-5"


class ProbeConfig(Record):
    base_url: str
    headers: dict = factory(dict)      # credential + version headers, ready to send
    credential: str = "none"           # "api-key" (x-api-key), "bearer" (Authorization), "both", "none"
    shown_key: str = ""                # the credential, redacted, for display
    model: str = DEFAULT_MODEL
    timeout: float = DEFAULT_TIMEOUT
    base_url_source: str = "default"   # "--base-url", "ANTHROPIC_BASE_URL" or "default"

    @property
    def is_secure(self) -> bool:
        return is_secure_url(self.base_url)

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


def resolve(env: Mapping[str, str] | None = None, base_url: str | None = None, model: str | None = None,
            timeout: float | None = None) -> ProbeConfig:
    env = os.environ if env is None else env
    key = (env.get("ANTHROPIC_API_KEY") or "").strip()
    token = (env.get("ANTHROPIC_AUTH_TOKEN") or "").strip()
    headers = {"anthropic-version": ANTHROPIC_VERSION, "content-type": "application/json",
               "user-agent": "claude-triage-probe"}
    if key and token:
        credential = "both"
    elif key:
        credential = "api-key"
        headers["x-api-key"] = key
    elif token:
        credential = "bearer"
        headers["authorization"] = f"Bearer {token}"
    else:
        credential = "none"
    url_source = "--base-url" if base_url else ("ANTHROPIC_BASE_URL" if env.get("ANTHROPIC_BASE_URL") else "default")
    url = (base_url or env.get("ANTHROPIC_BASE_URL") or DEFAULT_BASE_URL).strip().rstrip("/")
    shown = mask(key or token) if (key or token) else ""
    return ProbeConfig(base_url=url, headers=headers, credential=credential, shown_key=shown,
                       model=model or DEFAULT_MODEL, timeout=timeout or DEFAULT_TIMEOUT,
                       base_url_source=url_source)


def mask_userinfo(url: str) -> str:
    """The URL with any user:password@ part masked (it is shown in refusals)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=f"…@{host}").geturl()


def refusal(cfg: ProbeConfig, env: Mapping[str, str] | None = None,
            allow_insecure: bool = False) -> tuple[str, str] | None:
    """(reason, cause id) when nothing may be sent with this configuration; None when it may.

    `allow_insecure` is the user's explicit confirmation for a plain-http, non-loopback base URL,
    which would carry the key across the network in clear text."""
    env = os.environ if env is None else env
    if cfg.credential == "both":
        return ("ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN are both set: an SDK that sends both headers "
                "gets a 401. Unset one before probing.", "auth.dual-credentials")
    if cfg.credential == "none":
        return ("No credential: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN for an OAuth token).",
                "auth.missing-key")
    if key_kind(env.get("ANTHROPIC_API_KEY")) == "oauth-token":
        return ("ANTHROPIC_API_KEY holds an OAuth token (sk-ant-oat…); it would be sent as x-api-key and "
                "rejected. Put it in ANTHROPIC_AUTH_TOKEN instead.", "auth.oauth-in-x-api-key")
    parts = urlsplit(cfg.base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return (f"The base URL {mask_userinfo(cfg.base_url)!r} is not an http(s) URL.", "auth.wrong-base-url")
    if parts.username is not None or parts.password is not None:
        return (f"The base URL {mask_userinfo(cfg.base_url)!r} carries a user name or password: it would be sent "
                "with every probe and could end up in logs. Put credentials in ANTHROPIC_API_KEY / "
                "ANTHROPIC_AUTH_TOKEN, not in the URL.", "auth.wrong-base-url")
    if not cfg.is_secure and not allow_insecure:
        return (f"The base URL {cfg.base_url} is neither https nor this machine: the key would travel in clear "
                "text. Confirm explicitly (--yes) if you really mean it.", "auth.wrong-base-url")
    return None
