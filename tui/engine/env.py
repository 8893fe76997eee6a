"""The environment the engine reads alongside the paste: credentials, base URL, proxies.

Only facts about the values are kept (set, blank, which kind of key); the values themselves never
leave this module except in redacted form, and not at all when `facts_only` is set (the MCP server:
an agent's transcript is no place for even a masked key or a proxy's address).
"""

from __future__ import annotations

from knowledge.record import Record
import os
from collections.abc import Mapping

from ..redact import mask

PROXY_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")


class Environment(Record):
    api_key: str | None = None
    auth_token: str | None = None
    base_url: str | None = None
    proxy: str | None = None
    enabled: bool = True
    facts_only: bool = False  # evidence says what is set, never the (masked) value

    @classmethod
    def from_mapping(cls, env: Mapping[str, str] | None, facts_only: bool = False) -> Environment:
        if env is None:
            env = os.environ
        proxy = next((env[v] for v in PROXY_VARS if env.get(v)), None)
        return cls(api_key=env.get("ANTHROPIC_API_KEY"), auth_token=env.get("ANTHROPIC_AUTH_TOKEN"),
                   base_url=env.get("ANTHROPIC_BASE_URL"), proxy=proxy, facts_only=facts_only)

    @classmethod
    def disabled(cls) -> Environment:
        return cls(enabled=False)


def key_kind(value: str | None) -> str:
    """What a credential looks like: api-key, oauth-token, admin-key, blank, other, unset."""
    if value is None:
        return "unset"
    v = value.strip().strip("'\"")
    if not v:
        return "blank"
    if v.startswith("sk-ant-api"):
        return "api-key"
    if v.startswith("sk-ant-oat"):
        return "oauth-token"
    if v.startswith("sk-ant-admin"):
        return "admin-key"
    return "other"


def is_loopback(url: str) -> bool:
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1].lower()
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host in ("localhost", "127.0.0.1", "[::1]", "::1") or host.startswith("127.")


def is_secure_url(url: str) -> bool:
    """https, or plain http to this machine (a local proxy or a test server): a key sent there
    does not cross the network in clear text."""
    return url.startswith("https://") or is_loopback(url)


# name → (predicate, evidence sentence)
def predicates(env: Environment) -> dict[str, tuple[bool, str]]:
    if not env.enabled:
        return {}
    key, token = env.api_key, env.auth_token
    key_set, token_set = bool(key and key.strip()), bool(token and token.strip())
    base = env.base_url or ""
    if env.facts_only:
        shown_key = "value not shown"
        shown_base = "https" if base.startswith("https://") else "on this machine" if is_loopback(base) else "not https"
        shown_base, shown_proxy = f"({shown_base}; value not shown)", "value not shown"
    else:
        shown_key = mask(key.strip()) if key_set else ""
        shown_base, shown_proxy = f"to {base}", env.proxy
    return {
        "api_key_set": (key_set, f"ANTHROPIC_API_KEY is set ({shown_key})"),
        "auth_token_set": (token_set, "ANTHROPIC_AUTH_TOKEN is set"),
        "both_credentials": (key_set and token_set,
                             "ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN are both set: the SDK sends both headers"),
        "no_credentials": (not key_set and not token_set,
                           "neither ANTHROPIC_API_KEY nor ANTHROPIC_AUTH_TOKEN is set"),
        "api_key_blank": (key is not None and (not key.strip() or key != key.strip() or key[:1] in "'\""),
                          "ANTHROPIC_API_KEY is empty, quoted, or has surrounding whitespace"),
        "api_key_is_oauth": (key_kind(key) == "oauth-token",
                             "ANTHROPIC_API_KEY holds an OAuth token (sk-ant-oat…), which belongs in Authorization: Bearer"),
        "api_key_is_admin": (key_kind(key) == "admin-key",
                             "ANTHROPIC_API_KEY holds an Admin API key (sk-ant-admin…)"),
        "auth_token_is_api_key": (key_kind(token) == "api-key",
                                  "ANTHROPIC_AUTH_TOKEN holds an API key (sk-ant-api…), which belongs in x-api-key"),
        "base_url_set": (bool(base), f"ANTHROPIC_BASE_URL is set {shown_base}"),
        "base_url_not_https": (bool(base) and not is_secure_url(base),
                               "ANTHROPIC_BASE_URL is not https" + ("" if env.facts_only else f": {base}")),
        "proxy_set": (bool(env.proxy), f"a proxy is configured ({shown_proxy})"),
    }
