"""Image format and size from the first bytes of a base64 string: PNG, JPEG, GIF and WebP headers,
read with the standard library only (no Pillow: the linter must stay fast to import).

Only a prefix of the base64 text is decoded, never the whole image: a 5 MB image costs a few
kilobytes here. JPEG keeps its size in a SOF segment after any EXIF/ICC segments, so its prefix
grows until the SOF turns up (or a bound is reached).
"""

from __future__ import annotations

import binascii
import struct

JPEG_SCAN_LIMIT = 2 * 1024 * 1024     # base64 characters scanned for a JPEG's SOF segment
_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


def decode_prefix(data: str, chars: int) -> bytes | None:
    """The bytes of the first `chars` base64 characters (rounded down to a whole quantum)."""
    chars -= chars % 4
    try:
        return binascii.a2b_base64(data[:chars], strict_mode=True)
    except (binascii.Error, ValueError):
        return None


def probe(data: str) -> tuple[str | None, int | None, int | None]:
    """(media type, width, height) of base64 image data; (None, None, None) if not recognised."""
    head = decode_prefix(data, 64 if len(data) >= 64 else len(data))
    if not head:
        return None, None, None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        if len(head) >= 24 and head[12:16] == b"IHDR":
            width, height = struct.unpack(">II", head[16:24])
            return "image/png", width, height
        return "image/png", None, None
    if head[:6] in (b"GIF87a", b"GIF89a"):
        width, height = struct.unpack("<HH", head[6:10]) if len(head) >= 10 else (None, None)
        return "image/gif", width, height
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ("image/webp", *_webp(head))
    if head[:3] == b"\xff\xd8\xff":
        return ("image/jpeg", *_jpeg(data))
    return None, None, None


def _webp(head: bytes) -> tuple[int | None, int | None]:
    chunk = head[12:16]
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(head) >= 25:
        b = head[21:25]
        return 1 + (b[0] | (b[1] & 0x3F) << 8), 1 + (b[1] >> 6 | b[2] << 2 | (b[3] & 0x0F) << 10)
    if chunk == b"VP8X" and len(head) >= 30:
        return 1 + int.from_bytes(head[24:27], "little"), 1 + int.from_bytes(head[27:30], "little")
    return None, None


def _jpeg(data: str) -> tuple[int | None, int | None]:
    chars = 4096
    while True:
        raw = decode_prefix(data, chars)
        if raw is None:
            return None, None
        pos = 2
        while pos + 9 <= len(raw):
            if raw[pos] != 0xFF:
                return None, None  # lost sync: not a well-formed segment chain
            marker = raw[pos + 1]
            if marker == 0xFF:
                pos += 1  # fill byte
                continue
            if marker in _SOF:
                height, width = struct.unpack(">HH", raw[pos + 5:pos + 9])
                return width, height
            if marker in (0xD9, 0xDA):
                return None, None  # end of image / start of scan before any SOF
            pos += 2 + struct.unpack(">H", raw[pos + 2:pos + 4])[0]
        if chars >= min(len(data), JPEG_SCAN_LIMIT):
            return None, None
        chars = min(chars * 4, len(data), JPEG_SCAN_LIMIT)
