"""Interactive widgets. Each has a plain state class (no ipywidgets import, tested without a display)
and a thin ipywidgets view in a module of its own."""
from .timeline import Timeline
from .check import WidgetCheck
from .stepper import HiddenStateStepper
from .stepper_view import StepperView
from .unrolled_view import UnrolledGraphView
from .receptive_field import ReceptiveFieldState
from .receptive_field_view import ReceptiveFieldView
from .sampler import TextSamplerState
from .sampler_view import TextSamplerView
