"""Data notebook 06 generates from a seed: letters in noisy images, and the remember-the-first-symbol task."""
import numpy as np

from rnnlib.course import glyphs, rnn_vs_cnn


def test_glyph_images_are_deterministic_from_the_seed():
    a, la = glyphs.glyph_images(20, seed=3)
    b, lb = glyphs.glyph_images(20, seed=3)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(la, lb)
    assert a.shape == (20, 16, 16) and la.min() >= 0 and la.max() < len(glyphs.GLYPHS)


def test_glyph_without_noise_is_its_template_somewhere_in_the_image():
    images, labels = glyphs.glyph_images(5, noise=0.0, seed=0)
    for image, label in zip(images, labels):
        template = glyphs.glyph_template(glyphs.GLYPHS[label])
        assert np.isclose(image.sum(), template.sum())


def test_glyph_o_has_a_hole():
    o = glyphs.glyph_template("O")
    assert o[5, 5] == 0 and o[5, 0:3].max() > 0.5


def test_memory_task_target_is_the_key_at_the_first_step():
    x, y = rnn_vs_cnn.memory_task(7, 30, 4, seed=0)
    assert x.shape == (7, 30, 8)
    np.testing.assert_array_equal(x[0, :, :4].argmax(1), y)
    assert x[1:, :, :4].sum() == 0 and np.all(x[1:, :, 4:].sum(axis=2) == 1)
