"""Rénovation in a real browser: the demo ranking against ADEME's raw file, weights that re-order it, a building
sheet, and an agent's import (a messy CSV refused line by line, then the fixed file imported)."""
import csv
import gzip
import os
import re

from playwright.sync_api import expect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "RenovationTests", "Fixtures")


def number(text):
    return float(text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", "."))


def raw_dpe():
    with gzip.open(os.path.join(ROOT, "Data", "batiments", "dpe_tertiaire_v2_ademe_format_publie.csv.gz"), "rt", encoding="utf-8") as f:
        return {row["N°DPE"]: row for row in csv.DictReader(f)}


def test_demo_ranking_weights_and_sheet(tab):
    tab.goto("/renovation/demo")
    expect(tab.page.locator("#demo")).to_contain_text("Ce n'est le patrimoine d'aucune collectivité")
    rows = tab.page.locator("#classement tbody tr")
    assert rows.count() > 100
    assert tab.page.locator("svg#carte-batiments circle, svg.carte circle.batiment").count() > 50

    # A building shown "from its DPE" carries the DPE's own intensity, as in ADEME's raw file.
    dpe = raw_dpe()
    from_dpe = tab.page.locator("#classement tbody tr:has(.provenance.dpe)").first
    building_id = from_dpe.get_attribute("data-id")
    shown = number(from_dpe.locator("td.nombre").nth(2).inner_text().split("\n")[0])
    assert abs(shown - float(dpe[building_id]["Conso_kWhep/m²/an"])) <= 0.5

    # Only the surface counts: the table is then sorted by surface, and the reason says so.
    for field in tab.page.locator("input[name^=w_]").all():
        field.fill("0")
    tab.page.fill("input[name=w_surface]", "1")
    tab.page.click("text=Classer")
    surfaces = [number(t) for t in tab.page.locator("#classement tbody tr td:nth-child(4)").all_inner_texts()]
    assert surfaces == sorted(surfaces, reverse=True)
    expect(tab.page.locator("#classement tbody tr").first.locator("ul.pourquoi")).to_contain_text("m² : +100 points")

    # The first building's sheet: its rank, its figures, why it ranks there.
    first = tab.page.locator("#classement tbody tr").first
    name = first.locator("th a").inner_text()
    first.locator("th a").click()
    expect(tab.page.locator("h1")).to_have_text(name)
    expect(tab.page.locator("#rang")).to_have_text("1")
    expect(tab.page.locator("#chiffres")).to_contain_text("kWhEP/m²/an")
    expect(tab.page.locator("#pourquoi")).to_contain_text("m²")
    assert tab.errors == []


def test_demo_names_communes_and_keeps_their_letters(tab):
    # The commune filter names every commune, arrondissements included (the BAN files buildings under them),
    # and the names ADEME's file damaged are whole.
    tab.goto("/renovation/demo")
    labels = tab.page.locator("select[name=commune] option").all_inner_texts()[1:]
    assert len(labels) > 100
    assert [label for label in labels if re.fullmatch(r"\d[\dAB]\d{3}", label)] == []
    assert "Marseille 1er Arrondissement (13201)" in labels
    names = tab.page.locator("#classement tbody th a").all_inner_texts()
    assert "Mairie, administration — Vandœuvre-lès-Nancy" in names
    assert [n for n in names if re.search(r"Ã|Å|â€| uvre", n)] == []
    # Figures keep their thousands together: no four-digit run in the ranking's reasons (years aside).
    reasons = re.sub(r"construit en \d{4}", "", " ".join(tab.page.locator("ul.pourquoi").all_inner_texts()))
    assert re.search(r"\d\u202f\d{3}", reasons) and not re.search(r"(?<![\d\u202f])\d{4,}(?![\d\u202f])", reasons)
    assert tab.errors == []


def test_estimated_building_shows_interval_and_reasons(tab):
    tab.goto("/renovation/demo?provenance=estimation")
    first = tab.page.locator("#classement tbody tr").first
    expect(first.locator(".provenance")).to_have_text("estimé")
    first.locator("th a").click()
    expect(tab.page.locator("#provenance")).to_have_text("estimé")
    expect(tab.page.locator("#intervalle")).to_contain_text("entre")
    assert tab.page.locator("#raisons li").count() >= 2
    assert tab.errors == []


def test_agent_imports_after_a_refused_file(tab):
    tab.sign_in("agent.landerneau")
    tab.goto("/renovation/import")
    tab.page.set_input_files("input[name=fichier]", os.path.join(FIXTURES, "inventaire_errone.csv"))
    tab.page.click("text=Vérifier le fichier")
    expect(tab.page.locator("#resultat-import")).to_contain_text("1 problème(s) à corriger")
    expect(tab.page.locator("#problemes tbody tr")).to_contain_text("douze cents")
    assert tab.page.locator("#importer").count() == 0

    tab.goto("/renovation/import")
    tab.page.set_input_files("input[name=fichier]", os.path.join(FIXTURES, "inventaire.csv"))
    tab.page.click("text=Vérifier le fichier")
    expect(tab.page.locator("#resultat-import")).to_contain_text("5 bâtiment(s) prêts à être importés")
    tab.page.click("#importer")
    assert tab.page.url.endswith("/renovation/inventaire")
    expect(tab.page.locator("#classement tbody tr")).to_have_count(5)
    expect(tab.page.locator("#classement")).to_contain_text("École élémentaire Jean Moulin")
    assert tab.errors == []
