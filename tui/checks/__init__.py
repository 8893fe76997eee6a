"""Offline checks: what the environment, the installed SDK and the user's answers say is wrong.

    from tui.checks import run_offline, conclusions
    results = run_offline(env={"ANTHROPIC_API_KEY": "…"}, answers={"platform": "bedrock"})

Nothing here sends a request, and nothing imports Textual or httpx: the app's Checks screen and
the CLI (`claude-triage check`, next issue) share it. Live probes will live beside it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import knowledge
from knowledge import KnowledgeBase

from .credentials import api_key_check, auth_token_check, base_host, base_url_check, credentials_check
from .network import proxy_checks, tls_checks
from .result import STATUSES, STEPS, CheckResult
from .sdk import PYTHON_PACKAGE, has_behaviour, installed_version, python_sdk_checks
from .setup import QUESTIONS, Question, live_probe_placeholder, platform_checks, retention_check

__all__ = ["QUESTIONS", "STATUSES", "STEPS", "CheckResult", "Question", "conclusions", "run_offline"]


def run_offline(env: Mapping[str, str] | None = None, answers: Mapping[str, str] | None = None,
                kb: KnowledgeBase | None = None, sdk_version: str | None = None) -> list[CheckResult]:
    """Every offline check, in wizard order. `env` replaces os.environ; `answers` maps a
    question id (see QUESTIONS) to the chosen option value; unanswered questions are skipped.
    `sdk_version` stands for the installed anthropic release ("" = not installed; None: look)."""
    env = os.environ if env is None else env
    sdk_version = installed_version(PYTHON_PACKAGE) if sdk_version is None else (sdk_version or None)
    answers = answers or {}
    kb = kb or knowledge.load()
    scheme, host = base_host(env)
    return [
        credentials_check(env, answers, has_behaviour(kb, "auth.dual-credentials", sdk_version)),
        api_key_check(env),
        auth_token_check(env),
        base_url_check(env),
        *proxy_checks(env, scheme, host),
        *tls_checks(env),
        *python_sdk_checks(kb, sdk_version),
        *platform_checks(env, answers.get("platform")),
        retention_check(kb, answers.get("retention")),
        live_probe_placeholder(),
    ]


def conclusions(results: list[CheckResult]) -> list[CheckResult]:
    """What needs attention, most urgent first: failures, then warnings, then notes."""
    urgent = [r for r in results if r.status in ("fail", "warn", "info")]
    return sorted(urgent, key=lambda r: STATUSES.index(r.status))
