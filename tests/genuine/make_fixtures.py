"""Make the genuine fixtures: real clients, installed from the registry, against the loopback fake.

    python tests/genuine/make_fixtures.py                 # the pinned releases below
    python tests/genuine/make_fixtures.py --python 2.17.0 --ts --claude-code   # a subset

Needs the package registries (PyPI, npm) and `node`; no other network: every client talks to
tests/fakeapi.py on 127.0.0.1. Each release is installed in a folder of its own under --work
(a temp folder unless given; reused when it already holds that release), then
tests/fixtures/genuine/<client>/<version>/ gets one <case>.<form>.txt per text form and a
meta.json saying, per case and form, what a reader must find there (tests/genuine/cases.py).
The Python releases also get facts.json (tests/genuine/sdk_facts.py), the baseline of the
drift check (tests/genuine/drift.py).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
for _p in (str(HERE), str(TESTS)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from cases import CLOSED_PORT, FAKE_KEY, FAKE_PORT, Case, cases_for, expected_for  # noqa: E402
from fakeapi import FakeAPI, Reply, Request  # noqa: E402

FIXTURES = TESTS / "fixtures" / "genuine"
# The releases the stored fixtures come from: one 0.x, the last before the 2.15 error-text change,
# the pin. Bump the last ones with the pin (docs/sdk-drift.md).
PINNED = {
    "python-anthropic": ["0.40.0", "2.14.0", "2.17.0"],
    "ts-sdk": ["0.137.0", "1.17.0"],
    "claude-code": ["2.1.332"],
}
NPM_PACKAGE = {"ts-sdk": "@anthropic-ai/sdk", "claude-code": "@anthropic-ai/claude-code"}
CC_PROMPT = "hi"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


# --- installing -------------------------------------------------------------------------------

def install_python(version: str, work: Path) -> tuple[Path, str]:
    """A venv holding anthropic==version ('latest': the newest); returns (python, real version)."""
    venv = work / f"python-anthropic-{version}"
    py = venv / "bin" / "python"
    if not py.exists() or version == "latest":     # 'latest' is asked again every time
        log(f"installing anthropic {version} into {venv}")
        if not py.exists():
            _run([sys.executable, "-m", "venv", str(venv)])
        spec = "anthropic" if version == "latest" else f"anthropic=={version}"
        _run([str(py), "-m", "pip", "install", "-q", "-U", "--disable-pip-version-check", spec])
    real = _run([str(py), "-c", "import anthropic; print(anthropic.__version__)"]).stdout.strip()
    return py, real


def install_npm(client: str, version: str, work: Path) -> tuple[Path, str]:
    """`npm install <package>@version` in a folder of its own; returns (folder, real version)."""
    package = NPM_PACKAGE[client]
    folder = work / f"{client}-{version}"
    manifest = folder / "node_modules" / package / "package.json"
    if not manifest.exists() or version == "latest":
        log(f"installing {package}@{version} into {folder}")
        folder.mkdir(parents=True, exist_ok=True)
        _run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), f"{package}@{version}"])
    return folder, json.loads(manifest.read_text())["version"]


def claude_binary(folder: Path) -> Path:
    """The native binary the npm package ships (its postinstall would copy it over bin/claude.exe;
    newer npm skips install scripts unless allowed, so look in the platform package too)."""
    base = folder / "node_modules" / "@anthropic-ai"
    wrapper = base / "claude-code" / "bin" / "claude.exe"
    if wrapper.exists() and wrapper.stat().st_size > 1_000_000:
        return wrapper
    for native in sorted(base.glob("claude-code-*/claude")):
        return native
    script = folder / "node_modules" / ".bin" / "claude"    # older releases: a node script
    if script.exists():
        return script
    raise SystemExit(f"no claude binary under {base}")


# --- the fake ---------------------------------------------------------------------------------

def _port(preferred: int) -> int:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as the fake's own server does
        try:
            s.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]


@contextmanager
def serving() -> Iterator[tuple[FakeAPI, str]]:
    """The fake with every case as a named scenario, and a closed port's URL."""
    with FakeAPI(port=_port(FAKE_PORT)) as fake:
        for case in cases_for("python-anthropic") + cases_for("ts-sdk") + cases_for("claude-code"):
            if case.reply is not None:
                fake.scenarios[case.id] = case.reply
        closed = _port(CLOSED_PORT)
        yield fake, f"http://127.0.0.1:{closed}"


def _job(cases: list[Case], fake: FakeAPI, closed_url: str) -> str:
    return json.dumps({"base_url": fake.base_url, "closed_url": closed_url, "key": FAKE_KEY,
                       "cases": [{"id": c.id, "call": c.call, "model": c.model} for c in cases]})


# --- the clients --------------------------------------------------------------------------------

def run_python(py: Path, fake: FakeAPI, closed_url: str) -> dict:
    cases = cases_for("python-anthropic")
    out = _run([str(py), str(HERE / "run_python.py")], input=_job(cases, fake, closed_url), timeout=300)
    return json.loads(out.stdout)


def python_facts(py: Path) -> dict:
    return json.loads(_run([str(py), str(HERE / "sdk_facts.py")], timeout=120).stdout)


def run_ts(folder: Path, fake: FakeAPI, closed_url: str) -> dict:
    cases = cases_for("ts-sdk")
    out = _run(["node", str(HERE / "run_ts.cjs"), str(folder)], input=_job(cases, fake, closed_url),
               timeout=300)
    return json.loads(out.stdout)


def _claude_route(fake: FakeAPI, case: Case):
    """Claude Code sends no scenario header: every Messages call gets the case's answer, the other
    endpoints it touches get the fake's own routes. Every request is recorded in fake.requests."""
    def route(req: Request) -> Reply:
        if req.method == "POST" and req.path == "/v1/messages" and case.reply is not None:
            return case.reply
        return fake._route(req)
    return route


def run_claude_code(binary: Path, version: str, fake: FakeAPI, closed_url: str) -> dict:
    results, requests = {}, {}
    for case in cases_for("claude-code"):
        home = tempfile.mkdtemp(prefix="genuine-cc-home-")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "TERM": "dumb",
               "ANTHROPIC_BASE_URL": closed_url if case.call == "closed_port" else fake.base_url,
               "ANTHROPIC_API_KEY": FAKE_KEY, "CLAUDE_CODE_MAX_RETRIES": "0",
               "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_AUTOUPDATER": "1"}
        if case.call == "timeout":
            env["API_TIMEOUT_MS"] = "1000"
        fake.default = _claude_route(fake, case)
        seen = len(fake.requests)
        started = time.monotonic()
        try:
            p = subprocess.run([str(binary), "-p", CC_PROMPT, "--model", case.model], env=env,
                               capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
            output, code = p.stdout + p.stderr, p.returncode
        except subprocess.TimeoutExpired as exc:
            output, code = f"{exc.stdout or ''}{exc.stderr or ''}", None
        finally:
            fake.default = None
            shutil.rmtree(home, ignore_errors=True)
        results[case.id] = {"class": None, "exit_code": code,
                            "seconds": round(time.monotonic() - started, 1), "forms": {"output": output}}
        requests[case.id] = [f"{r.method} {r.path}{'?' + r.query if r.query else ''}"
                             for r in fake.requests[seen:]]
        log(f"  claude-code {case.id}: exit {code}, {len(requests[case.id])} requests")
    return {"version": version, "results": results, "requests": requests}


# --- writing ------------------------------------------------------------------------------------

def write(client: str, made: dict, out: Path, extra: dict | None = None) -> Path:
    """<out>/<client>/<version>/<case>.<form>.txt and meta.json (what each text must give)."""
    folder = out / client / made["version"]
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    meta_cases = {}
    for case in cases_for(client):
        result = made["results"][case.id]
        forms = {}
        for form, text in result["forms"].items():
            (folder / f"{case.id}.{form}.txt").write_text(text, encoding="utf-8", newline="")
            forms[form] = expected_for(case, client, text)
        meta_cases[case.id] = {"raised": result.get("class"), "exit_code": result.get("exit_code"),
                               "server": {"status": case.status, "error_type": case.error_type,
                                          "error_code": case.error_code, "request_id": case.request_id},
                               "requests": made.get("requests", {}).get(case.id), "forms": forms}
    meta = {"client": client, "version": made["version"],
            "runtime": made.get("python") or made.get("node"),
            "generated": _dt.date.today().isoformat(), "generator": "tests/genuine/make_fixtures.py",
            **(extra or {}), "cases": meta_cases}
    (folder / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return folder


def generate(clients: dict[str, list[str]], out: Path, work: Path) -> list[Path]:
    written = []
    node = _run(["node", "--version"]).stdout.strip() if ("ts-sdk" in clients or "claude-code" in clients) else None
    with serving() as (fake, closed_url):
        for version in clients.get("python-anthropic", []):
            py, real = install_python(version, work)
            log(f"python-anthropic {real}")
            folder = write("python-anthropic", run_python(py, fake, closed_url), out)
            (folder / "facts.json").write_text(json.dumps(python_facts(py), indent=1) + "\n")
            written.append(folder)
        for version in clients.get("ts-sdk", []):
            folder, real = install_npm("ts-sdk", version, work)
            log(f"ts-sdk {real}")
            written.append(write("ts-sdk", run_ts(folder, fake, closed_url), out))
        for version in clients.get("claude-code", []):
            folder, real = install_npm("claude-code", version, work)
            log(f"claude-code {real}")
            binary = claude_binary(folder)
            made = run_claude_code(binary, real, fake, closed_url)
            made["node"] = f"node {node}" if binary.name == "claude" and binary.parent.name == ".bin" \
                else "native binary (from the npm package)"
            written.append(write("claude-code", made, out, {"command": f"claude -p {CC_PROMPT!r} --model <case model>"}))
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", nargs="*", help="anthropic releases (no value: the pinned ones)")
    ap.add_argument("--ts", nargs="*", help="@anthropic-ai/sdk releases (no value: the pinned ones)")
    ap.add_argument("--claude-code", nargs="*", help="@anthropic-ai/claude-code releases")
    ap.add_argument("--out", type=Path, default=FIXTURES)
    ap.add_argument("--work", type=Path, help="install folder, kept (default: a temp folder, removed)")
    args = ap.parse_args(argv)
    chosen = {client: (value or PINNED[client]) for client, value in
              (("python-anthropic", args.python), ("ts-sdk", args.ts), ("claude-code", args.claude_code))
              if value is not None}
    clients = chosen or PINNED
    work = args.work or Path(tempfile.mkdtemp(prefix="genuine-sdks-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for folder in generate(clients, args.out, work):
            print(folder)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
