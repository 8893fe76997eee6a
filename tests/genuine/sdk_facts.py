"""Run inside a venv that holds one `anthropic` release: print the facts the drift check compares.

Stdlib + anthropic only. Prints JSON: the version, the HTTP transport module, every exception
class (with its base), the (status, error_code) -> class table, the attributes an APIStatusError
carries, and the retry rules as read from the SDK's own source (_base_client.py, _constants.py):
statuses retried, x-should-retry handling, max_retries default, backoff constants.
Older releases have no `_error_classes.ERROR_CLASSES`; their table is read from
`_make_status_error`'s `if response.status_code == N: return _exceptions.X` chain instead.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from pathlib import Path

import anthropic
from anthropic import _exceptions

PKG = Path(anthropic.__file__).parent


def _source(name: str) -> str:
    path = PKG / name
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _function(source: str, name: str) -> str:
    """The text of `def name(...)` up to the next def at the same or a lower indent."""
    m = re.search(rf"^(\s*)def {name}\(.*?(?=^\1def |\Z)", source, re.S | re.M)
    return m.group(0) if m else ""


def exception_classes() -> dict[str, str]:
    found = {}
    for module in (anthropic, _exceptions):
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__.startswith("anthropic"):
                found[name] = obj.__mro__[1].__name__
    return dict(sorted(found.items()))


def error_pairs() -> list[list]:
    try:
        from anthropic._error_classes import ERROR_CLASSES
    except ImportError:
        ERROR_CLASSES = None
    if ERROR_CLASSES is not None:
        return sorted([[s, c, k.__name__] for (s, c), k in ERROR_CLASSES.items()],
                      key=lambda p: (p[0], p[1] or ""))
    chain = _function(_source("_client.py"), "_make_status_error")
    pairs = re.findall(r"status_code == (\d+):\s*return _exceptions\.(\w+)", chain)
    return sorted([[int(s), None, k] for s, k in pairs])


def status_error_attributes() -> list[str]:
    cls = _exceptions.APIStatusError
    names = set(getattr(cls, "__annotations__", {}))
    names |= set(re.findall(r"self\.(\w+)\s*[:=]", inspect.getsource(cls.__init__)))
    return sorted(n for n in names if not n.startswith("_"))


def retry_facts() -> dict:
    base, consts = _source("_base_client.py"), _source("_constants.py")
    should = _function(base, "_should_retry")
    failure = _function(base, "_should_retry_failure")

    def const(name: str) -> str | None:
        m = re.search(rf"^{name}\s*=\s*(.+)$", consts, re.M)
        return m.group(1).strip() if m else None

    return {
        "statuses_retried": sorted({int(s) for s in re.findall(r"status_code == (\d+)", should)}),
        "statuses_retried_from": sorted({int(s) for s in re.findall(r"status_code >= (\d+)", should)}),
        "x_should_retry_obeyed": '"x-should-retry"' in should,
        "x_should_retry_on_transport_failure": '"x-should-retry"' in failure,
        "retry_after_headers": sorted(set(re.findall(r'"(retry-after(?:-ms)?)"', base))),
        "default_max_retries": const("DEFAULT_MAX_RETRIES"),
        "initial_retry_delay": const("INITIAL_RETRY_DELAY"),
        "max_retry_delay": const("MAX_RETRY_DELAY"),
        "default_timeout": const("DEFAULT_TIMEOUT"),
    }


def main() -> None:
    transport = re.search(r"^import (httpx\w*)$", _source("_base_client.py"), re.M)
    json.dump({
        "package": "anthropic",
        "version": anthropic.__version__,
        "transport": transport.group(1) if transport else None,
        "exception_classes": exception_classes(),
        "error_pairs": error_pairs(),
        "status_error_attributes": status_error_attributes(),
        "retry": retry_facts(),
    }, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
