"""A collectivité's own figures in a real browser: a vacant-shops file with one planted error (a letter O for a
zero) is refused and the error located, the fixed file is imported and shown on the collectivité's dashboard;
another collectivité and an anonymous visitor do not see it while it is private."""
import json
import os

from playwright.sync_api import expect

from conftest import Page

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "donnees_collectivite")


def upload(tab, name):
    tab.goto("/espace/donnees")
    tab.page.set_input_files("input[name=fichier]", os.path.join(HERE, name))
    tab.page.click("button[value=importer]")


def test_refused_then_imported_and_private(tab, browser, server):
    tab.sign_in("referent.landerneau")
    upload(tab, "vacance_erreur.csv")
    expect(tab.page.locator("#titre-rapport")).to_have_text("Fichier refusé : 1 erreur ; rien n'a été enregistré")
    error = tab.page.locator("#rapport tr.erreur")
    expect(error).to_have_count(1)
    expect(error.locator("th")).to_have_text("ligne 4, colonne 5, « valeur »")
    expect(error).to_contain_text("« 1O,9 » n'a pas le format attendu pour « valeur »")
    expect(tab.page.locator("#series")).to_have_count(0)

    upload(tab, "vacance.csv")
    expect(tab.page.locator("#titre-rapport")).to_have_text("Fichier importé : 4 valeurs dans 1 indicateur")
    expect(tab.page.locator("#series tbody tr")).to_have_count(1)
    expect(tab.page.locator("#series tbody tr td").nth(0)).to_have_text("privée")

    tab.goto("/observatoire/29103")
    own = tab.page.locator("#donnees-collectivite")
    expect(own.locator("h2")).to_have_text("Données de la collectivité")
    expect(own).to_contain_text("Vacance commerciale du centre-ville — donnée de la collectivité (privée")
    expect(own).to_contain_text("Dernière valeur : 10,9 % (2e semestre 2024)")
    expect(own.locator("svg")).to_have_count(1)
    series_id = json.loads(tab.context.request.get(server + "/api/v1/moi/donnees").text())[0]["id"]

    # Quimper's agent and an anonymous visitor: no own data on Landerneau's dashboard, a 404 on the series.
    for login in ["agent.quimper", None]:
        other = Page(browser, server)
        try:
            if login:
                other.sign_in(login)
                assert other.goto(f"/espace/donnees/{series_id}").status == 404
                # Quimper may have figures of its own with the same label (the visual suite imports some): what must
                # not be there is Landerneau's series.
                theirs = json.loads(other.context.request.get(server + "/api/v1/moi/donnees").text())
                assert series_id not in [s["id"] for s in theirs]
            other.goto("/observatoire/29103")
            expect(other.page.locator("h1")).to_have_text("Landerneau")
            expect(other.page.locator("#donnees-collectivite")).to_have_count(0)
            assert "Vacance commerciale" not in other.page.content()
        finally:
            other.context.close()
    assert [e for e in tab.errors if "422" not in e] == []
