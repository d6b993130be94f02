"""Notebooks 00-07: interactive widgets. Each has a plain state class (no ipywidgets import, tested without a display)
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
from .bptt_walker import BPTTWalker
from .bptt_walker_view import BPTTWalkerView
from .gradient_explorer import GradientExplorer
from .gradient_explorer_view import GradientExplorerView
from .cell_diagram import cell_svg, describe_cell
from .gate_inspector import GateInspector
from .gate_inspector_view import GateInspectorView
from .attention import AttentionStepper
from .attention_view import AttentionView
from .scan import ScanState
from .scan_view import ScanView
