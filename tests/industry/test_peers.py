"""Tests of peer-region benchmarking."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuanqu.industry import peers as pr


def test_ranks_with_ties_gaps_and_missing_values():
    values = {"苏州": 120.0, "无锡": 90.0, "常州": 90.0, "南通": 60.0, "扬州": None, "泰州": math.nan}
    ranks = pr.peer_ranks(values)
    assert [(p.region, p.rank) for p in ranks] == [
        ("苏州", 1),
        ("无锡", 2),
        ("常州", 2),
        ("南通", 4),
        ("扬州", None),
        ("泰州", None),
    ]
    assert [p.gap_to_leader for p in ranks[:4]] == [0.0, 30.0, 30.0, 60.0]
    assert [p.gap_to_median for p in ranks[:4]] == [-30.0, 0.0, 0.0, 30.0]
    assert ranks[4].value is None and ranks[4].gap_to_leader is None


def test_lower_is_better_flips_order_and_keeps_gaps_positive_when_worse():
    ranks = pr.peer_ranks({"A": 0.4, "B": 0.2, "C": 0.3}, higher_is_better=False)
    assert [p.region for p in ranks] == ["B", "C", "A"]
    assert [p.gap_to_leader for p in ranks] == pytest.approx([0.0, 0.1, 0.2])
    assert [p.gap_to_median for p in ranks] == pytest.approx([-0.1, 0.0, 0.1])


def test_empty_input():
    assert pr.peer_ranks({}) == []
    assert pr.peer_ranks({"A": None})[0].rank is None


def test_trend_cagr_and_slope():
    t = pr.trend({2020: 100.0, 2021: None, 2022: 121.0, 2023: 133.1})
    assert t.n_points == 3 and (t.first_year, t.last_year) == (2020, 2023)
    assert t.cagr == pytest.approx(0.1)
    line = pr.trend({2019: 5.0, 2020: 7.0, 2021: 9.0, 2022: 11.0})
    assert line.slope == pytest.approx(2.0)
    assert pr.trend({2020: 1.0}) == pr.Trend(1, 2020, 2020, None, None)
    assert pr.trend({}) == pr.Trend(0, None, None, None, None)
    assert pr.trend({2020: 0.0, 2022: 5.0}).cagr is None  # no base to grow from
    assert pr.trend({2020: 0.0, 2022: 5.0}).slope == pytest.approx(2.5)


def test_benchmark_peers_combines_ranks_and_trends():
    series = {"A": {2022: 10.0, 2023: 12.0}, "B": {2022: 20.0, 2023: 11.0}, "C": {2022: 5.0}}
    rows = pr.benchmark_peers(series, 2023)
    assert [(r.region, r.rank) for r in rows] == [("A", 1), ("B", 2), ("C", None)]
    assert rows[0].trend.cagr == pytest.approx(0.2)
    assert rows[1].gap_to_leader == pytest.approx(1.0)
    assert rows[2].trend.n_points == 1 and rows[2].value is None


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.floats(-1e6, 1e6), min_size=1, max_size=30), st.booleans())
def test_rank_properties(values, higher):
    ranks = pr.peer_ranks(values, higher)
    assert ranks[0].rank == 1 and ranks[0].gap_to_leader == 0
    assert all(p.gap_to_leader >= 0 for p in ranks)
    assert [p.rank for p in ranks] == sorted(p.rank for p in ranks)
    assert sum(p.gap_to_median < 0 for p in ranks) <= len(ranks) / 2
