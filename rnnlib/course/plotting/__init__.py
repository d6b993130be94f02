"""Every notebook: figures for the notebooks. Every figure has a title, labelled axes and, where colour means a value,
a colour bar; colormaps are colour-blind safe (viridis, cividis, and RdBu_r centred at 0)."""
import matplotlib as mpl

# One place for the course's colour choices, so every figure and widget agrees.
SEQUENTIAL_CMAP = "viridis"
DIVERGING_CMAP = "RdBu_r"  # for signed values, always with limits symmetric around 0
# One colour per model in every figure that compares models (Okabe-Ito, colour-blind safe).
MODEL_COLOURS = {"RNN": "#0072B2", "LSTM": "#E69F00", "GRU": "#009E73", "CNN": "#D55E00", "TCN": "#CC79A7",
                 "minGRU": "#882255"}  # minGRU: Paul Tol's wine, colour-blind safe, 8.6:1 on white
# One neutral colour for every baseline that is not one of those models (bag of words, bigrams, a linear
# autoregression, "next = last"): 5.0:1 on the white figure; two baselines in one figure differ by line style or hatch.
BASELINE_COLOUR = "#6f6f6f"


def setup():
    """Plotting defaults for the course: large fonts (readable when projected), fixed figure size."""
    mpl.rcParams.update({
        "figure.figsize": (8, 4),
        "figure.dpi": 90,
        "font.size": 13,
        "axes.titlesize": 14,
        "axes.labelsize": 13,
        "image.cmap": SEQUENTIAL_CMAP,
        "axes.spines.top": False,
        "axes.spines.right": False,
        # a white figure, said explicitly: a PNG keeps its own light background in a dark theme (and under a
        # dark matplotlib style), like the widgets' drawings (rnnlib/course/widgets/html.py)
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
    })


from .states import feedback_curves, hidden_state_heatmap, tanh_box  # noqa: E402 (after the constants it uses)
from .unrolled import folded_graph, layers_to_recurrent, unrolled_graph  # noqa: E402
from .unrolled import parameter_count  # noqa: E402 (notebook 02)
from .shapes_of_use import shape_examples, shapes_of_use  # noqa: E402 (notebook 02)
from .convolution import (accuracy_bars, forward_time_plot, glyph_examples, learning_curves,  # noqa: E402
                          memory_vs_length, receptive_field_diagram)
from .gradients import (accuracy_vs_lag, healthy_scales, norm_curves, per_step_error_heatmaps,  # noqa: E402
                        reach_maps, training_runs, truncation_error_plot)
from .gates import adding_problem_curves, gate_traces  # noqa: E402
from .jacobian_pictures import cliff, jacobian_chain, unit_circle_powers  # noqa: E402
from .applications import accuracy_by_form, char_loss_curves, forecasts  # noqa: E402
from .speech import digit_spectrograms  # noqa: E402
from .video import clip_strips  # noqa: E402
from .seq2seq import accuracy_vs_length, alignment, per_step_vs_bound  # noqa: E402
from .parallel import (dependency_graphs, layer_times, lti_kernel, memory_vs_modulus, parity_per_step,  # noqa: E402
                       scan_timing, underflow_errors)
