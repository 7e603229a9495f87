"""The e-paper as a reader uses it: a real headless Chromium clicks each
article's region and must see that article's text, driven over the DevTools
protocol through ``--remote-debugging-pipe`` (no browser-driver package)."""
from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shutil
import signal
import time
from pathlib import Path

import pytest
from PIL import Image as PILImage
from test_cli import SAMPLE, sample_copy

from banmian.app.epaper import DPI, epaper_files
from banmian.load.content import Paragraph
from banmian.page.display import Block
from banmian.pipeline import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1280,1600", "--remote-debugging-pipe"]
SHOWN = "[...document.querySelectorAll('.panel')].filter(p => p.checkVisibility()).map(p => p.innerText)"
"""The text of every article panel a reader can see."""


@pytest.fixture(scope="module")
def sample_build():
    return build(SAMPLE)


@pytest.fixture(scope="module")
def epaper(sample_build, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("epaper")
    for name, data in epaper_files(sample_build).items():
        (folder / name).write_bytes(data)
    return folder / "index.html"


def first_sentence(article) -> str:
    first = next(b for b in article.body if isinstance(b, Paragraph))
    return (first.lead + first.text).split("。")[0] + "。"


def test_regions_are_the_band_blocks_in_image_pixels(sample_build, epaper):
    html = epaper.read_text(encoding="utf-8")
    bands = [b for b in sample_build.page.of_type(Block) if b.kind == "band"]
    pixels = re.findall(r'data-pixels="([\d,]+)"', html)
    with PILImage.open(epaper.with_name("page.png")) as image:
        sx, sy = image.width / sample_build.page.width, image.height / sample_build.page.height
    assert abs(sx * 72 / DPI - 1) < 0.01
    assert pixels == [f"{b.x * sx:.0f},{b.y * sy:.0f},{(b.x + b.width) * sx:.0f},{(b.y + b.height) * sy:.0f}"
                      for b in bands]
    assert len(pixels) == len(sample_build.issue.articles)


def test_self_contained_and_deterministic(sample_build, epaper):
    html = epaper.read_text(encoding="utf-8")
    links = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert set(links) == {"page.png", "#"} | {f"#article-{n}" for n in (1, 2)}
    assert "<link" not in html and "url(" not in html and "@import" not in html
    assert epaper_files(sample_build) == epaper_files(sample_build)


def test_text_is_escaped(tmp_path):
    def hostile(data):
        data["articles"][0]["subtitle"] = '<script>alert(1)</script> & "quoted"'
    html = epaper_files(build(sample_copy(tmp_path, hostile)))["index.html"].decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html


def test_clicking_a_region_opens_its_article(sample_build, epaper, tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium not installed: apt-get install chromium (Debian) to run the e-paper click test")
    with Chromium(CHROMIUM, tmp_path / "profile") as browser:
        browser.open(epaper.as_uri())
        assert browser.evaluate(SHOWN) == []
        for number, article in enumerate(sample_build.issue.articles, 1):
            browser.click(f'a.region[href="#article-{number}"]')
            shown = browser.wait_for(SHOWN)
            assert len(shown) == 1
            assert all(line in shown[0] for line in article.title)
            assert first_sentence(article) in shown[0]
            browser.click(f"#article-{number} .close")
            browser.wait_for(f"({SHOWN}).length === 0")


def test_a_fragment_opens_its_article_on_load(sample_build, epaper, tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium not installed: apt-get install chromium (Debian) to run the e-paper link test")
    article = sample_build.issue.articles[1]
    with Chromium(CHROMIUM, tmp_path / "profile") as browser:
        browser.open(epaper.as_uri() + "#article-2")
        shown = browser.wait_for("document.querySelector('#article-2').checkVisibility() && "
                                 "document.querySelector('#article-2').innerText")
        assert first_sentence(article) in shown


class Chromium:
    """Headless Chromium speaking the DevTools protocol on fds 3 (commands in)
    and 4 (replies out), as NUL-terminated JSON messages."""

    TIMEOUT = 30.0

    def __init__(self, executable: str, profile: Path) -> None:
        commands, replies = _pipe(), _pipe()
        self.log = profile.with_suffix(".log")
        self.pid = os.posix_spawn(
            executable, [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"], os.environ,
            file_actions=[(os.POSIX_SPAWN_DUP2, commands[0], 3), (os.POSIX_SPAWN_DUP2, replies[1], 4),
                          (os.POSIX_SPAWN_OPEN, 1, str(self.log), os.O_WRONLY | os.O_CREAT, 0o600),
                          (os.POSIX_SPAWN_DUP2, 1, 2)],
            setsid=True)
        os.close(commands[0])
        os.close(replies[1])
        self.out, self.inp = commands[1], replies[0]
        self.buffer, self.next_id, self.session = b"", 0, None

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close", session=False)
        except (OSError, AssertionError):
            pass
        deadline = time.monotonic() + 10
        while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.killpg(self.pid, signal.SIGKILL)  # the process group this test started
                os.waitpid(self.pid, 0)
                break
            time.sleep(0.05)
        os.close(self.out)
        os.close(self.inp)

    def send(self, method: str, params: dict | None = None, session: bool = True) -> dict:
        """Send a command and return its result (events on the way are dropped)."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.out, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self.next_id:
                assert "error" not in reply, f"{method}: {reply['error']}"
                return reply["result"]

    def _receive(self) -> dict:
        deadline = time.monotonic() + self.TIMEOUT
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.inp], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self.inp, 1 << 16) if ready else b""
            assert chunk, f"chromium stopped answering; its log:\n{self.log.read_text(errors='replace')[-2000:]}"
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete' && document.images[0].complete")

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def wait_for(self, expression: str):
        """The expression's value once it is truthy (a page does things in its own time)."""
        deadline = time.monotonic() + self.TIMEOUT
        while not (value := self.evaluate(expression)):
            assert time.monotonic() < deadline, f"never true: {expression}"
            time.sleep(0.05)
        return value

    def click(self, selector: str) -> None:
        """A real mouse click (press and release) in the middle of the element."""
        box = self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                            " e.scrollIntoView({block: 'center'});"
                            " const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()")
        x, y = box[0] + box[2] / 2, box[1] + box[3] / 2
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent",
                      {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})


def _pipe() -> tuple[int, int]:
    """A pipe whose ends are above fd 4, so moving them onto 3 and 4 in the
    child cannot overwrite one with the other."""
    ends = os.pipe()
    moved = tuple(fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, 10) for end in ends)
    for end in ends:
        os.close(end)
    return moved
