"""Every notebook: automatic checks for the notebooks' exercises: one module per notebook (nb01.py, nb02.py, ...).

Every check returns a `CheckResult`: it prints PASS, or NOT YET with a hint (no hint while the answer is
still None; a first hint about the concept after one wrong try, the idea or formula after two), and is truthy
only when the answer is right, so a solutions notebook can `assert check_x(answer)`.
"""


RESULTS = []  # every CheckResult made in this kernel, oldest first: what the grading command (grade.py) collects


class CheckResult:
    """The outcome of one exercise check: `passed`, a `message`, and a `hint` shown when it failed."""

    def __init__(self, name, passed, message, hint=""):
        self.name, self.passed, self.message, self.hint = name, bool(passed), message, hint
        RESULTS.append(self)

    def __bool__(self):
        return self.passed

    def __repr__(self):
        if self.passed:
            return f"PASS {self.name}: {self.message}"
        return f"NOT YET {self.name}: {self.message}" + (f"\n  Hint: {self.hint}" if self.hint else "")

    def _repr_html_(self):
        colour, word = ("#1a7f37", "PASS") if self.passed else ("#b35900", "NOT YET")
        hint = "" if self.passed or not self.hint else f"<br><b>Hint:</b> {self.hint}"
        # its own white background and dark text, as every widget drawing (rnnlib/course/widgets/html.py): the
        # green and orange reach 5.1:1 and 4.8:1 there, in JupyterLab Light and Dark alike
        return (f'<div style="border-left:6px solid {colour};padding:4px 10px;font-size:1.1em;background:#ffffff;'
                f'color:#1a1a1a">'
                f'<b style="color:{colour}">{word}</b> <b>{self.name}</b>: {self.message}{hint}</div>')


TRIES = {}  # wrong tries so far per exercise name, in this kernel: the hint deepens with them


def result(name, passed, message_if_right, message_if_wrong, hint=""):
    """Build a CheckResult from a boolean, with the message that fits.

    `hint` is one hint, or hints in tiers (first, second): the first shows after one wrong try and is about the
    concept; the second, from the second wrong try on, gives the idea or the formula. Neither is code or the
    answer (tests/course/test_exercise_hints.py checks that).
    """
    if passed:
        return CheckResult(name, True, message_if_right)
    TRIES[name] = TRIES.get(name, 0) + 1
    if isinstance(hint, tuple):
        hint = hint[min(TRIES[name], len(hint)) - 1]
    return CheckResult(name, False, message_if_wrong, hint)


from . import nb00, nb01, nb02  # noqa: E402 (the checks use CheckResult and result above)
from . import nb06, nb07  # noqa: E402
from . import nb03, nb04  # noqa: E402 (notebooks 03 and 04)
from . import nb05  # noqa: E402
from . import nb08  # noqa: E402
from . import nb09  # noqa: E402
