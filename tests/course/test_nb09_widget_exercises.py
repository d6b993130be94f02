"""Notebook 09: the scan widget's state, tested without a display (and its view once), and the exercise checks."""
import numpy as np
import pytest

from rnnlib.course.exercises import nb09
from rnnlib.course.widgets import ScanState
from rnnlib.course.widgets.scan import PRESETS, parse_pairs
from rnnlib.nn.scan import linear_recurrence_loop
from exercise_results import assert_fails, assert_passes


@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_level_combines_with_the_element_2_to_the_l_minus_1_back_and_ends_at_the_loop(preset):
    st = ScanState(PRESETS[preset])
    T = st.seq_len
    assert st.T == int(np.ceil(np.log2(T))) and st.t == 0
    for l in range(1, st.T + 1):
        d = 2 ** (l - 1)
        A_prev, B_prev = st.levels[l - 1]
        A, B = st.levels[l]
        assert np.allclose(A[:d], A_prev[:d]) and np.allclose(B[:d], B_prev[:d])
        assert np.allclose(B[d:], A_prev[d:] * B_prev[:-d] + B_prev[d:])
        assert st.final(l).sum() == min(T, 2 ** l)
    assert np.allclose(st.levels[-1][1], linear_recurrence_loop(st.a, st.b)) and st.final(st.T).all()


def test_stepping_moves_over_levels_0_to_L_and_says_which_are_final():
    st = ScanState(PRESETS["counter (a = 1)"])
    assert "level 0 of L = 3" in st.html()
    assert st.step_forward() and st.t == 1 and "2 of 8 elements are final" in st.html()
    st.go_to(99)
    assert st.t == 3 and not st.step_forward() and "8 of 8 elements are final" in st.html()
    st.reset()
    assert st.t == 0 and not st.step_back()
    assert np.allclose(st.h_loop, np.arange(1, 9))  # a counter: h_t = t


@pytest.mark.parametrize("bad, words", [
    ("", "empty"), (12, "text"), ("0.5; 1 2", "Pair 1"), ("1 2", "2 to 16 pairs"), ("1 x; 2 3", "'x'"),
    ("; ".join(["1 1"] * 17), "17 pairs"), ("1 nan; 1 1", "finite"), ("1 2 3; 1 1", "exactly two"),
])
def test_bad_pairs_give_a_message_and_keep_the_old_sequence(bad, words):
    st = ScanState(PRESETS["decay by half"])
    before = st.a.copy()
    assert not st.set_text(bad)
    assert words in st.message and "rl-message rl-error" in st.html()
    assert np.array_equal(st.a, before)


def test_the_learners_text_is_escaped_in_the_message():
    st = ScanState()
    assert not st.set_text("<script>x</script> 1; 2 3")
    page = st.html()
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_parse_pairs_accepts_commas_and_spaces():
    a, b, message = parse_pairs("0.5, 1; 0.9 -2;1e-1 3")
    assert message == "" and np.allclose(a, [0.5, 0.9, 0.1]) and np.allclose(b, [1, -2, 3])


def test_a_good_text_clears_the_message_and_an_unknown_preset_is_named():
    st = ScanState()
    st.set_text("x")
    assert st.set_text("1 1; 1 1; 1 1") and st.message == "" and st.T == 2
    assert not st.choose("no such") and "no such" in st.message
    assert st.choose("forget at step 5") and np.allclose(st.h_loop[4:], [2, 3, 4, 5])


def test_view_builds_and_follows_the_text_box_and_the_presets():
    from rnnlib.course.widgets import ScanView
    view = ScanView(ScanState())
    assert "rnn-scan" in view.box._dom_classes and view.slider.min == 0 and view.slider.max == 3
    view.forward.click()
    assert view.state.t == 1 and view.slider.value == 1
    view.text.value = "1 x"
    assert "rl-message rl-error" in view.view.value and view.slider.max == 3
    view.preset.value = "ten mixed steps"
    assert view.slider.max == 4 and view.slider.value == 0 and "rl-message rl-error" not in view.view.value
    view.slider.value = 4
    assert view.state.t == 4 and "level 4 of L = 4" in view.view.value


# ----- the exercise checks -------------------------------------------------------------------------------
ADDING = [{"accuracy": 0.999}, {"accuracy": 1.0}]
PARITY = {"accuracy": {"minGRU": 0.55}}


def test_prediction_passes_what_was_measured_and_fails_the_rest():
    assert_passes(nb09.check_task_prediction("adding", ADDING, PARITY))
    assert_fails(nb09.check_task_prediction("both", ADDING, PARITY), "'adding'")
    assert_fails(nb09.check_task_prediction("maybe", ADDING, PARITY), "expected one of")
    assert_fails(nb09.check_task_prediction(None, ADDING, PARITY), "no answer yet")
    assert_passes(nb09.check_task_prediction("neither", [{"accuracy": 0.5}], PARITY))
    assert_passes(nb09.check_task_prediction("neither", [{"accuracy": 0.96}], PARITY))  # below notebook 05's bar


def test_combine_passes_the_right_function_and_names_the_swapped_order():
    assert_passes(nb09.check_combine(lambda p, q: (q[0] * p[0], q[0] * p[1] + q[1])))
    assert_fails(nb09.check_combine(lambda p, q: (q[0] * p[0], p[0] * q[1] + p[1])), "swapped")
    assert_fails(nb09.check_combine(lambda p, q: (p[0] + q[0], p[1])), "does not match")
    assert_fails(nb09.check_combine(lambda p, q: 1 / 0), "ZeroDivisionError")
    assert_fails(nb09.check_combine("f"), "expected a function")
    assert_fails(nb09.check_combine(None), "no answer yet")


@pytest.mark.parametrize("answer, words", [({"loop": 1000, "scan": 9}, ["unfinished"]),
                                           ({"loop": 10, "scan": 10}, ["loop"]),
                                           ({"loop": 1000, "scan": 1000}, ["scan"]),
                                           ([1000, 10], ["keys"]), (None, ["no answer yet"])])
def test_levels_fail_wrong_answers(answer, words):
    assert_fails(nb09.check_levels(answer), *words)


def test_levels_pass_the_right_answer():
    assert_passes(nb09.check_levels({"loop": 1000, "scan": 10.0}))


def test_kernel_passes_C_A_to_the_k_B_and_names_the_off_by_one():
    A, B, C = nb09.kernel_inputs()
    right = [(C @ np.linalg.matrix_power(A, k) @ B).item() for k in range(6)]
    shifted = [(C @ np.linalg.matrix_power(A, k + 1) @ B).item() for k in range(6)]
    assert_passes(nb09.check_kernel(np.array(right)))
    assert_fails(nb09.check_kernel(np.array(shifted)), "off by one")
    assert_fails(nb09.check_kernel(np.zeros(6)), "differs")
    assert_fails(nb09.check_kernel(np.zeros(5)), "shape")
    assert_fails(nb09.check_kernel(None), "no answer yet")


def test_hints_deepen_and_never_hold_the_answer():
    first = repr(nb09.check_levels({"loop": 1000, "scan": 3}))
    second = repr(nb09.check_levels({"loop": 1000, "scan": 3}))
    assert first.split("Hint:")[1] != second.split("Hint:")[1]
    for text in (first, second):
        assert "10 levels" not in text.split("Hint:")[1] and "= 10" not in text.split("Hint:")[1]
