"""tui.hook with the real `anthropic` SDK against the loopback fake API (tests/fakeapi.py).

Programs are run as subprocesses, as a user runs them: `python script.py` and
`python -m tui.hook script.py`, and scripts that call `tui.hook.install()` themselves. The
assertions hold whichever way the SDK words str(exc) (2.17 changed it): the traceback is Python's
own, the diagnosis comes under it, and it is built from the live exception's attributes.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import textwrap

import pytest

from tests.helpers import ROOT

anthropic = pytest.importorskip("anthropic")

from tests.fakeapi import FakeAPI, error_reply  # noqa: E402
from tui.hook import DiagnosisFilter, api_error  # noqa: E402

ENV_KEY = "sk-ant-api03-HookTestKey0000ffff5555gggg-Tt3M"
LEAKED = "sk-ant-api03-EchoedBack0000hhhh6666iiii-Kk2P"  # a key in an error message (a proxy echoing it)
RATE_MESSAGE = ("This request would exceed your organization's rate limit of 30,000 input tokens per minute "
                "(org: 5f0c2a4e-1b7d-4c39-9a2e-7d3f8b6c1e05, model: claude-sonnet-4-6).")

# A program that calls the real SDK against a fake API started in its own process.
PRELUDE = f"""
import os, sys
sys.path.insert(0, {str(ROOT / 'tests')!r})
from fakeapi import FakeAPI, error_reply
import anthropic
fake = FakeAPI().__enter__()
fake.default = error_reply(int(os.environ["STATUS"]), os.environ["ERROR_TYPE"], os.environ["MESSAGE"],
                           headers={{"retry-after": "17"}})
client = anthropic.Anthropic(base_url=fake.base_url, max_retries=0, timeout=10)
def call():
    return client.messages.create(model="claude-sonnet-4-6", max_tokens=64,
                                  messages=[{{"role": "user", "content": "hi"}}])
"""


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("ANTHROPIC_") and k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(PYTHONPATH=str(ROOT), ANTHROPIC_API_KEY=ENV_KEY, STATUS="429", ERROR_TYPE="rate_limit_error",
               MESSAGE=RATE_MESSAGE)
    env.update(extra)
    return env


def _run(tmp_path, body: str, *, hooked: bool = True, prelude: bool = True, head: str = "", **env: str):
    script = tmp_path / "program.py"
    script.write_text(textwrap.dedent(head) + (PRELUDE if prelude else "") + textwrap.dedent(body))
    cmd = [sys.executable, *(["-m", "tui.hook"] if hooked else []), str(script)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, env=_env(**env), timeout=120,
                          stdin=subprocess.DEVNULL)


def _split(stderr: str) -> tuple[str, str]:
    """(Python's traceback, the diagnosis under it, after one blank line)."""
    head, sep, tail = stderr.partition("\nclaude-triage  ")
    assert sep, stderr
    return head, "claude-triage  " + tail


def test_uncaught_429_prints_the_traceback_then_the_diagnosis(tmp_path):
    plain = _run(tmp_path, "call()\n", hooked=False)
    hooked = _run(tmp_path, "call()\n")
    assert plain.returncode == hooked.returncode == 1
    traceback, diagnosis = _split(hooked.stderr)
    # Above the diagnosis: exactly what Python printed without the hook.
    assert traceback == plain.stderr
    assert traceback.startswith("Traceback (most recent call last):") and "anthropic.RateLimitError: " in traceback
    lines = diagnosis.splitlines()
    assert lines[0].startswith("claude-triage  429 rate_limit_error") and "exception RateLimitError" in lines[0]
    assert lines[1].split()[2].startswith("rate.") or "rate." in lines[1]  # the top cause is a rate limit
    assert any(line.strip().startswith("fix 1.") for line in lines)
    assert lines[-1].startswith("Retry: yes, after 17 s")  # retry-after, read from the live response


def test_other_exceptions_print_exactly_what_python_prints(tmp_path):
    body = """
    import os, sys
    if os.environ.get("INSTALL"):
        import tui.hook
        tui.hook.install()
    def parse(value):
        return int(value)
    print("argv", sys.argv[1:], sys.path[0] == os.path.dirname(os.path.abspath(__file__)),
          __name__, sys.modules["__main__"].__dict__ is globals())
    try:
        parse("x")
    except ValueError as exc:
        raise KeyError("while parsing") from exc
    """
    plain = _run(tmp_path, body, hooked=False, prelude=False)
    for proc in (_run(tmp_path, body, prelude=False), _run(tmp_path, body, hooked=False, prelude=False, INSTALL="1")):
        assert (proc.returncode, proc.stdout, proc.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert plain.returncode == 1 and "KeyError: 'while parsing'" in plain.stderr and "claude-triage" not in plain.stderr
    assert plain.stdout == "argv [] True __main__ True\n"


def test_an_api_error_in_a_thread(tmp_path):
    head = """
    import sys
    import tui.hook
    tui.hook.install()
    assert "threading" not in sys.modules  # hooked before anything imported it: the SDK imports it next
    """
    proc = _run(tmp_path, """
    import threading
    worker = threading.Thread(target=call, name="worker")
    worker.start(); worker.join()
    print("main thread carried on")
    """, hooked=False, head=head)
    assert proc.returncode == 0 and proc.stdout == "main thread carried on\n"
    traceback, diagnosis = _split(proc.stderr)
    assert traceback.startswith("Exception in thread worker:\nTraceback") and "RateLimitError" in traceback
    assert diagnosis.startswith("claude-triage  429 rate_limit_error") and "Retry: yes, after 17 s" in diagnosis


def test_an_api_error_in_an_asyncio_task(tmp_path):
    proc = _run(tmp_path, """
    import asyncio, gc, tui.hook
    async def main():
        tui.hook.install()  # inside the loop: its exception handler is chained too
        aclient = anthropic.AsyncAnthropic(base_url=fake.base_url, max_retries=0, timeout=10)
        task = asyncio.get_running_loop().create_task(aclient.messages.create(
            model="claude-sonnet-4-6", max_tokens=64, messages=[{"role": "user", "content": "hi"}]))
        while not task.done():
            await asyncio.sleep(0.01)
        del task  # its exception never retrieved: the loop's handler reports it
        gc.collect()
        print("loop carried on")
    asyncio.run(main())
    """, hooked=False)
    assert proc.returncode == 0 and proc.stdout == "loop carried on\n"
    logged, diagnosis = _split(proc.stderr)
    assert logged.startswith("Task exception was never retrieved") and "RateLimitError" in logged
    assert diagnosis.startswith("claude-triage  429 rate_limit_error")


def test_install_loads_nothing_until_an_api_error_is_seen():
    code = ("import sys, tui.hook\ntui.hook.install()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('knowledge', 'anthropic', 'logging', 'asyncio',"
            " 'threading')"
            " or m.startswith(('tui.engine', 'tui.render', 'tui.reader'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env=_env(), timeout=60)
    assert proc.returncode == 0 and json.loads(proc.stdout.replace("'", '"')) == [], proc.stdout + proc.stderr


# --- the logging filter, in this process -----------------------------------------------------

@pytest.fixture(scope="module")
def raised():
    """A real RateLimitError and AuthenticationError from the SDK, and a plain ValueError."""
    with FakeAPI() as fake:
        fake.scenarios["429"] = error_reply(429, "rate_limit_error", RATE_MESSAGE, headers={"retry-after": "17"})
        fake.scenarios["401"] = error_reply(401, "authentication_error", f"invalid x-api-key: {LEAKED}")
        client = anthropic.Anthropic(api_key=ENV_KEY, base_url=fake.base_url, max_retries=0, timeout=10)
        out = {}
        for scenario in ("429", "401"):
            try:
                client.messages.create(model="claude-sonnet-4-6", max_tokens=8, extra_headers={"x-fake-scenario": scenario},
                                       messages=[{"role": "user", "content": "hi"}])
            except anthropic.APIError as exc:
                out[scenario] = exc
        try:
            int("x")
        except ValueError as exc:
            out["value"] = exc
        return out


def _logger(stream: io.StringIO, fmt: str = "%(levelname)s %(name)s: %(message)s") -> logging.Logger:
    log = logging.getLogger(f"svc.{id(stream)}")
    log.propagate = False
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(fmt))
    handler.addFilter(DiagnosisFilter())
    log.addHandler(handler)
    return log


def _log(log: logging.Logger, exc: BaseException, msg: str, *args) -> None:
    try:
        raise exc
    except BaseException:
        log.exception(msg, *args)


def test_the_logging_filter_appends_the_diagnosis_to_an_api_error(raised):
    stream, records = io.StringIO(), []
    log = _logger(stream)
    log.addFilter(lambda r: records.append(r) or True)
    _log(log, raised["429"], "summary job %s failed", "nightly")
    text = stream.getvalue()
    message, _, trace = text.partition("\nTraceback (most recent call last):")
    assert message.startswith("ERROR svc.") and ": summary job nightly failed\nclaude-triage  429 rate_limit_error" in message
    assert "Retry: yes, after 17 s" in message and "RateLimitError" in trace
    data = records[0].claude_triage
    assert data["version"] == 1 and data["input"]["status"] == 429 and data["causes"][0]["id"].startswith("rate.")
    assert data["input"]["headers"]["retry-after"] == "17"


def test_the_logging_filter_for_structured_formatters_and_other_errors(raised):
    stream = io.StringIO()
    log = _logger(stream, "%(message)s|%(claude_triage)s")
    log.handlers[0].filters[0].append = False
    _log(log, raised["401"], "auth failed")
    message, _, data = stream.getvalue().partition("\n")[0].partition("|")
    assert message == "auth failed" and "'status': 401" in data
    assert LEAKED[13:-4] not in data and "invalid x-api-key: sk-ant-api03-…" in data  # redacted, not dropped
    plain = io.StringIO()
    other = _logger(plain)
    _log(other, raised["value"], "bad input %d", 7)
    assert plain.getvalue().startswith(f"ERROR {other.name}: bad input 7\nTraceback")
    assert "claude-triage" not in plain.getvalue()


def test_api_errors_are_recognised_without_importing_the_sdk(raised):
    assert api_error(raised["429"]) is raised["429"]
    assert api_error(raised["value"]) is None
    try:
        raise RuntimeError("the summariser failed") from raised["401"]
    except RuntimeError as wrapped:
        assert api_error(wrapped) is raised["401"]  # a framework's own error, raised from the SDK's
    fake_cls = type("APIError", (Exception,), {"__module__": "myapp.errors"})
    assert api_error(fake_cls("not the SDK's")) is None


def test_install_is_idempotent_and_uninstall_puts_the_hooks_back():
    import threading

    import tui.hook
    before = (sys.excepthook, threading.excepthook)
    tui.hook.install()
    tui.hook.install()
    hooked = (sys.excepthook, threading.excepthook)
    assert hooked[0] is not before[0] and hooked[1] is not before[1]
    tui.hook.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
