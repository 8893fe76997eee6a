"""`claude-triage check` and `claude-triage shrink`: the commands that may talk to the API.

httpx (through tui.probe) is imported only when a live check actually runs. Nothing is sent
without --live (check) or the consent prompt / --yes (shrink).
"""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parsers(sub) -> None:
    c = sub.add_parser("check", help="environment checks; with --live, probe the API with your credential")
    c.add_argument("--live", action="store_true", help="send probes (GET /v1/models, /v1/models/{id}, count_tokens)")
    c.add_argument("--spend", action="store_true",
                   help="also send one 1-token message to read the rate-limit headers (costs a fraction of a cent)")
    c.add_argument("--base-url", help="API base URL (default: ANTHROPIC_BASE_URL or https://api.anthropic.com)")
    c.add_argument("--model", help="model ID to check access to (default: the request's, or claude-haiku-4-5)")
    c.add_argument("--request", metavar="FILE", help="a request body to validate with count_tokens")
    c.add_argument("--timeout", type=float, default=10.0, help="seconds per probe (default 10)")
    c.add_argument("--yes", action="store_true", help="confirm a base URL that is neither https nor loopback")
    c.add_argument("--format", choices=("text", "json"), default="text")

    s = sub.add_parser("shrink", help="shrink a request that fails with a 400 to the field that breaks it (sends requests)")
    s.add_argument("file", help="the failing request body (JSON), a curl command, or a paste containing one")
    s.add_argument("--budget", type=int, default=20, help="most requests to send (default 20)")
    s.add_argument("--base-url")
    s.add_argument("--timeout", type=float, default=30.0)
    s.add_argument("--yes", action="store_true", help="skip the confirmation prompt (consent to send)")
    s.add_argument("--format", choices=("text", "json"), default="text")


def _load_request(path: str) -> dict:
    from .cli_io import UsageError, read_input
    from .reader import read
    data = read_input(path)
    if data is None:
        raise UsageError("no request given")
    obs = read(data)
    if obs.request is None:
        raise UsageError(f"no Messages API request body found in {path}")
    return obs.request


def _emit_json(obj: dict) -> None:
    from .redact import redact_obj
    sys.stdout.write(json.dumps(redact_obj(obj), indent=2, ensure_ascii=False) + "\n")


def cmd_check(args: argparse.Namespace) -> int:
    from .checks import run_offline
    from .cli_io import print_doc
    from .render.checks import results_doc
    offline = run_offline()
    live: list = []
    if args.live:
        from .probe import resolve, run_live
        request = _load_request(args.request) if args.request else None
        model = args.model or (request.get("model") if request and isinstance(request.get("model"), str) else None)
        cfg = resolve(base_url=args.base_url, model=model, timeout=args.timeout)
        if args.format == "text":
            print(f"Probing {cfg.base_url} as {cfg.shown_key or 'no credential'} …", file=sys.stderr)
        import asyncio
        live = asyncio.run(run_live(cfg, request=request, spend=args.spend, allow_insecure=args.yes))
    failed = any(r.status == "fail" for r in offline + live)
    if args.format == "json":
        _emit_json({"version": 1, "offline": [r.to_dict() for r in offline], "live": [r.to_dict() for r in live],
                    "passed": not failed})
    else:
        print_doc(results_doc(offline, "Offline checks (nothing sent)"))
        if live:
            print_doc(results_doc(live, "Live probes"))
        elif not args.live:
            print("Live probes not run: add --live to test the credential against the API.")
    return EXIT_FAILED if failed else EXIT_OK


def _confirm(prompt: str) -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        return False
    try:
        return input(prompt).strip().lower() in ("y", "yes")
    except EOFError:
        return False


async def _shrink(args: argparse.Namespace, request: dict) -> int:
    from .cli_io import UsageError, print_doc
    from .probe import refusal, resolve, shrink, transport
    from .render.checks import shrink_doc, step_line
    from .render.doc import Doc
    cfg = resolve(base_url=args.base_url, model=request.get("model"), timeout=args.timeout)
    stop = refusal(cfg, allow_insecure=args.yes)
    if stop:
        raise UsageError(stop[0] + f" (see: claude-triage explain {stop[1]})")
    text = args.format == "text"
    async with transport.client(cfg) as http:
        from .probe.live import count_input_tokens
        tokens = await count_input_tokens(http, cfg, request)
        estimate = (f"up to {args.budget} requests to {cfg.base_url} of about {tokens:,} input tokens each "
                    if isinstance(tokens, int) else f"up to {args.budget} requests to {cfg.base_url} ")
        estimate += "(variants that pass are sent with max_tokens=1 where the failure allows it)"
        print(f"Shrinking sends {estimate}.", file=sys.stderr)
        if not args.yes and not _confirm("Send them? [y/N] "):
            print("Nothing sent. Re-run with --yes to consent.", file=sys.stderr)
            return EXIT_USAGE
        steps: list = []

        def on_step(step) -> None:
            steps.append(step)
            if text:
                print_doc(step_line(step, len(steps)))
                sys.stdout.flush()
        report = await shrink(request, lambda v: transport.send(http, cfg, "POST", "/v1/messages", v),
                              budget=args.budget, on_step=on_step)
    if text:
        print_doc(shrink_doc(report))
        if report.smallest is not None and report.smallest is not request:
            print_doc(Doc().line(("Smallest request that still fails:", "heading")))
            print(json.dumps(report.smallest, indent=2, ensure_ascii=False)[:8000])
    else:
        _emit_json({"version": 1, "input_tokens": tokens, **report.to_dict()})
    return EXIT_OK if report.reproduced else EXIT_FAILED


def cmd_shrink(args: argparse.Namespace) -> int:
    from .cli_io import UsageError
    if args.budget < 1:
        raise UsageError("--budget must be at least 1")
    import asyncio
    request = _load_request(args.file)
    try:
        return asyncio.run(_shrink(args, request))
    except KeyboardInterrupt:
        print("Cancelled.", file=sys.stderr)
        return 130


COMMANDS = {"check": cmd_check, "shrink": cmd_shrink}
