"""Two `serve` instances on different ports sharing one PostgreSQL: a session opened on one is valid on the
other, and a write made through one is seen through the other — what a load balancer needs."""
import os
import tempfile
import urllib.request

import pytest

import serving

PG = os.environ.get("TERRITOIRES_E2E_PG_URL")


def start(workdir, name):
    try:
        return serving.start([], os.path.join(workdir, name + ".log"), env=dict(os.environ, TERRITOIRES_DATABASE_URL=PG))
    except serving.ServerFailed as failure:
        pytest.fail(name + " : " + str(failure))


@pytest.mark.skipif(PG is None, reason="pas de PostgreSQL de test (scripts/test.sh en démarre un)")
def test_two_instances_share_sessions_and_writes(browser):
    workdir = tempfile.mkdtemp(prefix="territoires-pg-")
    serving.create_account("agent.brest", "Agent de Brest", "agent", "29019", "mot-de-passe-pg-solide", [],
                           env=dict(os.environ, TERRITOIRES_DATABASE_URL=PG))
    a, url_a = start(workdir, "a")
    b, url_b = start(workdir, "b")
    try:
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.goto(url_a + "/connexion")
        page.fill("#identifiant", "agent.brest")
        page.fill("#mot_de_passe", "mot-de-passe-pg-solide")
        page.click("main button[type=submit]")
        assert page.locator("h1").text_content() == "Mon espace"
        page.fill("#libelle", "créé sur A")
        page.click("text=Créer un jeton")
        token = page.locator("#nouveau-jeton").text_content()
        # The session cookie of instance A, sent to instance B (same host, other port: cookies ignore ports).
        page.goto(url_b + "/espace")
        assert page.locator("#identifiant").text_content() == "agent.brest"
        assert "créé sur A" in page.locator("table.tableau").text_content()
        # The token created through A authenticates on B.
        request = urllib.request.Request(url_b + "/api/v1/moi", headers={"Authorization": "Bearer " + token})
        assert b'"identifiant":"agent.brest"' in urllib.request.urlopen(request).read()
        # Both serve the same real data.
        assert "Brest" in urllib.request.urlopen(url_b + "/communes/29019").read().decode()
        context.close()
    finally:
        for process in (a, b):
            process.terminate()
            process.wait(timeout=10)
