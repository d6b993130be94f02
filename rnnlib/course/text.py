"""Notebooks 01, 02 and 07: text as sequences: a character vocabulary, and words where only memory tells what is next.

A character becomes a one-hot vector x_t over the vocabulary; a word of T letters becomes (T, V). The word
set `ANAGRAMS` was made for this course: every word is spelt from the same letters as another word, so the
letter you are looking at does not say which letter comes next, but the letters before it do.
"""
from collections import Counter, defaultdict

import numpy as np

from .tasks import one_hot
from ..nn.checks import check_dtype

ALPHABET = "abcdefghijklmnopqrstuvwxyz ."  # lower-case letters, space, and "." which marks the end of a word
END = "."

# Two anagram families. Each word starts with a different letter, so after the first letter the rest of
# the word is fixed: a model that remembers can be right every time, one that only sees the current
# letter cannot (the "e" in "lemon" is followed by "m", in "melon" by "l").
ANAGRAMS = ("stare", "tears", "rates", "aster", "lemon", "melon")


class Vocabulary:
    """A fixed, ordered set of characters, each with an index 0..V-1.

        vocab = Vocabulary("abc")
        vocab.encode("cab")   # array([2, 0, 1])
        vocab.decode([0, 1])  # "ab"
        vocab.one_hot("cab")  # (3, 3): row t is x_t

    Args:
        symbols: a string of distinct characters, in index order.
    """

    def __init__(self, symbols=ALPHABET):
        if not isinstance(symbols, str) or not symbols:
            raise ValueError(f"symbols must be a non-empty string of distinct characters; got {symbols!r}")
        repeated = sorted({c for c in symbols if symbols.count(c) > 1})
        if repeated:
            raise ValueError(f"symbols must be distinct; {''.join(repeated)!r} appear more than once in {symbols!r}")
        self.symbols = symbols
        self.index = {c: i for i, c in enumerate(symbols)}

    def __len__(self):
        return len(self.symbols)

    @property
    def size(self):
        """V, the number of symbols (the length of every one-hot vector)."""
        return len(self.symbols)

    def __contains__(self, char):
        return char in self.index

    def __repr__(self):
        return f"Vocabulary({self.symbols!r}) with {self.size} symbols"

    def encode(self, text):
        """Indices of the characters of `text`: a string of T characters -> (T,) int64.

        Raises ValueError naming the first unknown character, where it is, and the alphabet.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a string; got {type(text).__name__}")
        if not text:
            raise ValueError("text is empty: type at least one character")
        for position, char in enumerate(text):
            if char not in self.index:
                raise ValueError(f"character {char!r} (position {position}) is not in the alphabet "
                                 f"{self.symbols!r}; use only those characters")
        return np.array([self.index[c] for c in text], dtype=np.int64)

    def decode(self, indices):
        """The string for a sequence of indices: (T,) ints in [0, V) -> str of T characters."""
        indices = np.asarray(indices)
        if indices.ndim != 1 or not np.issubdtype(indices.dtype, np.integer):
            raise ValueError(f"indices must be a 1-D array of whole numbers; got dtype {indices.dtype}, shape {indices.shape}")
        if indices.size and (indices.min() < 0 or indices.max() >= self.size):
            raise ValueError(f"indices must lie in [0, {self.size}); got values from {indices.min()} to {indices.max()}")
        return "".join(self.symbols[i] for i in indices)

    def one_hot(self, text, dtype=np.float64):
        """The inputs x_1..x_T for `text`: (T, V), row t is 1 at the index of character t and 0 elsewhere."""
        return one_hot(self.encode(text), self.size, check_dtype(dtype))


def _check_words(words, end):
    if isinstance(words, str) or not words or not all(isinstance(w, str) and w for w in words):
        raise ValueError(f"words must be a non-empty list of non-empty strings; got {words!r}")
    lengths = sorted({len(w) for w in words})
    if len(lengths) > 1:
        raise ValueError(f"words must all have the same length to stack into one (T, B, V) batch; got lengths {lengths}")
    if any(end in w for w in words):
        raise ValueError(f"words must not contain the end marker {end!r}; got {words!r}")
    return list(words)


def next_letter_batch(words, vocab, *, end=END, dtype=np.float64):
    """Inputs and targets for next-letter prediction: the target at step t is letter t+1 (the end marker after the last).

    Args:
        words: B strings of the same length T; vocab: a Vocabulary holding their letters and `end`.
    Returns:
        x: (T, B, V) one-hot inputs, x[t, b] is letter t of word b;
        targets: (T, B) int64, the index of the letter that follows (of `end` after the last letter).
    """
    words = _check_words(words, end)
    vocab.encode(end)  # the end marker must be in the vocabulary too
    x = np.stack([vocab.one_hot(w, dtype) for w in words], axis=1)  # (T, B, V)
    targets = np.stack([vocab.encode(w[1:] + end) for w in words], axis=1)  # (T, B)
    return x, targets


def successors(words, *, end=END):
    """What follows each letter across the word set: {letter: Counter({next_letter: count})}."""
    table = defaultdict(Counter)
    for w in _check_words(words, end):
        for char, following in zip(w, w[1:] + end):
            table[char][following] += 1
    return dict(table)


def ambiguous_positions(words, *, end=END):
    """Where the current letter alone does not decide the next one.

    Returns:
        (T, B) bool: True at step t of word b when letter t of word b is followed by different letters
        somewhere in the word set.
    """
    table = successors(words, end=end)
    return np.array([[len(table[w[t]]) > 1 for w in words] for t in range(len(words[0]))])


def memoryless_bound(words, *, end=END, window=1):
    """The best accuracy any rule that sees only the last `window` letters can reach on the ambiguous positions
    (those where the current letter alone does not decide the next one, `ambiguous_positions`).

    Such a rule gives one answer per context (the current letter and the window - 1 before it; fewer at the
    start of a word), so for each context it is right at most as often as that context's most common successor
    occurs: bound = sum over contexts of max count / number of ambiguous positions. window = 1 is a feedforward
    net applied to one letter at a time; a larger window is a net given the last few letters as its input.
    Returns a float in [0, 1] (1.0 when no position is ambiguous).
    """
    words = _check_words(words, end)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a whole number >= 1; got {window!r}")
    ambiguous = ambiguous_positions(words, end=end)
    table = defaultdict(Counter)
    for b, w in enumerate(words):
        for t, following in enumerate(w[1:] + end):
            if ambiguous[t, b]:
                table[w[max(0, t - window + 1):t + 1]][following] += 1
    total = int(ambiguous.sum())
    return sum(max(k.values()) for k in table.values()) / total if total else 1.0
