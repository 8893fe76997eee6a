"""Step 1: the credential variables and ANTHROPIC_BASE_URL, read from the environment only.

Values are never shown: a key appears masked (sk-ant-api03-…WXYZ), a URL with its password masked.
What a key looks like is decided by the engine's `key_kind`, so the checks and the diagnosis
agree on what an API key, an OAuth token and an Admin key are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from ..engine.env import is_loopback, key_kind
from ..redact import mask, redact
from .result import CheckResult, first_set

API_KEY, AUTH_TOKEN, BASE_URL = "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL"
DEFAULT_HOST = "api.anthropic.com"
# Credential sources the Python SDK (0.98+) falls back to when neither variable is set.
FALLBACK_SOURCES = ("ANTHROPIC_PROFILE", "ANTHROPIC_IDENTITY_TOKEN", "ANTHROPIC_IDENTITY_TOKEN_FILE")
CLOUD_PLATFORMS = ("bedrock", "vertex")  # answers under which ANTHROPIC_* credentials do not apply
# A base URL that already ends in the path the SDKs append themselves.
_VERSIONED_PATH = re.compile(r"/v1(/messages)?$")


def flaw(value: str) -> str | None:
    """How a credential is mistyped, if it is: the SDKs send the value exactly as set."""
    if not value.strip():
        return "is set but empty" if not value else "holds only whitespace"
    if value != value.strip():
        return "has a space or line break around it"
    if value[:1] in "'\"" or value[-1:] in "'\"":
        return "is wrapped in quote characters"
    if any(c.isspace() for c in value):
        return "contains a space or line break"
    return None


def shown(value: str) -> str:
    return mask(value.strip().strip("'\""))


def base_host(env: Mapping[str, str]) -> tuple[str, str]:
    """(scheme, host) the SDK will talk to: ANTHROPIC_BASE_URL's, else the API's own."""
    raw = (env.get(BASE_URL) or "").strip()
    try:
        parts = urlsplit(raw)
    except ValueError:
        parts = None
    if parts and parts.hostname and parts.scheme in ("http", "https"):
        return parts.scheme, parts.hostname.lower()
    return "https", DEFAULT_HOST


def _elsewhere(env: Mapping[str, str]) -> str | None:
    """The host requests go to when it is not Anthropic's (a gateway, relay or local proxy)."""
    host = base_host(env)[1]
    return None if host == DEFAULT_HOST else host


def credentials_check(env: Mapping[str, str], answers: Mapping[str, str],
                      sdk_resolves_dual: str | None) -> CheckResult:
    """Which credential will be used. `sdk_resolves_dual`: the installed anthropic version when it
    lets ANTHROPIC_API_KEY win over ANTHROPIC_AUTH_TOKEN by itself (see sdk_versions.toml)."""
    key, token = env.get(API_KEY), env.get(AUTH_TOKEN)
    key_set, token_set = bool(key and key.strip()), bool(token and token.strip())
    title = "Credentials in the environment"
    if key_set and token_set:
        if sdk_resolves_dual:
            return CheckResult("env.credentials", title, "warn",
                               f"Both {API_KEY} and {AUTH_TOKEN} are set. The anthropic {sdk_resolves_dual} "
                               "installed here uses the API key and ignores the token (with a warning), but "
                               "Claude Code, older SDKs and other tools may send both and get 401. "
                               "Unset the one you do not mean to use.", "auth.dual-credentials")
        return CheckResult("env.credentials", title, "fail",
                           f"Both {API_KEY} and {AUTH_TOKEN} are set: clients that read both send both "
                           "headers and the API answers 401 even when one of them is valid. "
                           "Unset the one you do not mean to use.", "auth.dual-credentials")
    if key_set or token_set:
        name, val = (API_KEY, key) if key_set else (AUTH_TOKEN, token)
        return CheckResult("env.credentials", title, "pass",
                           f"Only {name} is set ({shown(val or '')}): exactly one credential, as it should be.")
    if answers.get("platform") in CLOUD_PLATFORMS:
        return CheckResult("env.credentials", title, "pass",
                           f"Neither {API_KEY} nor {AUTH_TOKEN} is set, and the platform you chose "
                           "authenticates with its own cloud credentials instead.")
    fallback = first_set(env, FALLBACK_SOURCES)
    if fallback:
        return CheckResult("env.credentials", title, "info",
                           f"Neither {API_KEY} nor {AUTH_TOKEN} is set; recent Python SDKs fall back to "
                           f"{fallback[0]} (a profile or workload identity). Older SDKs and other tools do not.",
                           "client.no-auth-method")
    return CheckResult("env.credentials", title, "warn",
                       f"Neither {API_KEY} nor {AUTH_TOKEN} is set (or both are empty). Unless the code passes "
                       "api_key= itself or calls Bedrock or Vertex, the SDK stops with 'Could not resolve "
                       "authentication method' before sending anything.", "client.no-auth-method")


def _value_check(env: Mapping[str, str], name: str, expected: str, wrong_kind: dict[str, tuple[str, str]],
                 unknown_cause: str) -> CheckResult:
    """Shared shape of the API-key and auth-token checks: unset, mistyped, right kind, wrong kind."""
    val = env.get(name)
    cid = "env.api-key" if name == API_KEY else "env.auth-token"
    title = f"{name} value"
    if val is None:
        return CheckResult(cid, title, "skip", f"{name} is not set.")
    problem = flaw(val)
    if problem:
        return CheckResult(cid, title, "fail", f"{name} {problem}. Copy the value again without quotes, "
                           "spaces or line breaks (check .env files and shell profiles).", "auth.key-whitespace")
    kind = key_kind(val)
    if kind == expected:
        return CheckResult(cid, title, "pass", f"{name} has the expected shape ({shown(val)}).")
    if kind in wrong_kind:
        what, cause = wrong_kind[kind]
        return CheckResult(cid, title, "fail", f"{name} ({shown(val)}) holds {what}.", cause)
    host = _elsewhere(env)
    if host:
        return CheckResult(cid, title, "info", f"{name} is not an Anthropic credential ({shown(val)}); that is "
                           f"fine if the service at {host} (ANTHROPIC_BASE_URL) issued it.", "auth.wrong-base-url")
    return CheckResult(cid, title, "warn", f"{name} does not look like an Anthropic credential ({shown(val)}), "
                       f"and requests go to {DEFAULT_HOST}, which will answer 401.", unknown_cause)


def api_key_check(env: Mapping[str, str]) -> CheckResult:
    return _value_check(env, API_KEY, "api-key", {
        "oauth-token": ("an OAuth token (sk-ant-oat…), which must travel as Authorization: Bearer: "
                        f"move it to {AUTH_TOKEN}", "auth.oauth-in-x-api-key"),
        "admin-key": ("an Admin API key (sk-ant-admin…), which only works on the Admin API, not for "
                      "messages: use a normal API key", "auth.admin-key"),
    }, "auth.invalid-key")


def auth_token_check(env: Mapping[str, str]) -> CheckResult:
    return _value_check(env, AUTH_TOKEN, "oauth-token", {
        "api-key": (f"an API key (sk-ant-api…), which belongs in {API_KEY}", "auth.invalid-bearer-token"),
        "admin-key": ("an Admin API key (sk-ant-admin…), which only works on the Admin API", "auth.admin-key"),
    }, "auth.invalid-bearer-token")


def base_url_check(env: Mapping[str, str]) -> CheckResult:
    raw = env.get(BASE_URL)
    title = "ANTHROPIC_BASE_URL"
    if raw is None:
        return CheckResult("env.base-url", title, "pass", f"Not set: requests go to https://{DEFAULT_HOST}.")
    if not raw:
        return CheckResult("env.base-url", title, "warn", "Set but empty: some tools treat that as unset, others "
                           "as a broken URL. Unset it.", "access.wrong-endpoint-path")
    url = redact(raw)
    if raw != raw.strip() or any(c.isspace() for c in raw):
        return CheckResult("env.base-url", title, "fail", f"Contains a space or line break ({url!r}): the "
                           "request URL cannot be built from it. Set it again without whitespace.",
                           "access.wrong-endpoint-path")
    try:
        parts = urlsplit(raw)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        return CheckResult("env.base-url", title, "fail", f"{url} is not an http(s) URL with a host name. "
                           "Write it as https://host (the SDKs add /v1/messages).", "access.wrong-endpoint-path")
    if _VERSIONED_PATH.search(parts.path.rstrip("/")):
        root = url[: url.rstrip("/").rfind("/v1")]
        return CheckResult("env.base-url", title, "fail", f"{url} already ends in {parts.path.rstrip('/')}, but "
                           "the SDKs append /v1/messages themselves: requests go to …/v1/v1/messages and get 404. "
                           f"Set it to {root}.", "access.wrong-endpoint-path")
    if parts.scheme == "http" and not is_loopback(raw):
        return CheckResult("env.base-url", title, "warn", f"{url} uses plain http to a remote host: the credential "
                           "crosses the network unencrypted, and a server that redirects to https breaks POST "
                           "requests. Use https://.", "access.wrong-endpoint-path")
    if host.lower() != DEFAULT_HOST:
        return CheckResult("env.base-url", title, "info", f"Requests go to {url}, not to {DEFAULT_HOST}: errors may "
                           "come from that service, and it must accept your credential.", "auth.wrong-base-url")
    return CheckResult("env.base-url", title, "pass", f"{url} is Anthropic's own API host.")
