"""The self-diagnostic in a real browser: a pioneer's answers give the pionnier level and its rules."""
from playwright.sync_api import expect


def test_pioneer_diagnostic(tab):
    tab.goto("/parcours")
    expect(tab.page.locator("h1")).to_have_text("Diagnostic de maturité data")
    tab.page.fill("#territoire", "29019")
    radios = tab.page.locator("input[type=radio][value='3']")
    assert radios.count() == 33
    for i in range(radios.count()):
        radios.nth(i).check()
    tab.page.click("text=Voir mon résultat")
    expect(tab.page.locator("#niveau")).to_have_text("pionnier")
    expect(tab.page.locator("#recommandations")).to_contain_text("R8")
    assert tab.page.locator("svg.radar polygon").count() == 5
    assert tab.errors == []
