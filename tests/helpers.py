"""Shared test helpers: run the CLI as a user would (a real subprocess) or in-process."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args, stdin: bytes | str | None = None, env: dict | None = None, timeout: float = 60):
    """Run `python -m tui ARGS` in a subprocess; returns CompletedProcess with bytes stdout/stderr."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("ANTHROPIC_") and k.lower() not in ("https_proxy", "http_proxy", "all_proxy")}
    base["PYTHONPATH"] = str(ROOT)
    base.pop("FORCE_COLOR", None)
    if env:
        base.update(env)
    if isinstance(stdin, str):
        stdin = stdin.encode()
    return subprocess.run([sys.executable, "-m", "tui", *args], input=stdin, capture_output=True,
                          env=base, timeout=timeout, cwd=ROOT,
                          stdin=subprocess.DEVNULL if stdin is None else None)


def require_pinned_anthropic():
    """Skip unless the installed `anthropic` is the release generated/sdk_facts.toml was made from:
    tests that read the installed SDK must not fail because a host has a newer (or older) one."""
    import pytest

    import knowledge
    from importlib.metadata import PackageNotFoundError, version
    pinned = knowledge.load().sdk_facts.versions.get("python")
    try:
        installed = version("anthropic")
    except PackageNotFoundError:
        pytest.skip("anthropic is not installed")
    if installed != pinned:
        pytest.skip(f"installed anthropic {installed} is not the pinned {pinned} the SDK facts were generated from")


# A label a line of a result opens with; its wrapped rows continue under the text after it.
LABEL = re.compile(r" *(?:[▶▼] +)?(?:\d+\. +\d+% +|\d+ +[▰▱]+ +\d+% +\w+ +|• |… |fix +\d+\. |\d+\. |docs |"
                   r"message +|request id +|note +|Retry: +|claude-triage +|(?:error|warning|info) +)?")


def hanging_rows(lines: list[str], rows: list[str]) -> list[tuple[str, int]]:
    """Which rows are wrapped continuations of `lines` (unwrapped text), each with the column it
    must start at: under the text after its line's label. The rows are matched to the lines by
    their characters (spaces aside), so a row lost or added fails here."""
    out: list[tuple[str, int]] = []
    rows = [r.rstrip() for r in rows]
    i = 0
    for line in lines:
        if not line.strip():
            while i < len(rows) and not rows[i].strip():
                i += 1
            continue
        want, got = "".join(line.split()), ""
        hang = len(LABEL.match(line).group())
        first = True
        while len(got) < len(want):
            assert i < len(rows), f"ran out of rows for {line!r}"
            if not first:
                out.append((rows[i], hang))
            got += "".join(rows[i].split())
            i, first = i + 1, False
        assert got == want, f"rows {got!r} do not spell the line {want!r}"
    return out


def indent(row: str) -> int:
    return len(row) - len(row.lstrip(" "))


def shown_text(outcome) -> str:
    """An app outcome as plain text, as the Diagnose screen shows it: what was read, each cause
    block (title row and body), the retry line."""
    from tui.render.doc import Doc, to_plain
    doc = Doc().extend(outcome.head)
    for cause in outcome.causes:
        doc.line(*cause.row)
        doc.extend(cause.body)
    return to_plain(doc.extend(outcome.tail))
