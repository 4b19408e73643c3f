"""The vectorised aggregation against a plain loop over resamples (pure, no Django).

``aggregate`` computes every resample at once (BLAS sums, walks to the trimmed extremes, one argsort for
the ranks, the tie groups' pair shares together). The reference below recomputes each resample from
the drawn raters with sorted lists and counting loops, the way the method is written down; on values in
half points every sum is exact, so the two must agree to the last bit.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tests.scoring.test_aggregate import one_criterion_set, reference_trimmed
from yuanqu.scoring.aggregate import SCORE_DECIMALS, aggregate, bootstrap_indices, competition_ranks, scheme_totals
from yuanqu.scoring.totals import rater_totals, zscore_totals


def loop_ranks(scores, labels):
    """1 + the number of items of the same label with a strictly higher score; NaN stays unranked."""
    return np.array(
        [
            np.nan if np.isnan(s) else 1 + sum(t > s for t, m in zip(scores, labels, strict=True) if m == g)
            for s, g in zip(scores, labels, strict=True)
        ]
    )


def loop_district_scores(stop_scores, of_stop, districts):
    means = []
    for d in districts:
        scored = [x for x, e in zip(stop_scores, of_stop, strict=True) if e == d and not np.isnan(x)]
        means.append(sum(scored) / len(scored) if scored else np.nan)
    return np.array(means)


def loop_items(point, boot, labels, alpha):
    """Ranks, interval bounds and tie ranks of items (stops or districts), one item at a time."""
    rank = loop_ranks(point, labels)
    boot_ranks = np.array([loop_ranks(row, labels) for row in boot])
    q = [100 * alpha / 2, 100 * (1 - alpha / 2)]
    score_ci, rank_ci = [], []
    for i in range(len(point)):
        column, ranks = boot[:, i][~np.isnan(boot[:, i])], boot_ranks[:, i][~np.isnan(boot_ranks[:, i])]
        bounds = np.round(np.percentile(column, q), SCORE_DECIMALS) if column.size else None
        score_ci.append(None if bounds is None else tuple(float(x) for x in bounds))
        rank_ci.append(tuple(int(x) for x in np.percentile(ranks, q, method="inverted_cdf")) if ranks.size else None)
    tie = [None] * len(point)
    for g in sorted(set(labels)):
        members = sorted((i for i in range(len(point)) if labels[i] == g and not np.isnan(point[i])),
                         key=lambda i: (rank[i], i))
        for n, i in enumerate(members):
            if n == 0:
                tie[i] = int(rank[i])
                continue
            above = members[n - 1]
            pairs = [(a, b) for a, b in zip(boot[:, above], boot[:, i], strict=True) if not np.isnan(a + b)]
            share = sum(a > b for a, b in pairs) / len(pairs) if pairs else 0.0
            tie[i] = int(rank[i]) if point[above] > point[i] and share >= 1 - alpha / 2 else tie[above]
    return [None if np.isnan(r) else int(r) for r in rank], score_ci, rank_ci, tie


def loop_aggregate(scores, resamples, seed, confidence=0.95):
    """(id, score, rank, score_ci, rank_ci, tie_rank) per stop and per district, in the input order."""
    scheme, alpha = scores.scheme, 1 - confidence
    totals = scheme_totals(scores)
    districts = list(dict.fromkeys(scores.stop_districts))
    stop_labels = [scheme.groups.get(d, "") for d in scores.stop_districts]
    district_labels = [scheme.groups.get(d, "") for d in districts]

    def stop_scores(t):
        return np.array([reference_trimmed(t[:, s], scheme.trim, scheme.trim_min_raters) for s in range(t.shape[1])])

    point = np.round(stop_scores(totals), SCORE_DECIMALS)
    district_point = np.round(loop_district_scores(point, scores.stop_districts, districts), SCORE_DECIMALS)
    stop_boot, district_boot = [], []
    # Rater ids are r000, r001, … here, so positions in id order are the rows.
    for draw in bootstrap_indices(len(scores.rater_ids), resamples, seed):
        if scheme.normalise == "zscore" and scheme.method == "score":
            drawn = zscore_totals(rater_totals(scores.values[draw], scheme.weights, scheme.maxima))
        else:
            drawn = totals[draw]
        row = stop_scores(drawn)
        stop_boot.append(np.round(row, SCORE_DECIMALS))
        district_boot.append(np.round(loop_district_scores(row, scores.stop_districts, districts), SCORE_DECIMALS))
    stops = zip(scores.stop_ids, point, *loop_items(point, np.array(stop_boot), stop_labels, alpha), strict=True)
    district_rows = zip(
        districts, district_point, *loop_items(district_point, np.array(district_boot), district_labels, alpha),
        strict=True,
    )

    def plain(rows):
        return sorted((i, None if np.isnan(s) else float(s), *rest) for i, s, *rest in rows)

    return plain(stops), plain(district_rows)


def fast_rows(result):
    stops = sorted((s.id, s.score, s.rank, s.score_ci, s.rank_ci, s.tie_rank) for s in result.stops)
    return stops, sorted((d.district, d.score, d.rank, d.score_ci, d.rank_ci, d.tie_rank) for d in result.districts)


def random_case(seed):
    """Half-point totals with gaps, duplicated stops (ties), a stop nobody scored, sparse stops, groups."""
    rng = np.random.default_rng(seed)
    n_raters, n_stops = int(rng.integers(3, 16)), int(rng.integers(2, 9))
    totals = np.round(rng.normal(70, 12, (n_raters, n_stops)).clip(0, 100) * 2) / 2
    totals[rng.random(totals.shape) < rng.uniform(0, 0.5)] = np.nan
    totals[:, -1] = totals[:, 0]  # two stops always tied
    if seed % 3 == 0:
        totals[:, 1] = np.nan  # nobody scored it
    if seed % 4 == 1:
        totals[2:, 1 % n_stops] = np.nan  # scored by two raters: missing from many resamples
    trim = int(rng.integers(0, 3))
    treatment = ("score", "none"), ("score", "zscore"), ("rank_ballot", "none")
    method, normalise = treatment[seed % 3]
    districts = [f"d{int(x)}" for x in rng.integers(0, 4, n_stops)]
    groups = {"d0": "urban", "d1": "urban", "d2": "county"} if seed % 2 else {}
    return one_criterion_set(
        totals, districts, trim=trim, trim_min_raters=2 * trim + 1 + int(rng.integers(0, 3)),
        normalise=normalise, method=method, groups=groups,
    )


@pytest.mark.parametrize("seed", range(24))
def test_aggregate_equals_a_loop_over_resamples(seed):
    scores = random_case(seed)
    expected = loop_aggregate(scores, resamples=120, seed=seed)
    got = fast_rows(aggregate(scores, resamples=120, seed=seed))
    if scores.scheme.normalise == "zscore":
        # z-scores are not exact in floating point: sums in another order may move a score by the last bit,
        # which can move its 4-decimal rounding by one unit; ranks, intervals of ranks and ties must agree.
        for fast, slow in zip(got[0] + got[1], expected[0] + expected[1], strict=True):
            assert (fast[0], fast[2], fast[4], fast[5]) == (slow[0], slow[2], slow[4], slow[5])
            assert (fast[1] is None) == (slow[1] is None) and (fast[3] is None) == (slow[3] is None)
            if fast[1] is not None:
                assert fast[1] == pytest.approx(slow[1], abs=1.01e-4)
                assert fast[3] == pytest.approx(slow[3], abs=1.01e-4)
    else:
        assert got == expected


def test_aggregate_equals_a_loop_with_the_wider_trim():
    """trim 2 takes the other path to the dropped extremes (partition of drawn positions)."""
    rng = np.random.default_rng(99)
    totals = np.round(rng.normal(70, 12, (14, 5)).clip(0, 100) * 2) / 2
    totals[rng.random(totals.shape) < 0.2] = np.nan
    scores = one_criterion_set(totals, ["a", "a", "b", "b", "c"], trim=2, trim_min_raters=6)
    assert fast_rows(aggregate(scores, resamples=150, seed=4)) == loop_aggregate(scores, 150, 4)


@given(
    arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(0, 10)),
           elements=st.one_of(st.just(np.nan), st.just(-0.0), st.integers(0, 4).map(float))),
    st.randoms(use_true_random=False),
)
def test_ranks_of_many_rows_count_strictly_better_items_of_the_group(scores, rnd):
    labels = [rnd.randrange(3) for _ in range(scores.shape[1])]
    for ranked, row in zip(competition_ranks(scores, labels), scores, strict=True):
        np.testing.assert_array_equal(ranked, loop_ranks(row, labels))
    for ranked, row in zip(competition_ranks(scores), scores, strict=True):
        np.testing.assert_array_equal(ranked, loop_ranks(row, [0] * len(row)))
