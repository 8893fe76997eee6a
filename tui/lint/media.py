"""CT6xx: inline images, file references and the size of the body.

A 30 MB body is mostly base64 text. Nothing here copies it: lengths are taken as they are, the
alphabet is checked with one regex scan, and only a small prefix is decoded to read the header.
"""

from __future__ import annotations

import re

from .context import Context, child

_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")
_MB = 1024 * 1024


def images(ctx: Context) -> None:
    found = [(path, block) for path, block in ctx.all_blocks() if block.get("type") == "image"]
    most = ctx.param("CT607", "max_images", 600)
    if len(found) > most:
        ctx.report("CT607", found[most][0], f"the request holds {len(found)} images; at most {most} are allowed.")
    many = len(found) > ctx.param("CT604", "many_images", 20)
    for path, block in found:
        source = block.get("source")
        if isinstance(source, dict) and source.get("type") == "base64":
            _image(ctx, child(path, "source"), source, len(found) if many else 0)


def _image(ctx: Context, where: str, source: dict, many: int) -> None:
    data, declared = source.get("data"), source.get("media_type")
    allowed = ctx.param("CT606", "media_types", ())
    if not isinstance(data, str) or not data:
        ctx.report("CT606", child(where, "data"), "the image data is empty.")
        return
    if data.startswith("data:"):
        ctx.report("CT606", child(where, "data"), "the data starts with a data: URL prefix "
                   f"({data[:data.find(',') + 1][:40]}); send only the base64 text after the comma.")
        return
    if declared not in allowed:
        ctx.report("CT606", child(where, "media_type"), f"media_type {declared!r} is not accepted; use one of "
                   f"{', '.join(allowed)}" + (" (image/jpeg, not image/jpg)." if declared == "image/jpg" else "."))
    limit = ctx.param("CT601", "max_base64_bytes", 5 * _MB)
    if len(data) > limit:
        ctx.report("CT601", child(where, "data"), f"this image is {len(data):,} bytes of base64 "
                   f"({len(data) / _MB:.1f} MB); the limit is {limit:,} bytes ('image exceeds 5 MB maximum').")
    bad = _NOT_BASE64.search(data)
    if bad:
        shown = {"\n": "a line break", "\r": "a carriage return", " ": "a space"}.get(bad.group(), repr(bad.group()))
        ctx.report("CT606", child(where, "data"), f"the base64 data contains {shown} at character {bad.start():,}; "
                   "the API wants one unbroken base64 string ('invalid base64 data').")
        return
    from . import imagehdr  # struct and binascii only for requests with images
    kind, width, height = imagehdr.probe(data)
    if kind is None:
        ctx.report("CT606", child(where, "data"), "the bytes are not a PNG, JPEG, GIF or WebP image "
                   "('Could not process image').")
        return
    if declared in allowed and kind != declared:
        ctx.report("CT602", child(where, "media_type"), f"media_type says {declared}, but the bytes are {kind} "
                   "('Image does not match the provided media type').", fix=f"Set media_type to {kind}.")
    if width is None or height is None:
        return
    big, many_px = ctx.param("CT603", "max_px", 8000), ctx.param("CT604", "max_px", 2000)
    if max(width, height) > big:
        ctx.report("CT603", where, f"this image is {width}×{height} px; the limit is {big} px per side.")
    elif many and max(width, height) > many_px:
        ctx.report("CT604", where, f"this image is {width}×{height} px and the request has {many} images; with "
                   f"more than {ctx.param('CT604', 'many_images', 20)} images the limit is {many_px} px per side "
                   f"('…exceed max allowed size for many-image requests: {many_px} pixels').")


def body_size(ctx: Context) -> None:
    limit = ctx.param("CT605", "max_body_bytes", 32 * _MB)
    size = ctx.source.body_size
    if size is not None:
        if size > limit:
            ctx.report("CT605", "", f"the body is {size:,} bytes ({size / _MB:.1f} MB); the Messages API takes at "
                       f"most {limit // _MB} MB and Cloudflare answers 413 request_too_large.")
        return
    # The exact size is unknown (the request came out of a paste): the inline media alone can tell.
    inline = sum(len(b["source"]["data"]) for _, b in ctx.all_blocks()
                 if isinstance(b.get("source"), dict) and isinstance(b["source"].get("data"), str))
    if inline > limit:
        ctx.report("CT605", "", f"the inline base64 media alone is {inline / _MB:.1f} MB; the Messages API takes at "
                   f"most {limit // _MB} MB per request (413 request_too_large).")


def file_sources(ctx: Context) -> None:
    """A block that points at an uploaded file needs the Files API beta on the Messages call too."""
    prefixes, suggest = ctx.param("CT608", "prefixes", ["files-api-"]), ctx.param("CT608", "suggest", "")
    if ctx.beta_enabled(prefixes):
        return
    fix = f"Send the header anthropic-beta: {suggest} with this request (SDK: betas=[\"{suggest}\"])."
    for path, block in ctx.all_blocks():
        source = block.get("source")
        if not (isinstance(source, dict) and source.get("type") == "file"):
            continue
        if ctx.headers_known:
            ctx.report("CT608", child(path, "source"), f"this {block.get('type')} refers to an uploaded file, but no "
                       "anthropic-beta header enables the Files API; the API answers \"Input tag 'file' found "
                       "using 'type' does not match any of the expected tags\".", fix=fix)
        else:
            ctx.report("CT608", child(path, "source"), f"this {block.get('type')} refers to an uploaded file: the "
                       f"request needs the header anthropic-beta: {suggest}. The headers are not part of this "
                       "input; check that it is sent.", fix=fix, severity="info")
        return  # one finding says it for every block


CHECKS = [images, file_sources, body_size]
