"""Notebook 07: forecasting the next value of a generated series, against the honest baseline "tomorrow = today".

Two series, both made here from a seed:

- `seasonal_series`: two sine waves (periods 12 and 37 steps) plus Gaussian noise. The waves repeat, so
  the past says something about the next step; the noise does not.
- `random_walk`: s_t = s_{t-1} + e_t with independent steps e_t. Every step is new noise, so the best
  possible forecast is the last value, and no model can beat it except by luck. Prices of traded assets
  behave much more like this than like the seasonal series.

The model sees a window of the last `window` values, each minus the last one (so the level of the
series does not matter), and predicts the change to the next value. The strongest simple baseline is a linear
autoregression on the same windows: a sum of sinusoids obeys an exact linear recurrence (each sinusoid of angular
frequency w satisfies s_t = 2 cos(w) s_{t-1} - s_{t-2}), so a linear model with enough lags can represent the
seasonal series' signal exactly.
"""
import numpy as np

from .classify import train_classifier
from ..nn.gru import GRU
from ..nn.losses import mse
from ..nn.models import SequenceModel
from ..nn.checks import check_positive_float, check_positive_int, rng_from


def seasonal_series(length, *, noise=0.1, seed=None):
    """s_t = sin(2 pi t / 12) + 0.5 sin(2 pi t / 37 + phase) + noise * N(0, 1), t = 0..length-1; (length,)."""
    n = check_positive_int(length, "length")
    rng = rng_from(seed)
    t = np.arange(n)
    phase = rng.uniform(0, 2 * np.pi)
    return (np.sin(2 * np.pi * t / 12) + 0.5 * np.sin(2 * np.pi * t / 37 + phase)
            + check_positive_float(noise, "noise", allow_zero=True) * rng.standard_normal(n))


def random_walk(length, *, step=0.1, seed=None):
    """s_t = s_{t-1} + step * N(0, 1), s_0 = 0: a random walk; (length,)."""
    n = check_positive_int(length, "length")
    steps = check_positive_float(step, "step") * rng_from(seed).standard_normal(n)
    steps[0] = 0.0
    return np.cumsum(steps)


def forecast_windows(series, window):
    """Inputs and targets for one-step forecasts from every window of the series.

    Returns:
        x: (window, N, 1), window i is s_i..s_{i+w-1} minus its last value s_{i+w-1};
        y: (N, 1), the change s_{i+w} - s_{i+w-1}; last: (N,), the last value s_{i+w-1} of each window.
    """
    s = np.asarray(series, dtype=np.float64)
    w = check_positive_int(window, "window")
    if s.ndim != 1 or len(s) <= w:
        raise ValueError(f"series must be 1-D and longer than window = {w}; got shape {s.shape}")
    windows = np.lib.stride_tricks.sliding_window_view(s[:-1], w)  # (N, w)
    last = windows[:, -1]
    x = (windows - last[:, None]).T[:, :, None]  # (w, N, 1)
    return np.ascontiguousarray(x), (s[w:] - last)[:, None], last


def linear_forecast(x_train, y_train, x_test):
    """The least-squares linear autoregression on the same windows: change = w . window + c, fitted on the
    training windows, applied to the test windows. x: (window, N, 1), y: (N, 1). Returns (N_test,) changes
    and the number of parameters (window + 1)."""
    def design(x):
        return np.concatenate([x[:, :, 0].T, np.ones((x.shape[1], 1))], axis=1)  # (N, window + 1): [window, 1]

    coef, *_ = np.linalg.lstsq(design(x_train), y_train[:, 0], rcond=None)
    return design(x_test) @ coef, coef.size


def forecast_experiment(series, *, window=24, train_fraction=0.7, hidden_size=16, epochs=15, seed=0):
    """Train a GRU on the first part of the series (in time order) and compare it, after that part, with
    "next = last" and with a linear autoregression fitted by least squares on the same training windows.

    Returns:
        dict with "model_mse", "naive_mse", "linear_mse" (on the test part), "prediction", "linear_prediction",
        "target" (test next values), "last" (test last values), "split" (index of the first test target in the
        series), "model", "history", "params" {"GRU", "linear"}.
    """
    x, y, last = forecast_windows(series, window)
    n_train = int(len(y) * train_fraction)  # earlier windows train, later ones test: no peeking at the future
    linear_change, linear_params = linear_forecast(x[:, :n_train], y[:n_train], x[:, n_train:])
    model = SequenceModel(GRU(1, hidden_size, seed=seed), 1, many_to_one=True, seed=seed)
    history = train_classifier(model, x[:, :n_train], y[:n_train], epochs=epochs, seed=seed, batch_axis=1,
                               loss_fn=mse)
    change = model.forward(x[:, n_train:])[0]  # (N_test, 1) predicted change
    target = (y[n_train:] + last[n_train:, None])[:, 0]
    prediction = last[n_train:] + change[:, 0]
    linear = last[n_train:] + linear_change
    return {"model_mse": float(np.mean((prediction - target) ** 2)),
            "naive_mse": float(np.mean((last[n_train:] - target) ** 2)),
            "linear_mse": float(np.mean((linear - target) ** 2)),
            "prediction": prediction, "linear_prediction": linear, "target": target, "last": last[n_train:],
            "split": window + n_train, "model": model, "history": history,
            "params": {"GRU": model.num_params, "linear": linear_params}}
