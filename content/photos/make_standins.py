"""Draw the four stand-in photos of the sample page.

The sample text came without its photos, so the demo ships drawn scenes
(a factory visit, a street event, a meeting, a school visit) marked
"示意图 STAND-IN" so nobody takes them for the real pictures. The drawing is
deterministic: run it again and the files come out the same.

    .venv/bin/python content/photos/make_standins.py
"""
from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1600, 1067)  # 3:2
HERE = Path(__file__).resolve().parent
MARK_FONT = HERE.parents[1] / "fonts" / "NotoSansCJKsc-Bold.otf"
Color = tuple[int, int, int]


def gradient(image: Image.Image, box: tuple[int, int, int, int], top: Color, bottom: Color) -> None:
    """A vertical gradient filling ``box``: sky, walls, floors."""
    draw = ImageDraw.Draw(image)
    left, upper, right, lower = box
    for y in range(upper, lower):
        t = (y - upper) / max(lower - upper - 1, 1)
        draw.line([(left, y), (right, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))


def people(draw: ImageDraw.ImageDraw, rng: random.Random, count: int, x_range: tuple[int, int],
           foot: int, height: int) -> None:
    """A row of standing figures: head, shoulders, body in muted clothing colours."""
    for i in range(count):
        x = x_range[0] + (x_range[1] - x_range[0]) * (i + 0.5) / count + rng.uniform(-15, 15)
        h = height * rng.uniform(0.9, 1.08)
        coat = rng.choice([(40, 48, 66), (70, 70, 74), (230, 230, 226), (28, 32, 40), (120, 60, 50)])
        width = h * 0.28
        draw.rounded_rectangle([x - width / 2, foot - h * 0.82, x + width / 2, foot],
                               radius=width * 0.35, fill=coat)
        draw.ellipse([x - h * 0.075, foot - h, x + h * 0.075, foot - h * 0.8], fill=(52, 40, 34))


def factory(image: Image.Image, rng: random.Random) -> None:
    draw = ImageDraw.Draw(image)
    gradient(image, (0, 0, 1600, 700), (196, 206, 214), (150, 162, 172))
    gradient(image, (0, 700, 1600, 1067), (120, 128, 130), (84, 90, 92))
    for x in range(0, 1600, 200):  # roof trusses and skylights
        draw.rectangle([x + 20, 40, x + 180, 120], fill=(236, 240, 242))
    for x in (120, 560, 1000):  # machines
        draw.rectangle([x, 420, x + 360, 720], fill=(62, 120, 150))
        draw.rectangle([x + 30, 450, x + 150, 540], fill=(30, 40, 46))
    people(draw, rng, 7, (250, 1350), 1000, 430)


def street(image: Image.Image, rng: random.Random) -> None:
    draw = ImageDraw.Draw(image)
    gradient(image, (0, 0, 1600, 640), (120, 170, 220), (214, 228, 238))
    gradient(image, (0, 640, 1600, 1067), (150, 146, 140), (110, 106, 100))
    for x, h in ((0, 300), (330, 420), (700, 260), (1020, 380), (1330, 330)):
        draw.rectangle([x, 640 - h, x + 290, 640], fill=(200, 190, 176))
        for wy in range(640 - h + 30, 620, 60):
            draw.rectangle([x + 30, wy, x + 260, wy + 25], fill=(140, 160, 180))
    draw.rectangle([300, 500, 1300, 580], fill=(196, 30, 36))  # event banner
    for x in (150, 650, 1150):  # tents
        draw.polygon([(x, 720), (x + 150, 640), (x + 300, 720)], fill=(240, 240, 236))
        draw.rectangle([x + 10, 720, x + 290, 820], fill=(214, 60, 50))
    people(draw, rng, 11, (60, 1540), 1040, 360)


def meeting(image: Image.Image, rng: random.Random) -> None:
    draw = ImageDraw.Draw(image)
    gradient(image, (0, 0, 1600, 560), (226, 218, 204), (204, 194, 178))
    gradient(image, (0, 560, 1600, 1067), (120, 84, 60), (90, 60, 42))
    draw.rectangle([250, 90, 1350, 200], fill=(180, 30, 36))  # wall banner
    for x in range(180, 1420, 150):  # seated rows behind the table
        draw.ellipse([x, 430, x + 70, 500], fill=(52, 40, 34))
        draw.rounded_rectangle([x - 25, 495, x + 95, 640], radius=30,
                               fill=rng.choice([(40, 48, 66), (28, 32, 40), (70, 70, 74)]))
    draw.polygon([(80, 620), (1520, 620), (1600, 860), (0, 860)], fill=(150, 100, 64))
    for x in range(200, 1420, 150):  # papers and cups
        draw.rectangle([x, 680, x + 80, 740], fill=(244, 244, 240))
        draw.ellipse([x + 95, 690, x + 125, 720], fill=(250, 250, 250))


def school(image: Image.Image, rng: random.Random) -> None:
    draw = ImageDraw.Draw(image)
    gradient(image, (0, 0, 1600, 600), (150, 196, 236), (232, 238, 240))
    gradient(image, (0, 600, 1600, 1067), (120, 160, 96), (80, 120, 64))
    draw.rectangle([300, 260, 1300, 600], fill=(236, 226, 206))  # school building
    for x in range(340, 1260, 110):
        for y in (300, 400, 500):
            draw.rectangle([x, y, x + 70, y + 60], fill=(120, 150, 176))
    draw.rectangle([520, 210, 1080, 250], fill=(196, 30, 36))
    for x in (60, 1400):  # trees
        draw.rectangle([x + 80, 420, x + 110, 640], fill=(90, 64, 40))
        draw.ellipse([x, 240, x + 190, 460], fill=(60, 120, 60))
    people(draw, rng, 9, (120, 1480), 1030, 380)


def mark(image: Image.Image) -> None:
    """The stand-in mark: a band across the middle that no one can miss."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle([0, 430, SIZE[0], 640], fill=(255, 255, 255, 170))
    font = ImageFont.truetype(str(MARK_FONT), 120)
    draw.text((SIZE[0] / 2, 535), "示意图 STAND-IN", font=font, fill=(200, 0, 0, 255), anchor="mm")
    small = ImageFont.truetype(str(MARK_FONT), 34)
    draw.text((SIZE[0] - 30, SIZE[1] - 30), "drawn stand-in, not a news photo", font=small,
              fill=(255, 255, 255, 230), anchor="rd")
    image.paste(Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB"))


SCENES: dict[str, Callable[[Image.Image, random.Random], None]] = {
    "jinhu-1": factory, "jinhu-2": street, "hongze-1": meeting, "hongze-2": school}


def main() -> None:
    for seed, (name, scene) in enumerate(SCENES.items()):
        image = Image.new("RGB", SIZE)
        scene(image, random.Random(seed))
        mark(image)
        image.save(HERE / f"{name}.jpg", "JPEG", quality=85)


if __name__ == "__main__":
    main()
