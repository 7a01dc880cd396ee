"""Properties of cite() on arbitrary text made of citation-like fragments: no crash, honest spans."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ccompare.citations import cite
from ccompare.read.source import SourceText
from ccompare.schema import Plan, Source

FRAGMENTS = [
    "Quyết định số ", "Nghị quyết ", "Luật ", "Bộ luật Lao động", "Kế hoạch ", "Chương trình tổng thể ",
    "3409/QĐ-UBND", "09-NQ/TW", "61/2018/NĐ-CP", "330/SNV-CCHC", "55/2022/QH15", "1 8/OD-BOL", "/",
    "-", "–", " ngày 29/12/2023", " ngày 31/02/2022", " ngày 29 tháng 12 năm 2023", " năm 2024",
    " của UBND tỉnh Bình Định", " của Thủ tướng Chính phủ", " ban hành Kế hoạch cải cách hành chính tỉnh năm 2024",
    "; ", ", ", " và ", "\n", "\n\n", "\t", "(Kèm theo ", "Số: ", "<p>", "</p>", "CCHC", "số ", "Đ", "đ",
    "Thi đua, khen thưởng", "Tổ chức", "sửa đổi, bổ sung", "2021-2030", "giai đoạn ", "Đề án 06", " ",
]


def _plan(src: SourceText, number: str | None) -> Plan:
    return Plan(id="x/2024/kh-1", source=Source(src.path, src.sha256), province="khanh-hoa", kind="plan",
                draft=False, number=number, doc_type="QĐ", issuer="UBND", date="2023-12-29", title=None)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=40),
       st.sampled_from([None, "3409", "18"]))
def test_cite_spans_are_evidence(parts, number):
    text = "".join(parts)
    src = SourceText("p.txt", "0" * 64, text)
    citations, flags = cite(src, _plan(src, number))
    last = -1
    for c in citations:
        s, e = c.span
        assert 0 <= s < e <= len(text)
        assert s >= last
        last = s
        assert c.raw == " ".join(text[s:e].split())
        assert c.target is None or len(c.target.split("/")) == 5
        assert c.via in ("number", "name", "alias")
        assert c.scope in ("national", "provincial", None)
        assert c.date is None or len(c.date) == 10
    for f in flags:
        assert f.span is None or 0 <= f.span[0] < f.span[1] <= len(text)
