"""Regexes compiled on first use.

`re.compile` runs the pattern compiler in Python: the reader's ~40 patterns cost ~7 ms at import,
paid by every CLI call although a given paste needs only a few of them (the rest are skipped by
their trigger strings). A `lazy` pattern behaves like the compiled one once touched.
"""

from __future__ import annotations

import re


class lazy:  # noqa: N801 - used like re.compile
    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    @property
    def pattern(self) -> str:
        return self._args[0]

    # The hot methods are spelled out: a __getattr__ hop on every call costs more than the search.
    def search(self, *args):
        return (self._compiled or self.compiled).search(*args)

    def match(self, *args):
        return (self._compiled or self.compiled).match(*args)

    def finditer(self, *args):
        return (self._compiled or self.compiled).finditer(*args)

    def sub(self, *args):
        return (self._compiled or self.compiled).sub(*args)

    def __getattr__(self, name: str):
        return getattr(self.compiled, name)
