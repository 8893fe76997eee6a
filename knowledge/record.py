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
    _plain: dict[str, Any] = {}                  # field -> default value
    _factories: tuple[tuple[str, Any], ...] = ()  # (field, factory) for fresh mutable defaults

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names: list[str] = []
        defaults: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            for name in klass.__dict__.get("__annotations__", {}):
                if not name.startswith("_") and name not in names:
                    names.append(name)
            defaults.update(getattr(klass, "_own_defaults", {}))
        own = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
        for n in own:  # defaults live in the tables below, not as class attributes
            delattr(cls, n)
        cls._own_defaults = own
        defaults.update(own)
        cls._fields = tuple(names)
        cls._plain = {n: d for n, d in defaults.items() if not isinstance(d, factory)}
        cls._factories = tuple((n, d.make) for n, d in defaults.items() if isinstance(d, factory))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A handful of C-level dict operations: records are built by the thousand per CLI call.
        d = self.__dict__
        d.update(self._plain)
        for name, make in self._factories:
            d[name] = make()
        if args:
            d.update(zip(self._fields, args))
        d.update(kwargs)
        if len(d) != len(self._fields) or len(args) > len(self._fields):
            self._bad_arguments(args, kwargs)
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def _bad_arguments(self, args: tuple, kwargs: dict) -> None:
        name = type(self).__name__
        unknown = set(kwargs) - set(self._fields)
        if unknown or len(args) > len(self._fields):
            raise TypeError(f"{name}: unexpected field(s) {sorted(unknown) or len(args)}")
        missing = [f for f in self._fields if f not in self.__dict__]
        raise TypeError(f"{name}: missing field(s) {missing}")

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
