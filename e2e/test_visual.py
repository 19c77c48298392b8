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
from conftest import planted

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MATRIX = os.path.join(ROOT, "Tests", "WebTests", "AuthorisationMatrixTests.swift")


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
    "GET /observatoire/epci/{siren}/donnees.csv": DATA,
    "GET /observatoire/programme.csv": DATA,
    "GET /observatoire/programme/carte.svg": DATA,
    "GET /observatoire/{code}/graphiques/{indicator}": DATA,
    "GET /parcours/barometre.csv": DATA,
    "GET /parcours/barometre/{annee}.csv": DATA,
    "GET /operateur/ingenierie.csv": DATA,
    "GET /operateur/cohortes/{id}/participants.csv": DATA,
    "GET /operateur/cohortes/{id}/presences.csv": DATA,
    "GET /operateur/cohortes/{id}/avancement.csv": DATA,
    "GET /renovation/demo/batiments.csv": DATA,
    "GET /renovation/demo/batiments.geojson": DATA,
    "GET /renovation/inventaire/batiments.csv": DATA,
    "GET /renovation/inventaire/batiments.geojson": DATA,
    "GET /renovation/demo/batiments/{id}/travaux.csv": DATA,
    "GET /renovation/inventaire/batiments/{id}/travaux.csv": DATA,
    "GET /renovation/demo/plan.csv": DATA,
    "GET /renovation/demo/scenarios.csv": DATA,
    "GET /renovation/demo/operat.csv": DATA,
    "GET /renovation/inventaire/plan.csv": DATA,
    "GET /renovation/inventaire/scenarios.csv": DATA,
    "GET /renovation/inventaire/operat.csv": DATA,
    "GET /observatoire/aller": REDIRECTION,
    "GET /renovation": REDIRECTION,
}


def matrix_routes():
    """The GET routes of the authorisation matrix with the address each line requests."""
    text = open(MATRIX, encoding="utf-8").read()
    return {route: path for route, path in re.findall(r'Line\((?:public: )?"(GET [^"]+)", "([^"]+)"', text)}


def concrete(path, visits):
    """A matrix line names its sample object by a Swift variable (`\\(c)` in `/operateur/cohortes/\\(c)/participants.csv`):
    here, the object of the same kind a visited page shows (the visit whose address starts the same way)."""
    if "\\(" not in path:
        return path
    prefix, rest = path.split("\\(", 1)[0], path.split(")", 1)[1]
    for _, _, visited in visits:
        if visited.startswith(prefix):
            return prefix + visited[len(prefix):].split("/")[0].split("?")[0] + rest
    return path


def is_excluded_by_prefix(route):
    """The JSON API is data for programs as a whole."""
    return route.startswith("GET /api/v1/")


def test_every_html_route_is_looked_at(looks, server):
    tabs, visits = looks
    routes = {route: concrete(path, visits) for route, path in matrix_routes().items()}
    assert len(routes) > 40, "les lignes de la matrice n'ont pas été lues"
    forgotten = [r for r in routes if r not in visual.VISITS and r not in EXCLUDED and not is_excluded_by_prefix(r)]
    assert forgotten == [], f"routes GET ni visitées ni exclues avec leur raison : {forgotten}"
    stale = [r for r in list(visual.VISITS) + list(EXCLUDED) if r not in routes]
    assert stale == [], f"routes listées ici qui n'existent plus : {stale}"
    # An exclusion is checked, not trusted: data is not HTML (the matrix's sample object may belong to another
    # collectivité: an API's 404 is still JSON), a redirection leaves its address.
    # The matrix's sample buildings, here: a building of the demo, and Quimper's own school for Brest's B1 (a file's
    # "not found" is an HTML page, so the address must name a building the visitor has).
    demo = json.loads(tabs["agent"][visual.DESKTOP].context.request.get(server + "/api/v1/renovation/demo/batiments").text())[0]["identifiant"]
    for route, path in routes.items():
        if route in EXCLUDED or is_excluded_by_prefix(route):
            path = path.replace("\\(demoBuilding)", demo).replace("/renovation/inventaire/batiments/B1/", "/renovation/inventaire/batiments/ECO-01/")
            # The operator's routes answer only the operator (anyone else gets the HTML "not found" page).
            request = tabs["operateur" if path.startswith("/operateur/") else "agent"][visual.DESKTOP].context.request
            response = request.get(server + path)
            assert response.status < 500, f"{route} : {response.status}"
            if EXCLUDED.get(route) == REDIRECTION:
                assert response.ok and response.url.split("?")[0] != server + path.split("?")[0], f"{route} ne redirige pas"
            else:
                assert not response.headers["content-type"].startswith("text/html"), f"{route} répond une page HTML"


@pytest.mark.parametrize("width", [visual.DESKTOP, visual.PHONE])
def test_every_page_looks_right(looks, width):
    tabs, visits = looks
    started, found = time.monotonic(), []
    for _, who, path in visits:
        tab = tabs[who][width]
        tab.errors.clear()
        response = tab.goto(path)
        seen = visual.problems(tab.page) + tab.errors
        if response.status != 200:
            seen.append(f"statut {response.status}")
        found += [f"{path} [{who}, {width} px] : {p}" for p in seen]
    print(f"{len(visits)} pages regardées à {width} px en {time.monotonic() - started:.1f} s")
    assert found == [], "\n".join(found)


# The checker itself: it must see what a person sees. Each defect is planted in a page that is fine.
@pytest.mark.parametrize("width, path, style, expected", [
    (visual.DESKTOP, "/communes/29103", ".legende { color: #fff; background: #fff; }",
     lambda p: "texte peu lisible" in p and "contraste 1.00" in p),
    (visual.PHONE, "/communes/29103", ".legende { width: 900px; }", lambda p: "pour un écran de 390 px" in p and "ul.legende" in p),
    (visual.DESKTOP, "/observatoire/29103", "svg.graphique text { transform: translateX(280px); }",
     lambda p: p.startswith("étiquette SVG coupée")),
    (visual.DESKTOP, "/observatoire/29103", ".defilement table { min-width: 2000px; }",
     lambda p: "cache" in p and "largeur d'un ordinateur" in p),
    (visual.DESKTOP, "/observatoire/29103", "svg.graphique text { fill: #f4f4f4; }", lambda p: p.startswith("étiquette SVG peu lisible")),
], ids=["légende blanc sur blanc", "page trop large", "étiquette SVG coupée", "tableau coupé", "étiquette SVG pâle"])
def test_checker_sees_a_planted_defect(browser, server, width, path, style, expected):
    found = planted(browser, server, width, path, style, visual.problems)
    assert any(expected(p) for p in found), found


@pytest.mark.parametrize("width", [visual.DESKTOP, visual.PHONE])
def test_the_import_report_looks_right(looks, width):
    """The import's report is the answer to a POST, not a route to visit: a real-shaped export (title block, no
    identifier, errors, warnings, usages read from names: e2e/import_corpus) is checked, and the page looked at."""
    tabs, _ = looks
    tab = tabs["agent"][width]
    tab.errors.clear()
    tab.goto("/renovation/import")
    tab.page.set_input_files("input[name=fichier]", os.path.join(ROOT, "e2e", "import_corpus", "42_export_complet_titre_total.csv"))
    tab.page.click("text=Vérifier le fichier")
    tab.page.wait_for_selector("#resultat-import")
    assert tab.page.locator("#correspondance").count() == 1
    found = visual.problems(tab.page) + tab.errors
    assert found == [], "\n".join(found)
