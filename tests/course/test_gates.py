"""gates.gate_values and gates.state_gradient_norms: the gates along a sequence and ||dh_T/dh_k|| for all three layers."""
import numpy as np
import pytest

import rnnlib as rl
from rnnlib.course import gates

LAYERS = {"RNN": rl.RNN, "LSTM": rl.LSTM, "GRU": rl.GRU}


def numerical_state_jacobian(layer, x, k, part=0, eps=1e-6):
    """dh_T/d(state part at step k) by central differences: restart at step k from the state reached there."""
    hs, cache = layer.forward(x)
    H = layer.hidden_size
    h_k = np.zeros(H) if k == 0 else hs[k - 1]
    state = [h_k]
    if isinstance(layer, rl.LSTM):
        state.append(np.zeros(H) if k == 0 else cache["steps"][k - 1]["c_t"][0])
    J = np.empty((H, H))
    for j in range(H):
        plus, minus = [s.copy() for s in state], [s.copy() for s in state]
        plus[part][j] += eps
        minus[part][j] -= eps
        run = lambda s: layer.forward(x[k:], tuple(s) if len(s) == 2 else s[0])[0][-1]  # noqa: E731
        J[:, j] = (run(plus) - run(minus)) / (2 * eps)
    return J


@pytest.mark.parametrize("kind", LAYERS)
@pytest.mark.parametrize("k", [0, 3, 7])
def test_state_gradient_norms_match_central_differences(kind, k):
    layer = LAYERS[kind](2, 4, seed=3)
    x = np.random.default_rng(4).normal(size=(8, 2))
    norms = gates.state_gradient_norms(layer, x)
    J = numerical_state_jacobian(layer, x, k)
    assert norms["h"][k] == pytest.approx(np.linalg.norm(J, 2), rel=1e-6)
    if kind == "LSTM":
        Jc = numerical_state_jacobian(layer, x, k, part=1)
        assert norms["c"][k] == pytest.approx(np.linalg.norm(Jc, 2), rel=1e-6)


@pytest.mark.parametrize("kind", LAYERS)
def test_state_gradient_norms_end_at_the_identity(kind):
    norms = gates.state_gradient_norms(LAYERS[kind](1, 3, seed=0), np.ones((5, 1)))
    assert norms["h"].shape == (6,) and norms["h"][-1] == 1.0
    assert set(norms) == ({"h", "c"} if kind == "LSTM" else {"h"})


def test_lstm_with_forget_gate_open_keeps_the_gradient_on_its_cell():
    lstm = rl.LSTM(1, 2, seed=0)
    f = lstm.gate("f")
    f["W_xf"][...], f["W_hf"][...], f["b_f"][...] = 0.0, 0.0, 30.0
    norms = gates.state_gradient_norms(lstm, np.zeros((40, 1)))
    rnn_norms = gates.state_gradient_norms(rl.RNN(1, 2, seed=0), np.zeros((40, 1)))
    assert norms["c"][0] > 0.5 * norms["c"][30] > 0  # dc_T/dc_k = prod f = 1: no decay along the cell
    assert rnn_norms["h"][0] < 1e-3


@pytest.mark.parametrize("kind, names", [("LSTM", {"i", "f", "g", "o", "c", "h"}), ("GRU", {"r", "z", "n", "h"}),
                                         ("RNN", {"a", "h"})])
def test_gate_values_name_every_gate_and_match_forward(kind, names):
    layer = LAYERS[kind](2, 3, seed=1)
    x = np.random.default_rng(2).normal(size=(6, 2))
    values = gates.gate_values(layer, x)
    assert set(values) == names and all(v.shape == (6, 3) for v in values.values())
    np.testing.assert_array_equal(values["h"], layer.forward(x)[0])
    for gate in set(layer.gates) - {"g", "n"}:
        assert ((values[gate] > 0) & (values[gate] < 1)).all()


def test_gate_values_lstm_cell_follows_its_equation():
    values = gates.gate_values(rl.LSTM(2, 3, seed=1), np.random.default_rng(2).normal(size=(6, 2)))
    c_prev = np.vstack([np.zeros(3), values["c"][:-1]])
    np.testing.assert_allclose(values["c"], values["f"] * c_prev + values["i"] * values["g"], rtol=1e-12)
    np.testing.assert_allclose(values["h"], values["o"] * np.tanh(values["c"]), rtol=1e-12)


def test_gate_values_of_a_batch_are_the_values_of_each_sequence():
    layer, x = rl.LSTM(2, 3, seed=1), np.random.default_rng(3).normal(size=(5, 4, 2))
    batch = gates.gate_values(layer, x)
    for b in range(4):
        one = gates.gate_values(layer, x[:, b])
        for name, v in one.items():
            np.testing.assert_allclose(batch[name][:, b], v, rtol=1e-12)


def test_state_gradient_norms_want_one_sequence():
    with pytest.raises(ValueError, match=r"one sequence"):
        gates.state_gradient_norms(rl.GRU(2, 3, seed=0), np.zeros((4, 2, 2)))


@pytest.mark.parametrize("fn", [gates.gate_values, gates.state_gradient_norms])
def test_gate_functions_want_a_recurrent_layer(fn):
    with pytest.raises(TypeError, match="rl.RNN, rl.LSTM or rl.GRU"):
        fn(rl.Dense(2, 3), np.zeros((4, 2)))


def test_gate_traces_colour_each_gate_as_the_diagrams_do_and_visible_on_white():
    import matplotlib
    matplotlib.use("Agg")
    from rnnlib.course.colours import GATE_COLOURS, contrast, readable
    from rnnlib.course.plotting import gate_traces
    x = np.random.default_rng(0).normal(size=(8, 2))
    for layer, kind, panels in ((rl.LSTM(2, 3, seed=0), "LSTM", ("ifo", "gch")), (rl.GRU(2, 3, seed=0), "GRU", ("rz", "nh"))):
        fig, axes = gate_traces(gates.gate_values(layer, x), 1, kind=kind)
        for ax, names in zip(axes, panels):
            colours = [line.get_color() for line in ax.lines[:len(names)]]  # then the zero line
            assert colours == [readable(GATE_COLOURS[n], ratio=3.0) for n in names]
            assert all(contrast(c, "#ffffff") >= 3.0 for c in colours)
        matplotlib.pyplot.close(fig)


def test_adding_problem_curves_colour_each_model_by_its_course_colour():
    import matplotlib
    matplotlib.use("Agg")
    from rnnlib.course.colours import readable
    from rnnlib.course.plotting import MODEL_COLOURS, adding_problem_curves
    runs = [{"kind": kind, "loss": np.linspace(1, 0.1, 30), "baseline_mse": 0.04, "seq_len": 10} for kind in ("gru", "rnn")]
    fig, ax = adding_problem_curves(runs, window=5)
    assert [line.get_color() for line in ax.lines[:2]] == [readable(MODEL_COLOURS[k], ratio=3.0) for k in ("GRU", "RNN")]
    matplotlib.pyplot.close(fig)
