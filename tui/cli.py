"""The `claude-triage` command line. Thin: parse arguments, call the engine, print a renderer.

Exit codes: 0 recognised (or clean), 1 not recognised / findings, 2 usage error or unreadable input.
`lint` exits 1 when a finding is at or above --fail-on (default: error).
Nothing here imports Textual or httpx at module level; the app and live probes load on demand.
"""

from __future__ import annotations

import argparse
import os
import sys

from .cli_io import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, print_doc, print_json, read_input, terminal_width

DEFAULT_EXAMPLE = "model.sampling-params-removed"  # the bundled paste `diagnose` runs on with no input


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
    c = sub.add_parser("catalogue", aliases=["catalog"], help="print the whole knowledge base, or search it")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--search", metavar="WORDS", help="only the entries holding every one of these words")
    c.add_argument("--limit", metavar="N", type=int, default=20, help="with --search: at most N entries (default 20)")


def _add_lint(sub) -> None:
    lint = sub.add_parser("lint", help="check a request before sending it: JSON body, curl command or Python call")
    lint.add_argument("file", nargs="?", help="file to read, or - for stdin")
    lint.add_argument("--format", choices=("text", "json", "sarif", "markdown"), default="text",
                      help="markdown goes with --list-rules (the README's table)")
    lint.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                      help="lowest severity that makes the exit status 1 (default: error)")
    lint.add_argument("--ignore", metavar="RULE,...", default="", help="rule ids or names to leave out")
    lint.add_argument("--model", metavar="MODEL", help="lint the request as sent to MODEL (replaces its own model)")
    lint.add_argument("--list-rules", action="store_true", help="print every rule and exit")


def _add_scan(sub) -> None:
    s = sub.add_parser("scan", help="find every Claude API failure in a log and group them by cause")
    s.add_argument("files", nargs="*", metavar="FILE",
                   help="logs to read: plain text, JSON lines or gzip; - for stdin (default: stdin when piped)")
    s.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    s.add_argument("--follow", "-f", action="store_true",
                   help="keep reading as the files grow (survives rotation, like tail -F)")
    s.add_argument("--top", type=int, metavar="N", default=None,
                   help="show the N largest groups (default: 20 in text and Markdown, all in JSON)")
    s.add_argument("--jobs", "-j", type=int, metavar="N", default=None,
                   help="processes that scan a large plain file at once (default: one per CPU, at most 8)")


def _add_mcp(sub) -> None:
    sub.add_parser("mcp", help="serve the diagnosis to coding agents over MCP (stdio); needs claude-triage[mcp]",
                   description="A Model Context Protocol server on stdin/stdout, for Claude Code, Claude Desktop "
                               "and other MCP clients: claude mcp add claude-triage -- claude-triage mcp")


def _add_live(sub) -> None:
    from .cli_live import add_parsers  # check and shrink: the commands that may send requests
    add_parsers(sub)


SUBPARSERS = {"diagnose": _add_diagnose, "explain": _add_explain, "tui": _add_tui, "catalogue": _add_catalogue,
              "catalog": _add_catalogue, "lint": _add_lint, "scan": _add_scan, "check": _add_live, "shrink": _add_live,
              "mcp": _add_mcp}


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

def bundled_example(cause_id: str) -> tuple[bytes, dict]:
    import knowledge
    kb = knowledge.load()
    cause = kb.cause_by_id.get(cause_id)
    if cause is None:
        raise UsageError(f"no cause {cause_id!r} in the knowledge base (see `claude-triage catalogue`)")
    ex = cause.examples[0]
    return ex.paste.encode(), dict(ex.env)


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

    from .engine.lookup import miss_message, resolve, suggest
    from .render.catalogue import entry_doc, explain_dict
    kb = knowledge.load()
    entry = resolve(kb, args.key)
    near = suggest(kb, args.key) if entry is None else []
    if args.format == "json":
        print_json(explain_dict(args.key, entry, near))
    if entry is None:
        print(f"claude-triage: {miss_message(args.key, near)}", file=sys.stderr)
        return EXIT_FINDINGS
    if args.format != "json":
        print_doc(entry_doc(entry, kb))
    return EXIT_OK


def cmd_catalogue(args: argparse.Namespace) -> int:
    import knowledge

    from .render.catalogue import catalogue_dict, catalogue_doc
    kb = knowledge.load()
    if args.search is not None:
        from .render.catalogue import search_dict, search_doc
        if not args.search.split() or args.limit < 1:
            raise UsageError("--search needs a word to look for, and --limit a number from 1")
        found = search_dict(kb, args.search, args.limit)
        if args.format == "json":
            print_json(found)
        else:
            print_doc(search_doc(found))
        return EXIT_OK if found["results"] else EXIT_FINDINGS
    if args.format == "json":
        print_json(catalogue_dict(kb))
    else:
        print_doc(catalogue_doc(kb))
    return EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    import knowledge

    from .lint import NO_REQUEST, lint_input
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
    result = lint_input(text, kb=kb, filename=args.file if args.file not in (None, "-") else None, body_size=size,
                        model=args.model)
    if result is None:
        raise UsageError(NO_REQUEST)
    if ignored:
        result = type(result)(**{**result.fields(), "findings": [f for f in result.findings if f.rule not in ignored]})
    failed = result.fails(args.fail_on)
    if args.format == "json":
        print_json(out.result_dict(result, args.fail_on, failed))
    elif args.format == "sarif":
        from . import __version__
        from .render.sarif import sarif
        print_json(sarif(result, kb, __version__))
    else:
        print_doc(out.result_doc(result, args.fail_on))
    return EXIT_FINDINGS if failed else EXIT_OK


def cmd_scan(args: argparse.Namespace) -> int:
    from .cli_scan import run  # the scan package and its renderers load only for this command
    return run(args)


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
    text = data.decode("utf-8", errors="replace") if data else None
    scan = None
    if data and not args.example:
        from .scan import looks_like_log
        if looks_like_log(data):  # several failures: a log, opened in the Scan view
            from_file = args.file not in (None, "-")
            scan, text = (args.file if from_file else None, None if from_file else text), None
    from .app import run_app
    return run_app(text, scan=scan)


MCP_INSTALL = ("`claude-triage mcp` needs the MCP Python SDK, an optional extra: "
               "pip install 'claude-triage[mcp]' (or pip install 'mcp>=2.3,<3')")


def cmd_mcp(args: argparse.Namespace) -> int:
    try:
        from .mcp_server import serve
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("mcp", "mcp_types"):
            raise
        raise UsageError(MCP_INSTALL) from None
    return serve()


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
            "catalog": cmd_catalogue, "lint": cmd_lint, "check": _live("check"), "shrink": _live("shrink"),
            "scan": cmd_scan, "mcp": cmd_mcp}


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
