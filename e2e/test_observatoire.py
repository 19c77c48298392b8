"""The observatoire in a real headless Chromium, on the real data, checked against INSEE's published file
read here independently of the product."""
import csv
import gzip
import io
import os

from playwright.sync_api import expect

NNBSP = "\u202f"
DATA = os.path.join(os.path.dirname(__file__), "..", "Data", "indicateurs", "insee_comparateur_2022.csv.gz")


def comparateur(code):
    with gzip.open(DATA, "rt", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if row["CODGEO"] == code:
                return row
    raise KeyError(code)


def french(value, decimals):
    """Rounded half away from zero, decimal comma, narrow no-break space between thousands."""
    scaled = int(abs(value) * 10 ** decimals + 0.5)
    whole, fraction = divmod(scaled, 10 ** decimals)
    text = f"{whole:,}".replace(",", NNBSP)
    if decimals:
        text += "," + str(fraction).zfill(decimals)
    return ("−" if value < 0 and scaled else "") + text


def test_pvd_dashboard_figures_equal_insee_variables(tab):
    response = tab.goto("/observatoire/29103")
    assert response.status == 200
    expect(tab.page.locator("h1")).to_have_text("Landerneau")
    row = comparateur("29103")
    vacancy = float(row["P18_LOGVAC"]) / float(row["P18_LOG"]) * 100
    expect(tab.page.locator("#i-vacance_2018 td.valeur")).to_have_text(french(vacancy, 1) + " %")
    owners = float(row["P18_RP_PROP"]) / float(row["P18_RP"]) * 100
    expect(tab.page.locator("#i-proprietaires_2018 td.valeur")).to_have_text(french(owners, 1) + " %")
    expect(tab.page.locator("#i-niveau_vie_median_2019 td.valeur")).to_have_text(french(float(row["MED19"]), 0) + " €")
    # Peers: PVD communes with the reason shown.
    peers = tab.page.locator("#ressemblent table").first.locator("tbody tr")
    assert peers.count() == 11  # Landerneau itself, then 10 peers
    expect(peers.nth(1).locator("td").last).not_to_be_empty()
    # Time series charts are drawn.
    assert tab.page.locator(".series svg").count() >= 2
    assert tab.errors == []


def test_small_commune_shows_statistical_secrecy(tab):
    assert comparateur("01001")["TP6019"] == ""
    tab.goto("/observatoire/01001")
    expect(tab.page.locator("#i-pauvrete_2019 td.valeur")).to_have_text("secret statistique")
    assert tab.errors == []


def test_choropleth_maps_render(tab):
    tab.goto("/observatoire/cartes?indicateur=vacance_2018&territoire=29")
    svg = tab.page.locator("svg.carte")
    box = svg.bounding_box()
    assert box["width"] > 300 and box["height"] > 300
    assert svg.locator("path.choro").count() == 277  # the communes of Finistère
    expect(tab.page.locator(".legende li")).to_have_count(5)
    tab.goto("/observatoire/cartes?indicateur=chomage_2021&territoire=france")
    assert tab.page.locator("svg.carte path.choro").count() == 101
    tab.goto("/observatoire")
    assert tab.page.locator("svg.carte path.choro").count() == 101
    assert tab.errors == []


def test_csv_export_opens_with_french_conventions(tab):
    response = tab.page.request.get(tab.base + "/observatoire/29103/donnees.csv")
    assert response.status == 200
    body = response.body()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["theme", "indicateur", "libelle", "unite", "commune"]
    assert "CA du Pays de Landerneau-Daoulas" in rows[0]
    vacancy = next(r for r in rows if r[1] == "vacance_2018")
    row = comparateur("29103")
    expected = float(row["P18_LOGVAC"]) / float(row["P18_LOG"]) * 100
    assert vacancy[4] == french(expected, 1)
    assert "," in vacancy[4] and "." not in vacancy[4]


def test_portrait_prints_on_one_a4_page(tab):
    tab.goto("/observatoire/29103/portrait")
    expect(tab.page.locator("h1")).to_have_text("Landerneau")
    pdf = tab.page.pdf(format="A4", print_background=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1
    assert tab.errors == []
