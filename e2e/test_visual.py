"""Every page of the product looked at by machine, as each kind of visitor sees it, at desktop and phone widths:
no page wider than the screen, no table cut at desktop width, no unreadable text, no SVG label cut or drawn over
another, no console error or failed request (e2e/visual.py says what each check sees).

The pages come from the authorisation matrix (Tests/WebTests/AuthorisationMatrixTests.swift), which the Swift
suite keeps equal to the router's routes: a GET route that is neither visited here nor excluded with its reason
fails `test_every_html_route_is_looked_at`."""
import json
import os
import re
import time

import pytest

import visual
from conftest import Page

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MATRIX = os.path.join(ROOT, "Tests", "WebTests", "AuthorisationMatrixTests.swift")
FIXTURES = os.path.join(ROOT, "Tests", "RenovationTests", "Fixtures")

# Who looks: an anonymous visitor, and one account of each role (Quimper's, created by conftest.server).
ACCOUNTS = {"anonyme": None, "agent": "agent.quimper", "referent": "referent.quimper", "elu": "elu.quimper",
            "operateur": "operateur"}
SIGNED_IN = [who for who, login in ACCOUNTS.items() if login]

# Each GET route that answers an HTML page: the addresses visited, and by whom. `{demo}` is a building of the demo.
VISITS = {
    "GET /": [(who, "/") for who in ACCOUNTS],
    "GET /recherche": [("anonyme", "/recherche"), ("anonyme", "/recherche?q=saint")],
    "GET /communes/{code}": [("anonyme", "/communes/29103"), ("anonyme", "/communes/75056")],
    "GET /epci/{siren}": [("anonyme", "/epci/242900314")],
    "GET /departements/{code}": [("anonyme", "/departements/29")],
    "GET /regions/{code}": [("anonyme", "/regions/53")],
    "GET /sources": [("anonyme", "/sources")],
    "GET /api": [("anonyme", "/api")],
    "GET /observatoire": [("anonyme", "/observatoire")],
    "GET /observatoire/indicateurs": [("anonyme", "/observatoire/indicateurs")],
    "GET /observatoire/cartes": [("anonyme", "/observatoire/cartes"),
                                 ("anonyme", "/observatoire/cartes?indicateur=vacance_2018&territoire=29")],
    "GET /observatoire/{code}": [("anonyme", "/observatoire/29103"), ("agent", "/observatoire/29232")],
    "GET /observatoire/{code}/portrait": [("anonyme", "/observatoire/29103/portrait")],
    "GET /parcours": [("anonyme", "/parcours"), ("referent", "/parcours")],
    "GET /parcours/cas-usage": [("anonyme", "/parcours/cas-usage"), ("anonyme", "/parcours/cas-usage?theme=energie")],
    "GET /parcours/barometre": [("anonyme", "/parcours/barometre")],
    "GET /parcours/demandes": [("agent", "/parcours/demandes"), ("referent", "/parcours/demandes"), ("elu", "/parcours/demandes")],
    "GET /operateur/demandes": [("operateur", "/operateur/demandes")],
    "GET /operateur/diagnostics": [("operateur", "/operateur/diagnostics")],
    "GET /operateur/journal": [("operateur", "/operateur/journal")],
    "GET /validateur": [("anonyme", "/validateur"), ("agent", "/validateur")],
    "GET /renovation/demo": [("anonyme", "/renovation/demo"), ("agent", "/renovation/demo")],
    "GET /renovation/demo/batiments/{id}": [("anonyme", "/renovation/demo/batiments/{demo}")],
    "GET /renovation/inventaire": [("agent", "/renovation/inventaire"), ("elu", "/renovation/inventaire"),
                                   ("operateur", "/renovation/inventaire?collectivite=commune:29232")],
    "GET /renovation/inventaire/batiments/{id}": [("agent", "/renovation/inventaire/batiments/ECO-01")],
    "GET /renovation/import": [("agent", "/renovation/import")],
    "GET /connexion": [("anonyme", "/connexion")],
    "GET /espace": [(who, "/espace") for who in SIGNED_IN],
}

# GET routes not visited, and why: data for programs (checked below not to answer HTML) or a redirection to a
# page visited above (checked below to redirect).
DATA = "données pour les programmes (JSON, CSV, SVG, GeoJSON) ou fichier statique, pas une page"
REDIRECTION = "redirige vers une page visitée"
EXCLUDED = {
    "GET /static/{file}": DATA,
    "GET /sante": DATA,
    "GET /cartes/communes/{code}": DATA,
    "GET /api/openapi.json": DATA,
    "GET /observatoire/indicateurs/{id}/communes.csv": DATA,
    "GET /observatoire/cartes/carte.svg": DATA,
    "GET /observatoire/{code}/donnees.csv": DATA,
    "GET /observatoire/{code}/graphiques/{indicator}": DATA,
    "GET /parcours/barometre.csv": DATA,
    "GET /renovation/demo/batiments.csv": DATA,
    "GET /renovation/demo/batiments.geojson": DATA,
    "GET /renovation/inventaire/batiments.csv": DATA,
    "GET /renovation/inventaire/batiments.geojson": DATA,
    "GET /observatoire/aller": REDIRECTION,
    "GET /renovation": REDIRECTION,
}


def matrix_routes():
    """The GET routes of the authorisation matrix with the address each line requests."""
    text = open(MATRIX, encoding="utf-8").read()
    return {route: path for route, path in re.findall(r'Line\((?:public: )?"(GET [^"]+)", "([^"]+)"', text)}


def is_excluded_by_prefix(route):
    """The JSON API is data for programs as a whole."""
    return route.startswith("GET /api/v1/")


@pytest.fixture(scope="module")
def looks(browser, server):
    """A tab per visitor and width, signed in once; Quimper's agent has imported a small inventory."""
    tabs = {}
    for who, login in ACCOUNTS.items():
        desktop, phone = Page(browser, server, visual.DESKTOP), Page(browser, server, visual.PHONE)
        if login:
            desktop.sign_in(login)
            phone.context.add_cookies(desktop.context.cookies())
        tabs[who] = {visual.DESKTOP: desktop, visual.PHONE: phone}
    agent = tabs["agent"][visual.DESKTOP]
    agent.goto("/renovation/import")
    agent.page.set_input_files("input[name=fichier]", os.path.join(FIXTURES, "inventaire.csv"))
    agent.page.click("text=Vérifier le fichier")
    agent.page.click("#importer")
    agent.page.wait_for_url("**/renovation/inventaire")
    demo = json.loads(agent.page.context.request.get(server + "/api/v1/renovation/demo/batiments").text())[0]["identifiant"]
    yield tabs, {"{demo}": demo}
    for pair in tabs.values():
        for tab in pair.values():
            tab.context.close()


def test_every_html_route_is_looked_at(looks, server):
    tabs, _ = looks
    routes = matrix_routes()
    assert len(routes) > 40, "les lignes de la matrice n'ont pas été lues"
    forgotten = [r for r in routes if r not in VISITS and r not in EXCLUDED and not is_excluded_by_prefix(r)]
    assert forgotten == [], f"routes GET ni visitées ni exclues avec leur raison : {forgotten}"
    stale = [r for r in list(VISITS) + list(EXCLUDED) if r not in routes]
    assert stale == [], f"routes listées ici qui n'existent plus : {stale}"
    # An exclusion is checked, not trusted: data is not HTML, a redirection leaves its address.
    request = tabs["agent"][visual.DESKTOP].context.request
    for route, path in routes.items():
        if route in EXCLUDED or is_excluded_by_prefix(route):
            response = request.get(server + path)
            assert response.ok, f"{route} : {response.status}"
            if EXCLUDED.get(route) == REDIRECTION:
                assert response.url.split("?")[0] != server + path.split("?")[0], f"{route} ne redirige pas"
            else:
                assert not response.headers["content-type"].startswith("text/html"), f"{route} répond une page HTML"


@pytest.mark.parametrize("width", [visual.DESKTOP, visual.PHONE])
def test_every_page_looks_right(looks, width):
    tabs, placeholders = looks
    started, found, count = time.monotonic(), [], 0
    for route, visits in VISITS.items():
        for who, path in visits:
            for key, value in placeholders.items():
                path = path.replace(key, value)
            tab = tabs[who][width]
            tab.errors.clear()
            response = tab.goto(path)
            tab.page.wait_for_load_state("load")
            seen = visual.problems(tab.page) + tab.errors
            if response.status != 200:
                seen.append(f"statut {response.status}")
            found += [f"{path} [{who}, {width} px] : {p}" for p in seen]
            count += 1
    print(f"{count} pages regardées à {width} px en {time.monotonic() - started:.1f} s")
    assert found == [], "\n".join(found)


# The checker itself: it must see what a person sees. Each defect is planted in a page that is fine.

def test_checker_sees_a_white_on_white_legend(browser, server):
    tab = Page(browser, server, visual.DESKTOP, bypass_csp=True)
    tab.goto("/communes/29103")
    assert visual.problems(tab.page) == []
    tab.page.add_style_tag(content=".legende { color: #fff; background: #fff; }")
    found = visual.problems(tab.page)
    assert any("texte peu lisible" in p and "contraste 1.00" in p for p in found), found
    tab.context.close()


def test_checker_sees_a_page_wider_than_the_phone(browser, server):
    tab = Page(browser, server, visual.PHONE, bypass_csp=True)
    tab.goto("/communes/29103")
    assert visual.problems(tab.page) == []
    tab.page.add_style_tag(content=".legende { width: 900px; }")
    found = visual.problems(tab.page)
    assert any("pour un écran de 390 px" in p and "ul.legende" in p for p in found), found
    tab.context.close()


def test_checker_sees_a_clipped_svg_label(browser, server):
    tab = Page(browser, server, visual.DESKTOP, bypass_csp=True)
    tab.goto("/observatoire/29103")
    assert visual.problems(tab.page) == []
    labels = tab.page.locator("svg.graphique text")
    assert labels.count() > 0
    tab.page.add_style_tag(content="svg.graphique text { transform: translateX(280px); }")
    found = visual.problems(tab.page)
    assert any("étiquette SVG coupée" in p for p in found), found
    tab.context.close()


def test_checker_sees_a_table_cut_at_desktop_width(browser, server):
    tab = Page(browser, server, visual.DESKTOP, bypass_csp=True)
    tab.goto("/observatoire/29103")
    assert visual.problems(tab.page) == []
    tab.page.add_style_tag(content=".defilement table { min-width: 2000px; }")
    found = visual.problems(tab.page)
    assert any("cache" in p and "largeur d'un ordinateur" in p for p in found), found
    tab.context.close()
