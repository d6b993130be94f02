"""Notebook 07: spoken digits: a windowed short-time Fourier transform (STFT), log-magnitude spectrograms, and a
GRU that names the digit against an order-blind baseline on the average frame.

The audio is the words "zero".."nine" spoken by the `espeak-ng` speech synthesiser in several voices, speeds
and pitches, made once by `data/make_speech.py` and shipped in the package as `data/speech_digits.npz` (no
pickles; `data/README.md` says how to remake it). Everything below is NumPy (`numpy.fft`).

The STFT of a signal x (sampled at SAMPLE_RATE Hz), frame t, frequency bin k:

    X[t, k] = sum_{n=0}^{N-1} w[n] x[t * hop + n] exp(-2 pi i k n / N),   k = 0..N/2

with frame length N = FRAME_LENGTH = 256 samples (32 ms at 8 kHz), hop = HOP = 128 samples (16 ms: frames
overlap by half) and the periodic Hann window w[n] = 0.5 - 0.5 cos(2 pi n / N). Bin k is the frequency
k * SAMPLE_RATE / N Hz (31.25 Hz apart, up to 4000 Hz). The features are the log of the magnitude |X[t, k]|
averaged over NUM_BANDS = 32 bands of 4 bins (125 Hz each): one (32,) frame every 16 ms.
"""
from importlib import resources
from pathlib import Path

import numpy as np

from ..nn.checks import check_positive_int, rng_from
from ..nn.gru import GRU
from ..nn.models import FeedForward, SequenceModel
from .classify import accuracy, train_classifier

DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
SAMPLE_RATE = 8000  # Hz: the features and the listening clips (espeak-ng speaks at 22050 Hz; we resample)
FRAME_LENGTH = 256  # N samples per frame: 32 ms
HOP = 128  # samples between frame starts: 16 ms
NUM_BANDS = 32  # 125 Hz wide bands of 4 FFT bins each, 0-4000 Hz
LOG_FLOOR = 1e-3  # added to the magnitude before the log, so silence is log(1e-3) and not -inf


def hann_window(frame_length):
    """The periodic Hann window w[n] = 0.5 - 0.5 cos(2 pi n / N), n = 0..N-1: (N,)."""
    N = check_positive_int(frame_length, "frame_length")
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N) / N)


def stft(signal, frame_length=FRAME_LENGTH, hop=HOP):
    """Short-time Fourier transform: X[t, k] = sum_n w[n] x[t hop + n] exp(-2 pi i k n / N) (module docstring).

    The signal is padded with zeros at the end so that the last frame is whole; frame t starts at sample t * hop.
    Args:
        signal: (L,) samples; frame_length: N; hop: samples between frame starts.
    Returns:
        X: (T, N // 2 + 1) complex, T = 1 + ceil(max(L - N, 0) / hop).
    """
    x = np.asarray(signal, dtype=np.float64)
    N, hop = check_positive_int(frame_length, "frame_length"), check_positive_int(hop, "hop")
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"signal must have shape (L,) with L >= 1 samples; got {x.shape}")
    T = 1 + -(-max(len(x) - N, 0) // hop)
    x = np.pad(x, (0, (T - 1) * hop + N - len(x)))
    starts = np.arange(T) * hop
    frames = x[starts[:, None] + np.arange(N)]  # (T, N)
    return np.fft.rfft(frames * hann_window(N), axis=1)  # (T, N/2 + 1): all frames at once


def log_spectrogram(signal, frame_length=FRAME_LENGTH, hop=HOP, num_bands=NUM_BANDS):
    """Log-magnitude spectrogram in bands: log(mean of |X[t, k]| over each band's bins + LOG_FLOOR).

    The top bin (k = N/2, the Nyquist frequency) is dropped so the N/2 bins split evenly into `num_bands`.
    Returns:
        (T, num_bands) float64.
    """
    magnitude = np.abs(stft(signal, frame_length, hop))[:, : frame_length // 2]  # (T, N/2)
    bands = check_positive_int(num_bands, "num_bands")
    if magnitude.shape[1] % bands:
        raise ValueError(f"num_bands must divide frame_length / 2 = {magnitude.shape[1]}; got {bands}")
    return np.log(magnitude.reshape(len(magnitude), bands, -1).mean(axis=2) + LOG_FLOOR)


def resample(signal, rate_in, rate_out):
    """Change the sample rate by keeping the Fourier coefficients below the lower Nyquist frequency.

    Takes the FFT of the whole signal, drops (or zero-fills) the bins above rate_out / 2, and transforms back
    with round(L * rate_out / rate_in) samples: an ideal low-pass filter, then new sample times. Returns (L',).
    """
    x = np.asarray(signal, dtype=np.float64)
    n_out = int(round(len(x) * rate_out / rate_in))
    X = np.fft.rfft(x)
    keep = min(len(X), n_out // 2 + 1)
    Y = np.zeros(n_out // 2 + 1, complex)
    Y[:keep] = X[:keep]
    return np.fft.irfft(Y, n_out) * (n_out / len(x))


def trim_silence(signal, threshold=0.02, margin=0.02, rate=SAMPLE_RATE):
    """Cut the silence before and after the word: keep from the first to the last sample louder than
    `threshold` times the peak, plus `margin` seconds each side. Returns (L',)."""
    x = np.asarray(signal, dtype=np.float64)
    loud = np.flatnonzero(np.abs(x) > threshold * np.abs(x).max())
    pad = int(margin * rate)
    return x[max(loud[0] - pad, 0) : loud[-1] + pad + 1]


def load_speech_digits(path=None):
    """The shipped spoken digits (package data, read with importlib.resources; no pickles).

    Returns a dict of arrays (N clips, T = the longest clip's frames, F = NUM_BANDS):
        frames (N, T, F) float32: log-magnitude spectrogram, each clip padded at the FRONT with silence
        (log LOG_FLOOR) so that every word ends at the last frame; num_frames (N,): the real frames;
        digit (N,) the label (index into DIGITS); voice (N,) index into voices; speed (N,) words per minute;
        pitch (N,) espeak-ng's 0-99 pitch; voices (V,) str; wav (K, L) int16 clips at sample_rate Hz
        (zeros after wav_length); wav_length, wav_digit, wav_voice (K,); sample_rate, frame_length, hop.
    """
    source = resources.files(__package__).joinpath("data", "speech_digits.npz") if path is None else Path(path)
    with source.open("rb") as f, np.load(f, allow_pickle=False) as npz:
        data = {k: npz[k] for k in npz.files}
    data["frames"] = data["frames"].astype(np.float32)  # stored as float16 to keep the file small
    return data


def listening_clip(data, digit, voice=None):
    """(samples int16, sample rate) of a shipped clip of `digit` (an index or a word), for IPython.display.Audio."""
    d = DIGITS.index(digit) if isinstance(digit, str) else int(digit)
    match = np.flatnonzero((data["wav_digit"] == d) & ((data["wav_voice"] == voice) if voice is not None else True))
    if match.size == 0:
        raise ValueError(f"no listening clip of {DIGITS[d]!r}" + (f" in voice {voice}" if voice is not None else ""))
    k = match[0]
    return data["wav"][k, : data["wav_length"][k]], int(data["sample_rate"])


def accent_folds(data, num_folds=4, *, seed=0):
    """Split the accents into `num_folds` groups at random (from the seed): a list of (train, test) masks (N,).

    A voice is an accent plus a voice variant (espeak-ng's "en-gb-scotland+m3"). In fold j the test clips are every
    clip of the accents of group j, in every variant, speed and pitch; none of those accents is heard in training.
    Every clip is in exactly one test set."""
    accents = np.array([v.split("+")[0] for v in data["voices"]])[data["voice"]]  # (N,) the accent of each clip
    names = rng_from(seed).permutation(sorted(set(accents)))
    check_positive_int(num_folds, "num_folds")
    if len(names) % num_folds:
        raise ValueError(f"num_folds must divide the {len(names)} accents; got {num_folds}")
    folds = []
    for group in np.split(names, num_folds):
        test = np.isin(accents, group)
        folds.append((~test, test))
    return folds


def standardise(frames, num_frames, train):
    """(frames - mean) / std per band, the mean and std over the real (unpadded) training frames."""
    T = frames.shape[1]
    real = np.arange(T)[None, :] >= (T - num_frames)[:, None]  # (N, T): False on the front padding
    pool = frames[train][real[train]]  # (frames, F)
    return (frames - pool.mean(axis=0)) / pool.std(axis=0), real


def speech_experiment(seed=0, *, hidden_size=32, epochs=10, num_folds=4, data=None):
    """A GRU reads the spectrogram frame by frame and names the digit; a baseline sees only the average frame.

    GRU: SequenceModel(GRU(F, hidden_size), 10, many_to_one) on the frames in order, (T, B, F).
    Average frame: a FeedForward net (one hidden layer of `hidden_size` units) on the mean of each clip's real
    frames, (B, F): the same spectra, in no order. "average_frame_budget": the same net with the hidden size that
    brings its parameter count closest to the GRU's (the budget-matched control). Same optimizer, minibatches and
    epochs for all three.
    Each is trained `num_folds` times (`accent_folds`): every clip is classified by a model that never heard its
    accent, so the accuracies are over all N clips, each one in an accent unseen in training.
    Returns:
        dict with "accuracy" {"gru", "average_frame", "average_frame_budget"}, "train_accuracy" (mean over folds),
        "chance" (0.1), "by_digit" {same keys}: (10,) accuracy per digit, "predictions" {same keys}: (N,),
        "models" (those of the last fold), "num_clips", "seed".
    """
    data = load_speech_digits() if data is None else data
    y = data["digit"].astype(np.int64)
    names = ("gru", "average_frame", "average_frame_budget")
    predictions = {k: np.zeros(len(y), np.int64) for k in names}
    train_accuracy = {k: [] for k in names}
    for train, test in accent_folds(data, num_folds, seed=seed):
        x, real = standardise(data["frames"].astype(np.float64), data["num_frames"], train)  # (N, T, F)
        inputs = {"gru": np.ascontiguousarray(x.transpose(1, 0, 2)),  # (T, N, F): time-major, in order
                  "average_frame": (x * real[..., None]).sum(axis=1) / data["num_frames"][:, None]}  # (N, F)
        inputs["average_frame_budget"] = inputs["average_frame"]
        F = x.shape[2]
        gru = SequenceModel(GRU(F, hidden_size, seed=seed), len(DIGITS), many_to_one=True, seed=seed)
        wide = min(range(1, 4 * gru.num_params // F), key=lambda h: abs(
            FeedForward(F, h, len(DIGITS)).num_params - gru.num_params))  # the GRU's budget, as closely as it goes
        models = {"gru": gru,
                  # FeedForward has no memory: on (N, F) it applies the same net to every row on its own
                  "average_frame": FeedForward(F, hidden_size, len(DIGITS), seed=seed),
                  "average_frame_budget": FeedForward(F, wide, len(DIGITS), seed=seed)}
        for k in names:
            axis = 1 if k == "gru" else 0  # the batch axis
            take = lambda mask: np.compress(mask, inputs[k], axis=axis)  # noqa: E731
            train_classifier(models[k], take(train), y[train], epochs=epochs, seed=seed, batch_axis=axis,
                             batch_size=32)
            predictions[k][test] = models[k].forward(take(test))[0].argmax(-1)
            train_accuracy[k].append(accuracy(models[k], take(train), y[train]))
    right = {k: predictions[k] == y for k in names}
    return {"accuracy": {k: float(right[k].mean()) for k in names},
            "train_accuracy": {k: float(np.mean(v)) for k, v in train_accuracy.items()},
            "by_digit": {k: np.array([right[k][y == d].mean() for d in range(len(DIGITS))]) for k in names},
            "predictions": predictions, "chance": 1 / len(DIGITS), "models": models, "num_clips": len(y),
            "seed": seed}
