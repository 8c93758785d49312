"""Every listing ends with how many it showed, in words that read right for one («1 story», not «1 storie»)."""
from svodka.cli.archive import _singular


def test_one_of_a_kind_reads_right():
    assert [_singular(n) for n in ("stories", "entities", "quotes", "figures", "results", "threads")] == \
        ["story", "entity", "quote", "figure", "result", "thread"]
