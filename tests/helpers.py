"""Shared test helpers: run the CLI as a user would (a real subprocess) or in-process."""

import os
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
