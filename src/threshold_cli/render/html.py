"""``assess --format html``: the reading as a record to keep, one self-contained printable page.

The page says what the one-screen text and Markdown say, from the same :func:`blocks` of
render/reading.py (so the three layouts never drift apart), laid out for a browser and for paper, with
the pack's full stamp at the foot of each case. :func:`to_html` renders one case as a ``<section>``;
:func:`document` puts the sections of a run into one page (``render/assess.py::batch``).

A record that travels must not reach out: no scripts, no links to stylesheets, fonts or images, one
inline ``<style>`` with its print rules, and a Content-Security-Policy that forbids anything else. Every
word of a case file and of the guide is escaped (case text is untrusted).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from threshold_cli.model.pack import Pack
from threshold_cli.model.reading import PackStamp, Reading, ReadingError
from threshold_cli.render.reading import Block, blocks

_CODE = re.compile(r"`([\w.:/-]+)`")
"""An identifier the blocks mark as code (an indicator or criterion id), after escaping."""

STYLE = """
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #111;
  background: #fff; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.1rem; font-weight: 600; color: #444; margin: 0 0 1rem; }
section.reading { border-top: 3px solid #222; padding-top: 0.75rem; margin-bottom: 2.5rem; }
h2 { font-size: 1.35rem; margin: 0 0 0.35rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; border-bottom: 1px solid #bbb; padding-bottom: 0.15rem; }
header p { margin: 0.2rem 0; }
p.file { color: #444; }
.concern { margin: 0.5rem 0 0.75rem; }
.concern > p { margin: 0; font-weight: 600; }
ul { margin: 0.25rem 0; padding-left: 1.4rem; }
ul.matched { list-style: "– "; }
li { margin: 0.2rem 0; }
code { font: 0.9em ui-monospace, "Cascadia Mono", Menlo, Consolas, monospace; background: #f1f1f1;
  padding: 0 0.2em; border-radius: 2px; overflow-wrap: anywhere; }
footer { margin-top: 1.5rem; padding-top: 0.5rem; border-top: 1px solid #bbb; font-size: 0.9em; color: #333; }
dl.stamp { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0.5rem 0 0; }
dl.stamp dt { font-weight: 600; }
dl.stamp dd { margin: 0; overflow-wrap: anywhere; }
section.error h2 { color: #8a1c1c; }
@media print {
  @page { size: A4; margin: 16mm 15mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  section.reading + section.reading { break-before: page; }
  h2, h3 { break-after: avoid; }
  .concern, li, dl.stamp { break-inside: avoid; }
  code { background: none; padding: 0; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""Nothing may load or run but the inline stylesheet, whatever a case file says."""


def _inline(text: str) -> str:
    return _CODE.sub(r"<code>\1</code>", escape(text))


def to_html(reading: Reading | ReadingError, pack: Pack) -> str:
    """One case as a ``<section>`` of the page (:func:`document` makes the page)."""
    if isinstance(reading, ReadingError):
        return (
            '<section class="reading error">\n'
            f"<h2>{escape(reading.file)}</h2>\n"
            f"<p><strong>Could not be read:</strong> {escape(reading.error)}</p>\n"
            "</section>"
        )
    bs = blocks(reading, pack)
    first = next((i for i, b in enumerate(bs) if b.kind == "heading"), len(bs) - 1)
    head, body, foot = bs[:first], bs[first:-1], bs[-1]
    tier = f" tier-{reading.tier}" if reading.tier is not None else ""
    out = [f'<section class="reading{tier}">', "<header>"]
    for i, b in enumerate(head):
        if b.kind == "title":
            out.append(f"<h2>{_inline(b.text)}</h2>")
        else:
            out.append(f'<p class="file">{_inline(b.text)}</p>' if i == 1 else f"<p>{_inline(b.text)}</p>")
    out += ["</header>", *_body(body), "<footer>", f"<p>{_inline(foot.text)}</p>", _stamp(reading.pack, reading)]
    out += ["</footer>", "</section>"]
    return "\n".join(out)


def _body(bs: Sequence[Block]) -> list[str]:
    """Headings, paragraphs, lists of items, and each concern with the list of what it matched."""
    out: list[str] = []
    open_tags: list[str] = []  # closing tags of what is open, innermost last
    state = ""

    def close() -> None:
        nonlocal state
        while open_tags:
            out.append(open_tags.pop())
        state = ""

    for b in bs:
        text = _inline(b.text)
        if b.kind == "item":
            if state != "items":
                close()
                out.append("<ul>")
                open_tags.append("</ul>")
                state = "items"
            out.append(f"<li>{text}</li>")
        elif b.kind == "concern":
            close()
            out += ['<div class="concern">', f"<p>{text}</p>"]
            open_tags.append("</div>")
            state = "concern"
        elif b.kind == "sub":
            if state != "subs":
                if state != "concern":
                    close()
                out.append('<ul class="matched">')
                open_tags.append("</ul>")
                state = "subs"
            out.append(f"<li>{text}</li>")
        else:
            close()
            out.append(f"<h3>{text}</h3>" if b.kind in ("heading", "title") else f"<p>{text}</p>")
    close()
    return out


def _stamp(stamp: PackStamp, reading: Reading) -> str:
    """The pack in full, so the reading can be reproduced from the very file it used."""
    edition = stamp.edition
    rows = [
        ("Pack", f"{stamp.id} {stamp.version} ({stamp.status}): {stamp.title}"),
        ("Edition", f"{edition.title}, {edition.version}, {edition.date}"),
        ("sha256", stamp.sha256),
        ("threshold", reading.tool_version),
    ]
    cells = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return f'<dl class="stamp">{cells}</dl>'


def document(sections: Sequence[str]) -> str:
    """The sections of one run as one page: ``<!doctype html>``, UTF-8, en-GB, inline print styles."""
    if not sections:
        return ""
    n = len(sections)
    title = "Threshold reading" if n == 1 else f"Threshold readings: {n} cases"
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{title}</h1>",
            *sections,
            "</main>",
            "</body>",
            "</html>",
        ]
    )
