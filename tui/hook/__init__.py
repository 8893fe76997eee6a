"""tui.hook: the diagnosis under the traceback, in the user's own program.

    import tui.hook
    tui.hook.install()          # or: python -m tui.hook script.py args…

An uncaught Claude API error (raised by the `anthropic` SDK, recognised without importing it)
prints the normal traceback and then its likely causes, the fix and retry advice, redacted. Every
other exception prints exactly what Python prints. For services, `DiagnosisFilter` adds the same
diagnosis to log records whose exc_info holds such an error.

- `install()`, `uninstall()`: chain sys.excepthook, threading.excepthook and the running asyncio
  loop's exception handler (hooks.py);
- `api_error(exc)`: the Claude API error in an exception or its causes, or None (detect.py);
- `DiagnosisFilter`: a logging.Filter (logfilter.py; loaded on first use, since install() must
  not import logging);
- `diagnosis_text(exc)`: what is printed under the traceback (report.py; loads the engine);
- `python -m tui.hook`: run a script or module with the hook installed, like pdb (run.py).

install() loads nothing of the engine or the knowledge base: they are imported when an API error
is actually seen.
"""

from __future__ import annotations

from .detect import api_error
from .hooks import install, uninstall

__all__ = ["DiagnosisFilter", "api_error", "diagnosis_text", "install", "uninstall"]


_LAZY = {"DiagnosisFilter": "logfilter", "diagnosis_text": "report"}  # loaded on first use


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'tui.hook' has no attribute {name!r}")
    from importlib import import_module
    return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
