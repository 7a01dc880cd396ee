"""The scorecard for people: a text table, a self-contained HTML page and a Word document.

Everything taken from documents is escaped (HTML) or written as plain runs (Word); no
outside resources, no timestamps, so the same scorecard gives byte-identical files.
"""

from __future__ import annotations

import html
import io
import json
import textwrap
import zipfile

from ccompare.benchmark.model import SEVERITIES, Finding, Scorecard, scorecard_to_data
from ccompare.benchmark.text import check_name, dimension_name, label


def render_json(s: Scorecard) -> str:
    return json.dumps(scorecard_to_data(s), ensure_ascii=False, indent=2) + "\n"


def _counts(s: Scorecard) -> str:
    return label("counts", s.lang, **{sev: s.count(sev) for sev in SEVERITIES})


def _where(f: Finding) -> str:
    return str(f.line) if f.line else ""


def _cell(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(s: Scorecard, *, width: int = 100) -> str:
    """Plain text for a terminal: header, scores with their method, then the findings."""
    lang = s.lang
    out = [
        f"{label('title', lang)}: {s.draft}",
        f"{label('source', lang)}: {s.draft_path or ''}",
        f"{label('peers', lang)} ({len(s.peers)}): {', '.join(s.peers)}",
        f"{label('summary', lang)}: {_counts(s)}",
        f"{label('alignment', lang)}: {s.alignment or ''}",
        "",
        label("scores", lang),
    ]
    name_w = max(len(dimension_name(sc.dimension, lang)) for sc in s.scores)
    for sc in s.scores:
        out.append(f"  {dimension_name(sc.dimension, lang).ljust(name_w)}  {sc.value:5.1f}")
    out += ["", label("method", lang)]
    for sc in s.scores:
        out.append(f"  {dimension_name(sc.dimension, lang)}: {sc.method}")
    out += ["", label("findings", lang)]
    if not s.findings:
        out.append("  " + label("none", lang))
    sev_w = max(len(label(sev, lang)) for sev in SEVERITIES)
    check_w = max(len(check_name(f.check, lang)) for f in s.findings) if s.findings else 0
    for f in s.findings:
        head = f"  {label(f.severity, lang).ljust(sev_w)}  {check_name(f.check, lang).ljust(check_w)}  "
        line = (f"{label('line', lang)} {f.line}: " if f.line else "")
        room = max(40, width - len(head))
        wrapped = textwrap.wrap(line + f.message, room) or [""]
        out.append(head + wrapped[0])
        out.extend(" " * len(head) + w for w in wrapped[1:])
        for e in f.peer_examples:
            lead = f" [{', '.join(e.lead)}]" if e.lead else ""
            out.append(" " * len(head) + "↳ " + _cell(f"{e.plan}: {e.text}{lead}", room - 2))
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------ HTML

_CSS = """
body{font-family:"Segoe UI",Arial,sans-serif;margin:0;background:#f5f6f8;color:#1d2330;line-height:1.45}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 4px} h2{margin-top:32px;border-bottom:2px solid #d9dde5;padding-bottom:4px}
.meta{color:#4a5468;margin:2px 0} .meta code{background:#e8ebf0;padding:1px 4px;border-radius:3px}
.summary{display:flex;gap:12px;margin:16px 0;flex-wrap:wrap}
.pill{padding:8px 14px;border-radius:8px;font-weight:600;background:#fff;border:1px solid #d9dde5}
.pill.error{border-color:#c62828;color:#c62828} .pill.warning{border-color:#b26a00;color:#8a5300}
.pill.info{border-color:#1e5fa8;color:#1e5fa8}
table.scores{border-collapse:collapse;width:100%;background:#fff}
table.scores th,table.scores td{border:1px solid #d9dde5;padding:8px;vertical-align:top;text-align:left}
.bar{background:#e8ebf0;border-radius:4px;height:12px;width:160px;margin-top:4px}
.bar span{display:block;height:12px;border-radius:4px;background:#2e7d32}
.bar.mid span{background:#b26a00} .bar.low span{background:#c62828}
.num{font-size:1.4em;font-weight:700}
.finding{background:#fff;border:1px solid #d9dde5;border-left:6px solid #1e5fa8;border-radius:6px;
 padding:10px 14px;margin:10px 0}
.finding.error{border-left-color:#c62828} .finding.warning{border-left-color:#b26a00}
.tag{font-size:.85em;font-weight:600;text-transform:uppercase;letter-spacing:.03em;color:#4a5468}
blockquote{margin:8px 0;padding:6px 10px;background:#f5f6f8;border-left:3px solid #aab2c0;
 white-space:pre-wrap}
ul.examples{margin:6px 0 0 0;padding-left:20px} ul.examples li{margin:3px 0}
.plan{font-family:monospace;font-size:.9em;color:#4a5468}
footer{color:#4a5468;font-size:.9em;margin-top:32px}
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _bar(value: float) -> str:
    cls = "" if value >= 75 else ("mid" if value >= 50 else "low")
    return f'<div class="bar {cls}"><span style="width:{value:.0f}%"></span></div>'


def render_html(s: Scorecard) -> str:
    """One self-contained page (inline CSS, no script, no network)."""
    lang = s.lang
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(label('title', lang))}: {_e(s.draft)}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>{_e(label('title', lang))}</h1>",
        f'<p class="meta">{_e(label("draft", lang))}: <code>{_e(s.draft)}</code></p>',
    ]
    if s.draft_title:
        parts.append(f'<p class="meta">{_e(s.draft_title)}</p>')
    if s.draft_path:
        parts.append(f'<p class="meta">{_e(label("source", lang))}: <code>{_e(s.draft_path)}</code></p>')
    peers = ", ".join(f"<code>{_e(p)}</code>" for p in s.peers)
    parts.append(f'<p class="meta">{_e(label("peers", lang))} ({len(s.peers)}): {peers}</p>')
    parts.append(f'<p class="meta">{_e(label("alignment", lang))}: {_e(s.alignment)}</p>')
    parts.append('<div class="summary">')
    for sev in SEVERITIES:
        parts.append(f'<div class="pill {sev}">{s.count(sev)} · {_e(label(sev, lang))}</div>')
    parts.append("</div>")

    parts.append(f"<h2>{_e(label('scores', lang))}</h2>")
    parts.append(
        f'<table class="scores"><thead><tr><th>{_e(label("dimension", lang))}</th>'
        f'<th>{_e(label("score", lang))}</th><th>{_e(label("method", lang))}</th></tr></thead><tbody>'
    )
    for sc in s.scores:
        parts.append(
            f"<tr><td>{_e(dimension_name(sc.dimension, lang))}</td>"
            f'<td><div class="num">{sc.value:.0f}</div>{_bar(sc.value)}</td><td>{_e(sc.method)}</td></tr>'
        )
    parts.append("</tbody></table>")

    parts.append(f"<h2>{_e(label('findings', lang))}</h2>")
    if not s.findings:
        parts.append(f"<p>{_e(label('none', lang))}</p>")
    for sev in SEVERITIES:
        group = [f for f in s.findings if f.severity == sev]
        if not group:
            continue
        parts.append(f"<h3>{_e(label(sev, lang))} ({len(group)})</h3>")
        for f in group:
            where = f" · {_e(label('line', lang))} {f.line}" if f.line else ""
            parts.append(f'<div class="finding {sev}">')
            parts.append(f'<div class="tag">{_e(check_name(f.check, lang))}{where}</div>')
            parts.append(f"<p>{_e(f.message)}</p>")
            if f.evidence:
                parts.append(f"<blockquote>{_e(f.evidence)}</blockquote>")
            if f.peer_examples:
                parts.append(f'<div class="tag">{_e(label("examples", lang))}</div><ul class="examples">')
                for ex in f.peer_examples:
                    lead = (f" — {_e(label('lead', lang))}: {_e(', '.join(ex.lead))}" if ex.lead else "")
                    parts.append(f'<li><span class="plan">{_e(ex.plan)}</span>: {_e(ex.text)}{lead}</li>')
                parts.append("</ul>")
            parts.append("</div>")
    parts.append(f"<footer>{_e(label('generated', lang))}</footer>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


# ------------------------------------------------------------------------------------ Word

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def render_docx(s: Scorecard) -> bytes:
    """A Word document with the same content as the HTML page."""
    import datetime

    import docx
    from docx.shared import Pt, RGBColor

    lang = s.lang
    colours = {"error": RGBColor(0xC6, 0x28, 0x28), "warning": RGBColor(0x8A, 0x53, 0x00),
               "info": RGBColor(0x1E, 0x5F, 0xA8)}
    d = docx.Document()
    fixed = datetime.datetime(2000, 1, 1)
    d.core_properties.created = fixed
    d.core_properties.modified = fixed
    d.core_properties.last_modified_by = "ccompare"
    d.core_properties.title = f"{label('title', lang)}: {s.draft}"
    d.styles["Normal"].font.name = "Arial"
    d.styles["Normal"].font.size = Pt(11)

    d.add_heading(label("title", lang), level=0)
    d.add_paragraph(f"{label('draft', lang)}: {s.draft}")
    if s.draft_title:
        d.add_paragraph(s.draft_title)
    if s.draft_path:
        d.add_paragraph(f"{label('source', lang)}: {s.draft_path}")
    d.add_paragraph(f"{label('peers', lang)} ({len(s.peers)}): {', '.join(s.peers)}")
    d.add_paragraph(f"{label('summary', lang)}: {_counts(s)}")
    d.add_paragraph(f"{label('alignment', lang)}: {s.alignment or ''}")

    d.add_heading(label("scores", lang), level=1)
    table = d.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, ("dimension", "score", "method"), strict=True):
        cell.text = label(key, lang)
        cell.paragraphs[0].runs[0].bold = True
    for sc in s.scores:
        row = table.add_row().cells
        row[0].text = dimension_name(sc.dimension, lang)
        row[1].text = f"{sc.value:.0f}"
        row[2].text = sc.method

    d.add_heading(label("findings", lang), level=1)
    if not s.findings:
        d.add_paragraph(label("none", lang))
    for sev in SEVERITIES:
        group = [f for f in s.findings if f.severity == sev]
        if not group:
            continue
        d.add_heading(f"{label(sev, lang)} ({len(group)})", level=2)
        for f in group:
            p = d.add_paragraph()
            tag = p.add_run(f"{check_name(f.check, lang)}"
                            + (f" · {label('line', lang)} {f.line}" if f.line else "") + ": ")
            tag.bold = True
            tag.font.color.rgb = colours[sev]
            p.add_run(f.message)
            if f.evidence:
                q = d.add_paragraph(f.evidence)
                q.paragraph_format.left_indent = Pt(18)
                q.runs[0].italic = True
            for ex in f.peer_examples:
                lead = f" — {label('lead', lang)}: {', '.join(ex.lead)}" if ex.lead else ""
                d.add_paragraph(f"{ex.plan}: {ex.text}{lead}", style="List Bullet")
    d.add_paragraph(label("generated", lang)).runs[0].italic = True
    buf = io.BytesIO()
    d.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed member times so the same scorecard gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()
