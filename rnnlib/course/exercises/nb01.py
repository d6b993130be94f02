"""Notebook 01: exercise checks (feedforward vs recurrent): parameter counts, a word set that needs memory, the
window a memoryless rule needs, and an RNN whose memory is taken away (the bound, then the measured copy)."""
import numpy as np

from ...nn.models import SequenceModel
from ...nn.rnn import RNN
from ..text import ALPHABET, ANAGRAMS, Vocabulary, ambiguous_positions, memoryless_bound, next_letter_batch
from . import result
from ._answers import as_int, not_answered, prediction_result

# Exercise 1: L hidden layers with input size D and hidden size H.
L, D, H = 5, 10, 20


def check_stacked_counts(separate, shared):
    """Exercise 1. Parameters of L=5 separate hidden layers (each W_xh, W_hh, b_h) and of one shared set, D=10, H=20."""
    name = "parameter counts, separate vs shared"
    hint = ("Count the numbers in one hidden layer's weights and bias, then ask how many such sets each design has.",
            "Separate layers each have their own input matrix, recurrent matrix and bias; the recurrent layer has "
            "one set, however many steps it runs.")
    if separate is None or shared is None:
        return not_answered(name)
    one = H * D + H * H + H
    separate, shared = as_int(separate), as_int(shared)
    if shared == H * D + H * H:
        return result(name, False, "", "the shared count is missing the bias b_h", hint)
    return result(name, separate == L * one and shared == one,
                  f"{L * one:,} separate vs {one:,} shared: sharing divides the count by L = {L}.",
                  f"got {separate} separate and {shared} shared", hint)


def check_equal_budget_width(width):
    """Exercise 1b. `width`: the largest hidden size H of one recurrent layer (D = 10) whose parameters W_xh, W_hh and
    b_h number no more than those of the L = 5 separate layers of exercise 1 (H = 20 each)."""
    name = "the widest recurrent layer for the same budget"
    hint = ("How does the count of one recurrent layer grow with H: in proportion to H, or faster?",
            "One layer holds H (D + H + 1) numbers; find the largest whole H for which that stays at or below the "
            "five separate layers' total.")
    if width is None:
        return not_answered(name)
    width = as_int(width)
    if width is None or width < 1:
        return result(name, False, "", "give the hidden size as a whole number of at least 1", hint)
    budget = L * (H * D + H * H + H)

    def count(h):
        return h * (D + h + 1)

    right = max(h for h in range(1, budget) if count(h) <= budget)
    if width == L * H:
        return result(name, False, "", f"H = {width} would need {count(width):,} parameters: the count does not grow "
                      "in proportion to H, because W_hh has H x H entries", hint)
    if count(width) > budget:
        return result(name, False, "", f"H = {width} needs {count(width):,} parameters, more than the {budget:,} of "
                      "the five layers", hint)
    return result(name, width == right,
                  f"H = {right}: {count(right):,} parameters, within the five layers' {budget:,} (H = {right + 1} "
                  f"would need {count(right + 1):,}). Five times the budget buys only 2.5 times the width, "
                  "because W_hh grows as H squared.",
                  f"H = {width} fits the budget ({count(width):,} of {budget:,}), but a wider layer still fits", hint)


def check_word_set(words):
    """Exercise 2. Your own word set where only memory can tell the next letter.

    Passes when: at least 3 words, all the same length (>= 3), only letters a-z; every word starts with
    a different letter (so the letters seen so far always decide the next one); at least 4 ambiguous
    positions; and the best memoryless accuracy on them is at most 0.6.
    """
    name = "a word set that needs memory"
    hint = ("Memory is needed where the same letter is followed by different letters depending on what came before.",
            "Words spelt from the same letters in different orders help, as long as the first letter alone never "
            "gives the word away; text.successors(words) shows what follows each letter.")
    if words is None:
        return not_answered(name)
    if isinstance(words, str) or not isinstance(words, (list, tuple)) or len(words) < 3:
        return result(name, False, "", "give a list of at least 3 words", hint)
    if not all(isinstance(w, str) for w in words) or len({len(w) for w in words}) != 1 or len(words[0]) < 3:
        return result(name, False, "", "all words must be strings of the same length, at least 3 letters", hint)
    bad = sorted({c for w in words for c in w if c not in ALPHABET[:26]})
    if bad:
        return result(name, False, "", f"use only the letters a-z; found {bad}", hint)
    firsts = [w[0] for w in words]
    if len(set(firsts)) != len(firsts):
        return result(name, False, "", f"two words start with the same letter ({firsts}): then even a perfect "
                      "memory cannot know the second letter", hint)
    n_ambiguous, bound = int(ambiguous_positions(words).sum()), memoryless_bound(words)
    return result(name, n_ambiguous >= 4 and bound <= 0.6,
                  f"{n_ambiguous} ambiguous positions; without memory at most {bound:.2f} of them can be right.",
                  f"{n_ambiguous} ambiguous positions (need >= 4), memoryless bound {bound:.2f} (need <= 0.60)", hint)


def check_window_prediction(prediction, windows):
    """Predict first. `prediction`: how many letters (1 to 5) a rule must see, the current one and those before it,
    to be right at every ambiguous position of ANAGRAMS; `windows`: {n: text.memoryless_bound(ANAGRAMS, window=n)},
    what the notebook then measured."""
    name = "predict: how wide a window the anagrams need"
    hint = ("A window is wide enough when no context it can see is followed by two different letters anywhere in the "
            "word set.",
            "Grow the window one letter at a time and look for a context (the last n letters) that two words share "
            "but continue differently; the first n with none is the answer.")
    smallest = min(n for n, bound in windows.items() if bound == 1.0)
    why = {1: "One letter is enough only if every letter had a single successor, which the anagrams were made to "
              "avoid.",
           2: "Two letters are enough only if no pair of letters is followed by different letters.",
           3: "With one letter, 'e' is followed by six different symbols. With two, 'st' is followed by 'a' (stare) "
              "and 'e' (aster), 'ar' by 'e' and 's', 'te' by 'a', 's' and 'r'. With three, every context that occurs "
              "is followed by one letter only: on words this short a window of 3 is all the memory it takes.",
           4: "A window of 4 is more than these words need.", 5: "A window of 5 is more than these words need."}
    measured = ", ".join(f"{n} letter{'s' * (n > 1)}: {round(b * 26)}/26" for n, b in sorted(windows.items()))
    return prediction_result(name, prediction, tuple(range(1, 6)), smallest, measured, why, hint)


def _memoryless_copy_problem(name, model, hint):
    """What is wrong with a learner's copy of the word model whose W_hh should be zero (None if nothing is)."""
    vocab = Vocabulary(ALPHABET)
    if not isinstance(model, SequenceModel) or not isinstance(model.core, RNN) or model.core.input_size != vocab.size:
        return result(name, False, "", f"expected an rl.SequenceModel around an rl.RNN with input_size {vocab.size}; "
                      f"got {type(model).__name__}", hint)
    used = model.core.params["W_hh"]  # the array the layer computes with
    if model.params["W_hh"] is not used:
        return result(name, False, "", "model.params['W_hh'] was replaced by a new array, so the layer still uses "
                      "its old W_hh: write into the existing array instead", hint)
    if np.any(used != 0):
        return result(name, False, "", "W_hh still has non-zero entries, so h_{t-1} still reaches h_t", hint)
    return None


def ablated_accuracy(model):
    """The accuracy of `model` on the ambiguous positions of ANAGRAMS (what exercise 4 measures)."""
    vocab = Vocabulary(ALPHABET)
    x, targets = next_letter_batch(ANAGRAMS, vocab)
    return float((model.forward(x)[0].argmax(-1) == targets)[ambiguous_positions(ANAGRAMS)].mean())


def check_no_memory_bound(at_most):
    """Exercise 3. `at_most`: the highest accuracy on the ambiguous positions of ANAGRAMS that any copy of the word
    model with W_hh = 0 could reach, whatever its other weights (the memoryless bound, 11/26)."""
    name = "the bound for an RNN without memory"
    hint = ("With W_hh = 0, what is h_t made from? What kind of rule is a model whose answer depends on that alone?",
            "Such a rule gives one answer per letter, so at each ambiguous position it can at best name that letter's "
            "most common successor: count those, over all ambiguous positions, as in section 3.")
    if at_most is None:
        return not_answered(name)
    if not isinstance(at_most, (int, float, np.integer, np.floating)) or isinstance(at_most, bool):
        return result(name, False, "", f"at_most should be a number between 0 and 1; got {type(at_most).__name__}",
                      hint)
    bound = memoryless_bound(ANAGRAMS)
    if abs(float(at_most) - 10 / 26) < 0.005:
        return result(name, False, "", "that is what one particular copy scores (exercise 4 measures it), not the "
                      "most that any model without memory could reach", hint)
    return result(name, abs(float(at_most) - bound) < 0.005,
                  f"{bound:.3f} = 11/26: with W_hh = 0 the layer computes h_t = tanh(W_xh x_t + b_h), from x_t alone, "
                  "so it is a memoryless rule, and no memoryless rule beats the bound, however it is trained.",
                  f"at_most = {float(at_most):.3f} is not the highest accuracy a rule that sees only x_t can reach",
                  hint)


def check_ablated_prediction(prediction, model):
    """Exercise 4, predict then run. `prediction`: "above", "at" or "below" the bound, committed before the cell that
    measures; `model`: the learner's copy of the trained word model with every entry of W_hh set to zero."""
    name = "predict: the RNN without memory against the bound"
    hint = ("Ask what training chose W_xh, b_h and W_hy for: to work on their own, or together with W_hh?",
            "The bound is reached by the best memoryless rule, one trained without memory (the feedforward net of "
            "section 4). Is a trained RNN with its memory cut out that rule?")
    if prediction is None or model is None:
        return not_answered(name)
    problem = _memoryless_copy_problem(name, model, hint)
    if problem is not None:
        return problem
    accuracy, bound = ablated_accuracy(model), memoryless_bound(ANAGRAMS)
    measured = "above" if accuracy > bound + 1e-9 else "at" if accuracy > bound - 1e-9 else "below"
    why = {"below": "Its W_xh, b_h and W_hy were trained together with W_hh, for states that carry the letters "
                    "before; nothing retrained them for states made from x_t alone, so after some letter it names a "
                    "successor that is not that letter's most common one. The bound is what the best memoryless "
                    "rule reaches, and this copy is a memoryless rule but not the best one.",
           "at": "This copy happens to name, after every letter, that letter's most common successor: the best any "
                 "memoryless rule can do.",
           "above": "Impossible for a rule that sees only x_t: check that W_hh really is zero."}
    return prediction_result(name, prediction, ("above", "at", "below"), measured,
                             f"{accuracy:.3f} ({round(accuracy * 26)}/26) against the bound {bound:.3f} (11/26)",
                             why, hint)


REASONS = {
    "a": "its W_xh, b_h and W_hy were trained to work together with W_hh, not as a memoryless rule",
    "b": "with W_hh = 0 every h_t is zero, so it names the same letter everywhere",
    "c": "the bound is only an estimate: a memoryless rule can beat it on some words and lose on others",
}


def check_ablated_reason(reason):
    """Exercise 4, explain. `reason`: the key of the statement in REASONS that explains why the copy without memory
    scores below the bound."""
    name = "explain what you measured"
    hint = ("Two of the statements can be refuted from the equations of section 5 and the definition of the bound.",
            "Write h_t for W_hh = 0 and see whether it is zero; ask whether any memoryless rule could beat the bound.")
    if reason is None:
        return not_answered(name)
    if reason not in REASONS:
        return result(name, False, "", f"expected one of {sorted(REASONS)}; got {reason!r}", hint)
    wrong = {"b": "with W_hh = 0, h_t = tanh(W_xh x_t + b_h), which depends on x_t and is not zero; different letters "
                  "still give different states and different guesses",
             "c": "the bound is exact: a memoryless rule gives one answer per letter, so it cannot be right more "
                  "often than each letter's most common successor occurs, on any word"}
    return result(name, reason == "a",
                  "the other weights were fitted to states that carried the letters before. Cut W_hh and each "
                  "letter's state is one they were never trained on; only a net trained without memory (section 4) "
                  "finds the best memoryless answers.", wrong.get(reason, ""), hint)
