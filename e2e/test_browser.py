"""What a person sees, in a real headless Chromium, on the real data."""
import json
import re

from playwright.sync_api import expect

NNBSP = "\u202f"


def test_home_search_and_identity_card(tab):
    response = tab.goto("/")
    assert response.status == 200
    expect(tab.page.locator("h1")).to_have_text("Les données de votre territoire")
    # The national map is drawn: 101 départements, each a link.
    assert tab.page.locator("svg.carte a").count() == 101
    tab.page.fill("#q", "st etienne")
    tab.page.click("main button[type=submit]")
    first = tab.page.locator("table.tableau tbody tr").first
    expect(first).to_contain_text("Saint-Étienne")
    expect(first).to_contain_text("42218")
    first.locator("a").first.click()
    expect(tab.page.locator("h1")).to_have_text("Saint-Étienne")
    expect(tab.page.locator("#population")).to_have_text(f"172{NNBSP}718")
    assert tab.errors == []


def test_brest_card_figures_and_map(tab):
    tab.goto("/communes/29019")
    expect(tab.page.locator("h1")).to_have_text("Brest")
    expect(tab.page.locator("#population")).to_have_text(f"139{NNBSP}619")
    expect(tab.page.locator("#epci")).to_have_text("Brest Métropole")
    svg = tab.page.locator("svg.carte")
    box = svg.bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    expect(svg.locator("path.choisie")).to_have_count(1)
    assert svg.locator("path.voisine").count() >= 5
    assert tab.errors == []


def test_paris_and_a_pvd_commune(tab):
    tab.goto("/communes/75056")
    expect(tab.page.locator("#population")).to_have_text(f"2{NNBSP}133{NNBSP}111")
    expect(tab.page.locator("#titre-parties")).to_have_text("Arrondissements municipaux")
    tab.goto("/communes/29103")
    expect(tab.page.locator("h1")).to_have_text("Landerneau")
    expect(tab.page.locator(".pastilles .pastille.pvd")).to_have_text("PVD")
    assert tab.errors == []


def test_territory_pages(tab):
    for path, heading in [("/departements/29", "Finistère"), ("/epci/242900314", "Brest Métropole"),
                          ("/regions/53", "Bretagne"), ("/sources", "Sources des données")]:
        assert tab.goto(path).status == 200
        expect(tab.page.locator("h1")).to_have_text(heading)
    assert tab.errors == []


def test_api_agrees_with_pages(tab):
    def get(path):
        response = tab.page.request.get(tab.base + path)
        assert response.status == 200, path
        return json.loads(response.text())

    assert get("/api/v1/communes")["total"] == 34935
    assert get("/api/v1/communes?programme=pvd")["total"] == 1653
    brest = get("/api/v1/communes/29019")
    assert brest["population"]["municipale"] == 139619
    assert brest["epci"]["nom"] == "Brest Métropole"
    assert get("/api/v1/communes/75056")["population"]["municipale"] == 2133111
    assert "pvd" in [p["code"] for p in get("/api/v1/communes/29103")["programmes"]]
    assert get("/api/v1/recherche?q=saint%20etienne")["resultats"][0]["commune"]["code"] == "42218"


def test_errors_are_french_and_accessible_navigation(tab):
    response = tab.goto("/communes/99999")
    assert response.status == 404
    expect(tab.page.locator("h1")).to_have_text("Page introuvable")
    problem = tab.page.request.get(tab.base + "/api/v1/communes/abc")
    assert problem.status == 400
    assert problem.headers["content-type"].startswith("application/problem+json")
    # Keyboard: the first Tab reaches the skip link, which leads to the content.
    tab.goto("/")
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.className") == "evitement"
    # The 404 page itself is a document response, not a console error of ours: ignore it.
    assert [e for e in tab.errors if "404" not in e] == []
