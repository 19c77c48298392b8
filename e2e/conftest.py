"""Browser checks: the real `territoires serve` on a free port with the real bundled data, driven by
Debian's Chromium through Playwright. Started once for the whole session."""
import os
import tempfile

import pytest
from playwright.sync_api import sync_playwright

import serving


# The password of the accounts the server fixture creates.
PASSWORD = "mot-de-passe-e2e-solide"

# The process of the session's server (for checks of its memory).
SERVER = {}


@pytest.fixture(scope="session")
def server():
    workdir = tempfile.mkdtemp(prefix="territoires-e2e-")
    db = os.path.join(workdir, "territoires.sqlite")
    # Accounts created the documented way (the first also loads the real data into the new database).
    # agent.pld belongs to the CA du Pays de Landerneau-Daoulas (SIREN 242900801), for the EPCI files of the import corpus.
    for login, name, role, collectivite in [("agent.landerneau", "Agent de Landerneau", "agent", "29103"),
                                            ("referent.landerneau", "Référente de Landerneau", "referent", "29103"),
                                            ("agent.api", "Agent de Brest (schemathesis)", "agent", "29019"),
                                            ("agent.pld", "Agent du Pays de Landerneau-Daoulas", "agent", "242900801")]:
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

    def __init__(self, browser, base):
        self.base = base
        self.context = browser.new_context(locale="fr-FR")
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


@pytest.fixture
def tab(browser, server):
    page = Page(browser, server)
    yield page
    page.context.close()
