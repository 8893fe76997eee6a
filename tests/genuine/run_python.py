"""Run inside a venv that holds one `anthropic` release: make its genuine error text.

Stdlib + anthropic only (it runs under whatever release is installed there). Reads a job as JSON
on stdin: {"base_url", "closed_url", "key", "cases": [{"id", "call", "model"}]}; writes JSON on
stdout: {"version", "results": {case id: {form: text}}}. Each case raises one exception; its
forms are the ones users paste: str(e), repr(e), the traceback, `logger.exception(...)` output
and an f-string log line.
"""

from __future__ import annotations

import io
import json
import logging
import sys
import traceback

import anthropic

FORMS = ("str", "repr", "traceback", "logger", "fstring")


def sdk_error(client, case_id: str, model: str, call: str = "create", extra_body: dict | None = None,
              header: str = "x-fake-scenario") -> BaseException | None:
    """Ask the fake API (through `client`, which is closed after) for case `case_id`'s failure;
    the SDK's own exception, None if it raised nothing (tests/test_sdk_genuine.py uses it too)."""
    kwargs = dict(model=model, max_tokens=1024, messages=[{"role": "user", "content": "Summarise this file."}],
                  extra_headers={header: case_id})  # header: tests/fakeapi.py's SCENARIO_HEADER
    if extra_body:
        kwargs["extra_body"] = extra_body
    try:
        if call == "stream":
            for _event in client.messages.create(stream=True, **kwargs):
                pass
        elif call == "helper_stream":
            with client.messages.stream(**kwargs) as stream:
                for _text in stream.text_stream:
                    pass
        else:
            client.messages.create(**kwargs)
    except Exception as exc:  # noqa: BLE001 - the SDK's own exception is the point
        return exc
    finally:
        client.close()
    return None


def _raise(case: dict, job: dict) -> BaseException:
    call = case["call"]
    base_url = job["closed_url"] if call == "closed_port" else job["base_url"]
    client = anthropic.Anthropic(api_key=job["key"], base_url=base_url, max_retries=0,
                                 timeout=1.0 if call == "timeout" else 10.0)
    exc = sdk_error(client, case["id"], case["model"], call)
    if exc is None:
        raise SystemExit(f"{case['id']}: the SDK raised nothing")
    return exc


def forms(exc: BaseException) -> dict[str, str]:
    """The texts users paste of one exception (tests/test_sdk_genuine.py uses it too)."""
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
    log = logging.getLogger("myapp.worker")
    log.handlers[:] = [handler]
    log.propagate = False
    try:
        raise exc
    except Exception:
        log.exception("call failed")
    return {
        "str": str(exc),
        "repr": repr(exc),
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        "logger": buf.getvalue(),
        "fstring": f"2026-12-07 01:23:45,678 ERROR myapp.worker failed: {exc}\n",
    }


def main() -> None:
    job = json.load(sys.stdin)
    results = {}
    for case in job["cases"]:
        exc = _raise(case, job)
        results[case["id"]] = {"class": type(exc).__name__, "forms": forms(exc)}
    json.dump({"version": anthropic.__version__, "python": sys.version.split()[0],
               "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
