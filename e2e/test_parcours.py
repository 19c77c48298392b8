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
