"""Draw the stand-in photos of the sample pages.

The sample text came without its photos, so the demo ships drawn scenes
(a factory visit, a street event, a meeting, a school visit; for the later
installments a canal front, rice-and-crayfish fields, a lecture hall, a
reading room (portrait, 2:3), greenhouses (square, 1:1) and a courtyard
meeting) marked "示意图 STAND-IN" so nobody takes them for the real pictures.
The drawing is deterministic: run it again and the files come out the same.

    .venv/bin/python content/photos/make_standins.py
"""
from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1600, 1067)  # 3:2, the default
PORTRAIT = (1400, 2100)  # 2:3, wide enough for 200 ppi across four columns
SQUARE = (1600, 1600)  # 1:1
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


# The later scenes draw in fractions of the picture, so any size works.

def canal(image: Image.Image, rng: random.Random) -> None:
    """A canal front: old houses, a boat on the water, visitors on the embankment."""
    w, h = image.size
    draw = ImageDraw.Draw(image)
    gradient(image, (0, 0, w, int(h * 0.45)), (168, 196, 222), (226, 232, 236))
    gradient(image, (0, int(h * 0.45), w, int(h * 0.7)), (96, 130, 140), (70, 100, 112))
    gradient(image, (0, int(h * 0.7), w, h), (170, 164, 152), (128, 122, 112))
    for i in range(7):  # white walls and dark tiled roofs across the water
        x = int(w * i / 7)
        top = int(h * rng.uniform(0.22, 0.3))
        draw.rectangle([x + 10, top, x + w // 7 - 10, int(h * 0.45)], fill=(236, 234, 228))
        draw.polygon([(x, top + 10), (x + w // 14, top - int(h * 0.06)), (x + w // 7, top + 10)],
                     fill=(58, 60, 66))
        draw.rectangle([x + w // 28, top + int(h * 0.06), x + w // 28 + w // 30, int(h * 0.45)],
                       fill=(96, 70, 52))
    for y in range(int(h * 0.5), int(h * 0.7), 24):  # ripples
        x = rng.randrange(0, w - 200)
        draw.line([(x, y), (x + rng.randrange(80, 200), y)], fill=(150, 180, 190), width=3)
    x = int(w * 0.56)  # a canal boat with a canopy
    draw.polygon([(x, int(h * 0.64)), (x + int(w * 0.3), int(h * 0.64)),
                  (x + int(w * 0.27), int(h * 0.69)), (x + int(w * 0.03), int(h * 0.69))],
                 fill=(110, 74, 48))
    draw.rectangle([x + int(w * 0.06), int(h * 0.6), x + int(w * 0.22), int(h * 0.64)],
                   fill=(70, 60, 54))
    draw.rectangle([0, int(h * 0.7), w, int(h * 0.72)], fill=(210, 206, 198))  # railing
    people(draw, rng, 8, (int(w * 0.08), int(w * 0.92)), int(h * 0.96), int(h * 0.36))


def fields(image: Image.Image, rng: random.Random) -> None:
    """Rice-and-crayfish paddies under green hills, a group on the ridge path."""
    w, h = image.size
    draw = ImageDraw.Draw(image)
    gradient(image, (0, 0, w, int(h * 0.4)), (140, 186, 230), (220, 232, 240))
    for i, colour in enumerate([(96, 136, 100), (70, 116, 80)]):  # hills
        base = int(h * (0.36 + 0.04 * i))
        draw.polygon([(0, base), (int(w * (0.2 + 0.3 * i)), int(h * (0.16 + 0.06 * i))),
                      (int(w * (0.55 + 0.3 * i)), base)], fill=colour)
    gradient(image, (0, int(h * 0.4), w, h), (120, 170, 90), (84, 132, 60))
    for row in range(5):  # paddies with a water ditch round each
        y0 = int(h * (0.44 + row * 0.1))
        for col in range(4):
            x0 = int(w * col / 4) + 14
            draw.rectangle([x0, y0, x0 + w // 4 - 28, y0 + int(h * 0.08)], fill=(110, 150, 140))
            draw.rectangle([x0 + 18, y0 + 14, x0 + w // 4 - 46, y0 + int(h * 0.08) - 14],
                           fill=rng.choice([(104, 164, 76), (120, 176, 84), (96, 150, 70)]))
    draw.rectangle([0, int(h * 0.9), w, int(h * 0.93)], fill=(176, 150, 110))  # ridge path
    people(draw, rng, 6, (int(w * 0.15), int(w * 0.85)), int(h * 0.92), int(h * 0.34))


def lecture(image: Image.Image, rng: random.Random) -> None:
    """A lecture hall seen from the back rows: screen, lectern, heads."""
    w, h = image.size
    draw = ImageDraw.Draw(image)
    gradient(image, (0, 0, w, int(h * 0.6)), (214, 206, 192), (190, 180, 164))
    gradient(image, (0, int(h * 0.6), w, h), (110, 80, 62), (78, 56, 44))
    draw.rectangle([int(w * 0.2), int(h * 0.06), int(w * 0.8), int(h * 0.14)], fill=(180, 30, 36))
    draw.rectangle([int(w * 0.28), int(h * 0.18), int(w * 0.72), int(h * 0.46)], fill=(40, 70, 120))
    draw.rectangle([int(w * 0.3), int(h * 0.2), int(w * 0.7), int(h * 0.24)], fill=(230, 236, 244))
    draw.rectangle([int(w * 0.76), int(h * 0.4), int(w * 0.84), int(h * 0.58)], fill=(120, 70, 46))
    for row, (y, size) in enumerate(((0.62, 0.05), (0.74, 0.065), (0.88, 0.08))):
        for i in range(9 - row * 2):
            x = w * (i + 0.5) / (9 - row * 2) + rng.uniform(-12, 12)
            r = w * size / 2
            draw.ellipse([x - r, h * y - r, x + r, h * y + r], fill=(40, 32, 28))
            draw.rounded_rectangle([x - 2 * r, h * y + r * 0.8, x + 2 * r, h * y + 4 * r],
                                   radius=r, fill=rng.choice([(40, 48, 66), (28, 32, 40), (70, 70, 74)]))


def reading(image: Image.Image, rng: random.Random) -> None:
    """A tall reading room: shelves to the ceiling, a reader at a table (portrait)."""
    w, h = image.size
    draw = ImageDraw.Draw(image)
    gradient(image, (0, 0, w, int(h * 0.8)), (226, 214, 190), (200, 186, 160))
    gradient(image, (0, int(h * 0.8), w, h), (150, 112, 80), (112, 82, 58))
    for shelf in range(8):  # shelves full of book spines
        y = int(h * (0.05 + shelf * 0.085))
        draw.rectangle([int(w * 0.06), y + int(h * 0.07), int(w * 0.94), y + int(h * 0.08)],
                       fill=(120, 84, 52))
        x = int(w * 0.07)
        while x < int(w * 0.92):
            spine = rng.randrange(18, 44)
            top = y + rng.randrange(0, int(h * 0.02))
            draw.rectangle([x, top, x + spine - 4, y + int(h * 0.07)],
                           fill=rng.choice([(160, 40, 40), (40, 80, 130), (60, 110, 70),
                                            (200, 170, 90), (90, 60, 110), (230, 226, 214)]))
            x += spine
    draw.rectangle([int(w * 0.1), int(h * 0.8), int(w * 0.9), int(h * 0.84)], fill=(96, 64, 40))
    people(draw, rng, 2, (int(w * 0.2), int(w * 0.8)), int(h * 0.98), int(h * 0.3))


def greenhouse(image: Image.Image, rng: random.Random) -> None:
    """Rows of arched greenhouses, visitors in front (square)."""
    w, h = image.size
    draw = ImageDraw.Draw(image)
    gradient(image, (0, 0, w, int(h * 0.42)), (150, 194, 232), (228, 236, 240))
    gradient(image, (0, int(h * 0.42), w, h), (150, 140, 110), (116, 106, 82))
    for i in range(4):  # the arches, nearest last
        top = int(h * (0.22 + 0.05 * i))
        span = w // 3
        for j in range(-1, 4):
            x = j * span + (i % 2) * span // 2
            shade = 200 - 14 * i
            draw.chord([x, top, x + span - 20, top + int(h * 0.4)], 180, 360,
                       fill=(shade, shade + 16, shade + 14), outline=(120, 130, 134), width=4)
            draw.rectangle([x, top + int(h * 0.2), x + span - 20, top + int(h * 0.28)],
                           fill=(shade - 10, shade + 6, shade + 4), outline=(120, 130, 134), width=4)
            for rib in range(x + 40, x + span - 40, 60):
                draw.line([(rib, top + 10), (rib, top + int(h * 0.28))], fill=(150, 160, 164), width=3)
    for x in range(0, w, 48):  # seedlings at the front
        draw.ellipse([x, int(h * 0.74), x + 30, int(h * 0.77)], fill=(74, 140, 70))
    people(draw, rng, 5, (int(w * 0.12), int(w * 0.88)), int(h * 0.97), int(h * 0.3))


def courtyard(image: Image.Image, rng: random.Random) -> None:
    """A village courtyard meeting: a big tree, a table, neighbours around it."""
    w, h = image.size
    draw = ImageDraw.Draw(image)
    gradient(image, (0, 0, w, int(h * 0.5)), (200, 200, 196), (232, 228, 220))
    draw.rectangle([0, int(h * 0.24), w, int(h * 0.55)], fill=(224, 220, 210))  # house wall
    for x in range(int(w * 0.1), int(w * 0.9), int(w * 0.2)):
        draw.rectangle([x, int(h * 0.3), x + int(w * 0.08), int(h * 0.44)], fill=(110, 130, 150))
    draw.polygon([(0, int(h * 0.24)), (w // 2, int(h * 0.08)), (w, int(h * 0.24))], fill=(70, 72, 78))
    gradient(image, (0, int(h * 0.55), w, h), (170, 156, 130), (130, 118, 96))
    draw = ImageDraw.Draw(image)
    draw.rectangle([int(w * 0.08), int(h * 0.2), int(w * 0.11), int(h * 0.7)], fill=(90, 64, 40))
    draw.ellipse([int(w * -0.04), int(h * 0.02), int(w * 0.26), int(h * 0.36)], fill=(70, 124, 66))
    draw.ellipse([int(w * 0.3), int(h * 0.66), int(w * 0.7), int(h * 0.8)], fill=(150, 100, 64))
    for i in range(8):  # neighbours seated round the table
        x = w * (0.26 + 0.48 * i / 7) + rng.uniform(-10, 10)
        y = h * (0.62 if i % 2 else 0.84)
        r = h * 0.035
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(52, 40, 34))
        draw.rounded_rectangle([x - 2 * r, y + r * 0.8, x + 2 * r, y + 4 * r], radius=r,
                               fill=rng.choice([(40, 48, 66), (230, 230, 226), (120, 60, 50),
                                                (70, 70, 74)]))


def mark(image: Image.Image) -> None:
    """The stand-in mark: a band across the middle that no one can miss."""
    w, h = image.size
    scale = min(w, SIZE[0]) / SIZE[0]  # narrower pictures get a smaller mark
    middle = h * 535 // SIZE[1]
    band = round(105 * scale)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle([0, middle - band, w, middle + band], fill=(255, 255, 255, 170))
    font = ImageFont.truetype(str(MARK_FONT), round(120 * scale))
    draw.text((w / 2, middle), "示意图 STAND-IN", font=font, fill=(200, 0, 0, 255), anchor="mm")
    small = ImageFont.truetype(str(MARK_FONT), round(34 * scale))
    draw.text((w - 30, h - 30), "drawn stand-in, not a news photo", font=small,
              fill=(255, 255, 255, 230), anchor="rd")
    image.paste(Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB"))


SCENES: dict[str, Callable[[Image.Image, random.Random], None]] = {
    "jinhu-1": factory, "jinhu-2": street, "hongze-1": meeting, "hongze-2": school,
    "qingjiangpu-1": canal, "xuyi-1": fields,
    "huaiyin-1": lecture, "huaiyin-2": reading, "huaiyin-3": greenhouse, "huaiyin-4": courtyard}
SIZES = {"huaiyin-2": PORTRAIT, "huaiyin-3": SQUARE}  # the rest are SIZE


def main() -> None:
    for seed, (name, scene) in enumerate(SCENES.items()):
        image = Image.new("RGB", SIZES.get(name, SIZE))
        scene(image, random.Random(seed))
        mark(image)
        image.save(HERE / f"{name}.jpg", "JPEG", quality=85)


if __name__ == "__main__":
    main()
