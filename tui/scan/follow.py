"""`scan --follow`: keep reading files as they grow, as `tail -F` does.

A file that is renamed away and recreated (logrotate's default), or truncated in place
(copytruncate), is reopened from its start; a file that does not exist yet is waited for. An
event still being written is held until its lines stop coming (`IDLE_FLUSH` seconds), so a
traceback is read whole. Standard input is followed until it ends.
"""

from __future__ import annotations

import os
import select
import time
from collections.abc import Callable

from .scanner import Scanner, Stream
from .source import BLOCK, GZIP_MAGIC, STDIN

POLL_S = 0.2
IDLE_FLUSH = 0.5
MAX_READ = 8 * BLOCK  # per file per poll, so that one busy file does not starve the others


class Tail:
    """One followed file: its open descriptor, identity (device, inode) and position."""

    def __init__(self, path: str, scanner: Scanner, labelled: bool) -> None:
        self.path, self.scanner = path, scanner
        self.stream: Stream = scanner.stream(path, labelled)
        self.fd: int | None = None
        self.ident: tuple[int, int] | None = None
        self.mtime = 0
        self.pos = 0
        self.last_data = time.monotonic()
        self.gzip = False
        self._open()

    def _open(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            self.fd = None  # not there (yet, or between a rename and the new file): try again later
            return
        st = os.fstat(fd)
        self.fd, self.ident, self.pos, self.mtime = fd, (st.st_dev, st.st_ino), 0, st.st_mtime_ns
        self.gzip = os.pread(fd, 2, 0) == GZIP_MAGIC

    def _close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
        self.fd = None

    def _drain(self) -> int:
        """Read what the open file has beyond our position; returns the bytes read."""
        got = 0
        while self.fd is not None and got < MAX_READ:
            data = os.pread(self.fd, BLOCK, self.pos)
            if not data:
                break
            self.pos += len(data)
            got += len(data)
            self.stream.feed(data)
        return got

    def _read_gzip(self) -> bool:
        if self.pos < 0:
            return False
        import gzip
        with gzip.GzipFile(fileobj=os.fdopen(os.dup(self.fd), "rb")) as fh:
            while data := fh.read(BLOCK):
                self.stream.feed(data)
        self.stream.close()
        self.pos = -1  # done
        return True

    def poll(self) -> bool:
        if self.fd is None:
            self._open()
            if self.fd is None:
                return False
        if self.gzip:  # a compressed file is an archive, not a growing log: read once, whole
            return self._read_gzip()
        got = self._drain()
        if got:
            self.last_data = time.monotonic()
            self.mtime = os.fstat(self.fd).st_mtime_ns
            return True
        try:
            st = os.stat(self.path)
            ident = (st.st_dev, st.st_ino)
        except OSError:
            ident, st = None, None
        # Truncated: smaller than what was read, or written since without growing past it.
        truncated = st is not None and (st.st_size < self.pos or (st.st_mtime_ns != self.mtime and st.st_size <= self.pos))
        if ident != self.ident or truncated:
            # Rotated (a new file under the name, or none yet) or truncated: finish the old one.
            self._drain()
            self.stream.close()
            self._close()
            if st is not None:
                self._open()
                return self.poll()
            return False
        if self.stream.pending and time.monotonic() - self.last_data >= IDLE_FLUSH:
            self.stream.close()
            return True
        return False


class StdinTail:
    """Standard input read as it arrives (a `kubectl logs -f` pipe)."""

    def __init__(self, scanner: Scanner) -> None:
        self.stream = scanner.stream(STDIN)
        self.fd = 0
        self.ended = False
        self.last_data = time.monotonic()

    def poll(self) -> bool:
        if self.ended:
            return False
        ready, _, _ = select.select([self.fd], [], [], 0)
        if not ready:
            if self.stream.pending and time.monotonic() - self.last_data >= IDLE_FLUSH:
                self.stream.close()
                return True
            return False
        data = os.read(self.fd, BLOCK)
        if not data:
            self.ended = True
            self.stream.close()
            return True
        self.last_data = time.monotonic()
        self.stream.feed(data)
        return True


def follow(names: list[str], scanner: Scanner, tick: Callable[[bool], None],
           until: Callable[[], bool] = lambda: False, poll_s: float = POLL_S) -> None:
    """Follow every name until `until()` is true (or, with only stdin, until it ends).
    `tick(changed)` is called after every poll, `changed` when it read something."""
    tails = [StdinTail(scanner) if n == STDIN else Tail(n, scanner, len(names) > 1) for n in names]
    while not until():
        changed = False
        for t in tails:
            changed = t.poll() or changed
        tick(changed)
        if not changed:
            if all(isinstance(t, StdinTail) and t.ended for t in tails):
                return
            time.sleep(poll_s)
