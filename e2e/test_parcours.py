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


def answer_all(tab, points_for_question):
    tab.goto("/parcours")
    tab.page.fill("#territoire", "29103")
    for value in ("0", "1", "2", "3"):
        assert tab.page.locator(f"input[type=radio][value='{value}']").count() == 33
    for i in range(33):
        tab.page.locator(f"input[type=radio][value='{points_for_question(i)}']").nth(i).check()
    tab.page.click("text=Voir mon résultat")


def test_beginner_path(tab):
    # Nothing in place yet: débutant, and the awareness offer every collectivité gets.
    answer_all(tab, lambda i: 0)
    expect(tab.page.locator("#niveau")).to_have_text("débutant")
    expect(tab.page.locator("#recommandations")).to_contain_text("R1")
    expect(tab.page.locator("#recommandations")).not_to_contain_text("R8")
    assert tab.errors == []


def test_intermediate_path(tab):
    # Half the practices in place (2 and 1 points alternately): intermédiaire, with its reasons shown.
    answer_all(tab, lambda i: 2 if i % 2 == 0 else 1)
    expect(tab.page.locator("#niveau")).to_have_text("intermédiaire")
    expect(tab.page.locator("main")).to_contain_text("au moins un usage réel")
    expect(tab.page.locator("#recommandations")).not_to_contain_text("R8")
    assert tab.errors == []
