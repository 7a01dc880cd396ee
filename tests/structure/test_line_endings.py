"""Plans saved with Windows line endings (CRLF) or decomposed Unicode (NFD) read into the same schema."""

from pathlib import Path

import pytest

from ccompare.extract import extract_source

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "corpus" / "raw").rglob("*.txt"))


def _essence(plan):
    return (
        (plan.province, plan.kind, plan.number, plan.date, plan.title, plan.draft),
        [s.path for s in plan.sections],
        [(t.number, t.text, t.lead, t.partners, t.deadline, t.output, t.origin) for t in plan.tasks],
        [(c.target, c.raw.replace("\r", "")) for c in plan.citations],
        [(t.value, t.unit) for t in plan.targets],
    )


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_crlf_same_schema(seed: Path, tmp_path: Path) -> None:
    crlf = tmp_path / seed.name
    crlf.write_bytes(seed.read_bytes().replace(b"\n", b"\r\n"))
    src_lf, lf = extract_source(seed)
    src_crlf, plan = extract_source(crlf)
    assert _essence(plan) == _essence(lf)
    for a, b in zip(lf.tasks, plan.tasks, strict=True):  # spans point at the same evidence
        assert src_lf.text[a.span[0]:a.span[1]] == src_crlf.text[b.span[0]:b.span[1]].replace("\r", "")


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_nfd_same_plan(seed: Path, tmp_path: Path) -> None:
    """Decomposed (NFD) text is normalised at the door: the same plan, spans and all."""
    import unicodedata

    from ccompare.schema import to_data

    nfd = tmp_path / seed.name
    nfd.write_text(unicodedata.normalize("NFD", seed.read_text("utf-8")), "utf-8")
    a, b = to_data(extract_source(seed)[1]), to_data(extract_source(nfd)[1])
    a.pop("source"), b.pop("source")
    assert a == b
