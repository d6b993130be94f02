"""Notebook 07's speech and video sections: the STFT against a direct DFT, the shipped spoken digits (shape,
dtype, checksum, and that data/make_speech.py remakes them), the moving-letter clips (every frame the same
distribution whatever the motion), the figures, and what the experiments return (their outcomes over seeds 0, 1
and 2 are asserted in the notebook)."""
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from rnnlib.course import plotting, speech, video

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "rnnlib" / "course" / "data" / "speech_digits.npz"
SHA256 = "8a32631c5db56e2b99e024a1f389baeac0f9f62d8c1b6286e2314f3a1efa0775"  # of the file data/make_speech.py wrote
SEEDS = [0, 1, 2]


@pytest.fixture(scope="module")
def digits():
    return speech.load_speech_digits()


# ----- the STFT --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("length,frame_length,hop", [(40, 16, 8), (37, 16, 5), (16, 16, 4), (10, 16, 8)])
def test_stft_matches_a_direct_dft_of_each_windowed_frame(length, frame_length, hop):
    x = np.random.default_rng(0).standard_normal(length)
    X = speech.stft(x, frame_length, hop)
    N, w = frame_length, speech.hann_window(frame_length)
    padded = np.concatenate([x, np.zeros(len(X) * hop + N)])
    n, k = np.arange(N), np.arange(N // 2 + 1)
    direct = np.array([[np.sum(w * padded[t * hop + n] * np.exp(-2j * np.pi * kk * n / N)) for kk in k]
                       for t in range(len(X))])
    assert X.shape == (1 + -(-max(length - N, 0) // hop), N // 2 + 1)
    np.testing.assert_allclose(X, direct, atol=1e-10)
    assert (len(X) - 1) * hop + N >= length > (len(X) - 2) * hop + N or len(X) == 1  # the last frame is needed


def test_hann_window_is_periodic_and_peaks_at_the_centre():
    w = speech.hann_window(8)
    np.testing.assert_allclose(w, [0, 0.1464466, 0.5, 0.8535534, 1, 0.8535534, 0.5, 0.1464466], atol=1e-7)


def test_a_pure_tone_lands_in_its_band():
    t = np.arange(4000) / speech.SAMPLE_RATE
    frames = speech.log_spectrogram(np.sin(2 * np.pi * 1060.0 * t))  # 1060 Hz: band 8 covers 1000-1125 Hz
    assert frames.shape[1] == speech.NUM_BANDS and np.all(frames[2:-2].argmax(axis=1) == 8)


def test_resample_keeps_a_low_tone_and_the_duration():
    t = np.arange(22050) / 22050
    y = speech.resample(np.sin(2 * np.pi * 440 * t), 22050, 8000)
    assert len(y) == 8000
    np.testing.assert_allclose(y, np.sin(2 * np.pi * 440 * np.arange(8000) / 8000), atol=1e-6)


def test_stft_rejects_an_empty_signal():
    with pytest.raises(ValueError, match=r"signal must have shape \(L,\)"):
        speech.stft(np.zeros(0))


# ----- the shipped data ------------------------------------------------------------------------------------
def test_shipped_speech_data_has_its_checksum_size_shapes_and_dtypes():
    assert hashlib.sha256(SHIPPED.read_bytes()).hexdigest() == SHA256
    assert SHIPPED.stat().st_size < 1.5e6
    with np.load(SHIPPED, allow_pickle=False) as npz:  # raises if anything in it needed a pickle
        d = {k: npz[k] for k in npz.files}
    assert d["frames"].shape == (640, 51, 32) and d["frames"].dtype == np.float16
    assert d["wav"].shape[0] == 20 and d["wav"].dtype == np.int16
    assert np.all(np.isfinite(d["frames"])) and d["voices"].shape == (16,)
    assert np.bincount(d["digit"]).tolist() == [64] * 10
    assert int(d["sample_rate"]) == speech.SAMPLE_RATE and int(d["hop"]) == speech.HOP


def test_loaded_frames_are_padded_at_the_front_with_silence(digits):
    T = digits["frames"].shape[1]
    short = int(np.argmin(digits["num_frames"]))
    pad = T - digits["num_frames"][short]
    assert pad > 0 and np.all(digits["frames"][short, :pad] == np.float32(np.float16(np.log(speech.LOG_FLOOR))))
    assert digits["frames"][short, pad:].max() > 0


def test_listening_clip_is_int16_at_8_khz_for_every_digit(digits):
    for d in range(10):
        wav, rate = speech.listening_clip(digits, d)
        assert wav.dtype == np.int16 and rate == 8000 and 0.2 < len(wav) / rate < 1.0
    with pytest.raises(ValueError, match="no listening clip"):
        speech.listening_clip(digits, "seven", voice=5)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt-get install espeak-ng)")
def test_make_speech_script_remakes_the_shipped_data(tmp_path, digits):
    out = tmp_path / "speech.npz"
    version = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout
    if str(digits["espeak_version"]) not in version:
        pytest.skip(f"the data was made with {digits['espeak_version']}; this is {version.strip()}")
    subprocess.run([sys.executable, str(ROOT / "data" / "make_speech.py"), str(out)], check=True, capture_output=True)
    with np.load(out, allow_pickle=False) as new, np.load(SHIPPED, allow_pickle=False) as old:
        assert sorted(new.files) == sorted(old.files)
        for k in old.files:
            np.testing.assert_array_equal(new[k], old[k], err_msg=k)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == SHA256


def test_accent_folds_test_every_clip_once_on_accents_never_heard_in_training(digits):
    folds = speech.accent_folds(digits, 4, seed=0)
    accent = np.array([v.split("+")[0] for v in digits["voices"]])[digits["voice"]]
    for train, test in folds:
        assert len(set(accent[test])) == 2 and not set(accent[test]) & set(accent[train])
        assert test.sum() == 160 and (train ^ test).all()
    assert (sum(test.astype(int) for _, test in folds) == 1).all()
    with pytest.raises(ValueError, match="num_folds must divide the 8 accents"):
        speech.accent_folds(digits, 3)


# ----- the video clips -------------------------------------------------------------------------------------
def test_clips_move_one_pixel_per_frame_in_their_direction_and_wrap_round():
    clips, labels, pos = video.moving_glyph_clips(50, noise=0.0, seed=3)
    steps = np.array([video.STEPS[m] for m in video.MOTIONS])[labels]
    assert np.array_equal((pos[:, 1:] - pos[:, :-1]) % 10, np.broadcast_to(steps[:, None] % 10, pos[:, 1:].shape))
    for n in range(5):  # frame t is frame 0 rolled by the motion so far
        for t in range(1, 8):
            np.testing.assert_allclose(clips[n, t], np.roll(clips[n, 0], tuple(t * steps[n]), axis=(0, 1)))


@pytest.mark.parametrize("seed", SEEDS)
def test_every_single_frame_has_the_same_distribution_whatever_the_motion(seed):
    clips, labels, pos = video.moving_glyph_clips(8000, seed=seed)
    z = [video.position_independence(labels, pos, 10, frame=t)[2] for t in range(8)]
    assert max(abs(v) for v in z) < 4, z
    # and the mean image of frame t is the same flat picture for every motion (within its sampling error)
    means = np.stack([clips[labels == k, 3].mean(axis=0) for k in range(4)])  # (4, S, S)
    se = clips[:, 3].std() / np.sqrt(np.bincount(labels).min())
    assert np.abs(means - means.mean(axis=0)).max() < 5 * se


def test_clips_as_sequences_is_time_major():
    clips, _, _ = video.moving_glyph_clips(3, seed=0)
    seq = video.clips_as_sequences(clips)
    assert seq.shape == (8, 3, 100) and np.array_equal(seq[2, 1], clips[1, 2].ravel())


# ----- the figures -----------------------------------------------------------------------------------------
def _has_title_labels_and_colour_bar(fig, axes):
    assert fig.get_suptitle() and all(ax.get_title() for ax in axes.flat[: axes.shape[-1]])
    assert any(ax.get_xlabel() for ax in axes.flat) and any(ax.get_ylabel() for ax in axes.flat)
    assert any(ax.get_label() == "<colorbar>" and ax.get_ylabel() for ax in fig.axes)


def test_digit_spectrograms_show_one_panel_per_digit_with_units(digits):
    fig, axes = plotting.digit_spectrograms(digits, voice=0)
    _has_title_labels_and_colour_bar(fig, axes)
    assert axes.shape == (2, 5) and "Hz" in axes[0, 0].get_ylabel() and "ms" in axes[1, 0].get_xlabel()
    assert [ax.get_title().split()[0] for ax in axes.flat] == [str(d) for d in range(10)]
    matplotlib.pyplot.close(fig)


def test_clip_strips_show_every_frame_of_every_clip():
    clips, labels, _ = video.moving_glyph_clips(4, seed=0)
    fig, axes = plotting.clip_strips(clips, labels)
    _has_title_labels_and_colour_bar(fig, axes)
    assert axes.shape == (4, 8) and video.MOTIONS[labels[2]] in axes[2, 0].get_ylabel()
    np.testing.assert_array_equal(axes[1, 5].images[0].get_array(), clips[1, 5])
    matplotlib.pyplot.close(fig)


# ----- the experiments (their outcomes, over seeds 0, 1 and 2, are asserted in notebook 07) ----------------
def test_speech_experiment_names_every_clip_once_with_a_model_that_never_heard_its_accent(digits):
    out = speech.speech_experiment(1, epochs=1, hidden_size=4, data=digits)
    assert out["num_clips"] == 640 and out["chance"] == 0.1 and out["seed"] == 1
    for k in ("gru", "average_frame", "average_frame_budget"):
        assert out["predictions"][k].shape == (640,) and set(out["predictions"][k]) <= set(range(10))
        right = out["predictions"][k] == digits["digit"]
        assert out["accuracy"][k] == pytest.approx(right.mean())
        assert out["by_digit"][k] == pytest.approx([right[digits["digit"] == d].mean() for d in range(10)])
    params = {k: m.num_params for k, m in out["models"].items()}  # the wide baseline: the GRU's budget, as near as it goes
    assert params["average_frame"] < params["average_frame_budget"] and abs(params["average_frame_budget"] - params["gru"]) <= 43


def test_video_experiment_scores_the_gru_and_both_order_blind_baselines_on_fresh_clips():
    out = video.video_experiment(1, num_train=100, num_test=40, hidden_size=4, epochs=1)
    assert set(out["accuracy"]) == {"gru", "one_frame", "average_frame"} and out["chance"] == 0.25
    assert all(0 <= a <= 1 for a in out["accuracy"].values()) and len(out["independence"]) == 8
