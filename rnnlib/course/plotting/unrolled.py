"""Notebooks 01 and 02: the recurrent loop drawn as a graph: folded (one cell with a loop), unrolled over T steps,
and the picture of separate hidden layers that become one recurrent layer once they share their weights; (02) the
parameter count of what a graph draws. The five shapes of use are drawn in `shapes_of_use.py`.

Every drawing returns the Figure, the Axes and a `graph` dict (nodes and labelled edges) or the
parameter counts, so a notebook or a test can assert what the figure shows.
"""
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch

from ..colours import readable

# One colour per weight matrix (Okabe-Ito palette, colour-blind safe); the same everywhere in the course.
WEIGHT_COLOURS = {"W_xh": "#0072B2", "W_hh": "#D55E00", "W_hy": "#009E73"}
# Distinct colours for weights that are NOT shared: layer k gets STEP_COLOURS[k % len]. On the white figure,
# arrows are drawn at least 3:1 and labels at least 4.5:1 (colours.readable darkens those that are not: the
# orange, sky blue and yellow), as in the SVG of the unrolled-graph widget.
STEP_COLOURS = ["#E69F00", "#56B4E9", "#CC79A7", "#009E73", "#0072B2", "#D55E00", "#F0E442", "#000000"]
NODE_STYLE = {"x": "#f2f2f2", "h": "#fde9c9", "y": "#dcefe6"}


def _tex(weight, step=None):
    """'W_hh' -> '$W_{hh}$', with a layer superscript '$W_{hh}^{(2)}$' for unshared weights."""
    name, sub = weight.split("_")
    return f"${name}_{{{sub}}}$" if step is None else f"${name}_{{{sub}}}^{{({step})}}$"


def _node(ax, name, xy, *, label=None, fill=None, fontsize=15):
    """A node box: 'h_3' is drawn $h_{3}$ in the h colour; a label or a fill, when given, replaces them."""
    kind, t = name.split("_", 1)
    ax.text(*xy, label or f"${kind}_{{{t}}}$", ha="center", va="center", fontsize=fontsize, zorder=3,
            bbox=dict(boxstyle="round,pad=0.35", fc=fill or NODE_STYLE[kind], ec="#444", lw=1.2))


def _edge(ax, start, end, label, colour, *, rad=0.0, label_offset=(0.0, 0.0), dashed=False, fontsize=13):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=16, lw=2.2,
                                 color=readable(colour, ratio=3.0), shrinkA=17, shrinkB=17,
                                 linestyle="--" if dashed else "-", connectionstyle=f"arc3,rad={rad}", zorder=2))
    if not label:
        return
    mid = ((start[0] + end[0]) / 2 + label_offset[0], (start[1] + end[1]) / 2 + label_offset[1])
    ax.text(*mid, label, color=readable(colour), fontsize=fontsize, ha="center", va="center", zorder=4,
            bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.9))


def unrolled_layout(T, *, shared=True, outputs=True):
    """Where every node of the unrolled graph goes and which weight each edge carries (no drawing).

    Args:
        T: number of steps, 1..12.
        shared: True for an RNN (the same W_xh, W_hh, W_hy at every step: one colour and one label per
            matrix); False for T separate layers (labels W^{(t)}, a different colour per step).
        outputs: include y_t and W_hy.
    Returns:
        graph: {"T", "shared", "nodes": {"x_1": (x, y), "h_0": ..., ...}, "edges": [{"from", "to",
        "weight" (e.g. "W_hh"), "step" (t), "label" (mathtext), "colour"}, ...]}.
    """
    if isinstance(T, bool) or not isinstance(T, int) or not 1 <= T <= 12:
        raise ValueError(f"T must be a whole number from 1 to 12 (wider graphs do not fit); got {T!r}")
    nodes = {"h_0": (0.0, 1.0)}
    edges = []
    for t in range(1, T + 1):
        nodes[f"x_{t}"], nodes[f"h_{t}"] = (float(t), 0.0), (float(t), 1.0)
        links = [("W_xh", f"x_{t}", f"h_{t}"), ("W_hh", f"h_{t - 1}", f"h_{t}")]
        if outputs:
            nodes[f"y_{t}"] = (float(t), 2.0)
            links.append(("W_hy", f"h_{t}", f"y_{t}"))
        for weight, a, b in links:
            colour = WEIGHT_COLOURS[weight] if shared else STEP_COLOURS[(t - 1) % len(STEP_COLOURS)]
            label = _tex(weight) if shared else _tex(weight, t)
            edges.append({"from": a, "to": b, "weight": weight, "step": t, "label": label, "colour": colour})
    return {"T": T, "shared": shared, "nodes": nodes, "edges": edges}


def unrolled_graph(T, *, shared=True, outputs=True, ax=None, title=None):
    """Draw the RNN unrolled over T steps: x_t -> h_t (W_xh), h_{t-1} -> h_t (W_hh), h_t -> y_t (W_hy).

    Args:
        T, shared, outputs: as in `unrolled_layout`.
        ax: an Axes to draw into (a new figure when None); title: the axes title (a default when None).
    Returns:
        fig, ax, graph (the `unrolled_layout` that was drawn).
    """
    graph = unrolled_layout(T, shared=shared, outputs=outputs)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.45 * (T + 1) + 0.6, 3.9 if outputs else 2.9))
    nodes = graph["nodes"]
    for name, xy in nodes.items():
        _node(ax, name, xy)
    for e in graph["edges"]:
        offset = (0.0, 0.17) if e["weight"] == "W_hh" else (0.0, 0.0)  # W_hh labels sit above the arrow
        _edge(ax, nodes[e["from"]], nodes[e["to"]], e["label"], e["colour"], label_offset=offset)
    ax.set_xlim(-0.6, T + 0.6)
    ax.set_ylim(-0.5, 2.5 if outputs else 1.5)
    ax.set_axis_off()
    if title is None:
        title = (f"Unrolled over T = {T}: the same weights at every step" if shared
                 else f"{T} separate layers: each has its own weights")
    ax.set_title(title)
    return ax.figure, ax, graph


def folded_graph(*, outputs=True, ax=None, title="The recurrent layer: one cell and a loop"):
    """Draw the RNN folded: x_t -> h_t (-> y_t), with W_hh as a loop from h_t back into itself.

    Returns:
        fig, ax, graph (like `unrolled_layout`'s; the loop is the edge from "h_t" to "h_t").
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(3.2, 3.9 if outputs else 2.9))
    nodes = {"x_t": (0.0, 0.0), "h_t": (0.0, 1.0)}
    edges = [{"from": "x_t", "to": "h_t", "weight": "W_xh"}, {"from": "h_t", "to": "h_t", "weight": "W_hh"}]
    if outputs:
        nodes["y_t"] = (0.0, 2.0)
        edges.append({"from": "h_t", "to": "y_t", "weight": "W_hy"})
    for e in edges:
        e.update(step=None, label=_tex(e["weight"]), colour=WEIGHT_COLOURS[e["weight"]])
    for name, xy in nodes.items():
        _node(ax, name, xy)
    for e in edges:
        if e["from"] != e["to"]:
            _edge(ax, nodes[e["from"]], nodes[e["to"]], e["label"], e["colour"], label_offset=(-0.3, 0))
    # the loop: out of the right side of h_t, round, and back in
    ax.add_patch(FancyArrowPatch((0.2, 1.1), (0.2, 0.9), arrowstyle="-|>", mutation_scale=16, lw=2.2,
                                 color=WEIGHT_COLOURS["W_hh"], shrinkA=0, shrinkB=0, zorder=2,
                                 connectionstyle="arc,angleA=0,angleB=0,armA=38,armB=38,rad=12"))
    ax.annotate(_tex("W_hh"), (0.2, 1.0), xytext=(42, 0), textcoords="offset points",  # beside the loop
                color=readable(WEIGHT_COLOURS["W_hh"]), fontsize=13, va="center")
    ax.text(0.1, -0.45, "$h_t$ becomes the next $h_{t-1}$", ha="center", fontsize=11)
    ax.set_xlim(-0.7, 1.1)
    ax.set_ylim(-0.6, 2.5 if outputs else 1.5)
    ax.set_axis_off()
    ax.set_title(title)
    return ax.figure, ax, {"nodes": nodes, "edges": edges}


def hidden_layer_params(input_size, hidden_size, num_layers, *, shared):
    """Parameters of `num_layers` hidden layers that each see x_t and the layer before:
    each has W_xh (H, D), W_hh (H, H), b_h (H,). Shared: one set for all, H D + H H + H; else L times that."""
    one = hidden_size * input_size + hidden_size * hidden_size + hidden_size
    return one if shared else num_layers * one


def layers_to_recurrent(input_size, hidden_size, num_layers=3):
    """Three panels: L separate hidden layers (own weights), the same layers sharing one set of weights,
    and the single recurrent layer they fold into. Titles carry the parameter counts.

    Args:
        input_size: D; hidden_size: H; num_layers: L (the "3 hidden layers" of the picture).
    Returns:
        fig, axes (3,), counts {"separate": L (H D + H H + H), "shared": H D + H H + H}.
    """
    counts = {"separate": hidden_layer_params(input_size, hidden_size, num_layers, shared=False),
              "shared": hidden_layer_params(input_size, hidden_size, num_layers, shared=True)}
    fig, axes = plt.subplots(1, 3, figsize=(15, 3.6), gridspec_kw={"width_ratios": [num_layers + 1.2] * 2 + [1.6]})
    unrolled_graph(num_layers, shared=False, outputs=False, ax=axes[0],
                   title=f"{num_layers} hidden layers, each its own weights\nand bias: {counts['separate']:,} parameters")
    unrolled_graph(num_layers, shared=True, outputs=False, ax=axes[1],
                   title=f"one set of weights and bias shared\nby every layer: {counts['shared']:,} parameters")
    folded_graph(outputs=False, ax=axes[2], title=f"folded into one recurrent\nlayer: {counts['shared']:,} parameters")
    fig.subplots_adjust(top=0.72, wspace=0.05)
    fig.suptitle(f"From {num_layers} hidden layers to one recurrent layer (D = {input_size}, H = {hidden_size}; "
                 "read-out not counted)", y=0.99)
    return fig, axes, counts


def parameter_count(graph, input_size, hidden_size, output_size):
    """The parameters of the network a graph from `unrolled_layout` draws: every distinct matrix drawn (one per
    label: one W_hh for an RNN, W_hh^(1)..W_hh^(T) for separate layers), with a bias b_h per hidden layer (one per
    distinct W_xh) and a bias b_y per read-out (one per distinct W_hy).

    Args:
        graph: from `unrolled_layout`; input_size D, hidden_size H, output_size K.
    Returns:
        the count, e.g. H D + H H + H + K H + K for a shared graph with outputs.
    """
    D, H, K = input_size, hidden_size, output_size
    size = {"W_xh": H * D + H, "W_hh": H * H, "W_hy": K * H + K}  # each input and read-out matrix with its bias
    return sum(size[weight] for weight, _ in {(e["weight"], e["label"]) for e in graph["edges"]})

