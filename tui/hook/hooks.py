"""Chain the interpreter's hooks for uncaught exceptions: each calls the hook it replaced first
(so the traceback is printed exactly as before, by whatever printed it), then, for a Claude API
error only, prints the diagnosis under it.

Cheap on purpose: install() imports nothing (not even `threading`, ~3 ms on its own; see
tests/bench/bench_hook.py), and nothing of claude-triage beyond this package.
"""

from __future__ import annotations

import sys

from .detect import api_error

_previous: dict[str, object] = {}  # hook name → the hook install() replaced


def _report(exc: BaseException | None) -> None:
    found = api_error(exc)
    if found is not None:
        from .report import write_diagnosis
        write_diagnosis(found, sys.stderr)


def _sys_excepthook(exc_type, exc, tb) -> None:
    _previous["sys"](exc_type, exc, tb)
    _report(exc)


def _threading_excepthook(args) -> None:
    _previous["threading"](args)
    if args.exc_type is not SystemExit:  # threading ignores SystemExit; so do we
        _report(args.exc_value)


def _asyncio_handler(loop, context: dict) -> None:
    previous = _previous.get(("asyncio", id(loop)))
    if previous is None:
        loop.default_exception_handler(context)
    else:
        previous(loop, context)
    _report(context.get("exception"))


def install() -> None:
    """Print a diagnosis under the traceback of every uncaught Claude API error: in the main
    thread, in other threads, and in the running asyncio loop's tasks and callbacks (call it
    inside `async def main()` for those). Idempotent; `uninstall()` puts the old hooks back."""
    if sys.excepthook is not _sys_excepthook:
        _previous["sys"] = sys.excepthook
        sys.excepthook = _sys_excepthook
    threading = sys.modules.get("threading")
    if threading is None:
        # Not imported yet: threading takes its default hook from _thread (a built-in, always
        # loaded) when it is imported, so chaining that one chains threading.excepthook then.
        import _thread
        if _thread._excepthook is not _threading_excepthook:
            _previous["threading"] = _previous["_thread"] = _thread._excepthook
            _thread._excepthook = _threading_excepthook
    elif threading.excepthook is not _threading_excepthook:
        _previous["threading"] = threading.excepthook
        threading.excepthook = _threading_excepthook
    if "asyncio" in sys.modules:  # no asyncio imported: no loop can be running
        import asyncio
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if loop.get_exception_handler() is not _asyncio_handler:
            _previous[("asyncio", id(loop))] = loop.get_exception_handler()
            loop.set_exception_handler(_asyncio_handler)


def uninstall() -> None:
    """Put back the hooks install() replaced (the running loop's handler too, when called in it)."""
    if sys.excepthook is _sys_excepthook:
        sys.excepthook = _previous.pop("sys")
    import _thread
    if _thread._excepthook is _threading_excepthook:
        _thread._excepthook = _previous.pop("_thread")
    threading = sys.modules.get("threading")
    if threading is not None and threading.excepthook is _threading_excepthook:
        threading.excepthook = _previous["threading"]
        if threading.__excepthook__ is _threading_excepthook:  # taken from _thread at its import
            threading.__excepthook__ = _previous["threading"]
    _previous.pop("threading", None)
    if "asyncio" in sys.modules:
        import asyncio
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if loop.get_exception_handler() is _asyncio_handler:
            loop.set_exception_handler(_previous.pop(("asyncio", id(loop)), None))
