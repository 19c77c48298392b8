"""What a person sees of map legends and DPE labels: their text stands out from its background (contrast ratio
of WCAG, computed from the colours the browser applies). A style rule meant for the DPE labels once drew every map
legend white on white."""
import pytest

# The contrast ratio of an element's text with the first opaque background behind it (the page's white by default).
CONTRAST = """el => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  let back = [255, 255, 255];
  for (let node = el; node; node = node.parentElement) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length < 4 || c[3] > 0) { back = c.slice(0, 3); break; }
  }
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(back)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("path", ["/communes/29103", "/epci/242900314", "/departements/29", "/observatoire"])
def test_map_legends_are_readable(tab, path):
    tab.goto(path)
    items = tab.page.locator(".legende li")
    assert items.count() > 0, path
    for i in range(items.count()):
        item = items.nth(i)
        assert item.is_visible()
        ratio = item.evaluate(CONTRAST)
        assert ratio >= 4.5, f"{path} : légende « {item.inner_text()} » au contraste {ratio:.1f}"


def test_dpe_labels_are_readable(tab):
    tab.goto("/renovation/demo")
    labels = tab.page.locator("figcaption .etiquette")
    assert labels.count() == 7
    for i in range(7):
        label = labels.nth(i)
        ratio = label.evaluate(CONTRAST)
        assert ratio >= 3, f"étiquette {label.inner_text()} au contraste {ratio:.1f}"
    assert tab.errors == []
