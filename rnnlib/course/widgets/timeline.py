"""Every widget: moving through the steps t = 1..T of a sequence: what every stepping widget's state shares.

No ipywidgets import: a state class inherits `Timeline`, provides the property `T`, and sets `self.t`.
"""


class Timeline:
    """A current step `t` in 1..T, moved by `go_to`, `step_forward`, `step_back` and `reset`.

    Subclasses provide `T` (the number of steps, >= 1) and set `self.t`; a state whose walk starts
    elsewhere overrides `reset` (BPTTWalker starts at t = T). Views wire these to their buttons with
    `controls.TimeControls`.
    """

    def go_to(self, t):
        """Move to step t, clamped to 1..T; returns the step now shown."""
        self.t = int(min(max(int(t), 1), self.T))
        return self.t

    def step_forward(self):
        """Move to t + 1; returns False (and stays) at the last step."""
        before = self.t
        return self.go_to(before + 1) != before

    def step_back(self):
        """Move to t - 1; returns False (and stays) at the first step."""
        before = self.t
        return self.go_to(before - 1) != before

    def reset(self):
        """Back to t = 1."""
        self.t = 1
