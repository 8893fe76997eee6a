"""Step 2: proxy variables and custom CA bundles: what stands between the client and the API.

Only the environment and the file system are read; nothing is connected to. Proxy URLs are shown
with their password masked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from ..engine.env import is_loopback
from ..redact import redact
from .result import CheckResult, first_set

# Lower-case first: Python's urllib (and so httpx) prefers the lower-case spelling when both exist.
HTTPS_VARS = ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
HTTP_VARS = ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY")
NO_PROXY_VARS = ("no_proxy", "NO_PROXY")
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h", "socks4")
# Variables naming a CA bundle: (name, is a folder, replaces the default roots rather than adding).
CA_VARS = (("SSL_CERT_FILE", False, True), ("SSL_CERT_DIR", True, True), ("REQUESTS_CA_BUNDLE", False, True),
           ("CURL_CA_BUNDLE", False, True), ("NODE_EXTRA_CA_CERTS", False, False))
# The distributions' own trust stores: pointing a variable at one of them changes nothing.
SYSTEM_STORES = ("/etc/ssl/certs", "/etc/ssl/cert.pem", "/etc/pki/tls/certs", "/etc/pki/ca-trust",
                 "/usr/local/etc/openssl", "/opt/homebrew/etc/openssl")
PROXY_CAUSE, TLS_CAUSE = "net.proxy-misconfigured", "net.tls-intercepted"


def bypasses_proxy(host: str, no_proxy: str) -> bool:
    """Whether a NO_PROXY list sends `host` direct: '*', the host itself or a parent domain."""
    for entry in no_proxy.lower().replace(" ", "").split(","):
        if entry == "*":
            return True
        if entry.count(":") == 1:
            entry = entry.split(":")[0]  # a port does not matter for the host match
        entry = entry.lstrip("*").lstrip(".")
        if entry and (host == entry or host.endswith("." + entry)):
            return True
    return False


def _proxy_url_problem(value: str) -> str | None:
    try:
        parts = urlsplit(value.strip())
        ok = parts.scheme.lower() in PROXY_SCHEMES and bool(parts.hostname)
    except ValueError:
        ok = False
    return None if ok else "is not a proxy URL of the form http://host:port"


def proxy_checks(env: Mapping[str, str], scheme: str, host: str) -> list[CheckResult]:
    """The proxy that applies to requests for scheme://host, and whether it is well formed."""
    results: list[CheckResult] = []
    names = sorted({n for n in HTTPS_VARS + HTTP_VARS if env.get(n)}, key=(HTTPS_VARS + HTTP_VARS).index)
    for name in names:
        problem = _proxy_url_problem(env[name])
        if problem:
            results.append(CheckResult(f"net.proxy-url.{name}", f"{name} value", "fail",
                                       f"{name}={redact(env[name])} {problem}: httpx refuses it and other tools "
                                       "ignore it or fail to connect.", PROXY_CAUSE, "network"))
    for upper in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"):
        lower = upper.lower()
        if env.get(upper) and env.get(lower) and env[upper] != env[lower]:
            results.append(CheckResult(f"net.proxy-case.{upper}", f"{upper} and {lower} differ", "warn",
                                       f"{upper} and {lower} hold different values; Python prefers {lower}, other "
                                       "tools may pick the other one. Keep one spelling.", PROXY_CAUSE, "network"))
    applicable = first_set(env, HTTPS_VARS if scheme == "https" else HTTP_VARS)
    no_proxy = first_set(env, NO_PROXY_VARS)
    title = "Proxy"
    if not names:
        detail = f"No proxy variables are set: connections to {host} go direct."
        results.insert(0, CheckResult("net.proxy", title, "pass", detail, PROXY_CAUSE, "network"))
    elif applicable is None:
        detail = (f"Only {', '.join(names)} is set, which applies to http:// URLs: requests to {scheme}://{host} "
                  "go direct. Set HTTPS_PROXY if your network requires the proxy.")
        results.insert(0, CheckResult("net.proxy", title, "info", detail, PROXY_CAUSE, "network"))
    elif no_proxy and bypasses_proxy(host, no_proxy[1]):
        detail = (f"{applicable[0]} is set ({redact(applicable[1])}), but {no_proxy[0]} lists {host}: "
                  "requests to it go direct, not through the proxy.")
        results.insert(0, CheckResult("net.proxy", title, "info", detail, PROXY_CAUSE, "network"))
    elif is_loopback(f"{scheme}://{host}"):
        detail = (f"Requests to your local service {host} are sent through the proxy {redact(applicable[1])} "
                  "because NO_PROXY does not list it. Add localhost,127.0.0.1 to NO_PROXY.")
        results.insert(0, CheckResult("net.proxy", title, "warn", detail, PROXY_CAUSE, "network"))
    else:
        detail = (f"Requests to {host} go through the proxy {redact(applicable[1])} ({applicable[0]}). If "
                  "connections fail (407, a refused CONNECT, a TLS error), look at the proxy first.")
        results.insert(0, CheckResult("net.proxy", title, "info", detail, PROXY_CAUSE, "network"))
    return results


def tls_checks(env: Mapping[str, str]) -> list[CheckResult]:
    """Custom CA bundles (must exist; must still hold the public roots) and disabled verification."""
    results: list[CheckResult] = []
    found: list[tuple[str, str, bool]] = []  # (variable, path, replaces the default roots)
    for name, is_dir, replaces in CA_VARS:
        path = env.get(name)
        if not path:
            continue
        if (os.path.isdir if is_dir else os.path.isfile)(path):
            found.append((name, path, replaces))
            continue
        what = "folder" if is_dir else "file"
        results.append(CheckResult(f"net.ca.{name}", name, "fail", f"{name} points to {path}, which is not an existing "
                                   f"{what}: tools that read it cannot set up TLS. Fix the path or unset it.",
                                   TLS_CAUSE, "network"))
    custom = [(n, p, r) for n, p, r in found if not p.startswith(SYSTEM_STORES)]
    if custom:
        listed = "; ".join(f"{n}={p}" for n, p, _ in custom)
        note = (" A bundle that replaces the default roots must also hold the public ones that sign "
                "api.anthropic.com." if any(r for *_, r in custom) else "")
        results.append(CheckResult("net.ca", "CA bundle", "info", f"A custom CA bundle is in use ({listed}).{note}",
                                   TLS_CAUSE, "network"))
    elif found:
        names = ", ".join(n for n, *_ in found)
        results.append(CheckResult("net.ca", "CA bundle", "pass", f"{names} point(s) to the system's own trust "
                                   "store.", TLS_CAUSE, "network"))
    if env.get("NODE_TLS_REJECT_UNAUTHORIZED") == "0":
        results.append(CheckResult("net.tls-verify", "NODE_TLS_REJECT_UNAUTHORIZED", "warn",
                                   "NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate checks for Node tools: it "
                                   "hides a TLS interception problem instead of fixing it. Install the proxy's CA "
                                   "with NODE_EXTRA_CA_CERTS instead.", TLS_CAUSE, "network"))
    if not results:
        results.append(CheckResult("net.ca", "CA bundle", "pass",
                                   "No custom CA bundle variables are set: the default trust stores apply. Behind a "
                                   "TLS-inspecting proxy you would need one.", TLS_CAUSE, "network"))
    return results
