"""claude-triage: why did my Claude API call fail, and what do I change?

Library use:

    from tui import diagnose
    try:
        client.messages.create(...)
    except anthropic.APIError as e:
        d = diagnose(e)            # or diagnose(pasted_text)
        print(d.top.cause.title, d.top.cause.fix)

`diagnose` is loaded lazily so that `import tui` stays cheap and pulls in neither Textual nor httpx.
"""

from __future__ import annotations

__version__ = "0.2.0"
__all__ = ["diagnose", "read", "__version__"]


def __getattr__(name: str):
    if name == "diagnose":
        from .engine import diagnose
        return diagnose
    if name == "read":
        from .reader import read
        return read
    raise AttributeError(f"module 'tui' has no attribute {name!r}")
