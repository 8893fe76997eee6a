"""Images and body size: headers read with the standard library, limits from the knowledge base,
and bodies too big to write as examples (a 30 MB request with many images, a 33 MB body)."""

import base64
import json
import struct
import time
import zlib

import knowledge
from tui.lint import imagehdr, lint_request
from tests.test_lint_rules import lint_cli, lint_json, rule_ids

KB = knowledge.load()


def png(width: int, height: int) -> bytes:
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))


def jpeg(width: int, height: int, exif: int = 0) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    app1 = b"\xff\xe1" + struct.pack(">H", exif + 2) + b"\x00" * exif if exif else b""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x00" * 9
    return b"\xff\xd8" + app0 + app1 + sof + b"\xff\xda"


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00" * 8


def webp(width: int, height: int, kind: str) -> bytes:
    if kind == "VP8X":
        body = b"VP8X" + b"\x0a\x00\x00\x00" + b"\x00" * 4 + (width - 1).to_bytes(3, "little") + \
            (height - 1).to_bytes(3, "little")
    elif kind == "VP8L":
        bits = (width - 1) | (height - 1) << 14
        body = b"VP8L" + b"\x00" * 4 + b"\x2f" + bits.to_bytes(4, "little")
    else:
        body = b"VP8 " + b"\x00" * 4 + b"\x00" * 6 + struct.pack("<HH", width, height)
    return b"RIFF" + b"\x00" * 4 + b"WEBP" + body + b"\x00" * 8


def b64(data: bytes, pad_to: int = 0) -> str:
    text = base64.b64encode(data).decode()
    return text + "A" * max(0, pad_to - len(text)) if pad_to else text


def image(data: str, media_type: str = "image/png") -> dict:
    return {"type": "image", "source": {"type": "base64", "media_type": media_type, "data": data}}


def request(*blocks: dict, model: str = "claude-opus-4-8") -> dict:
    return {"model": model, "max_tokens": 1024,
            "messages": [{"role": "user", "content": [*blocks, {"type": "text", "text": "Describe these."}]}]}


def test_header_parsing_for_every_format():
    assert imagehdr.probe(b64(png(9000, 600))) == ("image/png", 9000, 600)
    assert imagehdr.probe(b64(gif(640, 480))) == ("image/gif", 640, 480)
    assert imagehdr.probe(b64(jpeg(4032, 3024))) == ("image/jpeg", 4032, 3024)
    assert imagehdr.probe(b64(jpeg(4032, 3024, exif=65000))) == ("image/jpeg", 4032, 3024)  # SOF after big EXIF
    for kind in ("VP8X", "VP8L", "VP8 "):
        assert imagehdr.probe(b64(webp(3000, 2000, kind))) == ("image/webp", 3000, 2000), kind
    assert imagehdr.probe(b64(b"%PDF-1.7 not an image")) == (None, None, None)
    assert imagehdr.probe("!!!!") == (None, None, None)


def test_media_type_from_magic_bytes_not_extension():
    findings = lint_request(request(image(b64(jpeg(800, 600)), "image/png")), KB)
    assert [(f.rule, f.path) for f in findings] == [("CT602", "messages[0].content[0].source.media_type")]
    assert "image/jpeg" in findings[0].fix


def test_image_over_5mb_of_base64():
    limit = KB.lint_rules["CT601"].params["max_base64_bytes"]
    code, out = lint_json(json.dumps(request(image(b64(png(1000, 800), limit + 4)))))
    assert (code, rule_ids(out)) == (1, ["CT601"]) and "5,242,884 bytes" in out["findings"][0]["message"]
    assert lint_json(json.dumps(request(image(b64(png(1000, 800), limit)))))[1]["findings"] == []


def test_unreadable_image_data():
    cases = {"data:image/png;base64," + b64(png(10, 10)): "data: URL",
             b64(png(10, 10)) + "\n" + "AAAA": "line break",
             b64(b"GIF00a not really"): "not a PNG"}
    for data, words in cases.items():
        findings = lint_request(request(image(data)), KB)
        assert [f.rule for f in findings] == ["CT606"] and words in findings[0].message, data[:30]
    findings = lint_request(request(image(b64(jpeg(10, 10)), "image/jpg")), KB)
    assert [f.rule for f in findings] == ["CT606"] and "image/jpeg, not image/jpg" in findings[0].message


def test_thirty_mb_body_with_many_images(tmp_path):
    """25 images of 1.2 MB base64 each, 2400 px wide: over 20 images, so each breaks the 2000 px limit."""
    blocks = [image(b64(png(2400, 1600), 1_200_000)) for _ in range(25)]
    body = json.dumps(request(*blocks))
    assert 29_000_000 < len(body) < 32 * 1024 * 1024
    path = tmp_path / "big.json"
    path.write_text(body)
    started = time.perf_counter()
    code, out = lint_cli(str(path), "--format", "json")
    elapsed = time.perf_counter() - started
    findings = json.loads(out)["findings"]
    assert code == 1 and {f["rule"] for f in findings} == {"CT604"} and len(findings) == 25
    assert findings[3]["path"] == "messages[0].content[3].source"
    assert elapsed < 10, elapsed  # the bench holds the real budget (2 s); this only catches a blow-up


def test_body_over_32mb_is_a_413(tmp_path):
    blocks = [image(b64(png(800, 600), 4_800_000)) for _ in range(7)]
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(request(*blocks)))
    code, out = lint_cli(str(path), "--format", "json")
    assert rule_ids(json.loads(out)) == ["CT605"] and "413" in json.loads(out)["findings"][0]["message"]


def test_inline_media_estimate_when_the_size_is_unknown():
    blocks = [image(b64(png(800, 600), 4_900_000)) for _ in range(7)]
    assert [f.rule for f in lint_request(request(*blocks), KB)] == ["CT605"]


def test_too_many_images():
    small = image(b64(png(100, 100)))
    code, out = lint_json(json.dumps(request(*[small] * 601)))
    assert code == 1 and [(f["rule"], f["path"]) for f in out["findings"]] == [("CT607", "messages[0].content[600]")]
    assert lint_json(json.dumps(request(*[small] * 600)))[1]["findings"] == []


def test_many_images_at_2000_px_are_fine():
    code, out = lint_json(json.dumps(request(*[image(b64(png(2000, 1500), 4000))] * 25)))
    assert (code, out["findings"]) == (0, [])


def test_images_inside_tool_results_count_too():
    result = {"type": "tool_result", "tool_use_id": "toolu_1", "content": [image(b64(png(9000, 10)))]}
    req = {"model": "claude-opus-4-8", "max_tokens": 1024,
           "tools": [{"name": "shot", "input_schema": {"type": "object", "properties": {}}}], "messages": [
        {"role": "user", "content": "Take a screenshot."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "shot", "input": {}}]},
        {"role": "user", "content": [result]}]}
    assert [(f.rule, f.path) for f in lint_request(req, KB)] == [("CT603", "messages[2].content[0].content[0].source")]


def test_json_output_of_a_media_finding():
    code, out = lint_json(json.dumps(request(image(b64(png(8001, 10))))))
    assert code == 1 and rule_ids(out) == ["CT603"] and "8001×10" in out["findings"][0]["message"]
