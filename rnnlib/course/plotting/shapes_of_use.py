"""Notebook 02: the five shapes of use (one-to-one, one-to-many, many-to-one, many-to-many aligned, encoder-decoder)
drawn unrolled, each with the targets and per-step losses L_t where training puts them, and a real example from the
course's own tasks. Drawn in the visual language of `unrolled.py` (its node boxes, arrows and weight colours).

Every drawing returns its `graph` dict (nodes, kinds, labels and edges), so a notebook or a test can assert what
the figure shows.
"""
import textwrap

import matplotlib.pyplot as plt

from ..colours import MUTED
from .unrolled import WEIGHT_COLOURS, _edge, _node

SHAPES = ("one_to_one", "one_to_many", "many_to_one", "many_to_many", "encoder_decoder")
SHAPE_NAMES = {"one_to_one": "one-to-one", "one_to_many": "one-to-many", "many_to_one": "many-to-one",
               "many_to_many": "many-to-many, aligned", "encoder_decoder": "encoder-decoder"}
ROWS = {"x": 0.0, "h": 1.0, "y": 2.0, "L": 3.0, "target": 4.0}  # inputs at the bottom, targets at the top
ROW_NAMES = {"x": "input", "h": "state", "y": "output", "L": "loss", "target": "target"}
# the decoder of an encoder-decoder is a second RNN with its own weights, W'_xh and W'_hh: colours of their own
DECODER_COLOURS = {"W'_xh": "#56B4E9", "W'_hh": "#CC79A7"}
FILLS = {"x": "#f2f2f2", "h": "#fde9c9", "s": "#fde9c9", "y": "#dcefe6", "L": "#f3dde8", "target": "#e1ecf7",
         "b": "#ffffff"}
LOSS_COLOUR, FEEDBACK_COLOUR = MUTED, "#000000"


def _weight_tex(weight):
    """'W_hh' -> '$W_{hh}$', "W'_hh" -> "$W'_{hh}$", 'b_h' -> '$b_{h}$'."""
    name, sub = weight.split("_")
    return f"${name}_{{{sub}}}$"


def shape_layout(shape, T=3, T_out=3, *, detail=False):
    """Where every node of one shape of use goes, with the targets and per-step losses L_t that training adds
    (no drawing).

    Args:
        shape: one of SHAPES; T: steps, 1..8 (one-to-one draws one step; one-to-many has one input and T
            outputs; the encoder-decoder's encoder reads T inputs); T_out: the decoder's steps, 1..8;
        detail: draw tanh in the state boxes and the biases b_h, b_y entering step 1.
    Returns:
        graph: {"shape", "nodes": {name: (x, y)}, "labels": {name: mathtext}, "kinds": {name: "x", "h", "s", "y",
        "L", "target" or "b"}, "edges": [{"from", "to", "weight" (W_xh, W_hh, W_hy, W'_xh, W'_hh, b_h, b_y,
        "loss" or "fed back"), "step", "label" (mathtext on one arrow per weight, else ""), "colour",
        "dashed"}]}. State h_t (the decoder's too) sits at x = t; the encoder's states are s_1..s_T.
    """
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {SHAPES}; got {shape!r}")
    for name, value in (("T", T), ("T_out", T_out)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 8:
            raise ValueError(f"{name} must be a whole number from 1 to 8 (wider graphs do not fit); got {value!r}")
    nodes, labels, kinds, edges = {}, {}, {}, []

    def node(name, kind, x, label):
        nodes[name], kinds[name], labels[name] = (float(x), ROWS["h" if kind == "s" else kind]), kind, label

    def edge(a, b, weight, step, colour, dashed=False):
        first = not any(e["weight"] == weight for e in edges)  # each weight labelled once: its colour says the rest
        label = "" if weight == "loss" or not first else "fed back" if weight == "fed back" else _weight_tex(weight)
        edges.append({"from": a, "to": b, "weight": weight, "step": step, "label": label, "colour": colour,
                      "dashed": dashed})

    def read_out(t, x):  # y_t from h_t, and the loss L_t that compares it with the target
        node(f"y_{t}", "y", x, f"$y_{{{t}}}$")
        node(f"L_{t}", "L", x, f"$L_{{{t}}}$")
        node(f"target_{t}", "target", x, f"target$_{{{t}}}$")
        edge(f"h_{t}", f"y_{t}", "W_hy", t, WEIGHT_COLOURS["W_hy"])
        edge(f"y_{t}", f"L_{t}", "loss", t, LOSS_COLOUR)
        edge(f"target_{t}", f"L_{t}", "loss", t, LOSS_COLOUR)

    def state(t, x, prev):
        node(f"h_{t}", "h", x, f"$h_{{{t}}}$\n$\\tanh$" if detail else f"$h_{{{t}}}$")
        if prev is not None:
            edge(prev, f"h_{t}", "W_hh", t, WEIGHT_COLOURS["W_hh"])

    if shape == "one_to_one":
        node("x_1", "x", 1, "$x_{1}$")
        state(1, 1, None)  # no step before it, no recurrence: a feedforward net
        edge("x_1", "h_1", "W_xh", 1, WEIGHT_COLOURS["W_xh"])
        read_out(1, 1)
    elif shape == "encoder_decoder":
        node("s_0", "s", 0, "$s_{0}$")
        for t in range(1, T + 1):  # the encoder reads x_1..x_T into s_1..s_T
            node(f"x_{t}", "x", t, f"$x_{{{t}}}$")
            node(f"s_{t}", "s", t, f"$s_{{{t}}}$")
            edge(f"x_{t}", f"s_{t}", "W_xh", t, WEIGHT_COLOURS["W_xh"])
            edge(f"s_{t - 1}", f"s_{t}", "W_hh", t, WEIGHT_COLOURS["W_hh"])
        for t in range(1, T_out + 1):  # the decoder starts from h_0 = s_T; its input is the previous target
            x = T + t
            node(f"x'_{t}", "x", x, f"$x'_{{{t}}}$")
            node(f"h_{t}", "h", x, f"$h_{{{t}}}$")
            edge(f"x'_{t}", f"h_{t}", "W'_xh", t, DECODER_COLOURS["W'_xh"])
            edge(f"s_{T}" if t == 1 else f"h_{t - 1}", f"h_{t}", "W'_hh", t, DECODER_COLOURS["W'_hh"])
            read_out(t, x)
    else:
        node("h_0", "h", 0, "$h_{0}$")
        inputs = 1 if shape == "one_to_many" else T
        for t in range(1, T + 1):
            if t <= inputs:
                node(f"x_{t}", "x", t, f"$x_{{{t}}}$")
            state(t, t, f"h_{t - 1}")
            if t <= inputs:
                edge(f"x_{t}", f"h_{t}", "W_xh", t, WEIGHT_COLOURS["W_xh"])
            if shape != "many_to_one" or t == T:
                read_out(t, t)
            if shape == "one_to_many" and t > 1:  # generating: the last output is the next input
                edge(f"y_{t - 1}", f"h_{t}", "fed back", t, FEEDBACK_COLOUR, dashed=True)
    for weight in ("W_xh", "W'_xh", "W_hy", "fed back"):  # labelled at the last step, clear of W_hh's label
        arrows = [e for e in edges if e["weight"] == weight]
        if arrows:
            label, arrows[0]["label"] = arrows[0]["label"], ""
            arrows[-1]["label"] = label
    if detail:
        first_state = "h_1" if "h_1" in nodes and shape != "encoder_decoder" else "s_1"
        nodes["b_h"], kinds["b_h"], labels["b_h"] = (0.4, 0.45), "b", "$b_{h}$"
        edges.append({"from": "b_h", "to": first_state, "weight": "b_h", "step": 1, "label": "",
                      "colour": MUTED, "dashed": False})
        if "y_1" in nodes:
            nodes["b_y"], kinds["b_y"], labels["b_y"] = (0.45, 2.0), "b", "$b_{y}$"
            edges.append({"from": "b_y", "to": "y_1", "weight": "b_y", "step": 1, "label": "", "colour": MUTED,
                          "dashed": False})
    return {"shape": shape, "nodes": nodes, "labels": labels, "kinds": kinds, "edges": edges}


def shape_examples():
    """One real example per shape of use, taken from the course's own tasks (computed here, not typed in).

    Returns:
        {shape: {"task": where the course uses it, "inputs": [tokens], "targets": [tokens]}}; the
        encoder-decoder's also has "decoder_inputs" (the previous target symbol, as notebook 08 feeds it).
    """
    from .. import charmodel, sentiment, seq2seq, text  # the tasks; imported here, so plotting loads without them

    word = text.ANAGRAMS[4]  # "lemon"
    corpus = charmodel.load_corpus()
    review = "the film was not good"
    verdict = "positive" if sentiment.label_sentence(review) == 1 else "negative"
    source, digits = seq2seq.translate([42])
    end = seq2seq.TARGET_SYMBOLS[seq2seq.END]
    return {
        "one_to_one": {"task": "01: one letter in, the next out",
                       "inputs": [word[0]], "targets": [word[1]]},
        "one_to_many": {"task": "07: writing text from one letter",
                        "inputs": [corpus[0]], "targets": list(corpus[1:5])},
        "many_to_one": {"task": "07: sentiment of a review", "inputs": sentiment.tokenize(review),
                        "targets": [verdict]},
        "many_to_many": {"task": "01: the next letter at every step", "inputs": list(word),
                         "targets": list(word[1:]) + [text.END]},
        "encoder_decoder": {"task": "08: number words to digits", "inputs": source.split(),
                            "targets": list(digits) + [end], "decoder_inputs": [end] + list(digits)},
    }


def _lengths(shape, example):
    """(T, T_out) of `shape_layout` for an example: its input steps (its output steps for one-to-many, whose
    one input starts T steps), and the decoder's steps."""
    if example is None:
        return 3, 3
    T = {"one_to_one": 1, "one_to_many": len(example["targets"])}.get(shape, len(example["inputs"]))
    return T, len(example["targets"])


def _token(token):
    return "'␣'" if token == " " else f"'{token}'"


def shape_graph(shape, example=None, *, detail=False, ax=None, row_names=True):
    """Draw one shape of use (see `shape_layout`), with an example's tokens under the inputs and in the targets.

    Args:
        shape: one of SHAPES; example: an entry of `shape_examples()` (its lengths set T and T_out), or None
            for T = 3; detail: tanh and the biases drawn; ax: where to draw; row_names: name the rows on the left.
    Returns:
        fig, ax, graph (the `shape_layout` drawn).
    """
    graph = shape_layout(shape, *_lengths(shape, example), detail=detail)
    nodes = graph["nodes"]
    if ax is None:
        width = max(x for x, _ in nodes.values()) + 1.6
        _, ax = plt.subplots(figsize=(1.35 * width, 5.2))
    for e in graph["edges"]:
        offset = {"W_hh": (0.0, 0.2), "W'_hh": (0.0, 0.2), "fed back": (0.08, 0.12)}.get(e["weight"], (0.32, 0.0))
        _edge(ax, nodes[e["from"]], nodes[e["to"]], e["label"], e["colour"], label_offset=offset,
              dashed=e["dashed"], fontsize=11 if e["weight"] == "fed back" else 13)
    targets = [name for name, kind in graph["kinds"].items() if kind == "target"]  # in step order
    for name, xy in nodes.items():
        kind, label = graph["kinds"][name], graph["labels"][name]
        if example is not None and kind == "target":
            label = _token(example["targets"][targets.index(name)])
        small = kind in ("target", "b") or (detail and kind == "h")
        _node(ax, name, xy, label=label, fill=FILLS[kind], fontsize=12 if small else 14)
        if example is not None and kind == "x":
            t = int(name.split("_")[1]) - 1
            tokens = example["decoder_inputs"] if name.startswith("x'") else example["inputs"]
            ax.text(xy[0], -0.55, _token(tokens[t]), ha="center", va="center", fontsize=11, color=MUTED)
    left = min(x for x, _ in nodes.values())
    if row_names:
        for kind, y in ROWS.items():
            ax.text(left - 0.55, y, ROW_NAMES[kind], ha="right", va="center", fontsize=11, color=MUTED)
    ax.set_xlim(left - (1.6 if row_names else 0.6), max(x for x, _ in nodes.values()) + 0.6)
    ax.set_ylim(-0.85, 4.5)
    ax.set_axis_off()
    inches = ax.get_position().width * ax.figure.get_figwidth()
    per_line = max(20, int(inches * 72 / 7.5))  # characters of 13 pt text that fit the panel's width
    title = SHAPE_NAMES[shape] + ("" if example is None else "\n" + textwrap.fill(example["task"], per_line))
    ax.set_title(title, fontsize=13, loc="left")
    return ax.figure, ax, graph


def shapes_of_use(examples=None, *, detail="many_to_many"):
    """The five shapes of use in one figure, each with its example (`shape_examples()` when None) and the targets
    and losses where training puts them; `detail` names the panel that also shows tanh and the biases.

    Returns:
        fig, axes {shape: Axes}, graphs {shape: graph}.
    """
    examples = shape_examples() if examples is None else examples
    rows = (("one_to_one", "one_to_many", "many_to_one"), ("many_to_many", "encoder_decoder"))
    fig = plt.figure(figsize=(16, 10.5))
    outer = fig.add_gridspec(2, 1, hspace=0.22, top=0.88, bottom=0.01, left=0.01, right=0.99)
    axes, graphs = {}, {}
    for r, shapes in enumerate(rows):
        # each panel as wide as its steps (plus the row names), so every panel draws a step at one scale
        steps = [max(x for x, _ in shape_layout(s, *_lengths(s, examples[s]))["nodes"].values()) for s in shapes]
        widths = [max(n, 2) + (2.2 if k == 0 else 1.2) for k, n in enumerate(steps)]  # room for a title
        inner = outer[r].subgridspec(1, len(shapes), width_ratios=widths, wspace=0.05)
        for k, shape in enumerate(shapes):
            _, axes[shape], graphs[shape] = shape_graph(shape, examples[shape], detail=shape == detail,
                                                        ax=fig.add_subplot(inner[k]), row_names=k == 0)
    fig.suptitle("Five shapes of use: targets and losses $L_t$ where training puts them "
                 "(the loss L is the mean of the $L_t$)", fontsize=15)
    return fig, axes, graphs
