"""Every widget with a text box: checking text a learner types into a widget: one message per problem, never an exception."""


def text_problem(text, vocab, max_length, *, what="text", example="type a sentence and press Enter"):
    """The text (lower-cased when the vocabulary has no capitals), and "" if a widget can use it, else a
    message saying what is wrong.

    Args:
        text: what the learner typed; vocab: a `text.Vocabulary`; max_length: the most characters allowed;
        what: the name of the box in the message; example: what to type, said when the box is empty.
    Returns:
        (text, message): message is "" when the text is usable.
    """
    if not isinstance(text, str):
        return text, f"Please give text (a string); got {type(text).__name__}."
    if not any(c.isupper() for c in vocab.symbols):
        text = text.lower()
    if not text:
        return text, f"The {what} box is empty: {example}."
    if len(text) > max_length:
        return text, f"That is {len(text)} characters; please keep the {what} to {max_length} or fewer."
    unknown = sorted({c for c in text if c not in vocab}, key=text.index)
    if unknown:
        return text, (f"Only the characters {vocab.symbols!r} are known; the {what} also has "
                      f"{', '.join(repr(c) for c in unknown)}. Please use only the known characters.")
    return text, ""
