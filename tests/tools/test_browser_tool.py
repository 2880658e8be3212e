"""The screenshot tool's PNG shrinking (``tools.browser.shrink_png``): committed pictures stay
small and keep their size and their colours' look."""

from __future__ import annotations

from PIL import Image, ImageDraw

from tools.browser import shrink_png


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
