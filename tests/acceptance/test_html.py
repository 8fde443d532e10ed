"""``assess --format html``: one self-contained, printable page per run that says what the reading says.

Every shipped example, through the CLI: the page parses with balanced tags, loads and runs nothing (no
script, stylesheet link, frame, image or external URL), and carries the tier, each concern in the
practitioner's words, every descriptor the JSON reading quotes and the pack's full stamp. Case text is
escaped. When headless Chromium is installed (.ci/run installs it), a real browser renders one page to
``test-artifacts/`` and its DOM is checked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import EXAMPLES, ROOT, run

CASE_FILES = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "expected.yaml")
PACKS_BY_PREFIX = {"norfolk": ("norfolk",), "sutton": ("sutton",), "both": ("norfolk", "sutton")}
"""The pack(s) for each example by its name's prefix: a ``both-`` example is read with each guide."""

ARTEFACTS = ROOT / "test-artifacts"
VOID = {"meta", "br", "hr", "img", "link", "input", "wbr", "col", "area", "base", "source", "track", "embed"}
FORBIDDEN = {"script", "link", "iframe", "frame", "object", "embed", "img", "picture", "video", "audio", "base"}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "headless_shell")


class Page(HTMLParser):
    """The tags, attributes and text of a page, and whether its tags nest and close properly."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.problems: list[str] = []
        self._open: list[str] = []
        self._text: list[str] = []
        self.by_tag: dict[str, list[str]] = {}  # the text inside each element of these tags
        self.decl: list[str] = []
        self.feed(source)
        self.close()
        if self._open:
            self.problems.append(f"left open: {self._open}")

    def handle_decl(self, decl: str) -> None:
        self.decl.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]
        if tag not in VOID:
            self._open.append(tag)
            self.by_tag.setdefault(tag, []).append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self._open or self._open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self._open[-1:] or 'nothing'}")
            return
        self._open.pop()

    def handle_data(self, data: str) -> None:
        for tag in set(self._open):
            self.by_tag[tag][-1] += data
        if "style" not in self._open and "title" not in self._open:
            self._text.append(data)

    @property
    def text(self) -> str:
        """The visible text, whitespace folded (the layouts fold a descriptor's line breaks)."""
        return folded("".join(self._text))


def folded(text: str) -> str:
    return " ".join(text.split())


def _pairs() -> list[Any]:
    return [
        pytest.param(path, pack, id=f"{path.stem}-{pack}")
        for path in CASE_FILES
        for pack in PACKS_BY_PREFIX.get(path.name.split("-")[0], ())
    ]


def _own_words(path: Path) -> list[str]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = [c if isinstance(c, str) else c.get("text") for c in case["concerns"]]
    return [w for w in words if w]


def html_of(*args: str) -> tuple[str, Page]:
    result = run("assess", *args, "--format", "html")
    assert result.code == 0, result.stderr
    return result.stdout, Page(result.stdout)


def assert_self_contained(source: str, page: Page) -> None:
    assert page.problems == []
    assert source.lstrip().lower().startswith("<!doctype html>")
    assert [d.lower() for d in page.decl] == ["doctype html"]
    assert page.tags.count("html") == 1 and ("html", "lang", "en-GB") in page.attrs
    assert ("meta", "charset", "utf-8") in page.attrs
    assert len(page.by_tag["title"]) == 1 and page.by_tag["title"][0].strip()
    assert not FORBIDDEN & set(page.tags), FORBIDDEN & set(page.tags)
    style = "".join(page.by_tag["style"])
    assert "@media print" in style
    assert "url(" not in style and "@import" not in style
    for tag, name, value in page.attrs:
        assert not name.startswith("on"), (tag, name)  # no inline event handlers either
        if name in {"src", "srcset", "href", "action", "formaction", "poster", "data", "background"}:
            assert "://" not in value and not value.startswith("//"), (tag, name, value)
    assert ("meta", "http-equiv", "Content-Security-Policy") in page.attrs


@pytest.mark.parametrize("prefix", sorted({p.name.split("-")[0] for p in CASE_FILES}))
def test_every_example_has_its_pack(prefix: str) -> None:
    assert prefix in PACKS_BY_PREFIX


@pytest.mark.parametrize(("path", "pack"), _pairs())
def test_an_example_is_one_self_contained_page_that_says_the_reading(path: Path, pack: str) -> None:
    source, page = html_of(str(path), "--pack", pack)
    assert_self_contained(source, page)
    assert page.tags.count("section") == 1
    reading = json.loads(run("assess", str(path), "--pack", pack, "--format", "json").stdout)
    text = page.text
    if reading["tier"] is not None:
        assert f"Tier {reading['tier']} – {reading['tier_name']}" in folded("".join(page.by_tag["h2"]))
        assert reading["tier_name"] in text
    else:
        assert "No tier" in text
    assert ("complete" if reading["complete"] else "incomplete") in text
    assert reading["file"] in text
    if reading.get("reference"):
        assert f"reference {reading['reference']}" in text
    words = _own_words(path)
    assert words, path
    for said in words:
        assert folded(said) in text
    assert reading["evidence"] or reading["statutory"] or reading["unmatched"]
    for e in reading["evidence"]:
        assert folded(e["descriptor"]) in text, e["indicator"]
        assert e["indicator"] in text and e["source"] in text
        for other in (e.get("borderline") or {}).get("descriptors", {}).values():
            if other:
                assert folded(other) in text
    for s in reading["statutory"]:
        assert s["id"] in text and folded(s["text"]) in text
    for u in reading["unmatched"]:
        assert folded(u["text"]) in text
    for s in reading["strengths"]:
        assert folded(s["text"]) in text
    for item in reading["needs_to_happen"]:
        assert folded(item) in text
    for contact in reading["next_steps"]["contacts"]:
        assert contact["name"] in text
    if reading["decision"]:
        assert f"Practitioner's decision: Tier {reading['decision']['tier']}" in text
    if reading["consider"]:
        assert f"consider Tier {reading['consider']['tier']}" in text
    stamp = reading["pack"]
    for value in (stamp["id"], stamp["version"], stamp["status"], stamp["sha256"], stamp["edition"]["title"]):
        assert value in text
    assert reading["tool_version"] in text


def test_html_and_markdown_say_the_same() -> None:
    """Both come from the same blocks: every Markdown line's words are in the page."""
    path = str(EXAMPLES / "norfolk-decision-below.yaml")
    _, page = html_of(path, "--pack", "norfolk")
    markdown = run("assess", path, "--pack", "norfolk", "--format", "markdown").stdout
    for line in markdown.splitlines():
        words = line.lstrip("#- ").replace("`", "").strip()
        if words:
            assert folded(words) in page.text, words


def test_case_text_is_escaped(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> and <img src=https://example.org/x.png> Dad hits mum"
    path = tmp_path / "case.yaml"
    path.write_text(
        yaml.safe_dump({"reference": "R-<b>1</b>", "child": {"age": 9}, "concerns": [hostile]}), encoding="utf-8"
    )
    source, page = html_of(str(path), "--pack", "norfolk")
    assert_self_contained(source, page)
    assert "<script>" not in source and "<img" not in source and "<b>" not in source
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert hostile in page.text
    assert "R-<b>1</b>" in page.text


def test_redact_leaves_the_reference_out() -> None:
    path = str(EXAMPLES / "norfolk-missing-cse.yaml")
    source, page = html_of(path, "--pack", "norfolk", "--redact")
    assert "CP-2026-0108" not in source
    assert "reference" not in folded("".join(page.by_tag["header"]))


def test_several_cases_are_one_page_with_a_section_each(tmp_path: Path) -> None:
    missing = tmp_path / "gone.yaml"
    files = [str(EXAMPLES / "norfolk-missing-cse.yaml"), str(missing), str(EXAMPLES / "norfolk-strengths-only.yaml")]
    result = run("assess", *files, "--pack", "norfolk", "--format", "html")
    assert result.code == 2  # one case could not be read
    page = Page(result.stdout)
    assert_self_contained(result.stdout, page)
    assert result.stdout.lower().count("<!doctype html>") == 1
    assert page.tags.count("section") == 3
    sections = [folded(s) for s in page.by_tag["section"]]
    assert "Tier 4 – " in sections[0]
    assert str(missing) in sections[1] and "Could not be read:" in sections[1]
    assert "Tier 1 – " in sections[2] and "norfolk-strengths-only.yaml" in sections[2]
    assert "3 cases" in page.by_tag["title"][0]


def test_output_file_is_the_page(tmp_path: Path) -> None:
    out = tmp_path / "reading.html"
    path = str(EXAMPLES / "sutton-baby-bruise.yaml")
    result = run("assess", path, "--pack", "sutton", "--format", "html", "--output", str(out))
    assert result.code == 0 and result.stdout == ""
    source = out.read_text(encoding="utf-8")
    assert_self_contained(source, Page(source))


def test_explain_is_refused_with_html() -> None:
    result = run("assess", str(EXAMPLES / "norfolk-missing-cse.yaml"), "--pack", "norfolk", "--explain", "-f", "html")
    assert result.code == 2
    assert result.stderr.strip() == "threshold: --explain works with --format text or markdown"


def _chromium() -> str | None:
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def test_headless_chromium_renders_the_page(tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip(
            "headless Chromium not found: .ci/run installs it (apt-get install chromium); install it to run this check"
        )
    ARTEFACTS.mkdir(exist_ok=True)
    page_file, png = ARTEFACTS / "reading.html", ARTEFACTS / "reading.png"
    png.unlink(missing_ok=True)
    case = EXAMPLES / "sutton-pinned-tier.yaml"
    source, _ = html_of(str(case), "--pack", "sutton")
    page_file.write_text(source, encoding="utf-8")
    reading = json.loads(run("assess", str(case), "--pack", "sutton", "--format", "json").stdout)
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
    ]
    url = page_file.resolve().as_uri()

    def chromium(*args: str, profile: str) -> subprocess.CompletedProcess[str]:
        command = [browser, *flags, f"--user-data-dir={tmp_path / profile}", *args, url]
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)

    shot = chromium(f"--screenshot={png}", "--window-size=1000,2000", profile="shot")
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert png.is_file() and png.stat().st_size > 0
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")) == (1000, 2000)

    dom = chromium("--dump-dom", profile="dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    (ARTEFACTS / "reading.dom.html").write_text(dom.stdout, encoding="utf-8")
    rendered = Page(dom.stdout)
    assert reading["tier_name"] in rendered.text
    assert folded(reading["evidence"][0]["descriptor"]) in rendered.text
    assert "script" not in rendered.tags
