#!/usr/bin/env python3
"""Full-page captures of the pages people use most, at desktop and phone widths, for a person to look at (issue
notes, reviews): home, a commune card, a dashboard, an inventory, a diagnostic result, the validator; and the
operator's ingénierie desk as one PNG (operateur-ingenierie.png), over requests made here through the API.

    TERRITOIRES_BIN=.build/debug/territoires python3 scripts/captures.py [OUT_DIR]   (default docs/captures)

Starts its own server on a fresh database (real bundled data), signs in as Landerneau's agent and referent
(created here), imports a real-shaped export of the import corpus (e2e/import_corpus, a title block and no
identifier column) and submits a whole diagnostic, then writes NAME-1280.jpg and NAME-390.jpg. Landerneau's
referent, Lyon's agent and the operator then make and follow three ingénierie requests (clearly made-up needs). Needs Playwright
(PyPI) and Debian's chromium, as the browser suite does."""
import json
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "e2e"))
import serving  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PASSWORD = "captures-mot-de-passe-42"
PAGES = [("accueil", None, "/"), ("fiche-commune", None, "/communes/29103"), ("tableau-de-bord", None, "/observatoire/29103"),
         ("inventaire", "agent", "/renovation/inventaire"), ("diagnostic", "referent", "/parcours/resultat"), ("validateur", None, "/validateur")]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "captures")
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="territoires-captures-")
    database = ["--db", os.path.join(work, "territoires.sqlite")]
    logins = {"agent": "agent.landerneau", "referent": "referent.landerneau", "lyon": "agent.lyon", "operateur": "operateur"}
    for role, login in logins.items():
        serving.create_account(login, login, {"lyon": "agent"}.get(role, role), {"lyon": "69123", "operateur": None}.get(role, "29103"),
                               PASSWORD, database)
    process, base = serving.start(database, os.path.join(work, "serve.log"), timeout=300)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            sessions = {}
            for role, login in logins.items():
                context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(base + "/connexion")
                page.fill("#identifiant", login)
                page.fill("#mot_de_passe", PASSWORD)
                page.click("main button[type=submit]")
                page.wait_for_url("**/espace")
                sessions[role] = (context, page)
            agent = sessions["agent"][1]
            agent.goto(base + "/renovation/import")
            agent.set_input_files("input[name=fichier]", os.path.join(ROOT, "e2e", "import_corpus", "09_bloc_titre_sans_identifiant.csv"))
            agent.click("text=Vérifier le fichier")
            agent.click("#importer")
            agent.wait_for_url("**/renovation/inventaire")
            referent = sessions["referent"][1]
            referent.goto(base + "/parcours")
            for i in range(33):
                referent.locator("input[type=radio][value='%d']" % (1 + i % 3)).nth(i).check()
            referent.click("text=Voir mon résultat")
            referent.wait_for_url("**/parcours/resultat")
            def api(who, path, body):
                context, page = sessions[who]
                page.goto(base + "/espace")
                csrf = page.locator("input[name=csrf]").first.get_attribute("value")
                reply = context.request.post(base + path, data=json.dumps(body), headers={"Content-Type": "application/json", "X-CSRF-Token": csrf})
                assert reply.ok, f"{path} : {reply.status} {reply.text()}"
                return reply.json()["id"]
            asked = [api(who, "/api/v1/ingenierie", {"type": kind, "sujet": topic, "besoin": need, "contact": "Direction générale des services",
                                                     "deposer": True})
                     for who, kind, topic, need in [("referent", "journees_conseil", "gouvernance", "Charte de la donnée (exemple)"),
                                                    ("agent", "etude_cofinancee", "strategie", "Stratégie de la donnée (exemple)"),
                                                    ("lyon", "etude_cofinancee", "second_cas_usage", "Jumeau numérique de l'éclairage (exemple)")]]
            for request, grant in zip(asked, [{"jours": 6, "consultant": "Cabinet d'exemple"}, None,
                                              {"taux": 40, "montant": 35000, "consultant": "Bureau d'études d'exemple"}]):
                api("operateur", f"/api/v1/ingenierie/{request}/etat", {"etat": "en_instruction"})
                if grant:
                    api("operateur", f"/api/v1/ingenierie/{request}/etat", {"etat": "acceptee", "accord": grant})
            api("operateur", f"/api/v1/ingenierie/{asked[0]}/etat", {"etat": "en_cours"})
            desk = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
            desk.add_cookies(sessions["operateur"][0].cookies())
            page = desk.new_page()
            page.goto(base + "/operateur/ingenierie")
            page.screenshot(path=os.path.join(out, "operateur-ingenierie.png"), full_page=True)
            desk.close()
            print("operateur-ingenierie.png : /operateur/ingenierie")
            for name, who, path in PAGES:
                for width in (1280, 390):
                    cookies = sessions[who][0].cookies() if who else []
                    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 800})
                    context.add_cookies(cookies)
                    page = context.new_page()
                    page.goto(base + path)
                    page.screenshot(path=os.path.join(out, f"{name}-{width}.jpg"), full_page=True, type="jpeg", quality=55)
                    context.close()
                    print(f"{name}-{width}.jpg : {path}")
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
