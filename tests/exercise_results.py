"""What every exercise-check test asserts about a CheckResult: PASS, or NOT YET with the words it must say."""
from rnnlib.course.exercises import CheckResult


def assert_passes(res):
    assert isinstance(res, CheckResult) and bool(res) is True and repr(res).startswith("PASS"), repr(res)
    assert "PASS" in res._repr_html_()


def assert_fails(res, *words):
    assert isinstance(res, CheckResult) and bool(res) is False, repr(res)
    text = repr(res)
    assert text.startswith("NOT YET") and "NOT YET" in res._repr_html_()
    assert ("Hint:" in text) != ("no answer yet" in text), text  # a hint once there is an answer, not before
    assert all(w in text for w in words), text
