"""What the commands share: reading a paste from a file or stdin, writing a Doc or JSON to stdout,
the width to wrap at, and the usage error every command turns into exit code 2.

tui.cli (the parser and the offline commands) and tui.cli_live (the commands that may send
requests) both use it, so neither imports the other for it.
"""

from __future__ import annotations

import json
import os
import sys

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2  # 1: not recognised / findings / none found
MAX_INPUT = 64 * 1024 * 1024  # bytes read from a file or stdin before we stop (a paste, not a disk)


class UsageError(Exception):
    pass


def terminal_width() -> int:
    """Columns to wrap at: $COLUMNS, else the terminal's width, else 80 (what shutil and Rich decide)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


def read_input(path: str | None) -> bytes | None:
    """The bytes of FILE or stdin; None when no input was given (an interactive terminal)."""
    if path and path != "-":
        try:
            with open(path, "rb") as fh:
                return fh.read(MAX_INPUT)
        except IsADirectoryError:
            raise UsageError(f"{path} is a directory") from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if path != "-" and (sys.stdin is None or sys.stdin.isatty()):
        return None
    try:
        data = sys.stdin.buffer.read(MAX_INPUT) if sys.stdin is not None else b""
    except (OSError, ValueError):
        data = b""
    return None if (not data and path != "-") else data


def _want_styles() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def print_doc(doc) -> None:
    if _want_styles():
        from .render.ansi import to_ansi
        sys.stdout.write(to_ansi(doc, terminal_width()))
    else:
        from .render.doc import to_plain
        sys.stdout.write(to_plain(doc))


def print_json(obj: object) -> None:
    from .redact import redact_obj
    from .render.doc import json_text
    sys.stdout.write(json_text(json.dumps(redact_obj(obj), indent=2, ensure_ascii=False)) + "\n")
