"""Settings for every test of rnnlib.course."""
import pytest

from rnnlib.course.exercises import TRIES


@pytest.fixture(autouse=True)
def fresh_tries():
    """Every test starts with no wrong tries recorded, so the hint tier a check shows never depends on test order."""
    TRIES.clear()
    yield
    TRIES.clear()
