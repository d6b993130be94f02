"""Notebook 07: sentiment where word order matters: generated review sentences with negation and contrast.

Every sentence is made here from a small grammar, so its label is known exactly:

    plain      "the soup was really good"            label of the word
    negated    "the soup was not good"               the opposite
    contrast   "the soup was good, not bad"          the label of the first word ("X, not Y": Y is the opposite)
    but        "the soup was not bad but good"       the label of the word after "but"

In the contrast and "but" forms both labels use exactly the same words: "good, not bad" (positive) and
"bad, not good" (negative) have the same bag of words. A model that ignores order cannot tell them apart.
"""
import numpy as np

from .classify import train_classifier
from ..nn.dense import Dense
from ..nn.gru import GRU
from ..nn.models import SequenceModel
from ..nn.checks import check_positive_int, rng_from

POSITIVE = ("good", "great", "fine", "lovely", "nice")
NEGATIVE = ("bad", "awful", "boring", "poor", "dull")
SUBJECTS = ("film", "soup", "book", "concert", "hotel", "game", "bread", "play")
VERBS = ("was", "is", "seemed")
ADVERBS = ("really", "very", "quite")
FORMS = ("plain", "negated", "contrast", "but")
FORM_SHARES = (0.55, 0.15, 0.15, 0.15)  # most reviews just say it; some negate or contrast
TOKENS = ("the", ",", "not", "but") + SUBJECTS + VERBS + ADVERBS + POSITIVE + NEGATIVE  # the word vocabulary
INDEX = {w: i for i, w in enumerate(TOKENS)}


def sentiment_sentences(num_sentences, *, seed=None):
    """Random sentences of the four FORMS (in the shares FORM_SHARES), labels 1 (positive) and 0 (negative).

    Returns:
        sentences: list of N strings (words separated by spaces; `tokenize` makes the comma a word);
        labels: (N,) int64; forms: (N,) int64 index into FORMS (0 = plain; 1-3 contain "not").
    """
    N = check_positive_int(num_sentences, "num_sentences")
    rng = rng_from(seed)
    forms = rng.choice(len(FORMS), size=N, p=FORM_SHARES)
    labels = rng.integers(0, 2, size=N)
    sentences = []
    for form, label in zip(forms, labels):
        lead = f"the {rng.choice(SUBJECTS)} {rng.choice(VERBS)}"
        adverb = f"{rng.choice(ADVERBS)} " if rng.random() < 0.3 else ""
        good, bad = rng.choice(POSITIVE), rng.choice(NEGATIVE)
        said, other = (good, bad) if label == 1 else (bad, good)  # the word that carries the label, its opposite
        if FORMS[form] == "plain":
            sentences.append(f"{lead} {adverb}{said}")
        elif FORMS[form] == "negated":
            sentences.append(f"{lead} not {adverb}{other}")
        elif FORMS[form] == "contrast":
            sentences.append(f"{lead} {adverb}{said}, not {other}")
        else:
            sentences.append(f"{lead} not {other} but {adverb}{said}")
    return sentences, labels.astype(np.int64), forms.astype(np.int64)


def tokenize(sentence):
    """Split on spaces (a comma counts as a word); raise a clear error for a word outside TOKENS."""
    words = sentence.replace(",", " , ").split()
    unknown = [w for w in words if w not in INDEX]
    if unknown:
        raise ValueError(f"unknown word {unknown[0]!r} in {sentence!r}; the vocabulary is {' '.join(TOKENS)}")
    if not words:
        raise ValueError("the sentence is empty")
    return words


def label_sentence(sentence):
    """The label the grammar gives a sentence of one of the four FORMS: 1 positive, 0 negative.

    Raises ValueError (saying why) for a sentence the grammar cannot make, e.g. "the film was good, not great".
    """
    words = tokenize(sentence)
    if len(words) < 4:
        raise ValueError(f"{sentence!r} is too short: 'the', a subject, a verb, then a judgement such as 'good'")
    if words[0] != "the" or words[1] not in SUBJECTS or words[2] not in VERBS:
        raise ValueError(f"{sentence!r} must start with 'the', a subject ({', '.join(SUBJECTS)}) and a verb "
                         f"({', '.join(VERBS)})")
    rest = [w for w in words[3:] if w not in ADVERBS]  # adverbs do not change the label

    def polarity(word):
        if word not in POSITIVE + NEGATIVE:
            raise ValueError(f"{word!r} in {sentence!r} is not a judgement word ({', '.join(POSITIVE + NEGATIVE)})")
        return int(word in POSITIVE)

    if len(rest) == 1:
        return polarity(rest[0])  # plain
    if len(rest) == 2 and rest[0] == "not":
        return 1 - polarity(rest[1])  # negated
    if len(rest) == 4 and rest[1:3] == [",", "not"] or len(rest) == 4 and rest[0] == "not" and rest[2] == "but":
        said, other = (rest[0], rest[3]) if rest[1] == "," else (rest[3], rest[1])
        if polarity(said) == polarity(other):
            raise ValueError(f"in {sentence!r} the two judgements must be opposites, as in 'good, not bad'")
        return polarity(said)  # contrast or but
    raise ValueError(f"{sentence!r} is not one of the forms: 'the film was good', 'the film was not good', "
                     "'the film was good, not bad', 'the film was not bad but good'")


def encode_sequences(sentences):
    """One-hot word sequences, padded at the front with zero vectors so every sentence ends at the last step.

    Returns:
        x: (T, B, V) with T the longest sentence, V = len(TOKENS).
    """
    tokens = [tokenize(s) for s in sentences]
    T = max(len(t) for t in tokens)
    x = np.zeros((T, len(tokens), len(TOKENS)))
    for b, words in enumerate(tokens):
        x[np.arange(T - len(words), T), b, [INDEX[w] for w in words]] = 1.0
    return x


def bag_of_words(sentences):
    """How often each word of TOKENS occurs in each sentence, order thrown away: (B, V) counts."""
    return encode_sequences(sentences).sum(axis=0)


def bigram_index(sentences):
    """Every pair of neighbouring words that occurs in `sentences`, numbered: {(w_1, w_2): column}."""
    pairs = sorted({pair for s in sentences for pair in zip(tokenize(s), tokenize(s)[1:])})
    return {pair: k for k, pair in enumerate(pairs)}


def bag_of_bigrams(sentences, index):
    """Word counts and neighbouring-pair counts (`index` from `bigram_index`; pairs not in it are dropped):
    (B, V + len(index)). A linear model on these sees local order ("not good") but nothing longer."""
    pairs = np.zeros((len(sentences), len(index)))
    for b, sentence in enumerate(sentences):
        words = tokenize(sentence)
        for pair in zip(words, words[1:]):
            if pair in index:
                pairs[b, index[pair]] += 1.0
    return np.concatenate([bag_of_words(sentences), pairs], axis=1)


def sentiment_experiment(seed=0, *, num_train=2000, num_test=1000, epochs=6, hidden_size=16):
    """Train a GRU on the word sequences and a bag-of-words linear classifier on the counts; test both.

    GRU: SequenceModel(GRU(V, hidden_size), 2, many_to_one) reads the words in order. Bag of words:
    y = W c + b on the counts c (a Dense layer, i.e. logistic regression): it sees which words occur,
    not where. Bigrams: the same on word counts plus counts of neighbouring word pairs (`bag_of_bigrams`), the
    strongest simple baseline. Same data, optimizer and number of epochs for all three.
    Returns:
        dict with "rnn", "bow", "bigram" (models), "accuracy", "negated" (on the test sentences that contain
        "not"), "unseen" (on the test sentences that do not occur in the training set), each {"rnn", "bow",
        "bigram"}; "by_form" {form: {"rnn", "bow", "bigram"}}; "params" {"rnn", "bow", "bigram"}; "seen_fraction"
        (of the test sentences that occur verbatim in the training set); "test" (sentences, labels, forms).
    """
    sentences, labels, _ = sentiment_sentences(num_train, seed=rng_from(seed))
    test, test_labels, test_forms = sentiment_sentences(num_test, seed=np.random.default_rng([seed, 1]))
    V = len(TOKENS)
    rnn = SequenceModel(GRU(V, hidden_size, seed=seed), 2, many_to_one=True, seed=seed)
    bow = Dense(V, 2, seed=seed)
    train_classifier(rnn, encode_sequences(sentences), labels, epochs=epochs, seed=seed, batch_axis=1)
    train_classifier(bow, bag_of_words(sentences), labels, epochs=epochs, seed=seed)
    index = bigram_index(sentences)
    bigram = Dense(V + len(index), 2, seed=seed)
    train_classifier(bigram, bag_of_bigrams(sentences, index), labels, epochs=epochs, seed=seed)
    x_test, c_test = encode_sequences(test), bag_of_words(test)
    right = {"rnn": rnn.forward(x_test)[0].argmax(-1) == test_labels,
             "bow": bow.forward(c_test)[0].argmax(-1) == test_labels,
             "bigram": bigram.forward(bag_of_bigrams(test, index))[0].argmax(-1) == test_labels}
    negated = test_forms > 0
    seen = np.isin(test, sentences)  # the test sentences that also occur, word for word, in the training set
    return {"rnn": rnn, "bow": bow, "bigram": bigram, "test": (test, test_labels, test_forms),
            "accuracy": {k: float(v.mean()) for k, v in right.items()},
            "negated": {k: float(v[negated].mean()) for k, v in right.items()},
            "unseen": {k: float(v[~seen].mean()) for k, v in right.items()},
            "seen_fraction": float(seen.mean()),
            "params": {"rnn": rnn.num_params, "bow": bow.num_params, "bigram": bigram.num_params},
            "by_form": {f: {k: float(v[test_forms == i].mean()) for k, v in right.items()} for i, f in enumerate(FORMS)}}
