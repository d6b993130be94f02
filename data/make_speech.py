"""Make rnnlib/course/data/speech_digits.npz: the digits "zero".."nine" spoken by espeak-ng, as spectrogram frames.

Needs the espeak-ng speech synthesiser (Debian/Ubuntu: `apt-get install espeak-ng`; it is not a dependency of
the course, which only reads the file this writes). Run from the top folder of the repository:

    python data/make_speech.py                      # rewrites rnnlib/course/data/speech_digits.npz
    python data/make_speech.py /tmp/speech.npz      # or writes elsewhere (the test compares the two)

For every voice, speed, pitch and digit it runs exactly

    espeak-ng -v VOICE -s SPEED -p PITCH -w CLIP.wav WORD

(VOICE is an English accent plus a voice variant, e.g. en-gb-scotland+m3; SPEED in words per minute; PITCH 0-99)
and then, with NumPy and rnnlib only: reads the 16-bit mono WAV (22050 Hz), resamples it to 8000 Hz
(`speech.resample`), cuts the silence around the word (`speech.trim_silence`), scales the peak to 1, and computes
the log-magnitude spectrogram (`speech.log_spectrogram`: Hann window, 256-sample frames, hop 128, 32 bands).
Frames are stored as float16, padded at the front with silence; 20 of the clips (each digit in two voices) are
also stored as int16 samples at 8000 Hz for listening.
"""
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
from rnnlib.course import speech  # noqa: E402

ACCENTS = ("en-gb", "en-us", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd", "en-029",
           "en-us-nyc")
VARIANTS = (("m1", "f1"), ("m2", "f2"), ("m3", "f3"), ("m4", "f4"), ("m5", "f5"), ("m6", "f1"), ("m7", "f2"),
            ("m1", "f3"))  # two voice variants per accent (espeak-ng's voices/!v: m = lower, f = higher formants)
VOICES = tuple(f"{accent}+{v}" for accent, pair in zip(ACCENTS, VARIANTS) for v in pair)  # 16 voices
SPEEDS = (140, 180)  # words per minute
PITCHES = (35, 65)  # espeak-ng's pitch, 0-99 (50 is its default)
LISTEN = ((0, 140, 65), (3, 140, 35))  # (voice index, speed, pitch) of the clips kept as audio, every digit
OUT = Path(__file__).resolve().parents[1] / "rnnlib" / "course" / "data" / "speech_digits.npz"


def espeak(word, voice, speed, pitch, workdir):
    """Speak `word` with espeak-ng into a WAV file; return its samples as float64 in [-1, 1] and the rate."""
    path = Path(workdir) / "clip.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(path), word],
                   check=True, capture_output=True)
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2, "espeak-ng writes 16-bit mono"
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        return samples / 32768.0, w.getframerate()


def make(out=OUT):
    if shutil.which("espeak-ng") is None:
        sys.exit("espeak-ng is not installed: apt-get install espeak-ng")
    version = subprocess.run(["espeak-ng", "--version"], check=True, capture_output=True, text=True).stdout
    version = version.split("Data at")[0].strip()  # e.g. "eSpeak NG text-to-speech: 1.51"
    clips, labels, voices, speeds, pitches, listen = [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as workdir:
        for v, voice in enumerate(VOICES):
            for speed in SPEEDS:
                for pitch in PITCHES:
                    for d, word in enumerate(speech.DIGITS):
                        x, rate = espeak(word, voice, speed, pitch, workdir)
                        x = speech.trim_silence(speech.resample(x, rate, speech.SAMPLE_RATE))
                        x = x / np.abs(x).max()
                        clips.append(speech.log_spectrogram(x))
                        labels.append(d), voices.append(v), speeds.append(speed), pitches.append(pitch)
                        if (v, speed, pitch) in LISTEN:
                            listen.append((d, v, np.round(0.9 * 32767 * x).astype(np.int16)))
    T = max(len(c) for c in clips)
    frames = np.full((len(clips), T, speech.NUM_BANDS), np.log(speech.LOG_FLOOR))  # front padding = silence
    for i, c in enumerate(clips):
        frames[i, T - len(c):] = c
    L = max(len(w) for _, _, w in listen)
    wav = np.zeros((len(listen), L), np.int16)
    for i, (_, _, w) in enumerate(listen):
        wav[i, : len(w)] = w
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out, frames=frames.astype(np.float16), num_frames=np.array([len(c) for c in clips], np.int16),
        digit=np.array(labels, np.int8), voice=np.array(voices, np.int8), speed=np.array(speeds, np.int16),
        pitch=np.array(pitches, np.int16), voices=np.array(VOICES), wav=wav,
        wav_length=np.array([len(w) for _, _, w in listen], np.int32),
        wav_digit=np.array([d for d, _, _ in listen], np.int8), wav_voice=np.array([v for _, v, _ in listen], np.int8),
        sample_rate=np.int32(speech.SAMPLE_RATE), frame_length=np.int32(speech.FRAME_LENGTH),
        hop=np.int32(speech.HOP), espeak_version=np.array(version))
    print(f"wrote {out}: {len(clips)} clips, frames {frames.shape}, {len(listen)} listening clips, "
          f"{out.stat().st_size / 1e6:.2f} MB ({version})")


if __name__ == "__main__":
    make(sys.argv[1] if len(sys.argv) > 1 else OUT)
