"""The screenshot tool's PNG shrinking (``tools.browser.shrink_png``): committed pictures stay
small and keep their size and their colours' look; the static server the book's tests use."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from PIL import Image, ImageDraw

from tools.browser import shrink_png, static_server


def test_a_screenshot_shrinks_to_a_palette_png_of_the_same_size(tmp_path):
    path = tmp_path / "shot.png"
    image = Image.new("RGB", (400, 300), "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, 400, 4):  # a gradient: more colours than a palette holds
        draw.line([(x, 0), (x, 150)], fill=(x % 256, 120, 255 - x % 256))
    draw.rectangle([20, 180, 200, 260], fill=(0, 114, 178))  # a flat block of one course blue
    image.save(path)
    before = path.stat().st_size
    assert shrink_png(path) == path
    with Image.open(path) as small:
        assert small.mode == "P" and small.size == (400, 300)
        assert len(small.getcolors(maxcolors=1024)) <= 256
        flat = small.convert("RGB").getpixel((100, 220))
    assert all(abs(a - b) <= 8 for a, b in zip(flat, (0, 114, 178), strict=True))
    assert path.stat().st_size < before


def test_the_static_server_serves_a_folder_on_127_0_0_1_and_stops(tmp_path):
    """``static_server`` is how tests and benchmarks put the book on a static host: plain
    http on 127.0.0.1, the folder's files as they are, nothing left listening after."""
    (tmp_path / "index.html").write_text("<p>book</p>", encoding="utf-8")
    with static_server(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/")
        with urllib.request.urlopen(base + "index.html", timeout=10) as reply:
            assert reply.status == 200 and reply.read() == b"<p>book</p>"
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(base + "missing.html", timeout=10)
    with pytest.raises(OSError):
        urllib.request.urlopen(base + "index.html", timeout=2)
