"""`Record`: plain data classes without the `dataclasses` module.

Every CLI call imports the engine and the knowledge base. `dataclasses` pulls in `inspect` (~6 ms)
and generates each class's methods with `exec` (~0.4 ms a class); with twenty record classes
that was a fifth of the whole `claude-triage diagnose` run. A record declares its fields as
annotations with optional defaults, exactly like a dataclass:

    class Example(Record):
        paste: str
        env: dict = factory(dict)
        note: str = ""
"""

from __future__ import annotations

TYPE_CHECKING = False  # importing `typing` for the real flag costs ~3 ms; annotations are strings
if TYPE_CHECKING:
    from typing import Any


class factory:  # noqa: N801 - reads like dataclasses.field(default_factory=…)
    """A default built fresh for each record (lists, dicts)."""

    __slots__ = ("make",)

    def __init__(self, make: Any) -> None:
        self.make = make


class Record:
    _fields: tuple[str, ...] = ()
    _defaults: dict[str, Any] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names: list[str] = []
        for klass in reversed(cls.__mro__):
            for name in klass.__dict__.get("__annotations__", {}):
                if not name.startswith("_") and name not in names:
                    names.append(name)
        cls._fields = tuple(names)
        cls._defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
        for n in cls._defaults:  # defaults live in _defaults, not as class attributes
            delattr(cls, n)
        cls._defaults = {**{n: d for k in cls.__mro__[1:] for n, d in getattr(k, "_defaults", {}).items()},
                         **cls._defaults}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(self._fields):
            raise TypeError(f"{type(self).__name__} takes {len(self._fields)} fields, got {len(args)}")
        values = dict(zip(self._fields, args))
        for name, value in kwargs.items():
            if name not in self._fields or name in values:
                raise TypeError(f"{type(self).__name__}: unexpected or repeated field {name!r}")
            values[name] = value
        for name in self._fields:
            if name not in values:
                if name not in self._defaults:
                    raise TypeError(f"{type(self).__name__}: missing field {name!r}")
                default = self._defaults[name]
                values[name] = default.make() if isinstance(default, factory) else default
        self.__dict__.update(values)
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={self.__dict__.get(n)!r}" for n in self._fields)
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(self.__dict__.get(n) == other.__dict__.get(n) for n in self._fields)

    __hash__ = None  # type: ignore[assignment] - records are compared by value, like dataclasses

    def fields(self) -> dict[str, Any]:
        """The record's fields as a dict (what `vars()` would give, without cached values)."""
        return {n: self.__dict__[n] for n in self._fields}
