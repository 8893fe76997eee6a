"""The `claude-triage` command line. Thin: parse arguments, call the engine, print a renderer.

Exit codes: 0 recognised (or clean), 1 not recognised / findings, 2 usage error or unreadable input.
`lint` exits 1 when a finding is at or above --fail-on (default: error).
Nothing here imports Textual or httpx at module level; the app and live probes load on demand.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
MAX_INPUT = 64 * 1024 * 1024  # bytes read from a file or stdin before we stop (a paste, not a disk)
DEFAULT_EXAMPLE = "model.sampling-params-removed"  # the bundled paste `diagnose` runs on with no input


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


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter sized without shutil: argparse builds one for every argument added, and
    shutil's import (with zlib, bz2 and lzma) was ~2.5 ms of every call."""

    def __init__(self, prog: str, **kwargs) -> None:
        kwargs.setdefault("width", max(terminal_width() - 2, 20))
        super().__init__(prog, **kwargs)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # argparse exits 2 by itself; keep the message short
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _add_diagnose(sub) -> None:
    d = sub.add_parser("diagnose", help="diagnose a pasted error, traceback, curl dump, stream or request")
    d.add_argument("file", nargs="?", help="file to read, or - for stdin (default: stdin, or a bundled example)")
    d.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    d.add_argument("--no-env", action="store_true", help="ignore ANTHROPIC_* and proxy environment variables")
    d.add_argument("--example", metavar="CAUSE_ID", help="diagnose the bundled example paste of a cause")
    d.add_argument("-v", "--verbose", action="store_true", help="show every candidate cause in full")


def _add_explain(sub) -> None:
    e = sub.add_parser("explain", help="explain a status, error type, error_code, cause id or lint rule (offline)")
    e.add_argument("key")
    e.add_argument("--format", choices=("text", "json"), default="text")


def _add_tui(sub) -> None:
    t = sub.add_parser("tui", help="open the interactive app (what a bare `claude-triage` does on a terminal)")
    t.add_argument("file", nargs="?", help="file to load as the paste, or - for stdin (default: stdin when piped)")
    t.add_argument("--example", metavar="CAUSE_ID", help="open with the bundled example paste of a cause")


def _add_catalogue(sub) -> None:
    c = sub.add_parser("catalogue", aliases=["catalog"], help="print the whole knowledge base")
    c.add_argument("--format", choices=("text", "json"), default="text")


def _add_lint(sub) -> None:
    lint = sub.add_parser("lint", help="check a request before sending it: JSON body, curl command or Python call")
    lint.add_argument("file", nargs="?", help="file to read, or - for stdin")
    lint.add_argument("--format", choices=("text", "json", "sarif", "markdown"), default="text",
                      help="markdown goes with --list-rules (the README's table)")
    lint.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                      help="lowest severity that makes the exit status 1 (default: error)")
    lint.add_argument("--ignore", metavar="RULE,...", default="", help="rule ids or names to leave out")
    lint.add_argument("--list-rules", action="store_true", help="print every rule and exit")


def _add_live(sub) -> None:
    from .cli_live import add_parsers  # check and shrink: the commands that may send requests
    add_parsers(sub)


SUBPARSERS = {"diagnose": _add_diagnose, "explain": _add_explain, "tui": _add_tui, "catalogue": _add_catalogue,
              "catalog": _add_catalogue, "lint": _add_lint, "check": _add_live, "shrink": _add_live}


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with `command`, only that subcommand's (every CLI call pays for
    building the parser, and one subparser is a fifth of the cost of all of them)."""
    p = _Parser(prog="claude-triage", description="Why did my Claude API call fail, and what do I change?")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    adders = [SUBPARSERS[command]] if command in SUBPARSERS else list(dict.fromkeys(SUBPARSERS.values()))
    for add in adders:
        add(sub)
    return p


# --- input ----------------------------------------------------------------------------------

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


def bundled_example(cause_id: str) -> tuple[bytes, dict]:
    import knowledge
    kb = knowledge.load()
    cause = kb.cause_by_id.get(cause_id)
    if cause is None:
        raise UsageError(f"no cause {cause_id!r} in the knowledge base (see `claude-triage catalogue`)")
    ex = cause.examples[0]
    return ex.paste.encode(), dict(ex.env)


# --- output ---------------------------------------------------------------------------------

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


# --- commands -------------------------------------------------------------------------------

def cmd_diagnose(args: argparse.Namespace) -> int:
    from .engine import diagnose
    env = None
    note = None
    if args.example:
        data, env = bundled_example(args.example)
    else:
        data = read_input(args.file)
        if data is None:
            data, env = bundled_example(DEFAULT_EXAMPLE)
            note = (f"No input given: diagnosing the bundled example of {DEFAULT_EXAMPLE}. "
                    "Pass a FILE, pipe a paste on stdin, or use --example CAUSE_ID.")
    if note:
        print(note, file=sys.stderr)
    # A bundled example runs with the environment it declares, never the user's real one.
    d = diagnose(data, env=env, use_env=not args.no_env)
    if args.format == "json":
        print_json(d.to_dict())
    elif args.format == "markdown":
        from .render.report import markdown
        sys.stdout.write(markdown(d))
    else:
        from .render.report import diagnosis_doc
        print_doc(diagnosis_doc(d, verbose=args.verbose))
    return EXIT_OK if d.recognised else EXIT_FINDINGS


def cmd_explain(args: argparse.Namespace) -> int:
    import knowledge

    from .engine.lookup import resolve, suggest
    kb = knowledge.load()
    entry = resolve(kb, args.key)
    if entry is None:
        near = suggest(kb, args.key)
        hint = f" Did you mean: {', '.join(near)}?" if near else " Try a status (429), an error type, an error_code or a cause id."
        if args.format == "json":
            print_json({"version": 1, "key": args.key, "found": False, "suggestions": near})
        print(f"claude-triage: nothing known as {args.key!r}.{hint}", file=sys.stderr)
        return EXIT_FINDINGS
    from .render.catalogue import entry_dict, entry_doc
    if args.format == "json":
        print_json({"version": 1, "found": True, **entry_dict(entry)})
    else:
        print_doc(entry_doc(entry, kb))
    return EXIT_OK


def cmd_catalogue(args: argparse.Namespace) -> int:
    import knowledge

    from .render.catalogue import catalogue_dict, catalogue_doc
    kb = knowledge.load()
    if args.format == "json":
        print_json(catalogue_dict(kb))
    else:
        print_doc(catalogue_doc(kb))
    return EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    import knowledge

    from .lint import RANK, lint_input
    from .render import lint as out
    kb = knowledge.load()
    if args.list_rules:
        if args.format == "sarif":
            raise UsageError("--list-rules prints text, json or markdown")
        {"json": lambda: print_json(out.rules_dict(kb)), "markdown": lambda: sys.stdout.write(out.rules_markdown(kb)),
         "text": lambda: print_doc(out.rules_doc(kb))}[args.format]()
        return EXIT_OK
    if args.format == "markdown":
        raise UsageError("--format markdown goes with --list-rules")
    by_name = {r.name: r.id for r in kb.lint_rules.values()}
    ignored = {by_name.get(k.strip().lower(), k.strip().upper()) for k in args.ignore.split(",") if k.strip()}
    if ignored - set(kb.lint_rules):
        raise UsageError(f"--ignore: no rule {', '.join(sorted(ignored - set(kb.lint_rules)))} "
                         "(see claude-triage lint --list-rules)")
    data = read_input(args.file)
    if data is None:
        raise UsageError("lint needs a FILE, or - to read standard input")
    size = len(data)
    text = data.decode("utf-8", errors="replace")
    del data  # a 30 MB body: keep one copy of it in memory, not two
    result = lint_input(text, kb=kb, filename=args.file if args.file not in (None, "-") else None, body_size=size)
    if result is None:
        raise UsageError("no Messages API request found in the input (expected a JSON body, a curl command or a "
                         "messages.create(...) call)")
    if ignored:
        result = type(result)(**{**result.fields(), "findings": [f for f in result.findings if f.rule not in ignored]})
    failed = any(RANK[f.severity] >= RANK[args.fail_on] for f in result.findings)
    if args.format == "json":
        print_json(out.result_dict(result, args.fail_on, failed))
    elif args.format == "sarif":
        from . import __version__
        from .render.sarif import sarif
        print_json(sarif(result, kb, __version__))
    else:
        print_doc(out.result_doc(result, args.fail_on))
    return EXIT_FINDINGS if failed else EXIT_OK


def _reattach_terminal() -> None:
    """Make fd 0 the terminal again after a piped paste, so the app can read keys.

    `pbpaste | claude-triage`: stdin was the pipe (now read to the end). Textual reads keys from
    fd 0, so the controlling terminal is opened and put there.
    """
    if os.name != "posix":
        raise UsageError("reading keys after a piped paste needs a POSIX terminal; "
                         "save the paste to a file and run `claude-triage tui FILE`")
    try:
        fd = os.open("/dev/tty", os.O_RDWR)
    except OSError as exc:
        raise UsageError(f"the paste was piped in, but no terminal is available for the keys ({exc.strerror}); "
                         "use `claude-triage diagnose` to print the diagnosis instead") from None
    try:
        os.dup2(fd, 0)
    finally:
        os.close(fd)
    sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115 - lives as long as the app


def cmd_tui(args: argparse.Namespace) -> int:
    # Textual draws on stderr and reads fd 0; stdout must be a terminal too, or `claude-triage | less` would hang.
    if not (sys.stdout.isatty() and sys.stderr.isatty()):
        raise UsageError("the app needs a terminal; to print a diagnosis instead use `claude-triage diagnose`")
    if args.example:
        data, _ = bundled_example(args.example)  # the app finds the example's own env by its paste
    else:
        data = read_input(args.file)
    if sys.stdin is None or not os.isatty(0):
        _reattach_terminal()
    from .app import run_app
    return run_app(data.decode("utf-8", errors="replace") if data else None)


def _bare_invocation(parser: argparse.ArgumentParser) -> int:
    """`claude-triage` alone: the app on a terminal, the help text anywhere else."""
    if sys.stdout.isatty() and sys.stderr.isatty():
        return cmd_tui(argparse.Namespace(file=None, example=None))
    parser.print_help()
    return EXIT_OK


def _live(name: str):
    def run(args: argparse.Namespace) -> int:
        from . import cli_live
        return cli_live.COMMANDS[name](args)
    return run


COMMANDS = {"tui": cmd_tui, "diagnose": cmd_diagnose, "explain": cmd_explain, "catalogue": cmd_catalogue,
            "catalog": cmd_catalogue, "lint": cmd_lint, "check": _live("check"), "shrink": _live("shrink")}


def console() -> None:
    """The `claude-triage` command and `python -m tui`: main(), then end the process at once.

    Once a command has printed its result nothing is left to clean up, but the interpreter's
    normal teardown still frees every object of the knowledge base and every module one by one
    (about 6 ms of a ~45 ms call, measured). Skip it after flushing the output. The app
    (Textual) keeps the normal exit: its driver and threads have their own shutdown.
    """
    code = main()
    if "textual" in sys.modules:
        raise SystemExit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a reader that went away (`| head`): nothing more to say
        pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    import gc
    # A command is one short burst of allocation (the knowledge base, one diagnosis) that makes
    # next to no reference cycles: pausing the cycle collector for it saves ~5 ms of every call.
    # The app turns it back on once its first frame is painted (tui.app.run_app).
    was_enabled = gc.isenabled()
    gc.disable()
    # argparse passes each of its phrases through gettext, which imports locale and searches the
    # disk for message catalogues (~2 ms a call); claude-triage's messages are English only.
    # Put back afterwards: a program calling main() keeps its own argparse untouched.
    translations = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = str, lambda singular, plural, n: singular if n == 1 else plural
    try:
        return _run(argv)
    finally:
        argparse._, argparse.ngettext = translations
        if was_enabled:
            gc.enable()


def _run(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser(argv[0] if argv else None)
    try:
        args = parser.parse_args(argv)
        if args.version:
            from . import __version__
            print(f"claude-triage {__version__}")
            return EXIT_OK
        if args.command is None:
            return _bare_invocation(parser)
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"claude-triage: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # `claude-triage catalogue | head`: the reader went away; that is not an error.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a user in the middle of debugging gets a sentence, not a traceback
        from knowledge import SchemaError
        if isinstance(exc, SchemaError):  # the knowledge base itself is broken: the message names the file
            print(f"claude-triage: knowledge base error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if os.environ.get("CLAUDE_TRIAGE_DEBUG"):
            raise
        print(f"claude-triage: internal error ({type(exc).__name__}: {exc}). This is a bug in claude-triage; "
              "set CLAUDE_TRIAGE_DEBUG=1 for the traceback and please report it.", file=sys.stderr)
        return EXIT_USAGE
