"""Notebook 08's layers: Stacked, Bidirectional and AdditiveAttention, each gradient-checked against central
differences in float64 (relative error below 1e-7), plus their shapes, states and bad-input messages."""
import numpy as np
import pytest

import rnnlib as rl
from layer_cases import make_layer

KINDS = ("rnn", "lstm", "gru")


def stacked(kinds, D=3, sizes=(4, 5), seed=0):
    sizes = [D, *sizes]
    return rl.Stacked([make_layer(k, sizes[l], sizes[l + 1], seed=seed + l) for l, k in enumerate(kinds)])


@pytest.mark.parametrize("kinds", [("rnn", "rnn"), ("lstm", "gru"), ("gru", "lstm", "rnn")], ids="-".join)
def test_stacked_backward_matches_numerical_gradient(kinds):
    model = stacked(kinds, sizes=(4, 5, 3)[:len(kinds)])
    x = np.random.default_rng(1).standard_normal((5, 2, 3))
    state = tuple(np.random.default_rng(2).standard_normal(p.shape) for p in model.zero_state(2))
    errors = rl.check_layer(model, x, state)
    assert max(errors.values()) < 1e-7, errors
    assert {f"state0[{k}]" for k in range(model.state_size)} <= set(errors)


@pytest.mark.parametrize("kinds", [("rnn", "rnn"), ("lstm", "gru"), ("gru", "lstm")], ids="-".join)
def test_bidirectional_backward_matches_numerical_gradient(kinds):
    model = rl.Bidirectional(make_layer(kinds[0], 3, 4, seed=0), make_layer(kinds[1], 3, 2, seed=1))
    x = np.random.default_rng(1).standard_normal((6, 2, 3))
    state = tuple(np.random.default_rng(2).standard_normal(p.shape) for p in model.zero_state(2))
    errors = rl.check_layer(model, x, state)
    assert max(errors.values()) < 1e-7, errors


def test_a_stack_of_bidirectional_layers_matches_numerical_gradient():
    bi1 = rl.Bidirectional(make_layer("gru", 3, 3, seed=0), make_layer("gru", 3, 3, seed=1))
    bi2 = rl.Bidirectional(make_layer("rnn", 6, 2, seed=2), make_layer("lstm", 6, 2, seed=3))
    model = rl.Stacked([bi1, bi2])
    errors = rl.check_layer(model, np.random.default_rng(0).standard_normal((4, 2, 3)))
    assert max(errors.values()) < 1e-7, errors


def test_stacked_layer_one_is_the_layer_alone_and_layer_two_reads_its_states():
    model = stacked(("gru", "rnn"))
    x = np.random.default_rng(0).standard_normal((7, 3, 3))
    hs, cache = model.forward(x)
    h1, _ = model.layers[0].forward(x)
    h2, _ = model.layers[1].forward(h1)
    np.testing.assert_allclose(hs, h2)
    assert hs.shape == (7, 3, 5) and set(model.params) == {"W_x^(1)", "W_h^(1)", "b_x^(1)", "b_h^(1)",
                                                           "W_xh^(2)", "W_hh^(2)", "b_h^(2)"}
    assert model.num_params == model.layers[0].num_params + model.layers[1].num_params


def test_bidirectional_backward_half_is_the_layer_on_the_reversed_sequence():
    fwd, bwd = make_layer("rnn", 3, 4, seed=0), make_layer("rnn", 3, 2, seed=1)
    model = rl.Bidirectional(fwd, bwd)
    x = np.random.default_rng(0).standard_normal((6, 3))  # one sequence (T, D)
    hs, cache = model.forward(x)
    assert hs.shape == (6, 6)
    np.testing.assert_allclose(hs[:, :4], fwd.forward(x)[0])
    np.testing.assert_allclose(hs[:, 4:], bwd.forward(x[::-1])[0][::-1])
    # h_1^bwd has read the whole sequence; changing x_T changes it, but never h_1^fwd
    x2 = x.copy()
    x2[-1] += 1
    hs2, _ = model.forward(x2)
    assert np.allclose(hs2[0, :4], hs[0, :4]) and not np.allclose(hs2[0, 4:], hs[0, 4:])


def test_stacked_and_bidirectional_train_with_fit_inside_a_model():
    model = stacked(("gru", "gru"))
    x = np.random.default_rng(0).standard_normal((5, 4, 3))
    hs, cache = model.forward(x)
    grads, dx, _ = model.backward(np.ones_like(hs), cache)
    assert set(grads) == set(model.params) and dx.shape == x.shape


def test_stacked_rejects_layers_whose_sizes_do_not_chain():
    with pytest.raises(ValueError, match=r"layers\[1\].input_size must equal layers\[0\].hidden_size = 4"):
        rl.Stacked([rl.RNN(3, 4), rl.RNN(5, 2)])
    with pytest.raises(ValueError, match="at least one"):
        rl.Stacked([])


def test_bidirectional_rejects_layers_with_different_inputs_and_bad_states():
    with pytest.raises(ValueError, match="backward_layer.input_size must equal forward_layer.input_size = 3"):
        rl.Bidirectional(rl.RNN(3, 4), rl.RNN(2, 4))
    model = rl.Bidirectional(rl.LSTM(3, 4), rl.RNN(3, 2))
    with pytest.raises(TypeError, match="tuple of 3 arrays"):
        model.forward(np.zeros((2, 1, 3)), np.zeros((1, 4)))


# ----- attention --------------------------------------------------------------------------------------
def attention_case(S=5, B=3, H=4, E=6, A=7, seed=0):
    rng = np.random.default_rng(seed)
    att = rl.AdditiveAttention(H, E, A, seed=seed)
    return att, rng.standard_normal((B, H)), rng.standard_normal((S, B, E)), rng


@pytest.mark.parametrize("S, B", [(1, 1), (5, 3), (9, 2)])
def test_attention_backward_matches_numerical_gradient(S, B):
    att, h_prev, s, rng = attention_case(S, B)
    w_c, w_alpha = rng.standard_normal((B, 6)), rng.standard_normal((S, B))

    def loss():
        c_t, alpha, _ = att.forward(h_prev, s)
        return float(np.sum(w_c * c_t) + np.sum(w_alpha * alpha))

    _, _, cache = att.forward(h_prev, s)
    grads, dh_prev, ds = att.backward(w_c, cache, w_alpha)
    errors = rl.check_gradients(loss, dict(att.params, h_prev=h_prev, s=s), dict(grads, h_prev=dh_prev, s=ds))
    assert max(errors.values()) < 1e-7, errors


def test_attention_weights_are_a_softmax_over_the_source_and_c_is_their_average():
    att, h_prev, s, _ = attention_case()
    c_t, alpha, _ = att.forward(h_prev, s)
    p = att.params
    e = np.stack([np.tanh(h_prev @ p["W_a"].T + s[k] @ p["U_a"].T) @ p["v"] for k in range(s.shape[0])])
    np.testing.assert_allclose(alpha, np.exp(e) / np.exp(e).sum(axis=0))
    np.testing.assert_allclose(alpha.sum(axis=0), 1.0)
    np.testing.assert_allclose(c_t, sum(alpha[k][:, None] * s[k] for k in range(s.shape[0])))
    assert att.num_params == 7 * 4 + 7 * 6 + 7


def test_attention_checks_name_the_argument_and_the_shapes():
    att, h_prev, s, _ = attention_case()
    with pytest.raises(ValueError, match=r"h_prev must have shape \(B, 4\)"):
        att.check_inputs(np.zeros((3, 5)), s)
    with pytest.raises(ValueError, match=r"s must have shape \(S, 3, 6\)"):
        att.check_inputs(h_prev, np.zeros((5, 2, 6)))
