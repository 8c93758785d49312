"""Spans asked about by bisection answer as a scan of every span would."""
import random

from svodka.extract.spans import Disjoint, SpanIndex


def test_span_index_answers_as_a_scan_would():
    rng = random.Random(3)
    spans = [(a, a + rng.randint(1, 30)) for a in (rng.randint(0, 500) for _ in range(60))]
    index = SpanIndex(spans)
    for _ in range(500):
        a = rng.randint(0, 540)
        b = a + rng.randint(1, 20)
        assert index.overlaps(a, b) == any(s < b and a < e for s, e in spans)
        assert index.reaches(a, b) == any(s < a and e >= b for s, e in spans)
    assert not SpanIndex(()).overlaps(0, 10)


def test_disjoint_spans_refuse_an_overlap_and_know_what_they_hold():
    taken = Disjoint()
    taken.add(10, 20)
    taken.add(30, 40)
    assert taken.overlaps(15, 35) and taken.overlaps(19, 21) and not taken.overlaps(20, 30)
    assert taken.encloses(30, 35) and not taken.encloses(25, 35)
