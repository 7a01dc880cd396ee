"""Make the .docx twins of the draft plans in drafts/*.txt (committed; rerun to refresh).

    .venv/bin/python tests/benchmark/make_fixtures.py

Each blank-line-separated block of the .txt becomes one Word paragraph (its lines joined by
line breaks), except: a block of TAB-separated lines becomes a real Word table whose first row
is marked as a header row repeated on every page, and whose continuation rows (first cells
empty, a task with several products) are merged vertically with the row above; headings
numbered "I.", "II.", ... become paragraphs with Word's automatic upper-Roman numbering.
So the reader must give back exactly the .txt text (tested), through merges and numbering.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).parent / "drafts"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ROMAN = re.compile(r"^([IVX]+)\.\s+(.*)$")


def _numbering(document) -> str:
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="91">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    )
    first = numbering.find(f"{{{W_NS}}}num")
    if first is not None:
        first.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num xmlns:w="{W_NS}" w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    return "91"


def _numbered(paragraph, num_id: str) -> None:
    from docx.oxml import parse_xml

    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _vmerge(cell, value: str) -> None:
    from docx.oxml import parse_xml

    tcpr = cell._tc.get_or_add_tcPr()
    attr = f' w:val="{value}"' if value == "restart" else ""
    tcpr.append(parse_xml(f'<w:vMerge xmlns:w="{W_NS}"{attr}/>'))


def _table(document, lines: list[str]) -> None:
    from docx.oxml import parse_xml

    rows = [line.split("\t") for line in lines]
    ncols = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))
    for r, cells in enumerate(rows):
        continued = r > 1 and not cells[0].strip() and not cells[1].strip()
        for c in range(ncols):
            value = cells[c] if c < len(cells) else ""
            cell = table.cell(r, c)
            if continued and c < 2:
                _vmerge(cell, "continue")
                if not _has_vmerge(table.cell(r - 1, c)):
                    _vmerge(table.cell(r - 1, c), "restart")
                continue
            cell.text = value


def _has_vmerge(cell) -> bool:
    tcpr = cell._tc.tcPr
    return tcpr is not None and tcpr.find(f"{{{W_NS}}}vMerge") is not None


def make_docx(txt: Path, out: Path) -> None:
    import docx

    document = docx.Document()
    num_id = _numbering(document)
    for block in txt.read_text("utf-8").split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        lines = block.split("\n")
        if all("\t" in line for line in lines):
            _table(document, lines)
            continue
        m = ROMAN.match(block)
        if m and len(lines) == 1:
            _numbered(document.add_paragraph(m.group(2)), num_id)
            continue
        p = document.add_paragraph()
        for i, line in enumerate(lines):
            run = p.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
    document.save(out)


if __name__ == "__main__":
    for txt in sorted(HERE.glob("*.txt")):
        make_docx(txt, txt.with_suffix(".docx"))
        print("written", txt.with_suffix(".docx").name)
