"""What the hook prints under a traceback: the top causes, the fix and retry advice, redacted.

Imported only when an API error has been seen: this is where the engine and the knowledge base
are loaded.
"""

from __future__ import annotations

import os


def brief(exc: BaseException):
    """The Diagnosis of a live exception from the `anthropic` SDK, and its brief Doc."""
    from ..engine import diagnose
    from ..render.report import brief_doc
    d = diagnose(exc)
    return d, brief_doc(d)


def diagnosis_text(exc: BaseException, styled: bool = False, width: int = 100) -> str:
    """The brief diagnosis of a live exception from the `anthropic` SDK, as text (SGR styles when
    `styled`). Never raises: a diagnosis that fails says so in one line."""
    try:
        _, doc = brief(exc)
        if styled:
            from ..render.ansi import to_ansi
            return to_ansi(doc, width)
        from ..render.doc import to_plain
        return to_plain(doc)
    except Exception as err:  # noqa: BLE001 - the user's traceback is already printed; never add a second one
        return f"claude-triage: could not diagnose this error ({type(err).__name__}: {err})\n"


def wants_styles(stream) -> bool:
    """Styles on a terminal, as the CLI decides for its own output (NO_COLOR, FORCE_COLOR)."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return bool(os.environ.get("FORCE_COLOR")) or stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def write_diagnosis(exc: BaseException, stream) -> None:
    """Print the diagnosis of `exc` on `stream` (stderr, where the traceback went)."""
    if stream is None:
        return
    styled = wants_styles(stream)
    try:
        width = os.get_terminal_size(stream.fileno()).columns if styled else 100
    except (AttributeError, ValueError, OSError):
        width = 100
    try:
        stream.write("\n" + diagnosis_text(exc, styled, width))
        stream.flush()
    except (OSError, ValueError):  # a closed stderr at exit: nothing more to say
        pass
