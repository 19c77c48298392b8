"""The self-diagnostic in a real browser: a pioneer's answers give the pionnier level and its rules; the radar's
labels as the browser lays them out; a partial diagnostic said incomplete; the collectivité's result reopened and
printed."""
import re

import pytest
from playwright.sync_api import expect

# Each label of the radar as the browser lays it out (getBBox, in the drawing's units): outside the view box, or
# over another label. Empty when every label is whole and apart.
RADAR_LABEL_PROBLEMS = """svg => {
  const view = svg.viewBox.baseVal, out = [];
  const boxes = [...svg.querySelectorAll('text')].map(t => ({text: t.textContent, box: t.getBBox()}));
  for (const {text, box} of boxes) {
    if (box.x < view.x || box.y < view.y || box.x + box.width > view.x + view.width || box.y + box.height > view.y + view.height)
      out.push('hors du dessin : ' + text);
  }
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i].box, b = boxes[j].box;
    if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
      out.push(boxes[i].text + ' chevauche ' + boxes[j].text);
  }
  return out;
}"""


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


def test_validator_upload_locates_planted_errors(tab, tmp_path):
    # A hand-made équipements file with two planted errors: an unknown theme (line 2) and a bad e-mail (line 3).
    header = ("COLL_NOM,COLL_SIRET,EQUIP_UID,EQUIP_THEME,EQUIP_CODE,EQUIP_TYPE,EQUIP_NOM,ADR_NUMERO,ADR_NOMVOIE,ADR_CODEPOSTAL,"
              "ADR_COMMUNE,ADR_CLE_INTEROP,ERP_ID,ERP_TYPE,ERP_CATEGORIE,EQUIP_LAT,EQUIP_LONG,EQUIP_OUVERTURE,EQUIP_TEL,EQUIP_EMAIL,EQUIP_WEB")
    row = ("Ville,22940028800010,94059-01010401-00{n},{theme},01010401-00{n},Mairie,Hôtel de ville,36,Avenue Ardouin,94420,"
           "Le Plessis-Trévise,94059_0040_00036,,W,5,48.808989,2.572875,,,{mail},https://www.example.fr")
    lines = [header, row.format(n=1, theme="Mairie", mail="contact@example.fr"),
             row.format(n=2, theme="Equipement administratif", mail="contact(at)example.fr")]
    path = tmp_path / "equipements.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    tab.goto("/validateur")
    tab.page.select_option("#schema", "equipements")
    tab.page.set_input_files("#fichier", str(path))
    tab.page.click("#form-validation button[type=submit]")
    expect(tab.page.locator("#resultat-validation")).to_have_text("2 erreur(s) à corriger.")
    rows = tab.page.locator("#erreurs tbody tr")
    # Said in French, without Validata's codes ("enum-constraint").
    expect(rows.nth(0)).to_contain_text("n'est pas une valeur autorisée")
    assert rows.nth(0).locator("td").nth(0).inner_text() == "2"
    expect(rows.nth(1)).to_contain_text("n'est pas une adresse électronique valide")
    expect(tab.page.locator("#erreurs")).not_to_contain_text("-constraint")
    assert rows.nth(1).locator("td").nth(0).inner_text() == "3"
    expect(tab.page.locator("main")).to_contain_text("Windows-1252")

    # Pasted through the box its label names, with no standard chosen: recognised from the header.
    tab.goto("/validateur")
    tab.page.get_by_label("… ou collez son contenu").fill("\r\n".join(lines) + "\r\n")
    tab.page.click("#form-validation button[type=submit]")
    expect(tab.page.locator("h1")).to_have_text("Rapport de validation : Équipements collectifs publics 0.1.5")
    expect(tab.page.locator("#standard-reconnu")).to_contain_text("21 de ses")
    assert tab.errors == []


def test_a_recommendation_becomes_a_request(tab):
    # A referent submits the collectivité's diagnostic, then asks for the help one recommendation names.
    tab.sign_in("referent.landerneau")
    expect(tab.page.locator("h1")).to_have_text("Mon espace")
    tab.goto("/parcours")
    radios = tab.page.locator("input[type=radio][value='1']")
    for i in range(radios.count()):
        radios.nth(i).check()
    tab.page.click("text=Voir mon résultat")
    expect(tab.page.locator("#recommandations")).to_contain_text("R9")
    tab.page.click("#lien-demandes a")
    expect(tab.page.locator("h1")).to_contain_text("Demandes d'accompagnement")
    tab.page.fill("#message-R9", "Contact : service informatique")
    tab.page.click("text=Demander : R9")
    row = tab.page.locator("#demandes tbody tr").first
    expect(row).to_contain_text("R9")
    expect(row.locator(".statut")).to_have_text("nouvelle")
    expect(row).to_contain_text("Contact : service informatique")
    assert tab.errors == []


def check_radar(tab, width, labels):
    radar = tab.page.locator("svg.radar")
    assert radar.locator("text").count() == labels
    assert radar.evaluate(RADAR_LABEL_PROBLEMS) == []
    box = radar.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 390])
def test_radar_labels_are_whole_and_apart(tab, width):
    tab.page.set_viewport_size({"width": width, "height": 900})
    # Every score from 0 to 100 on some axis: the longest labels, "(100)" included.
    answer_all(tab, lambda i: (0, 3, 1, 3, 2, 3)[i % 6])
    check_radar(tab, width, 7)
    assert tab.errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_a_partial_diagnostic_is_said_incomplete(tab, width):
    # Three answers out of 33 (the case): no level, nothing concluded from the silent dimensions, and the
    # radar marks them "sans réponse" instead of drawing them at 0.
    tab.page.set_viewport_size({"width": width, "height": 900})
    tab.goto("/parcours")
    tab.page.fill("#territoire", "29103")
    for choice in ("D1.1-1", "D1.2-1", "D2.1-2"):
        tab.page.check(f"[id='{choice}']")
    tab.page.click("text=Voir mon résultat")
    expect(tab.page.locator("h1")).to_have_text("Diagnostic incomplet")
    expect(tab.page.locator("#manque")).to_contain_text("Question D6.4 sans réponse")
    expect(tab.page.locator("#recommandations")).not_to_contain_text("R9")
    expect(tab.page.locator("#recommandations")).not_to_contain_text("R1b")
    assert tab.page.locator("svg.radar text", has_text=re.compile(r"sans\sréponse")).count() == 5
    # The four rings only: no closed shape through a 0 point.
    assert tab.page.locator("svg.radar polygon").count() == 4
    check_radar(tab, width, 7)
    assert tab.errors == []


def test_the_result_reopens_and_prints_on_a4(tab):
    tab.sign_in("referent.landerneau")
    tab.goto("/parcours")
    radios = tab.page.locator("input[type=radio][value='2']")
    for i in range(radios.count()):
        radios.nth(i).check()
    tab.page.click("text=Voir mon résultat")
    tab.page.wait_for_url("**/parcours/resultat")
    # Its own address: reopened later, dated in words, with who answered.
    tab.goto("/parcours/resultat")
    expect(tab.page.locator("h1")).to_have_text(re.compile(r"^Diagnostic du (1er|\d{1,2}) [a-zéû]+ \d{4}$"))
    expect(tab.page.locator("#repondants")).to_contain_text("Référente de Landerneau")
    expect(tab.page.locator("#niveau")).to_have_text("pionnier")
    # Printed: no menu, search or footer; the radar and the tables kept whole; the sources' addresses written.
    tab.page.emulate_media(media="print")
    expect(tab.page.locator(".entete")).to_be_hidden()
    expect(tab.page.locator(".pied")).to_be_hidden()
    expect(tab.page.locator("#lien-demandes")).to_be_hidden()
    radar = tab.page.locator("svg.radar")
    expect(radar).to_be_visible()
    assert radar.bounding_box()["width"] > 300
    assert radar.evaluate("svg => getComputedStyle(svg).breakInside") == "avoid"
    assert tab.page.locator("#recommandations").evaluate("t => getComputedStyle(t).breakInside") == "avoid"
    source = tab.page.locator(".cas-usage a[rel=external]").first
    expect(source).to_be_visible()
    assert source.inner_text().startswith("http")
    pdf = tab.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert tab.errors == []


def test_use_case_catalogue_fits_a_phone(tab):
    # The sources' long addresses made the page 427 px wide on a 390 px screen.
    tab.page.set_viewport_size({"width": 390, "height": 900})
    tab.goto("/parcours/cas-usage")
    assert tab.page.locator("article.cas").count() >= 30
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 390
    assert tab.errors == []
