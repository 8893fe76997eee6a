"""Is this a Claude API error? Answered from the class's module and the object's attributes, so
that neither the hook nor the user's program pays for importing `anthropic` to ask."""

from __future__ import annotations

MAX_CHAIN = 16  # causes and contexts walked before giving up (a chain can be long, never endless)


def is_api_error(exc: object) -> bool:
    """An `anthropic.APIError` (or a subclass, the user's own included): a class of that name from
    the `anthropic` package in its MRO, and the request it was raised for."""
    if not isinstance(exc, BaseException):
        return False
    for cls in type(exc).__mro__:
        if cls.__name__ == "APIError" and (getattr(cls, "__module__", "") or "").split(".")[0] == "anthropic":
            return hasattr(exc, "request") and isinstance(getattr(exc, "message", None), str)
    return False


def api_error(exc: object) -> BaseException | None:
    """The Claude API error `exc` is, or was raised from or while handling (a framework that wraps
    the SDK's error in its own still failed on the API call); None when there is none."""
    seen: set[int] = set()
    while isinstance(exc, BaseException) and id(exc) not in seen and len(seen) < MAX_CHAIN:
        if is_api_error(exc):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return None
