"""Unit and property tests of the scoring aggregation core (pure, no Django)."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from yuanqu.scoring.aggregate import (
    DEFAULT_CRITERIA,
    CriterionSpec,
    SchemeSpec,
    ScoreDataError,
    ScoreSet,
    aggregate,
    ballot_points,
    bootstrap_indices,
    competition_ranks,
    point_ranking,
    rater_totals,
    trimmed_scores,
    zscore_totals,
)
from yuanqu.scoring.agreement import compare_methods, deviations, kendall_w, rater_report
from yuanqu.scoring.bootstrap import bootstrap_stop_scores
from yuanqu.scoring.totals import rater_ranks

ONE = (CriterionSpec("total", 100, 100, "总分"),)


def one_criterion_set(totals, stop_districts=None, rater_districts=None, **scheme):
    """A ScoreSet with a single 0–100 criterion, so the totals are the values (NaN = not scored)."""
    t = np.asarray(totals, dtype=float)
    n_r, n_s = t.shape
    stop_districts = stop_districts or [f"d{s}" for s in range(n_s)]
    rater_districts = rater_districts or [None] * n_r
    records = [(f"r{r:03d}", f"s{s:03d}", "total", float(t[r, s])) for r in range(n_r) for s in range(n_s)]
    return ScoreSet.from_records(
        SchemeSpec(criteria=ONE, **scheme),
        [(f"s{s:03d}", stop_districts[s]) for s in range(n_s)],
        [(f"r{r:03d}", rater_districts[r]) for r in range(n_r)],
        [x for x in records if not np.isnan(x[3])],
    )


def reference_trimmed(column, trim, trim_min_raters):
    vals = sorted(v for v in column if not np.isnan(v))
    if not vals:
        return np.nan
    if len(vals) >= trim_min_raters:
        vals = vals[trim : len(vals) - trim]
    return sum(vals) / len(vals)


score_matrices = st.tuples(st.integers(1, 9), st.integers(1, 6)).flatmap(
    lambda shape: arrays(
        np.float64, shape, elements=st.one_of(st.just(np.nan), st.integers(0, 100).map(float), st.floats(0, 100))
    )
)
trim_rules = st.integers(0, 2).flatmap(lambda k: st.tuples(st.just(k), st.integers(2 * k + 1, 2 * k + 4)))


# ----------------------------------------------------------------------------- totals


def test_rater_total_is_weighted_share_of_maxima_on_0_100():
    weights, maxima = np.array([30, 25, 20, 25.0]), np.array([30, 25, 20, 25.0])
    full = np.array([[[30, 25, 20, 25.0], [15, 12.5, 10, 12.5], [0, 0, 0, 0]]])
    np.testing.assert_allclose(rater_totals(full, weights, maxima), [[100, 50, 0]])
    # Weight 1:3 with maxima 10 and 5: 1×(5/10) + 3×(5/5) over 4 → 87.5
    np.testing.assert_allclose(rater_totals([[[5.0, 5.0]]], [1, 3], [10, 5]), [[87.5]])
    assert np.isnan(rater_totals([[[30, np.nan, 20, 25.0]]], weights, maxima)[0, 0])  # incomplete card


def test_default_criteria_are_the_published_ones():
    assert [(c.name, c.weight) for c in DEFAULT_CRITERIA] == [
        ("发展质态", 30),
        ("智能制造水平", 25),
        ("资源整合度", 20),
        ("产业带动性", 25),
    ]


# ----------------------------------------------------------------------------- trimming


@given(score_matrices, trim_rules)
def test_trimmed_scores_match_sort_and_slice(totals, rule):
    trim, minimum = rule
    expected = [reference_trimmed(totals[:, s], trim, minimum) for s in range(totals.shape[1])]
    np.testing.assert_allclose(trimmed_scores(totals, trim, minimum), expected, rtol=1e-12, atol=1e-9)


def test_trim_applies_exactly_from_trim_min_raters():
    five = np.array([[0.0], [60], [70], [80], [100]])
    assert trimmed_scores(five, 1, 5)[0] == 70  # 0 and 100 dropped
    assert trimmed_scores(five[1:], 1, 5)[0] == 77.5  # four raters: nothing dropped
    # scipy.stats.trim_mean(five, 0.1) would drop nothing (int(0.1 × 5) = 0); the rule says drop one each side.
    assert trimmed_scores(five, 2, 5)[0] == 70


def test_stop_without_scores_and_single_rater():
    scores = one_criterion_set([[80.0, np.nan]], trim=1, trim_min_raters=3)
    result = aggregate(scores, resamples=200)
    first, empty = result.stops
    assert (first.score, first.rank, first.n_raters) == (80.0, 1, 1)
    assert (first.score_ci, first.rank_ci) == ((80.0, 80.0), (1, 1))
    assert (empty.score, empty.rank, empty.score_ci, empty.rank_ci, empty.tie_rank) == (None, None, None, None, None)
    assert [d.rank for d in result.districts] == [1, None]


def test_scheme_rejects_a_trim_rule_that_could_drop_everything():
    with pytest.raises(ScoreDataError, match="trim_min_raters"):
        SchemeSpec(trim=2, trim_min_raters=4)
    with pytest.raises(ScoreDataError, match="normalise"):
        SchemeSpec(normalise="minmax")


# ----------------------------------------------------------------------------- ranks


def test_ties_share_the_better_rank():
    np.testing.assert_array_equal(competition_ranks([90.0, 80, 80, 70]), [1, 2, 2, 4])
    r = competition_ranks([90.0, np.nan, 90, 10])
    np.testing.assert_array_equal(r[[0, 2, 3]], [1, 1, 3])
    assert np.isnan(r[1])
    np.testing.assert_array_equal(competition_ranks([50.0, 90, 70, 60], groups=[0, 0, 1, 1]), [2, 1, 1, 2])


@given(arrays(np.float64, st.integers(1, 12), elements=st.integers(0, 5).map(float)))
def test_rank_counts_strictly_better_items(scores):
    ranks = competition_ranks(scores)
    for i, s in enumerate(scores):
        assert ranks[i] == 1 + np.sum(scores > s)
    assert ranks.min() == 1


def test_groups_rank_districts_separately():
    totals = np.array([[90.0, 80, 70, 60]] * 3)
    scores = one_criterion_set(
        totals, ["A", "B", "C", "D"], trim=0, trim_min_raters=1, groups={"C": "county", "D": "county"}
    )
    result = aggregate(scores, resamples=50)
    assert [(d.district, d.group, d.rank) for d in result.districts] == [
        ("A", "", 1),
        ("B", "", 2),
        ("C", "county", 1),
        ("D", "county", 2),
    ]


# ----------------------------------------------------------------------------- aggregate properties


@settings(max_examples=40, deadline=None)
@given(score_matrices, trim_rules, st.randoms(use_true_random=False))
def test_aggregate_is_invariant_to_rater_order_and_bounded(totals, rule, rnd):
    trim, minimum = rule
    districts = [f"d{s % 2}" for s in range(totals.shape[1])]
    scores = one_criterion_set(totals, districts, trim=trim, trim_min_raters=minimum)
    order = list(range(totals.shape[0]))
    rnd.shuffle(order)
    shuffled = dataclasses.replace(
        scores,
        rater_ids=tuple(scores.rater_ids[i] for i in order),
        rater_districts=tuple(scores.rater_districts[i] for i in order),
        values=scores.values[order],
    )
    a, b = aggregate(scores, resamples=60, seed=7), aggregate(shuffled, resamples=60, seed=7)
    assert a == b
    n_stops = totals.shape[1]
    for stop in a.stops:
        column = totals[:, int(stop.id[1:])]
        if stop.score is None:
            assert np.isnan(column).all()
            continue
        lo, hi = np.nanmin(column), np.nanmax(column)
        assert lo - 1e-4 <= stop.score <= hi + 1e-4
        assert lo - 1e-4 <= stop.score_ci[0] <= stop.score_ci[1] <= hi + 1e-4
        assert 1 <= stop.rank_ci[0] <= stop.rank_ci[1] <= n_stops
        assert 1 <= stop.tie_rank <= stop.rank <= n_stops


def test_bootstrap_is_seeded_and_reproducible():
    rng = np.random.default_rng(3)
    totals = np.clip(rng.normal(70, 10, (15, 8)), 0, 100)
    scores = one_criterion_set(totals)
    assert aggregate(scores, seed=5) == aggregate(scores, seed=5)
    assert aggregate(scores, seed=5).stops != aggregate(scores, seed=6).stops
    # The documented draw: raw PCG64 stream modulo the number of raters.
    expected = np.random.PCG64(11).random_raw(6) % np.uint64(3)
    np.testing.assert_array_equal(bootstrap_indices(3, 2, 11).ravel(), expected)


def test_district_score_is_mean_of_its_stops():
    totals = np.array([[90.0, 70, 40], [80, 60, 50], [85, 65, 45]])
    result = aggregate(one_criterion_set(totals, ["A", "A", "B"], trim=0, trim_min_raters=1), resamples=100)
    by = {d.district: d for d in result.districts}
    assert by["A"].score == pytest.approx((85 + 65) / 2) and by["A"].n_stops == 2
    assert by["B"].score == 45 and by["B"].rank == 2


def test_indistinguishable_stops_share_a_tie_rank():
    rng = np.random.default_rng(0)
    base = np.array([90.0, 89.99, 60.0])
    totals = np.clip(base + rng.normal(0, 5, (30, 3)), 0, 100)
    totals[:, 1] = np.clip(totals[:, 0] - 0.01 + rng.normal(0, 5, 30), 0, 100)  # stop 1 ≈ stop 0
    result = aggregate(one_criterion_set(totals, trim=1, trim_min_raters=5), resamples=500)
    tie = {s.id: s.tie_rank for s in result.stops}
    assert tie["s000"] == tie["s001"] == 1
    assert tie["s002"] == 3


# ----------------------------------------------------------------------------- normalisation, ballots


@settings(max_examples=30, deadline=None)
@given(arrays(np.float64, (5, 4), elements=st.floats(40, 60)), st.floats(-15, 15))
def test_zscore_ignores_a_raters_leniency(totals, shift):
    lenient = totals.copy()
    lenient[0] += shift
    # Only the common mean moves (by shift / raters); every rater's order and spread are kept.
    np.testing.assert_allclose(zscore_totals(lenient), zscore_totals(totals) + shift / 5, atol=1e-9)
    z = zscore_totals(totals)
    assert np.all((z >= 0) & (z <= 100))


def test_zscore_maps_flat_raters_to_the_common_mean():
    totals = np.array([[60.0, 60, 60], [50, 70, 90], [40, 60, 80]])
    z = zscore_totals(totals)
    np.testing.assert_allclose(z[0], np.mean([60, 70, 60]))
    np.testing.assert_allclose(z[1], z[2])


def test_ballot_points_100_97_94_with_shared_ties():
    np.testing.assert_allclose(ballot_points([[70.0, 90, 80, np.nan]])[0, :3], [94, 100, 97])
    np.testing.assert_allclose(ballot_points([[90.0, 90, 80]]), [[98.5, 98.5, 94]])
    assert ballot_points(np.zeros((1, 40)) + np.arange(40))[0].min() == 0  # never negative


def test_rank_ballot_scheme_averages_ballot_points():
    totals = np.array([[90.0, 80, 70], [85, 95, 60], [99, 98, 10]])
    p = point_ranking(one_criterion_set(totals, trim=0, trim_min_raters=1, method="rank_ballot"))
    np.testing.assert_allclose(p.stop_scores, [(100 + 97 + 100) / 3, (97 + 100 + 97) / 3, 94])


# ----------------------------------------------------------------------------- agreement and bias


def textbook_w(ranks):
    m, n = ranks.shape
    col = ranks.sum(axis=0)
    ties = sum(((c**3) - c).sum() for c in (np.unique(row, return_counts=True)[1] for row in ranks))
    return 12 * np.sum((col - col.mean()) ** 2) / (m**2 * (n**3 - n) - m * ties)


@given(arrays(np.float64, st.tuples(st.integers(2, 7), st.integers(2, 7)), elements=st.integers(0, 4).map(float)))
def test_kendall_w_matches_the_tie_corrected_formula_on_complete_data(totals):
    ranks = rater_ranks(totals)
    if np.all(np.ptp(ranks, axis=1) == 0):
        assert kendall_w(totals) is None
        return
    assert kendall_w(totals) == pytest.approx(textbook_w(ranks), abs=1e-9)


def test_kendall_w_extremes_and_missing_scores():
    agree = np.array([[90.0, 80, 70, 60]] * 4)
    assert kendall_w(agree) == pytest.approx(1.0)
    agree_missing = agree.copy()
    agree_missing[0, 0] = agree_missing[1, 3] = np.nan  # recusal
    assert kendall_w(agree_missing) == pytest.approx(1.0)
    assert kendall_w(np.array([[1.0, 2, 3, 4], [4, 3, 2, 1]])) == pytest.approx(0.0)
    assert kendall_w(agree[:1]) is None


def test_bias_flat_raters_and_home_preference():
    base = np.array([70.0, 80, 60, 75])
    totals = np.vstack([base, base, base, base + 5, np.full(4, 50.0)])
    np.testing.assert_allclose(deviations(totals[:4])[3], 5.0)
    rater_districts = ["A", "B", "B", "C", None]
    stop_districts = ["X", "Y", "Z", "W"]
    report = rater_report(one_criterion_set(totals, stop_districts, rater_districts))
    by = {r.id: r for r in report.raters}
    assert by["r003"].bias > 0 and by["r004"].flat and not by["r000"].flat
    assert by["r004"].bias < 0
    assert [d.district for d in report.districts] == ["A", "B", "C"]
    assert all(d.home_bias is None and d.n_home_scores == 0 for d in report.districts)
    assert report.districts[2].away_bias > 0


def test_compare_methods_warns_when_a_place_depends_on_the_method():
    # Rater 0 spreads widely, the others barely: trimmed mean and ballots disagree on B vs C.
    totals = np.array([[100.0, 0, 50], [60, 61, 62], [60, 61, 62]])
    cmp = compare_methods(one_criterion_set(totals, ["A", "B", "C"], trim=0, trim_min_raters=1))
    ranks = {m.method: m.district_ranks for m in cmp.methods}
    assert ranks["trimmed_mean"]["A"] == 1 and ranks["rank_ballot"]["A"] != 1
    assert "A" in cmp.unstable_districts and any("A" in w and "名次" in w for w in cmp.warnings)
    stable = compare_methods(one_criterion_set(np.array([[90.0, 50], [80, 40]]), trim=0, trim_min_raters=1))
    assert stable.unstable_districts == () and stable.warnings == ()


# ----------------------------------------------------------------------------- validation


def test_from_records_refuses_bad_records():
    scheme = SchemeSpec()
    stops, raters = [("s1", "A")], [("r1", "B"), ("r2", "A")]
    good = ("r1", "s1", "development_quality", 30)
    ScoreSet.from_records(scheme, stops, raters, [good])
    cases = {
        "unknown stop": ("r1", "s9", "development_quality", 3),
        "unknown rater": ("r9", "s1", "development_quality", 3),
        "unknown criterion": ("r1", "s1", "beauty", 3),
        "outside": ("r1", "s1", "development_quality", 31),
        "not a number": ("r1", "s1", "development_quality", "9"),
        "recusal": ("r2", "s1", "development_quality", 3),
    }
    for reason, record in cases.items():
        with pytest.raises(ScoreDataError, match=reason):
            ScoreSet.from_records(scheme, stops, raters, [record])
    with pytest.raises(ScoreDataError, match="duplicate score"):
        ScoreSet.from_records(scheme, stops, raters, [good, good])
    with pytest.raises(ScoreDataError, match="duplicate stop"):
        ScoreSet.from_records(scheme, stops * 2, raters, [])


# ----------------------------------------------------------------------------- the fast bootstrap


@settings(max_examples=40, deadline=None)
@given(score_matrices, trim_rules, st.sampled_from(["none", "zscore", "ballot"]), st.integers(0, 2**32))
def test_fast_bootstrap_equals_trimming_each_resample(totals, rule, treatment, seed):
    """The BLAS-and-positions bootstrap must equal sort-and-slice of every resample's drawn totals."""
    from yuanqu.scoring import aggregate as ag

    trim, minimum = rule
    method, normalise = ("rank_ballot", "none") if treatment == "ballot" else ("score", treatment)
    scores = one_criterion_set(totals, trim=trim, trim_min_raters=minimum, normalise=normalise, method=method)
    fast = bootstrap_stop_scores(scores, ag.scheme_totals(scores), 25, seed)
    # The reference: draw the same raters (positions in id order) and recompute from scratch.
    n_raters = totals.shape[0]
    for b, draw in enumerate(bootstrap_indices(n_raters, 25, seed)):
        drawn = dataclasses.replace(scores, values=scores.values[draw])  # ids are in sorted order here
        if normalise == "zscore":
            expected_totals = zscore_totals(rater_totals(drawn.values, [100.0], [100.0]))
        else:
            expected_totals = ag.scheme_totals(scores)[draw]
        expected = trimmed_scores(expected_totals, trim, minimum)
        np.testing.assert_allclose(fast[b], expected, rtol=1e-10, atol=1e-9)
