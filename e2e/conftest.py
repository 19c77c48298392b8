"""Browser checks: the real `territoires serve` on a free port with the real bundled data, driven by
Debian's Chromium through Playwright. Started once for the whole session."""
import datetime
import json
import os
import tempfile

import pytest
from playwright.sync_api import sync_playwright

import serving
import visual

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# The password of the accounts the server fixture creates.
PASSWORD = "mot-de-passe-e2e-solide"

# The process of the session's server (for checks of its memory).
SERVER = {}


@pytest.fixture(scope="session")
def server():
    workdir = tempfile.mkdtemp(prefix="territoires-e2e-")
    db = os.path.join(workdir, "territoires.sqlite")
    # Accounts created the documented way (the first also loads the real data into the new database). Quimper's
    # accounts and the operator are the roles the visual checks look through (e2e/test_visual.py); agent.pld belongs
    # to the CA du Pays de Landerneau-Daoulas (SIREN 242900801), for the EPCI files of the import corpus.
    for login, name, role, collectivite in [("agent.landerneau", "Agent de Landerneau", "agent", "29103"),
                                            ("referent.landerneau", "Référente de Landerneau", "referent", "29103"),
                                            ("agent.api", "Agent de Brest (schemathesis)", "agent", "29019"),
                                            ("agent.pld", "Agent du Pays de Landerneau-Daoulas", "agent", "242900801"),
                                            ("agent.quimper", "Agent de Quimper", "agent", "29232"),
                                            ("referent.quimper", "Référent de Quimper", "referent", "29232"),
                                            ("elu.quimper", "Élue de Quimper", "elu", "29232"),
                                            ("operateur", "Opérateur du programme", "operateur", None)]:
        serving.create_account(login, name, role, collectivite, PASSWORD, ["--db", db])
    try:
        # A debug build loads the real data in about 15 s.
        process, url = serving.start(["--db", db], os.path.join(workdir, "serve.log"), timeout=180)
    except serving.ServerFailed as failure:
        pytest.fail(str(failure))
    SERVER["pid"] = process.pid
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def server_pid(server):
    return SERVER["pid"]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield browser
        browser.close()


class Page:
    """A browser tab that records console errors, uncaught exceptions and failed sub-resources."""

    def __init__(self, browser, base, width=1280, **options):
        """`options` go to Playwright's new_context (bypass_csp to plant a style in a page)."""
        self.base = base
        self.context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 800}, **options)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # A request the browser cancels because the page navigated away (net::ERR_ABORTED, e.g. the icon of a
        # page left by a form submission) is not a failure of the page.
        self.page.on("requestfailed", lambda r: self.errors.append("échec " + r.url) if r.failure != "net::ERR_ABORTED" else None)

    def goto(self, path):
        response = self.page.goto(self.base + path)
        return response

    def sign_in(self, login):
        """Signs in through the login form, as a person does, and waits for the personal space."""
        self.goto("/connexion")
        self.page.fill("#identifiant", login)
        self.page.fill("#mot_de_passe", PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url("**/espace")


def planted(browser, server, width, path, style, look):
    """What `look` (a checker of e2e/visual.py or e2e/accessibility.py) finds on `path` at `width` once `style` is
    planted in it; the page must be found fine before."""
    tab = Page(browser, server, width, bypass_csp=True)
    try:
        tab.goto(path)
        assert look(tab.page) == [], f"{path} devrait être sans défaut avant d'en planter un"
        tab.page.add_style_tag(content=style)
        return look(tab.page)
    finally:
        tab.context.close()


@pytest.fixture
def tab(browser, server):
    page = Page(browser, server)
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def looks(browser, server):
    """The pages of the product (visual.VISITS) ready to be looked at: a tab per visitor and width, signed in once
    (Quimper's agent has imported a small inventory and its own figures, its referent submitted a diagnostic). Yields the tabs and the visits as (route, who, path)."""
    tabs = {}
    for who, login in visual.ACCOUNTS.items():
        desktop, phone = Page(browser, server, visual.DESKTOP), Page(browser, server, visual.PHONE)
        if login:
            desktop.sign_in(login)
            phone.context.add_cookies(desktop.context.cookies())
        tabs[who] = {visual.DESKTOP: desktop, visual.PHONE: phone}
    agent = tabs["agent"][visual.DESKTOP]
    agent.goto("/renovation/import")
    agent.page.set_input_files("input[name=fichier]", os.path.join(ROOT, "Tests", "RenovationTests", "Fixtures", "inventaire.csv"))
    agent.page.click("text=Vérifier le fichier")
    agent.page.click("#importer")
    agent.page.wait_for_url("**/renovation/inventaire")
    # Its own figures too: the dashboard's « Données de la collectivité » and the series' form have something to show.
    agent.goto("/espace/donnees")
    agent.page.set_input_files("input[name=fichier]", os.path.join(ROOT, "e2e", "donnees_collectivite", "vacance.csv"))
    agent.page.click("button[value=importer]")
    agent.page.wait_for_selector("#series")
    own = json.loads(agent.context.request.get(server + "/api/v1/moi/donnees").text())[0]["id"]
    # Quimper's referent submits a whole diagnostic: the collectivité's result page then exists.
    referent = tabs["referent"][visual.DESKTOP]
    referent.goto("/parcours")
    for i in range(33):
        referent.page.locator("input[type=radio][value='2']").nth(i).check()
    referent.page.click("text=Voir mon résultat")
    referent.page.wait_for_url("**/parcours/resultat")
    demo_buildings = json.loads(agent.context.request.get(server + "/api/v1/renovation/demo/batiments").text())
    demo = demo_buildings[0]["identifiant"]
    # A demo building with measured consumption: its « Travaux » tab has scenarios to show.
    measured = next(b["identifiant"] for b in demo_buildings if b["provenance"] == "mesure")
    year = str(datetime.datetime.now(datetime.timezone.utc).year)
    # Quimper's referent asks for consulting days through the API, as a script would; the operator instructs,
    # accepts, starts and answers: the request pages then show a timeline, a grant, a thread and the operator's forms.
    def api(tab, path, body):
        tab.goto("/espace")
        csrf = tab.page.locator("input[name=csrf]").first.get_attribute("value")
        reply = tab.context.request.post(server + path, data=json.dumps(body), headers={"Content-Type": "application/json", "X-CSRF-Token": csrf})
        assert reply.ok, f"{path} : {reply.status} {reply.text()}"
        return reply.json()
    operator = tabs["operateur"][visual.DESKTOP]
    engineering = str(api(referent, "/api/v1/ingenierie", {"type": "journees_conseil", "sujet": "gouvernance", "deposer": True,
                                                           "besoin": "Rédiger la charte de la donnée de la ville et de l'agglomération.",
                                                           "contact": "Direction du numérique, 02 98 98 89 89"})["id"])
    for move in [{"etat": "en_instruction", "commentaire": "Reçue, instruction en cours."},
                 {"etat": "acceptee", "accord": {"jours": 6, "consultant": "Cabinet d'essai"}}, {"etat": "en_cours"}]:
        api(operator, f"/api/v1/ingenierie/{engineering}/etat", move)
    api(operator, f"/api/v1/ingenierie/{engineering}/messages", {"message": "Première réunion le 12 janvier, en mairie."})
    # A formation-action call opened by the operator, Quimper's application (its referent and its agent as the pair)
    # selected, a session with their attendance and two milestones: the operator's call page, the project page and
    # the restitution have everything to show.
    def form(tab, path, fields):
        tab.goto("/espace")
        csrf = tab.page.locator("input[name=csrf]").first.get_attribute("value")
        reply = tab.context.request.post(server + path, form={**fields, "csrf": csrf})
        assert reply.ok, f"{path} : {reply.status} {reply.text()}"
        return reply.url
    call = form(operator, "/operateur/cohortes", {"titre": "Mobiliser la data (essai)", "theme": "Tableaux de bord et indicateurs clés",
                                                  "date_limite": "2027-02-28", "debut": "2027-03-15", "fin": "2027-10-15",
                                                  "places": "10", "population_max": "200000"}).rstrip("/").split("/")[-1]
    project = str(api(referent, f"/api/v1/cohortes/appels/{call}/candidatures",
                      {"referent_metier": "agent.quimper", "referent_donnees": "referent.quimper", "cas_usage_catalogue": "stationnement",
                       "motivation": "Mieux répartir le contrôle du stationnement en centre-ville."})["id"])
    form(operator, f"/parcours/cohortes/projets/{project}/decision", {"etat": "retenue"})
    form(operator, f"/operateur/cohortes/{call}/seances", {"date": "2027-03-15", "theme": "Lancement", "mode": "presentiel",
                                                           "lieu": "Hub des Territoires, Paris"})
    form(operator, f"/operateur/cohortes/{call}/seances/1/presences", {"presence.agent.quimper": "present", "presence.referent.quimper": "excuse"})
    api(referent, f"/api/v1/cohortes/projets/{project}/jalons", {"jalon": "cadrage", "statut": "fait", "preuve": "https://exemple.fr/cadrage.pdf",
                                                                 "commentaire": "Note de cadrage validée en comité."})
    api(referent, f"/api/v1/cohortes/projets/{project}/jalons", {"jalon": "acces_donnees", "statut": "bloque",
                                                                 "commentaire": "Convention avec le délégataire du stationnement en attente."})
    # The operator creates an account for Quimper on the web: its one-time activation link, left unused, is the page
    # a new person first sees (the operator's moves above gave Quimper's accounts their notifications).
    operator.goto("/operateur/comptes")
    operator.page.fill("#identifiant", "agent2.quimper")
    operator.page.fill("#nom", "Second agent de Quimper")
    operator.page.fill("#collectivite", "29232")
    operator.page.click("text=Créer le compte et son lien d'activation")
    activation = operator.page.locator("#lien").inner_text().split("/activation/", 1)[1]
    visits = [(route, who, path.replace("{demo}", demo).replace("{demo_mesure}", measured).replace("{own}", str(own)).replace("{ingenierie}", engineering).replace("{annee}", year)
               .replace("{cohorte}", call).replace("{projet}", project).replace("{activation}", activation))
              for route, seen in visual.VISITS.items() for who, path in seen]
    yield tabs, visits
    for pair in tabs.values():
        for tab in pair.values():
            tab.context.close()
