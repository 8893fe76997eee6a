"""Live checks against the API over httpx: the only part of claude-triage that sends anything.

Nothing here runs unless the user asked for a live check (CLI `check --live`, `shrink`, or the
Checks screen's explicit consent); the key goes only to the configured base URL.
"""

from .config import ProbeConfig, refusal, resolve
from .live import ProbeResult, count_input_tokens, plan, ratelimit_rows, run_live
from .shrink import ShrinkReport, shrink

__all__ = ["ProbeConfig", "ProbeResult", "ShrinkReport", "count_input_tokens", "plan", "ratelimit_rows", "refusal",
           "resolve", "run_live", "shrink"]
