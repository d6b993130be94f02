"""Notebook 01: exercise checks (feedforward vs recurrent)."""
import numpy as np

from ...nn.models import SequenceModel
from ...nn.rnn import RNN
from ..text import ALPHABET, ANAGRAMS, Vocabulary, ambiguous_positions, memoryless_bound, next_letter_batch
from . import result
from ._answers import as_int, not_answered

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


def check_no_memory(model, at_most):
    """Exercise 3. A copy of the trained word model with W_hh set to zero, and `at_most`: your prediction of the
    highest accuracy it can reach on the ambiguous positions of ANAGRAMS (the memoryless bound, 11/26)."""
    name = "an RNN without memory"
    hint = ("With no recurrent weights the layer sees only the current letter: which bound from section 3 limits "
            "every rule that sees only x_t?",
            "Copy the trained RNN, set every entry of the copy's W_hh to zero in place (writing into the array the "
            "layer holds), and take the memoryless bound of these words as the most it can reach.")
    if model is None or at_most is None:
        return not_answered(name)
    vocab = Vocabulary(ALPHABET)
    if not isinstance(model, SequenceModel) or not isinstance(model.core, RNN) or model.core.input_size != vocab.size:
        return result(name, False, "", f"expected an rl.SequenceModel around an rl.RNN with input_size {vocab.size}", hint)
    used = model.core.params["W_hh"]  # the array the layer computes with
    if model.params["W_hh"] is not used:
        return result(name, False, "", "model.params['W_hh'] was replaced by a new array, so the layer still uses "
                      "its old W_hh: write into the existing array instead", hint)
    if np.any(used != 0):
        return result(name, False, "", "W_hh still has non-zero entries, so h_{t-1} still reaches h_t", hint)
    bound = memoryless_bound(ANAGRAMS)
    if not isinstance(at_most, (int, float, np.integer, np.floating)) or isinstance(at_most, bool):
        return result(name, False, "", f"at_most should be a number between 0 and 1; got {type(at_most).__name__}", hint)
    x, targets = next_letter_batch(ANAGRAMS, vocab)
    ambiguous = ambiguous_positions(ANAGRAMS)
    accuracy = float((model.forward(x)[0].argmax(-1) == targets)[ambiguous].mean())
    return result(name, abs(float(at_most) - bound) < 0.005,
                  f"with W_hh = 0 the accuracy on the ambiguous positions is {accuracy:.2f}, within the "
                  f"memoryless bound {bound:.2f}: W_hh is the memory.",
                  f"the copy without memory scores {accuracy:.2f}; your at_most = {float(at_most):.3f} is not the "
                  "highest accuracy a memoryless rule can reach", hint)
