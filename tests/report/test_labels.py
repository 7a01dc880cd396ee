"""Graph labels: placed without overlaps (with each other and with other nodes), inside the picture,
the same on every run; the report's graph page carries them."""

from __future__ import annotations

import itertools
import random

from ccompare.report.graphview import HEIGHT, WIDTH, Network, Node, render_svg
from ccompare.report.labels import place_labels, shorten_middle


def crowd(n: int, seed: int) -> tuple[list[tuple[float, float]], list[float], dict[int, str]]:
    """`n` nodes in a small square (the dense middle of a citation graph), long document names."""
    rng = random.Random(seed)
    points = [(300 + rng.random() * 250, 200 + rng.random() * 200) for _ in range(n)]
    radii = [3.5 + rng.random() * 6 for _ in range(n)]
    texts = {i: f"khanh-hoa/QD/UBND/{rng.randrange(10, 9999)}/{rng.randrange(2015, 2026)}" for i in range(n)}
    return points, radii, texts


def test_labels_never_overlap_and_stay_inside() -> None:
    for seed in range(5):
        points, radii, texts = crowd(60, seed)
        labels = place_labels(points, radii, texts, WIDTH, HEIGHT)
        assert 10 <= len(labels) < 60  # a crowd: many labels fit, not all
        for a, b in itertools.combinations(labels, 2):
            assert not a.box.overlaps(b.box), (a, b)
        for lab in labels:
            assert lab.box.inside(WIDTH, HEIGHT)
            for i, ((cx, cy), cr) in enumerate(zip(points, radii, strict=True)):
                if i != lab.node:
                    assert not lab.box.overlaps(type(lab.box)(cx - cr, cy - cr, cx + cr, cy + cr))
        assert place_labels(points, radii, texts, WIDTH, HEIGHT) == labels  # deterministic


def test_priority_and_shortening() -> None:
    points, radii = [(10.0, 15.0), (10.0, 15.0)], [2.0, 2.0]  # room for one label only: the first asked for
    assert [lab.node for lab in place_labels(points, radii, {0: "aaaa", 1: "bbbb"}, 60, 30)] == [0]
    assert [lab.node for lab in place_labels(points, radii, {1: "bbbb", 0: "aaaa"}, 60, 30)] == [1]
    wide = place_labels([(10.0, 15.0)], [2.0], {0: "khanh-hoa/QD/UBND/3409/2023"}, 130, 30)
    assert [lab.text for lab in wide] == ["khanh-h…409/2023"]  # too long for the picture: shortened once
    assert shorten_middle("khanh-hoa/2024/kh-3409", 16) == "khanh-h…/kh-3409"
    assert shorten_middle("short", 16) == "short"


def test_report_graph_svg_labels_do_not_overlap() -> None:
    nodes = [Node(f"plan/{i}", "plan", f"plan {i}") for i in range(4)]
    nodes += [Node(f"vn/QD/TTg/{i}/2022", "national", f"{i}/QĐ-TTg") for i in range(40)]
    edges = tuple((p, 4 + d) for p in range(4) for d in range(40) if (p + d) % 2 == 0 or d < 6)
    svg = str(render_svg(Network(tuple(nodes), edges, len(nodes)), labels=20))
    assert svg == str(render_svg(Network(tuple(nodes), edges, len(nodes)), labels=20))
    shown = int(svg.split('data-labels="')[1].split('"')[0])
    assert shown == svg.count("<text") and shown >= 4  # every plan is named
