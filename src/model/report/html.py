"""Laying out a ``ReportContent`` as one self-contained HTML page.

Everything is inline: the style sheet, and each figure as a base64 PNG data URI. There are no
scripts and no links to other files or sites, so the page opens anywhere, offline, and can be
mailed as one file. Every piece of text is escaped.
"""

from __future__ import annotations

import base64
from html import escape

from model.report.content import ReportContent, Table

__all__ = ["render_html"]

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 64rem; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem;
     margin-top: 2.2rem; }
.question { font-style: italic; color: #444; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1.2rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.9rem; color: #444; }
.note { background: #fff6e0; border-left: 4px solid #e0a800; padding: 0.4rem 0.8rem; }
code { font-size: 0.85rem; }
"""


def _numeric(cell: str) -> bool:
    head = cell.split(" ")[0].replace(",", "").replace("-", "").replace(".", "")
    return head.isdigit() or cell == "n/a"


def _table(table: Table, css_class: str = "", numeric: bool = True) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = []
    for row in table.rows:
        cells = "".join(
            f'<td class="num">{escape(c)}</td>'
            if numeric and k and _numeric(c)
            else f"<td>{escape(c)}</td>"
            for k, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    klass = f' class="{escape(css_class)}"' if css_class else ""
    return (
        f"<table{klass}><caption>{escape(table.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _figure(title: str, caption: str, png: bytes) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure><img alt="{escape(title)}" src="data:image/png;base64,{data}">'
        f"<figcaption><strong>{escape(title)}.</strong> {escape(caption)}</figcaption></figure>"
    )


def _settings(content: ReportContent) -> str:
    if not content.settings:
        return "<p>The scenario uses the default settings throughout.</p>"
    columns = list(content.settings[0])
    rows = [[row[c] for c in columns] for row in content.settings]
    caption = "Settings that differ from the schema's defaults (dotted scenario keys)"
    return _table(Table(caption, columns, rows), "settings")


def render_html(content: ReportContent) -> str:
    """The whole page as a string."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(content.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(content.title)}</h1>",
    ]
    if content.question:
        parts.append(f'<p class="question">{escape(content.question)}</p>')
    if content.description:
        parts.append(f"<p>{escape(content.description)}</p>")
    parts += [f'<p class="note">{escape(note)}</p>' for note in content.notes]
    parts.append("<h2>Headline</h2>")
    parts += [_table(table, "headline") for table in content.tables]
    parts.append("<h2>Figures</h2>")
    parts += [_figure(f.title, f.caption, f.png) for f in content.figures]
    for section in content.sections:
        parts += [f"<h2>{escape(section.title)}</h2>", f"<p>{escape(section.intro)}</p>"]
        parts += [_table(table, "section") for table in section.tables]
        parts += [_figure(f.title, f.caption, f.png) for f in section.figures]
    parts += ["<h2>Scenario settings</h2>", _settings(content)]
    manifest = Table("How this report was made", ["item", "value"], [])
    manifest.rows = [[str(k), str(v)] for k, v in content.manifest.items()]
    parts += ["<h2>Manifest</h2>", _table(manifest, "manifest", numeric=False), "</body></html>"]
    return "\n".join(parts) + "\n"
