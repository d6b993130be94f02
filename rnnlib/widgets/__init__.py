"""Interactive widgets. Each has a plain state class (no ipywidgets import, tested without a display)
and a thin ipywidgets view in a module of its own."""
