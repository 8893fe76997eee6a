"""Inputs of a scan: files (plain or gzip, told by magic bytes) and standard input, read in blocks."""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Callable, Iterator

BLOCK = 1 << 20  # 1 MiB: big enough that per-block work is noise, small enough to keep memory flat
GZIP_MAGIC = b"\x1f\x8b"
STDIN = "-"


class Unreadable(Exception):
    """A FILE that cannot be opened or read (the CLI exits 2)."""


class Input:
    """One opened input. `position()` is how far into the underlying file it has read (compressed
    bytes for gzip), against `size` (None for a pipe), for a progress bar."""

    def __init__(self, name: str, raw, size: int | None) -> None:
        self.name, self.raw, self.size = name, raw, size
        head = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
        self.gzip = head == GZIP_MAGIC
        self.fh = gzip.GzipFile(fileobj=raw, mode="rb") if self.gzip else raw

    def position(self) -> int:
        try:
            return self.raw.tell()
        except (OSError, ValueError):
            return 0

    def blocks(self, progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
        while True:
            try:
                data = self.fh.read(BLOCK)
            except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
                raise Unreadable(f"cannot read {self.label}: {exc}") from None
            if not data:
                return
            yield data
            if progress is not None:
                progress(self.position())

    @property
    def label(self) -> str:
        return "standard input" if self.name == STDIN else self.name

    def close(self) -> None:
        if self.raw is not _stdin_raw():
            self.raw.close()


def _stdin_raw():
    return getattr(sys.stdin, "buffer", None)


def open_input(name: str) -> Input:
    if name == STDIN:
        raw = _stdin_raw()
        if raw is None:
            raise Unreadable("no standard input")
        if not hasattr(raw, "peek"):
            raw = io.BufferedReader(raw)
        return Input(name, raw, None)
    try:
        if os.path.isdir(name):
            raise Unreadable(f"{name} is a directory")
        raw = open(name, "rb")  # noqa: SIM115 - closed by Input.close
        size = os.fstat(raw.fileno()).st_size
    except OSError as exc:
        raise Unreadable(f"cannot read {name}: {exc.strerror or exc}") from None
    return Input(name, raw, size)
