"""Notebook 03's claims about the sum over paths, re-checked with the notebook's seed (0) and two others (the other
03 claims are in test_nb03_04_claims.py)."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import bptt

SEEDS = [0, 1, 2]


@pytest.mark.parametrize("seed", SEEDS)
def test_nb03_the_sum_over_paths_is_dL_dh_t_and_the_far_loss_arrives_faint(seed):
    layer = rl.RNN(2, 5, seed=seed)
    rng = np.random.default_rng(seed)
    x_seq, dL_dh_partial = rng.standard_normal((8, 2)), rng.standard_normal((8, 5))
    trace = bptt.bptt_trace(layer, x_seq, dL_dh_partial)
    paths = bptt.path_terms(layer, x_seq, dL_dh_partial)
    assert np.abs(paths.sum(axis=1) - trace["total"]).max() < 1e-12
    J = {j: np.diag(1 - trace["h"][j - 1] ** 2) @ layer.params["W_hh"] for j in (4, 5, 6)}
    np.testing.assert_allclose(dL_dh_partial[5] @ J[6] @ J[5] @ J[4], paths[2, 5], rtol=1e-12, atol=0)
    sizes = np.linalg.norm(paths[2], axis=1)  # the paths from L_1..L_8 to h_3
    assert sizes[7] < 0.1 * sizes[2]
