"""Retry advice that follows the official SDKs' policy.

The SDKs (Python, TypeScript, Go, Java alike): `x-should-retry` decides first; otherwise 408, 409,
429 and every status >= 500 are retried, connection errors too; wait `retry-after-ms`, then
`retry-after` (seconds or an HTTP date), else exponential backoff 0.5 s → 8 s; two retries by
default. Some errors look retryable by status and are not (a 429 for a monthly spend cap).
"""

from __future__ import annotations

from knowledge.record import Record

from ..observation import Observation

TYPE_CHECKING = False  # `typing` would cost an import on every CLI call; datetime is imported lazily
if TYPE_CHECKING:
    from datetime import datetime

RETRY_STATUSES = {408, 409, 429}
SDK_SOURCES = {"python-sdk", "ts-sdk", "go-sdk", "java-sdk", "claude-code", "litellm"}


class RetryAdvice(Record):
    retryable: bool | None
    after_s: float | None
    reason: str

    def to_dict(self) -> dict:
        return {"retryable": self.retryable, "after_s": self.after_s, "reason": self.reason}


def header_seconds(headers: dict[str, str], now: datetime | None = None) -> float | None:
    """Seconds to wait per `retry-after-ms`, then `retry-after` (number or HTTP date)."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    ra = headers.get("retry-after")
    if not ra:
        return None
    try:
        return max(0.0, float(ra))
    except ValueError:
        pass
    from datetime import datetime, timezone  # rare: most servers send seconds
    from email.utils import parsedate_to_datetime
    try:
        when = parsedate_to_datetime(ra)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def advise(obs: Observation, cause_retryable: bool | None, cause_title: str | None,
           confident: bool = True) -> RetryAdvice:
    """What to do about retrying, given the top cause's verdict and whether it is confident."""
    after = header_seconds(obs.headers)
    status = obs.status
    already = " The SDK has already retried it twice (max_retries=2) before raising it." \
        if obs.source in SDK_SOURCES and not obs.mid_stream else ""
    if confident and cause_retryable is False and (status in RETRY_STATUSES or (status or 0) >= 500):
        return RetryAdvice(False, None, f"Retrying will not help: {cause_title}. "
                           "It looks retryable by its status, but the condition will not clear by itself.")
    if obs.mid_stream:
        return RetryAdvice(True, after, "The error came inside a stream after HTTP 200; the SDKs do not retry "
                           "that. Send the whole request again (with backoff).")
    should = obs.headers.get("x-should-retry", "").strip().lower()
    if should in ("true", "false"):
        ok = should == "true"
        return RetryAdvice(ok, after if ok else None,
                           f"The server sent x-should-retry: {should}, which the SDKs obey over the status.")
    if status is None:
        if cause_retryable is not None and confident:
            verdict = "may succeed" if cause_retryable else "will fail the same way"
            return RetryAdvice(cause_retryable, None, f"No HTTP status: judged from the most likely cause "
                               f"({cause_title}), a retry {verdict}.")
        if obs.exception in ("APIConnectionError", "APITimeoutError", "APIConnectionTimeoutError"):
            return RetryAdvice(True, None, "Connection errors are retried by the SDKs; if it persists, the network "
                               "path (DNS, proxy, TLS) is the problem, not the API.")
        if cause_retryable is not None:
            return RetryAdvice(cause_retryable, None, f"Judged from the most likely cause ({cause_title}).")
        return RetryAdvice(None, None, "No HTTP status was found, so the SDK retry policy cannot be applied.")
    if status in RETRY_STATUSES or status >= 500:
        wait = (f" Wait {after:g} s as the server asks" + (" (anthropic 2.17 waits that long; older Python SDK "
                "releases ignore waits over 60 s and back off instead)." if after > 60 else ".")) if after is not None else \
            " No retry-after header: back off exponentially (0.5 s, 1 s, 2 s … up to 8 s, with jitter)."
        return RetryAdvice(True, after, f"HTTP {status} is retryable under the SDK policy.{wait}{already}")
    if 400 <= status < 500:
        return RetryAdvice(False, None, f"HTTP {status} is a client error: the same request fails the same way. "
                           "Change the request or the credentials first.")
    return RetryAdvice(None, after, f"HTTP {status} is not an error status.")
