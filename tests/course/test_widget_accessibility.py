"""Every drawing reads well in light and dark themes (a light card, text colours chosen by WCAG contrast) and
says what it shows to a screen reader (role="img" and a <title> on every SVG); every widget's text fallback
says what the widget is. The browser tests measure the contrast on the page; these check the rules."""
import re
from pathlib import Path

import numpy as np
import pytest

import rnnlib.course
from rnnlib.course.plotting.unrolled import STEP_COLOURS, WEIGHT_COLOURS, unrolled_layout
from rnnlib.course.widgets import UnrolledGraphView, WidgetCheck, html, svgplot
from rnnlib.course.widgets.svg import graph_svg

COURSE = Path(rnnlib.course.__file__).parent


def _title(svg):
    found = re.search(r"<title>(.*?)</title>", svg)
    return found and found.group(1)


def test_contrast_matches_wcag_reference_values():
    assert html.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert html.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert html.contrast("#555555", "#111111") == pytest.approx(2.53, abs=0.01)


@pytest.mark.parametrize("cmap", ["RdBu_r", "viridis", "cividis"])
def test_number_on_a_cell_meets_aa_for_every_colour_of_the_colormap(cmap):
    worst = min(html.contrast(html._text_colour(c), c) for c in html._lut(cmap))
    assert worst >= 4.5, f"{cmap}: a number on a cell reaches only {worst:.2f}:1"


def test_number_on_mid_viridis_cell_is_black():
    # white on these was 3.2-3.8:1 (the gate tables of notebook 05)
    assert {html._text_colour(c) for c in html.colours([0.45, 0.5, 0.55, 0.6], 0.0, 1.0, "viridis")} == {"#000"}


@pytest.mark.parametrize("colour", list(WEIGHT_COLOURS.values()) + STEP_COLOURS)
@pytest.mark.parametrize("ratio", [3.0, 4.5])
def test_readable_darkens_a_colour_just_enough(colour, ratio):
    darker = html.readable(colour, ratio=ratio)
    assert html.contrast(darker, html.CARD) >= ratio
    if html.contrast(colour, html.CARD) >= ratio:
        assert darker == colour


def test_text_colours_of_the_stylesheet_meet_aa_on_the_card():
    assert html.contrast(html.INK, html.CARD) >= 4.5 and html.contrast(html.MUTED, html.CARD) >= 4.5
    assert html.contrast(html.MUTED, "#e6e6e6") >= 4.5  # the greyed letters of the receptive-field widget
    assert html.contrast(html.INK, "#ffd866") >= 4.5  # the tape's current letter
    for colour in re.findall(r"(?<!border-)(?<!-)color:(#[0-9a-fA-F]{3,6})", html.STYLE):
        background = re.search(r"background:(#[0-9a-fA-F]{3,6})[^}]*color:" + colour, html.STYLE)
        assert html.contrast(colour, background.group(1) if background else html.CARD) >= 4.5, colour


def test_every_widget_drawing_is_a_light_card():
    page = html.page(html.row(html.vector("v", [0.3])))
    assert page.startswith(html.STYLE + '<div class="rl-card">') and page.endswith("</div>")
    assert re.search(r"\.rl-card\{background:#ffffff;color:#1a1a1a", html.STYLE)


def test_every_svg_in_the_course_has_role_img_and_a_title():
    sources = {p: p.read_text() for p in COURSE.rglob("*.py")}
    starts = [(p, m.start()) for p, text in sources.items() for m in re.finditer(r"<svg[ '\"]", text)]
    assert starts, "no <svg in rnnlib/course: this test looks in the wrong place"
    for path, at in starts:
        tag = sources[path][at:at + 400]
        assert 'role="img"' in tag and "<title>" in tag, f"{path.relative_to(COURSE)}: an <svg without role/title"


@pytest.mark.parametrize("shared", [True, False])
def test_unrolled_graph_svg_says_T_and_its_weights(shared):
    svg = graph_svg(unrolled_layout(4, shared=shared), title="four steps")
    title = _title(svg)
    assert 'role="img"' in svg[:200] and "T = 4" in title
    assert all(w in title for w in ("W_xh", "W_hh", "W_hy"))
    assert ("the same weights" in title) == shared and ("separate weights" in title) != shared
    assert "fill=\"#1a1a1a\"" in svg[:400] and "background:#ffffff" in svg[:400]


def test_unrolled_graphs_on_one_page_have_marker_ids_of_their_own():
    # url(#id) takes the page's first element with that id: a shared id would give one drawing another's arrows
    svgs = [graph_svg(unrolled_layout(T, shared=shared), title="g") for T in (2, 3) for shared in (True, False)]
    ids = [re.findall(r'<marker id="([^"]+)"', svg) for svg in svgs]
    assert all(ids) and len({i for found in ids for i in found}) == sum(len(found) for found in ids)
    for svg, found in zip(svgs, ids):
        assert set(re.findall(r'url\(#([^)]+)\)', svg)) <= set(found)  # each arrow uses a marker of its own drawing
    assert graph_svg(unrolled_layout(2), title="g") == svgs[0]  # the same drawing, the same ids: stable outputs


def test_line_plot_title_names_the_plot_its_axes_and_its_lines():
    x = np.arange(1, 11)
    svg = svgplot.line_plot(x, [{"name": f"||dh{svgplot.sub('T')}/dh{svgplot.sub('k')}||", "y": 0.9 ** x},
                                {"name": "bound", "y": 0.95 ** x, "colour": svgplot.ORANGE}],
                            xlim=(1, 10), ylim=(1e-3, 1), log_y=True, title="Gradient norms",
                            xlabel="step k", ylabel=f"norm at h{svgplot.sub('k')}")
    title = _title(svg)
    assert 'role="img"' in svg[:200] and "background:#ffffff" in svg[:300]
    for words in ("Gradient norms", "norm at hk (log scale)", "step k from 1 to 10", "||dhT/dhk||", "bound"):
        assert words in title, words
    assert f'stroke="{html.readable(svgplot.ORANGE, ratio=3.0)}"' in svg  # Okabe-Ito orange is 2.2:1 on white


def test_bar_plot_title_names_the_plot_and_every_bar():
    svg = svgplot.bar_plot([0.5, 0.25, 0.0], ["1", "2", "3"], ymax=1.0, highlight=0, shown=[True, True, False],
                           title="Error per step", xlabel="step t", ylabel="error")
    title = _title(svg)
    assert 'role="img"' in svg[:200]
    for words in ("Error per step", "error from 0 to 1", "step t", "1 0.5", "2 0.25", "3 not computed yet",
                  "bar 1 highlighted"):
        assert words in title, words


@pytest.mark.parametrize("make, words", [(WidgetCheck, "Widget check"), (UnrolledGraphView, "Unrolled-graph widget")])
def test_widget_text_fallback_says_what_the_widget_is(make, words):
    assert make()._repr_mimebundle_()["text/plain"].startswith(words)


def test_exercise_check_result_has_its_own_light_background():
    from rnnlib.course.exercises import RESULTS, CheckResult

    result = CheckResult("exercise 1", False, "not yet", hint="look at the shape")
    RESULTS.remove(result)  # not a learner's result
    shown = result._repr_html_()
    assert "background:#ffffff" in shown and "color:#1a1a1a" in shown
    assert html.contrast("#b35900", "#ffffff") >= 4.5 and html.contrast("#1a7f37", "#ffffff") >= 4.5
