"""Tests of target-industry ranking (产业链精准招商)."""

import numpy as np
import pytest

from yuanqu.industry import metrics as mt
from yuanqu.industry import targets as tg

CODES = ["C3841", "C3842", "C3562", "C2929"]
PHI = np.array(
    [
        [1.0, 0.6, 0.1, 0.0],
        [0.6, 1.0, 0.2, 0.0],
        [0.1, 0.2, 1.0, 0.3],
        [0.0, 0.0, 0.3, 1.0],
    ]
)


def test_ranks_lacking_industries_with_explanations():
    present = np.array([True, False, False, False])
    d = mt.density(present[np.newaxis, :].astype(float), PHI)[0]
    targets = tg.rank_targets(
        CODES,
        d,
        present,
        PHI,
        chain_gaps={"C2929": ["电池包壳体"]},
        orientations={"C3842": "service", "C2929": "cost"},
        names={"C3841": "锂离子电池制造", "C3842": "镍氢电池制造"},
    )
    assert [t.code for t in targets] == ["C3842", "C2929", "C3562"]
    first = targets[0]
    assert first.rank == 1 and first.relative_density == 1.0
    assert first.related[0].code == "C3841" and first.related[0].proximity == pytest.approx(0.6)
    assert first.related[0].contribution == pytest.approx(d[1])
    assert first.strategy == tg.ORIENTATION_STRATEGIES["service"]
    assert "锂离子电池制造（C3841）" in first.explanation and "服务配套型" in first.explanation
    gap = targets[1]
    assert gap.density == 0.0 and gap.chain_links == ("电池包壳体",)
    assert gap.score == pytest.approx(0.3)
    assert "电池包壳体" in gap.explanation and "无明显关联" in gap.explanation
    assert all(0 <= t.score <= 1 for t in targets)


def test_present_industries_are_never_targets_and_limit():
    present = np.array([True, False, True, False])
    targets = tg.rank_targets(CODES, [0.5, 0.4, 0.9, 0.1], present, PHI, limit=1)
    assert [t.code for t in targets] == ["C3842"]
    assert tg.rank_targets(CODES, np.zeros(4), np.ones(4, bool), PHI) == []


def test_chain_gap_breaks_density_ties_and_weights_are_configurable():
    present = np.array([True, False, False, False])
    density_only = tg.rank_targets(
        CODES, [1.0, 0.5, 0.4, 0.1], present, PHI, chain_gaps={"C2929": ["x"]}, chain_weight=0.0
    )
    assert [t.code for t in density_only] == ["C3842", "C3562", "C2929"]
    chain_only = tg.rank_targets(
        CODES, [1.0, 0.5, 0.4, 0.1], present, PHI, chain_gaps={"C2929": ["x"]}, density_weight=0.0
    )
    assert chain_only[0].code == "C2929"


def test_bad_input_is_rejected():
    present = np.zeros(4, bool)
    with pytest.raises(ValueError, match="unknown industry codes: C9999"):
        tg.rank_targets(CODES, np.zeros(4), present, PHI, chain_gaps={"C9999": ["x"]})
    with pytest.raises(ValueError, match="unknown orientations"):
        tg.rank_targets(CODES, np.zeros(4), present, PHI, orientations={"C3842": "cheap"})
    with pytest.raises(ValueError, match="density_row"):
        tg.rank_targets(CODES, np.zeros(3), present, PHI)
    with pytest.raises(ValueError, match="phi"):
        tg.rank_targets(CODES, np.zeros(4), present, np.eye(3))
    with pytest.raises(ValueError, match="unique"):
        tg.rank_targets(["A", "A", "B", "C"], np.zeros(4), present, PHI)


def test_end_to_end_from_a_matrix():
    rng = np.random.default_rng(3)
    x = rng.gamma(0.6, 100.0, size=(30, 12)) * (rng.random((30, 12)) < 0.5)
    r = mt.relatedness(x)
    codes = [f"C{13 + p:02d}" for p in range(12)]
    targets = tg.rank_targets(codes, r.density[4], r.m[4], r.phi)
    assert len(targets) == int((r.m[4] == 0).sum())
    assert [t.density for t in targets] == sorted((t.density for t in targets), reverse=True)
    for t in targets:
        assert sum(x.contribution for x in t.related) <= t.density + 1e-12
