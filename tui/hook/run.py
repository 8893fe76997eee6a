"""`python -m tui.hook script.py args…` (or `-m module args…`): run a program with the hook
installed, as `python -m pdb` runs one under the debugger.

The script runs in the real `__main__` module (as pdb does it: pickling its classes works) with
the argv and sys.path[0] it would have run directly, and an uncaught exception is printed from the
program's own frames: for anything but a Claude API error the output is byte for byte what
`python script.py` prints.
"""

from __future__ import annotations

import os
import runpy
import sys

from . import install

USAGE = "usage: python -m tui.hook script.py [args…] | -m module [args…]"


def _own_frames(tb, runner_files: set[str]):
    """The traceback without the frames of this runner and runpy, as if the program ran alone."""
    while tb is not None and (tb.tb_frame.f_code.co_filename in runner_files
                              or tb.tb_frame.f_code.co_filename.startswith("<frozen runpy")):
        tb = tb.tb_next
    return tb


def _run_script(path: str) -> None:
    import __main__
    import builtins
    import io
    with io.open_code(path) as fh:
        code = compile(fh.read(), path, "exec")
    __main__.__dict__.clear()
    __main__.__dict__.update({"__name__": "__main__", "__file__": path, "__builtins__": builtins,
                              "__doc__": None, "__package__": None, "__spec__": None, "__cached__": None})
    exec(code, __main__.__dict__)


def main(argv: list[str]) -> None:
    """Run the program; exit (SystemExit) with the status Python would have exited with."""
    sys.exit(_main(argv))


def _main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr if not argv else sys.stdout)
        return 2 if not argv else 0
    if argv[0] == "-m":
        if len(argv) < 2:
            print(USAGE, file=sys.stderr)
            return 2
        target, args = argv[1], argv[2:]
        sys.argv = [target, *args]  # runpy puts the module's file in argv[0], as python -m does
        run = lambda: runpy.run_module(target, run_name="__main__", alter_sys=True)  # noqa: E731
    else:
        path = os.path.abspath(argv[0])  # python makes __main__.__file__ absolute too (3.9+)
        if not os.path.exists(path):
            print(f"python -m tui.hook: can't open file {argv[0]!r}: no such file", file=sys.stderr)
            return 2
        sys.argv = [argv[0], *argv[1:]]
        home = sys.path[0]
        sys.path[0] = os.path.dirname(path)  # as `python script.py` sets it
        if home and home not in sys.path:  # where tui was found: knowledge/ is loaded from there later
            sys.path.append(home)
        run = lambda: _run_script(path)  # noqa: E731
    install()
    try:
        run()
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - printed as the interpreter would print it, then exit as it would
        exc.__traceback__ = _own_frames(exc.__traceback__, {__file__, runpy.__file__})
        sys.excepthook(type(exc), exc, exc.__traceback__)
        if isinstance(exc, KeyboardInterrupt):
            import signal
            sys.stderr.flush()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)  # the exit status of a program ended by ^C, as python gives
        return 1
    return 0
