"""Figures of notebooks 01-02: the unrolled graph (matplotlib and SVG), layers -> recurrent, h_t heatmaps, the five
shapes of use with their targets and losses, and the parameter count of what is drawn."""
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import rnnlib as rl
from rnnlib.course import plotting, widgets  # noqa: E402
from rnnlib.course import sentiment, seq2seq, text  # noqa: E402
from rnnlib.course.plotting.shapes_of_use import SHAPE_NAMES, SHAPES, shape_layout  # noqa: E402
from rnnlib.course.plotting.unrolled import (WEIGHT_COLOURS, hidden_layer_params, parameter_count,  # noqa: E402
                                             unrolled_layout)
from rnnlib.course.widgets.svg import graph_svg  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("T", [1, 3, 8])
def test_unrolled_graph_has_one_edge_per_weight_per_step(T):
    fig, ax, graph = plotting.unrolled_graph(T)
    assert isinstance(fig, plt.Figure) and ax.get_title().startswith(f"Unrolled over T = {T}")
    assert len(graph["nodes"]) == 3 * T + 1  # x_1..x_T, h_0..h_T, y_1..y_T
    for weight in ("W_xh", "W_hh", "W_hy"):
        edges = [e for e in graph["edges"] if e["weight"] == weight]
        assert [e["step"] for e in edges] == list(range(1, T + 1))
    hh = [(e["from"], e["to"]) for e in graph["edges"] if e["weight"] == "W_hh"]
    assert hh == [(f"h_{t - 1}", f"h_{t}") for t in range(1, T + 1)]
    # every label drawn on the axes comes from the graph
    drawn = {text.get_text() for text in ax.texts}
    assert {e["label"] for e in graph["edges"]} <= drawn and "$h_{0}$" in drawn


def test_unrolled_graph_shared_weights_look_the_same_at_every_step():
    _, _, graph = plotting.unrolled_graph(5)
    for weight, colour in WEIGHT_COLOURS.items():
        edges = [e for e in graph["edges"] if e["weight"] == weight]
        assert {e["colour"] for e in edges} == {colour} and len({e["label"] for e in edges}) == 1


def test_unrolled_graph_separate_weights_look_different_at_every_step():
    _, _, graph = plotting.unrolled_graph(4, shared=False, outputs=False)
    hh = [e for e in graph["edges"] if e["weight"] == "W_hh"]
    assert len({e["colour"] for e in hh}) == 4 and [e["label"] for e in hh][1] == "$W_{hh}^{(2)}$"
    assert not any(e["weight"] == "W_hy" for e in graph["edges"]) and "y_1" not in graph["nodes"]


@pytest.mark.parametrize("T", [0, 13, 2.0, True])
def test_unrolled_graph_rejects_a_T_it_cannot_draw(T):
    with pytest.raises(ValueError, match="T must be a whole number from 1 to 12"):
        unrolled_layout(T)


def test_folded_graph_has_the_loop_on_h():
    _, ax, graph = plotting.folded_graph()
    assert {"from": "h_t", "to": "h_t"}.items() <= next(e for e in graph["edges"] if e["weight"] == "W_hh").items()
    assert ax.get_title() == "The recurrent layer: one cell and a loop"


@pytest.mark.parametrize("D, H, L", [(28, 16, 3), (10, 20, 5), (1, 1, 1)])
def test_layers_to_recurrent_counts_match_the_arrays_of_real_layers(D, H, L):
    fig, axes, counts = plotting.layers_to_recurrent(D, H, L)
    separate = sum(p.size for k in range(L) for p in rl.RNN(D, H, seed=k).params.values())
    assert counts == {"separate": separate, "shared": rl.RNN(D, H, seed=0).num_params}
    assert len(axes) == 3 and f"{counts['separate']:,} parameters" in axes[0].get_title()
    assert f"{counts['shared']:,} parameters" in axes[1].get_title() and f"{counts['shared']:,}" in axes[2].get_title()
    assert hidden_layer_params(D, H, L, shared=False) == L * hidden_layer_params(D, H, L, shared=True)


def test_hidden_state_heatmap_shows_the_states_transposed_on_a_fixed_scale():
    rng = np.random.default_rng(0)
    lemon, melon = np.tanh(rng.normal(size=(5, 4))), np.tanh(rng.normal(size=(6, 4)))
    fig, axes = plotting.hidden_state_heatmap([lemon, melon], ["lemon", "melons"])
    assert len(axes) == 2
    for ax, h, word in zip(axes, (lemon, melon), ("lemon", "melons")):
        image = ax.images[0]
        np.testing.assert_array_equal(image.get_array(), h.T)
        assert image.get_clim() == (-1.0, 1.0) and image.get_cmap().name == plotting.DIVERGING_CMAP
        assert [t.get_text() for t in ax.get_xticklabels()] == [f"{c}\n{t}" for t, c in enumerate(word, start=1)]
        assert ax.get_xlabel() == "input $x_t$ and step t"
    assert axes[0].get_ylabel() == "hidden unit" and len(fig.axes) == 3  # two panels and the colour bar


def test_hidden_state_heatmap_accepts_one_array_and_rejects_mismatched_labels():
    fig, axes = plotting.hidden_state_heatmap(np.zeros((3, 2)), "abc")
    assert len(axes) == 1 and axes[0].get_title() == "input: 'abc'"
    with pytest.raises(ValueError, match=r"states\[0\] must have shape \(T, H\) with T = len\(labels\[0\]\) = 2"):
        plotting.hidden_state_heatmap(np.zeros((3, 2)), "ab")


@pytest.mark.parametrize("shared", [True, False])
def test_graph_svg_draws_every_edge_of_the_layout(shared):
    graph = unrolled_layout(4, shared=shared)
    svg = graph_svg(graph, title="four steps")
    assert svg.startswith("<svg") and svg.endswith("</svg>") and "four steps" in svg
    assert svg.count("<line ") == len(graph["edges"]) == 12 and svg.count("<rect ") == len(graph["nodes"])
    assert svg.count('data-weight="W_hh"') == 4
    assert len({e["colour"] for e in graph["edges"]}) == (3 if shared else 4)


def test_graph_svg_shrinks_to_the_notebook_width_instead_of_scrolling():
    svg = graph_svg(unrolled_layout(12))
    width, height = re.search(r'<svg [^>]*width="(\d+)" height="(\d+)"', svg).groups()
    assert int(width) > 848  # wider than a JupyterLab output area ...
    assert f'viewBox="0 0 {width} {height}"' in svg and "max-width:100%" in svg  # ... so it scales down to fit


def test_unrolled_view_redraws_for_each_T_and_for_separate_weights():
    view = widgets.UnrolledGraphView(2)
    assert "rnn-unrolled" in view.box._dom_classes and view.view.value.count("<line ") == 6
    view.slider.value = 7
    assert view.graph["T"] == 7 and view.view.value.count("<line ") == 21
    view.shared.value = False
    assert view.graph["shared"] is False and "separate layers" in view.view.value


def test_unrolled_view_counts_the_parameters_it_draws_like_the_real_arrays():
    D, H, K = 3, 5, 2
    one_step = rl.SequenceModel(rl.RNN(D, H, seed=0), K, seed=0).num_params
    view = widgets.UnrolledGraphView(4, sizes=(D, H, K))
    assert view.count == one_step and f"{one_step:,} parameters" in view.view.value
    view.shared.value = False  # a W_xh, W_hh, b_h and a read-out W_hy, b_y of its own at every step
    separate = sum(rl.SequenceModel(rl.RNN(D, H, seed=t), K, seed=t).num_params for t in range(4))
    assert view.count == separate == 4 * one_step and f"{separate:,} parameters" in view.view.value
    assert "parameters" not in widgets.UnrolledGraphView(4).view.value  # no sizes, no count


@pytest.mark.parametrize("D, H, K, T", [(3, 5, 2, 1), (28, 16, 28, 7), (1, 1, 1, 12)])
def test_parameter_count_of_a_drawn_graph_matches_the_model(D, H, K, T):
    model = rl.SequenceModel(rl.RNN(D, H, seed=0), K, seed=0)
    assert parameter_count(unrolled_layout(T), D, H, K) == model.num_params
    assert parameter_count(unrolled_layout(T, shared=False), D, H, K) == T * model.num_params
    assert parameter_count(unrolled_layout(T, outputs=False), D, H, K) == model.core.num_params


def _incoming(graph, node, weight=None):
    return [e for e in graph["edges"] if e["to"] == node and (weight is None or e["weight"] == weight)]


@pytest.mark.parametrize("shape", SHAPES)
def test_every_loss_compares_one_output_with_its_target(shape):
    graph = shape_layout(shape, 4, 3)
    kinds = graph["kinds"]
    losses = [n for n, k in kinds.items() if k == "L"]
    assert losses and len(losses) == sum(k == "y" for k in kinds.values()) == sum(k == "target" for k in kinds.values())
    for L in losses:
        t = L.split("_")[1]
        assert sorted(e["from"] for e in _incoming(graph, L, "loss")) == [f"target_{t}", f"y_{t}"]
        assert graph["nodes"][f"target_{t}"][1] > graph["nodes"][L][1] > graph["nodes"][f"y_{t}"][1]  # target on top
    labelled = [e["weight"] for e in graph["edges"] if e["label"]]
    assert len(labelled) == len(set(labelled)), "each weight is labelled once per panel, its colour says the rest"


def test_each_shape_puts_inputs_and_losses_where_training_does():
    one, gen, read, aligned, encdec = (shape_layout(shape, 4, 3) for shape in SHAPES)

    def count(graph, prefix):
        return sum(name.startswith(prefix) for name in graph["nodes"])

    assert (count(one, "x_"), count(one, "L_"), count(one, "h_")) == (1, 1, 1)  # no h_0: no recurrence
    assert not any(e["weight"] == "W_hh" for e in one["edges"])
    assert (count(gen, "x_"), count(gen, "L_")) == (1, 4)
    fed = [(e["from"], e["to"]) for e in gen["edges"] if e["weight"] == "fed back"]
    assert fed == [(f"y_{t - 1}", f"h_{t}") for t in range(2, 5)] and all(
        e["dashed"] for e in gen["edges"] if e["weight"] == "fed back")
    assert (count(read, "x_"), count(read, "L_")) == (4, 1) and "L_4" in read["nodes"]  # the loss after the last step
    assert count(aligned, "x_") == count(aligned, "L_") == 4
    assert (count(encdec, "x_"), count(encdec, "x'_"), count(encdec, "L_")) == (4, 3, 3)
    assert [e["from"] for e in _incoming(encdec, "h_1", "W'_hh")] == ["s_4"]  # the decoder starts from h_0 = s_S
    assert not any(e["from"].startswith("s_") and e["weight"] == "W_hy" for e in encdec["edges"])  # no encoder output
    encoder = {e["colour"] for e in encdec["edges"] if e["weight"] in ("W_xh", "W_hh")}
    decoder = {e["colour"] for e in encdec["edges"] if e["weight"] in ("W'_xh", "W'_hh")}
    assert len(encoder) == len(decoder) == 2 and not encoder & decoder  # two RNNs, two sets of colours


def test_the_detail_panel_shows_tanh_and_both_biases():
    graph = shape_layout("many_to_many", 3, detail=True)
    assert all("tanh" in graph["labels"][f"h_{t}"] for t in (1, 2, 3)) and "tanh" not in graph["labels"]["h_0"]
    assert [e["from"] for e in _incoming(graph, "h_1") if e["weight"] == "b_h"] == ["b_h"]
    assert [e["from"] for e in _incoming(graph, "y_1") if e["weight"] == "b_y"] == ["b_y"]
    assert "b_h" not in shape_layout("many_to_many", 3)["nodes"]


@pytest.mark.parametrize("args, words", [(("two_to_one",), "shape must be one of"),
                                         (("many_to_one", 0), "T must be a whole number from 1 to 8"),
                                         (("encoder_decoder", 3, 9), "T_out must be a whole number")])
def test_shape_layout_rejects_what_it_cannot_draw(args, words):
    with pytest.raises(ValueError, match=words):
        shape_layout(*args)


def test_shape_examples_come_from_the_course_tasks():
    examples = plotting.shape_examples()
    assert set(examples) == set(SHAPES)
    review = examples["many_to_one"]
    assert review["targets"] == [["negative", "positive"][sentiment.label_sentence(" ".join(review["inputs"]))]]
    assert "not" in review["inputs"]
    word = examples["many_to_many"]
    assert "".join(word["inputs"]) in text.ANAGRAMS and word["targets"] == word["inputs"][1:] + [text.END]
    pair = examples["encoder_decoder"]
    source, digits = seq2seq.translate([int("".join(pair["targets"][:-1]))])
    assert pair["inputs"] == source.split() and pair["decoder_inputs"][1:] == pair["targets"][:-1]


def test_shapes_of_use_draws_five_panels_with_the_examples_tokens():
    examples = plotting.shape_examples()
    fig, axes, graphs = plotting.shapes_of_use(examples)
    assert set(axes) == set(graphs) == set(SHAPES) and len(fig.axes) == 5
    for shape, ax in axes.items():
        drawn = {t.get_text() for t in ax.texts}
        assert ax.get_title(loc="left").startswith(SHAPE_NAMES[shape])
        assert {f"'{token}'" for token in examples[shape]["inputs"] if token != " "} <= drawn
        assert {e["label"] for e in graphs[shape]["edges"] if e["label"]} <= drawn
    assert "'negative'" in {t.get_text() for t in axes["many_to_one"].texts}
    assert "state" in {t.get_text() for t in axes["one_to_one"].texts}  # rows named on the left of each figure row
    assert "state" not in {t.get_text() for t in axes["many_to_one"].texts}
