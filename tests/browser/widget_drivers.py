"""How the browser tests exercise each course widget: one entry per CSS class of a widget's outer box.

A widget view in rnnlib gives its outer box a class `rnn-<name>` (`box.add_class("rnn-stepper")`). The
browser tests find every such box in every notebook's outputs and run its driver below: each step uses a
control the way a learner does (real clicks, drags, key presses) and says what must be seen afterwards;
each step's update must reach the screen within widget_driving.LATENCY_BUDGET_MS. A widget whose class
has no entry here fails the tests: add a driver when you add a widget.

Controls are named by a regular expression searched in their label (button text, slider or text box
description), case-sensitive (t is not T); None means "the only one of its kind in this widget". See
widget_driving.Step for the vocabulary of `shows` and `t`.
"""
from widget_driving import Driver, click, play, select, slide, type_text

BAD_TEXT = "ab?7 €"  # input no widget accepts: digits, punctuation, a character outside any vocabulary



def bad_then_good(good, *, control=None, t=None):
    """The learner's own input: a bad one must show the widget's message, a good one must replace it."""
    return (type_text(control, BAD_TEXT, shows="message", screenshot="bad-input"), type_text(control, good, t=t))


# What every stepper over t = 1..T must do first: one step each way, then drag t to the end.
STEP_AND_SLIDE = (
    click(r"step forward", t="+1"),
    click(r"step back", t="-1", shows="as before"),
    slide(r"^t$", "max", t="max"),
)

# rnnlib.widgets.StepperView (notebooks 01, 02): step, play both ways, slide over t, the learner's own text.
STEPPER = Driver(
    t_slider=r"^t$",
    steps=(
        *STEP_AND_SLIDE,
        click(r"backwards", shows="any"),  # the play direction: nothing else changes yet
        play(t="decreases"),
        click(r"^reset$", t="min"),
        click(r"forwards", shows="any"),
        play(t="increases"),
        *bad_then_good("abcab", t="min"),
        click(r"step forward", t="+1"),
    ),
)

# rnnlib.widgets.WidgetCheck (notebook 00): a slider v and a cell that follows it.
WIDGET_CHECK = Driver(
    t_slider=r"^v$",
    steps=(
        slide(r"^v$", "max", t="max"),
        slide(r"^v$", "-1"),
        slide(r"^v$", "min", t="min"),
    ),
)

# rnnlib.widgets.UnrolledGraphView (notebook 02): a slider over T, shared or separate weights.
UNROLLED = Driver(
    t_slider=r"^T\b",
    steps=(
        slide(r"^T\b", "+1", t="+1"),
        slide(r"^T\b", "max", t="max"),
        click(r"separate weights"),
        click(r"same weights", shows="as before"),
        slide(r"^T\b", "min", t="min"),
        slide(r"^T\b", "+1", t="+1"),
        slide(r"^T\b", "+1", t="+1"),
    ),
)

# rnnlib.widgets.BPTTWalkerView (notebook 03): the walk starts at t = T and goes back in time.
BPTT_WALKER = Driver(
    t_slider=r"^t$",
    steps=(
        click(r"step back", t="-1"),
        click(r"step forward", t="+1", shows="as before"),
        slide(r"^t$", "min", t="min"),
        click(r"^reset$", t="max"),
        play(t="decreases"),
        click(r"^every step$", shows="any"),  # whichever the notebook chose, the next click changes it
        click(r"^last step only$", t="max"),
        *bad_then_good("0.5, -1, 2, 0.25, 0, 0", t="max"),
        click(r"step back", t="-1"),
    ),
)

# rnnlib.widgets.GradientExplorerView (notebook 04): scale s, activation, T, kind of W_hh, input strength.
GRADIENT_EXPLORER = Driver(
    steps=(
        slide(r"^scale s", "+1"),
        slide(r"^input strength", "+1"),  # before "identity": a linear RNN's Jacobians ignore the input
        slide(r"^scale s", "max"),
        click(r"^ReLU$"),
        click(r"^identity$"),
        click(r"^normal$", shows="any"),  # whichever the notebook chose, the next click changes it
        click(r"^non-normal$"),
        slide(r"^T\b", "-1"),
        click(r"^reset$"),
    ),
)

# rnnlib.widgets.GateInspectorView (notebook 05): LSTM / GRU gates at step t of the learner's sequence.
GATE_INSPECTOR = Driver(
    t_slider=r"^t$",
    steps=(
        *STEP_AND_SLIDE,
        click(r"^LSTM$", shows="any"),  # whichever the notebook chose, the next click changes it
        click(r"^GRU$"),
        select(r"^unit", "0", shows="any"),  # the notebook may have chosen unit 0 already
        select(r"^unit", "1"),  # the cell diagram now shows another unit's values
        click(r"^reset$", t="min"),
        play(t="increases"),
        click(r"^LSTM$"),
        *bad_then_good("*0.5 -0.3 0.1 *0.9 0 0", t="min"),  # two marked steps, as in the adding problem
        click(r"step forward", t="+1"),
    ),
)

# rnnlib.widgets.ReceptiveFieldView (notebook 06): which inputs reach step t through a dilated causal CNN.
RECEPTIVE_FIELD = Driver(
    t_slider=r"^t$",
    steps=(
        *STEP_AND_SLIDE,
        click(r"^reset$", t="min"),
        play(t="increases"),
        select(r"^kernel size", "3"),
        type_text(r"^dilations", "1, x", shows="message", screenshot="bad-dilations"),
        type_text(r"^dilations", "1, 2"),
        *bad_then_good("a cat and a dog.", control=r"^sequence"),
    ),
)

# rnnlib.widgets.TextSamplerView (notebook 07): a prompt continued by the trained model at temperature tau.
TEXT_SAMPLER = Driver(
    steps=(
        click(r"new sample"),
        slide(r"^temperature", "+1"),
        slide(r"^temperature", "max"),
        slide(r"^length", "-1"),
        *bad_then_good("the dog ", control=r"^prompt"),
        type_text(r"^seed", "7"),
    ),
)

# rnnlib.widgets.AttentionView (notebook 08): the decoder's attention at output step t of the learner's sentence.
ATTENTION = Driver(
    t_slider=r"^t$",
    steps=(
        *STEP_AND_SLIDE,
        click(r"^reset$", t="min"),
        play(t="increases"),
        *bad_then_good("forty two , seven , thirteen", control=r"^sentence", t="min"),
        click(r"step forward", t="+1"),
    ),
)

# rnnlib.widgets.ScanView (notebook 09): the levels 0..L of a parallel scan of the learner's pairs (a_t, b_t).
SCAN = Driver(
    t_slider=r"^level$",
    steps=(
        click(r"step forward", t="+1"),
        click(r"step back", t="-1", shows="as before"),
        slide(r"^level$", "max", t="max"),
        click(r"^reset$", t="min"),
        play(t="increases"),
        select(r"^preset", "counter (a = 1)", t="min"),
        *bad_then_good("0.9 1; 0.9 1; 0.5 2; 1 0; 0 1", control=r"^pairs", t="min"),
        click(r"step forward", t="+1"),
    ),
)

DRIVERS = {
    "rnn-stepper": STEPPER,
    "rnn-widget-check": WIDGET_CHECK,
    "rnn-unrolled": UNROLLED,
    "rnn-bptt-walker": BPTT_WALKER,
    "rnn-gradient-explorer": GRADIENT_EXPLORER,
    "rnn-gate-inspector": GATE_INSPECTOR,
    "rnn-receptive-field": RECEPTIVE_FIELD,
    "rnn-text-sampler": TEXT_SAMPLER,
    "rnn-attention": ATTENTION,
    "rnn-scan": SCAN,
}
