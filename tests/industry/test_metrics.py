"""Unit and property tests of the structure and relatedness metrics (pure, no Django)."""

import contextlib
import io
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from yuanqu.industry import metrics as mt

COLS = {"time": "year", "loc": "region", "prod": "industry", "val": "output"}


def matrices(min_rows=2, max_rows=12, min_cols=2, max_cols=10):
    shape = st.tuples(st.integers(min_rows, max_rows), st.integers(min_cols, max_cols))
    values = st.one_of(st.just(0.0), st.floats(0.01, 1e6))
    return shape.flatmap(lambda s: arrays(np.float64, s, elements=values))


def random_matrix(rng, regions, industries, fill=0.5):
    return rng.gamma(0.6, 1000.0, size=(regions, industries)) * (rng.random((regions, industries)) < fill)


# ----------------------------------------------------------------------------- input handling


def test_nan_counts_as_zero_and_negatives_are_rejected():
    x = np.array([[1.0, np.nan], [2.0, 3.0]])
    np.testing.assert_array_equal(mt.shares(x), mt.shares(np.nan_to_num(x)))
    with pytest.raises(ValueError, match="negative.*row 1, column 0"):
        mt.shares([[1.0, 2.0], [-1.0, 3.0]])
    with pytest.raises(ValueError, match="infinite"):
        mt.rca([[1.0, np.inf], [1.0, 1.0]])
    with pytest.raises(ValueError, match="2-D"):
        mt.rca([1.0, 2.0])


# ----------------------------------------------------------------------------- shares, growth, LQ, HHI


def test_shares_rows_and_columns():
    x = np.array([[1.0, 3.0], [2.0, 2.0], [0.0, 0.0]])
    s = mt.shares(x)
    np.testing.assert_allclose(s[:2], [[0.25, 0.75], [0.5, 0.5]])
    assert np.isnan(s[2]).all()  # a region with nothing has no structure
    np.testing.assert_allclose(mt.shares(x, axis=0)[:, 0], [1 / 3, 2 / 3, 0.0])
    with pytest.raises(ValueError):
        mt.shares(x, axis=2)


@given(matrices())
def test_shares_sum_to_one_where_defined(x):
    for axis in (0, 1):
        s = mt.shares(x, axis=axis)
        totals = np.nansum(s, axis=axis)
        defined = x.sum(axis=axis) > 0
        np.testing.assert_allclose(totals[defined], 1.0, rtol=1e-12)
        assert np.isnan(s).all(axis=axis)[~defined].all()


def test_growth_simple_compound_and_undefined():
    np.testing.assert_allclose(mt.growth([100.0, 50.0], [110.0, 25.0]), [0.10, -0.5])
    np.testing.assert_allclose(mt.growth(100.0, 121.0, years=2), 0.10)
    g = mt.growth([0.0, -5.0, np.nan, 10.0], [1.0, 1.0, 1.0, np.nan])
    assert np.isnan(g).all()
    assert np.isnan(mt.growth(10.0, -1.0, years=2))
    assert mt.growth(10.0, -1.0) == pytest.approx(-1.1)
    with pytest.raises(ValueError):
        mt.growth(1.0, 2.0, years=0)


def test_location_quotient_known_values():
    # Region 0 holds 60 % of its activity in industry 0 vs 40 % overall.
    x = np.array([[60.0, 40.0], [20.0, 80.0]])
    lq = mt.location_quotient(x)
    np.testing.assert_allclose(lq, [[0.6 / 0.4, 0.4 / 0.6], [0.2 / 0.4, 0.8 / 0.6]])


@given(matrices(min_rows=1, max_rows=8))
def test_lq_of_a_region_identical_to_the_whole_is_one(x):
    # Append a region whose mix equals the whole's: its LQ is 1 wherever the industry exists.
    whole = x.sum(axis=0)
    lq = mt.location_quotient(np.vstack([x, whole * 0.37]))
    present = whole > 0
    np.testing.assert_allclose(lq[-1][present], 1.0, rtol=1e-12)
    assert np.isnan(lq[-1][~present]).all()


def test_lq_zero_row_and_column_are_undefined():
    lq = mt.location_quotient([[1.0, 0.0], [0.0, 0.0], [3.0, 0.0]])
    assert np.isnan(lq[1]).all() and np.isnan(lq[:, 1]).all()
    np.testing.assert_allclose(lq[[0, 2], 0], 1.0)


@given(matrices())
def test_lq_share_weighted_mean_is_one(x):
    # Σ_c (X_c / X) LQ_cp = 1 for every industry present somewhere (Balassa identity).
    lq = np.nan_to_num(mt.location_quotient(x))
    weights = x.sum(axis=1) / max(x.sum(), 1e-300)
    present = x.sum(axis=0) > 0
    np.testing.assert_allclose((weights @ lq)[present], 1.0, rtol=1e-9)


def test_hhi_bounds_and_extremes():
    x = np.array([[5.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]])
    h = mt.hhi(x)
    assert h[0] == pytest.approx(1.0)
    assert h[1] == pytest.approx(1 / 3)
    assert np.isnan(h[2])
    np.testing.assert_allclose(mt.hhi(x, axis=0), [(5 / 6) ** 2 + (1 / 6) ** 2, 1.0, 1.0])


@given(matrices())
def test_hhi_between_one_over_n_and_one(x):
    for axis in (0, 1):
        h = mt.hhi(x, axis=axis)
        n = x.shape[axis]
        ok = ~np.isnan(h)
        assert (h[ok] >= 1 / n - 1e-12).all() and (h[ok] <= 1 + 1e-12).all()


# ----------------------------------------------------------------------------- relatedness


def test_relatedness_small_hand_example():
    m = np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1]], dtype=np.int8)
    phi = mt.proximity(m)
    # k = (2, 3, 1); co-occurrences: (0,1)=2, (1,2)=1, (0,2)=0.
    np.testing.assert_allclose(phi, [[1, 2 / 3, 0], [2 / 3, 1, 1 / 3], [0, 1 / 3, 1]])
    d = mt.density(m, phi)
    # Region 0 lacks industry 2: related to it only through industry 1.
    assert d[0, 2] == pytest.approx((1 / 3) / (1 / 3 + 1))


def test_binary_m_threshold_and_nan():
    r = np.array([[0.99, 1.0, np.nan], [2.0, 0.0, 1.5]])
    np.testing.assert_array_equal(mt.binary_m(r), [[0, 1, 0], [1, 0, 1]])
    np.testing.assert_array_equal(mt.binary_m(r, threshold=1.6), [[0, 0, 0], [1, 0, 0]])
    assert mt.binary_m(r).dtype == np.int8


def test_industry_present_nowhere_is_related_to_nothing():
    m = np.array([[1, 0], [1, 0]], dtype=np.int8)
    phi = mt.proximity(m)
    np.testing.assert_array_equal(phi, [[1.0, 0.0], [0.0, 0.0]])
    np.testing.assert_array_equal(mt.density(m, phi)[:, 1], [0.0, 0.0])


def test_density_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="shapes"):
        mt.density(np.ones((3, 4)), np.ones((3, 3)))


@settings(max_examples=60)
@given(matrices(min_rows=2, max_rows=15, min_cols=2, max_cols=12), st.sampled_from([0.5, 1.0, 1.5]))
def test_proximity_and_density_properties(x, threshold):
    r = mt.relatedness(x, threshold=threshold)
    phi, d = r.phi, r.density
    assert np.allclose(phi, phi.T)
    assert (phi >= 0).all() and (phi <= 1 + 1e-12).all()
    k = r.m.sum(axis=0)
    np.testing.assert_array_equal(np.diagonal(phi), (k > 0).astype(float))
    assert not np.isnan(d).any()
    assert (d >= 0).all() and (d <= 1 + 1e-12).all()
    # A region specialised in everything has density 1 wherever the industry is related to anything.
    full = mt.density(np.ones((1, x.shape[1])), phi)
    np.testing.assert_allclose(full[0][phi.sum(axis=1) > 0], 1.0)


def test_related_contributors_explain_the_density():
    rng = np.random.default_rng(7)
    r = mt.relatedness(random_matrix(rng, 60, 15))
    c, p = np.argwhere(r.m == 0)[0]
    top = mt.related_contributors(r.m, r.phi, int(c), int(p), top=100)
    assert sum(t.contribution for t in top) == pytest.approx(r.density[c, p])
    assert all(r.m[c, t.industry_index] == 1 and t.industry_index != p for t in top)
    assert [t.contribution for t in top] == sorted((t.contribution for t in top), reverse=True)
    assert len(mt.related_contributors(r.m, r.phi, int(c), int(p), top=2)) <= 2
    # A present industry is not listed as its own contributor.
    c2, p2 = np.argwhere(r.m == 1)[0]
    assert all(t.industry_index != p2 for t in mt.related_contributors(r.m, r.phi, int(c2), int(p2)))


# ----------------------------------------------------------------------------- agreement with ecomplexity


def _long_frame(x):
    pd = pytest.importorskip("pandas")
    regions, industries = x.shape
    return pd.DataFrame(
        {
            "year": 2024,
            "region": np.repeat([f"R{c:04d}" for c in range(regions)], industries),
            "industry": np.tile([f"P{p:03d}" for p in range(industries)], regions),
            "output": x.ravel(),
        }
    )


@pytest.mark.parametrize("threshold", [1.0, 0.8])
def test_agrees_with_ecomplexity_to_1e_9(threshold):
    eco = pytest.importorskip("ecomplexity")
    rng = np.random.default_rng(2024)
    x = random_matrix(rng, 120, 40, fill=0.55)
    # ecomplexity drops all-zero regions and industries; keep none so the shapes match.
    x[:, 0] += 1.0
    x[0, :] += 1.0
    frame = _long_frame(x)
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        out = eco.ecomplexity(frame, COLS, rca_mcp_threshold=threshold, verbose=False, check_logsupermodularity=False)
        prox = eco.proximity(frame, COLS, rca_mcp_threshold=threshold)
    out = out.sort_values(["region", "industry"])
    prox = prox.sort_values(["industry_1", "industry_2"])
    ours = mt.relatedness(x, threshold=threshold)
    shape = x.shape
    assert np.abs(out["rca"].to_numpy().reshape(shape) - ours.rca).max() < 1e-9
    np.testing.assert_array_equal(out["mcp"].to_numpy().reshape(shape), ours.m)
    assert np.abs(prox["proximity"].to_numpy().reshape(shape[1], shape[1]) - ours.phi).max() < 1e-9
    assert np.abs(out["density"].to_numpy().reshape(shape) - ours.density).max() < 1e-9


def test_proximity_fast_path_is_exact_and_non_binary_input_uses_float64():
    rng = np.random.default_rng(11)
    m = (rng.random((5000, 60)) < 0.3).astype(np.int8)
    co = m.T.astype(np.float64) @ m.astype(np.float64)
    k = np.diagonal(co)
    expected = co / np.maximum.outer(k, k)
    np.testing.assert_array_equal(mt.proximity(m), expected)
    np.testing.assert_array_equal(mt.proximity(m.astype(bool)), expected)
    np.testing.assert_array_equal(mt.proximity(m.astype(np.float64)), expected)
    weighted = m * rng.random(m.shape) * 1e-3
    co = weighted.T @ weighted
    k = np.diagonal(co)
    np.testing.assert_allclose(mt.proximity(weighted), co / np.maximum.outer(k, k), rtol=1e-12)
