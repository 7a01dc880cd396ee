"""Generate the .docx and .pdf fixtures of the reader tests (committed; rerun to refresh).

    .venv/bin/python tests/read_docx_pdf/make_fixtures.py

The documents are invented, in the style of a Nghệ An plan (not one of the seed provinces).
The expected text of each fixture is written by hand in `<name>.expected.txt`, not generated.
"""

from __future__ import annotations

import copy
from pathlib import Path

HERE = Path(__file__).parent

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _add_heading_numbering(document) -> str:
    """Add a multi-level list (I., 1., a)) to numbering.xml; return its numId."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">'
        '<w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%2."/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%3)"/></w:lvl>'
        "</w:abstractNum>"
    )
    num = parse_xml(
        f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
    )
    first_num = numbering.find(_w("num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return "90"


def _number(paragraph, num_id: str, ilvl: int) -> None:
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(
        f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))


def _repeat_header(row) -> None:
    from docx.oxml import parse_xml

    trpr = row._tr.get_or_add_trPr()
    trpr.append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))


def make_docx(path: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    head = d.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    head.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    head.cell(1, 0).text = "Số: 1234/KH-UBND"
    head.cell(1, 1).text = "Nghệ An, ngày 05 tháng 02 năm 2024"

    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Cải cách hành chính tỉnh Nghệ An năm 2024")
    num = _add_heading_numbering(d)
    p = d.add_paragraph("MỤC ĐÍCH, YÊU CẦU")
    _number(p, num, 0)
    p = d.add_paragraph("Mục đích")
    _number(p, num, 1)
    d.add_paragraph("Nâng cao chất lượng phục vụ người dân, doanh nghiệp.", style="List Bullet")
    d.add_paragraph("Đẩy mạnh chuyển đổi số.", style="List Bullet")
    p = d.add_paragraph("Yêu cầu")
    _number(p, num, 1)
    p = d.add_paragraph("Bám sát Nghị quyết số 76/NQ-CP")
    _number(p, num, 2)
    p = d.add_paragraph("Phân công rõ người, rõ việc.")
    p.runs[0].add_break()
    p.add_run("Tiến độ cụ thể.")
    p = d.add_paragraph("NHIỆM VỤ")
    _number(p, num, 0)
    p.runs[0].add_break(WD_BREAK.PAGE)

    table = d.add_table(rows=6, cols=5)
    table.style = "Table Grid"
    header = ["TT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Thời gian"]
    for i, h in enumerate(header):
        table.cell(0, i).text = h
    _repeat_header(table.rows[0])
    group = table.cell(1, 0).merge(table.cell(1, 4))
    group.text = "I\tCẢI CÁCH THỂ CHẾ".replace("\t", " ")
    row = ["1.", "Rà soát văn bản quy phạm pháp luật", "Báo cáo rà soát", "Sở Tư pháp", "Quý II/2024"]
    for i, v in enumerate(row):
        table.cell(2, i).text = v
    # task 2: two products, each with its own lead: number and task merged vertically
    merged_no = table.cell(3, 0).merge(table.cell(4, 0))
    merged_no.text = "2."
    merged_task = table.cell(3, 1).merge(table.cell(4, 1))
    merged_task.text = "Tuyên truyền cải cách hành chính"
    table.cell(3, 2).text = "Chuyên mục trên Báo Nghệ An"
    table.cell(3, 3).text = "Báo Nghệ An"
    table.cell(3, 4).text = "Thường xuyên"
    table.cell(4, 2).text = "Chuyên mục trên Đài PT-TH tỉnh"
    table.cell(4, 3).text = "Đài Phát thanh và Truyền hình tỉnh"
    table.cell(4, 4).text = "Hằng tháng"
    row = ["3.", "Số hóa hồ sơ, kết quả giải quyết TTHC", "", "Văn phòng UBND tỉnh", "Cả năm"]
    for i, v in enumerate(row):
        table.cell(5, i).text = v
    cell = table.cell(5, 2)
    cell.text = "- Hồ sơ được số hóa;"
    cell.add_paragraph("- Báo cáo kết quả.")
    # a header row repeated by hand in the middle, as some drafts do
    hdr = copy.deepcopy(table.rows[0]._tr)
    table.rows[5]._tr.addprevious(hdr)
    p = d.add_paragraph("TỔ CHỨC THỰC HIỆN")
    _number(p, num, 0)
    d.add_paragraph("Sở Nội vụ theo dõi, đôn đốc thực hiện Kế hoạch này.")
    d.save(path)


def make_pdf(path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["pdf.fonttype"] = 42
    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.lines import Line2D

    def text(fig, x, y, s, size=9):
        fig.text(x, y, s, fontsize=size, va="top", ha="left")

    def rule(fig, x0, y0, x1, y1):
        fig.add_artist(Line2D([x0, x1], [y0, y1], transform=fig.transFigure, lw=0.8, color="black"))

    cols = [0.08, 0.14, 0.50, 0.74, 0.92]  # column boundaries (4 columns)

    def table(fig, top, rows, merged_rows=()):
        """rows: list of cell lists (None = covered by a merge); row height 0.04."""
        h = 0.04
        y = top
        for r, cells in enumerate(rows):
            y_next = y - h
            rule(fig, cols[0], y, cols[-1], y) if r == 0 else None
            rule(fig, cols[0], y_next, cols[-1], y_next)
            for c in range(len(cols) - 1):
                if c == 0 or cells[c] is not None:
                    rule(fig, cols[c], y, cols[c], y_next)
                if cells[c]:
                    text(fig, cols[c] + 0.005, y - 0.008, cells[c], 8)
            rule(fig, cols[-1], y, cols[-1], y_next)
            y = y_next
        return y

    with PdfPages(path, metadata={"CreationDate": None, "ModDate": None}) as pdf:
        fig = matplotlib.figure.Figure(figsize=(8.27, 11.69))
        text(fig, 0.08, 0.95, "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN")
        text(fig, 0.08, 0.935, "Số: 1234/KH-UBND")
        text(fig, 0.40, 0.89, "KẾ HOẠCH", 11)
        text(fig, 0.08, 0.85, "I. MỤC ĐÍCH, YÊU CẦU")
        text(fig, 0.08, 0.82, "Nâng cao chất lượng phục vụ người dân, doanh nghiệp;")
        text(fig, 0.08, 0.805, "đẩy mạnh chuyển đổi số trong cơ quan nhà nước.")
        text(fig, 0.08, 0.77, "II. NHIỆM VỤ")
        table(fig, 0.74, [
            ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"],
            ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", None, None],
            ["1.", "Rà soát, đơn giản hóa TTHC", "Văn phòng UBND tỉnh", "Quý II/2024"],
            ["2.", "Tuyên truyền dịch vụ công trực tuyến", "Sở Thông tin và Truyền thông", "Cả năm"],
        ])
        pdf.savefig(fig)
        fig = matplotlib.figure.Figure(figsize=(8.27, 11.69))
        table(fig, 0.95, [
            ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"],
            ["3.", "Kiểm tra công tác cải cách hành chính", "Sở Nội vụ", "Quý III/2024"],
        ])
        text(fig, 0.08, 0.84, "III. TỔ CHỨC THỰC HIỆN")
        text(fig, 0.08, 0.81, "Sở Nội vụ theo dõi, đôn đốc thực hiện Kế hoạch này./.")
        pdf.savefig(fig)


def make_scanned_pdf(path: Path) -> None:
    """A page that is only a picture, like a scan without OCR."""
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib.backends.backend_pdf import PdfPages

    rng = np.random.default_rng(7)
    with PdfPages(path, metadata={"CreationDate": None, "ModDate": None}) as pdf:
        fig = matplotlib.figure.Figure(figsize=(4, 5))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.imshow(rng.random((50, 40)), cmap="gray")
        ax.set_axis_off()
        pdf.savefig(fig)


if __name__ == "__main__":
    make_docx(HERE / "nghe-an-plan.docx")
    make_pdf(HERE / "nghe-an-plan.pdf")
    make_scanned_pdf(HERE / "scanned.pdf")
    print("written:", ", ".join(p.name for p in sorted(HERE.glob("*.docx")) + sorted(HERE.glob("*.pdf"))))
