"""The contrast check of the notebook tests (contrast.py) on a page of known colours: it must fail what
the course's widgets once showed in JupyterLab Dark, and pass what reads well."""
import pytest

import contrast

pytestmark = pytest.mark.browser

_OUTPUT = '<div class="jp-Notebook"><div class="jp-Cell"><div class="jp-Cell-outputArea">{}</div></div></div>'
_CASES = """
<div class="jp-OutputArea-output" style="background:#111111;color:#eeeeee">
  <div style="color:#555555">grey caption</div>
  <svg width="300" height="60"><text x="5" y="20">svg without fill</text>
    <rect x="0" y="30" width="300" height="30" fill="#ffffff"/><text x="5" y="50" fill="#1a1a1a">svg on a card</text></svg>
  <div style="background:#ffd866;color:#ffffff;font-size:22px;font-weight:bold">now</div>
  <div style="background:#ffffff"><span style="background:rgba(0,0,0,0.5);color:#000000">half black</span></div>
  <div style="background:#ffffff;color:#777777;font-size:24px">large grey</div>
  <div style="background:#ffffff;color:#777777;font-size:14px">small grey</div>
  <div style="visibility:hidden;color:#111111">hidden</div>
</div>
"""


def test_contrast_check_fails_low_contrast_and_passes_the_rest(browser):
    page = browser.new_page()
    try:
        page.set_content(_OUTPUT.format(_CASES))
        items, unseen = contrast.measure(page)
    finally:
        page.close()
    found = {item.text: item for item in items}
    assert not unseen and "hidden" not in found
    assert found["grey caption"].ratio == pytest.approx(2.53, abs=0.01) and not found["grey caption"].passes
    assert found["svg without fill"].colour == (0, 0, 0) and not found["svg without fill"].passes  # 1.1:1
    assert found["svg on a card"].background == (255, 255, 255) and found["svg on a card"].passes
    assert found["now"].ratio == pytest.approx(1.38, abs=0.01) and not found["now"].passes  # AA large is 3:1
    assert found["half black"].background == (128, 128, 128) and found["half black"].passes  # composited
    assert found["large grey"].large and found["large grey"].passes  # 4.48:1 is enough at 24 px
    assert not found["small grey"].passes
