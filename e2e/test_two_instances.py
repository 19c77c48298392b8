"""Two `serve` instances on different ports sharing one PostgreSQL: a session opened on one is valid on the
other, and a write made through one is seen through the other — what a load balancer needs."""
import os
import re
import subprocess
import tempfile
import time
import urllib.request

import pytest

PG = os.environ.get("TERRITOIRES_E2E_PG_URL")


def start(binary, workdir, name):
    log = open(os.path.join(workdir, name + ".log"), "w+")
    env = dict(os.environ, TERRITOIRES_DATABASE_URL=PG)
    process = subprocess.Popen([binary, "serve", "--port", "0"], stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 300
    while time.time() < deadline:
        if process.poll() is not None:
            break
        log.seek(0)
        match = re.search(r"Prêt : (http://[0-9.]+:\d+)/", log.read())
        if match:
            return process, match.group(1)
        time.sleep(0.3)
    log.seek(0)
    process.kill()
    pytest.fail(name + " n'a pas démarré :\n" + log.read()[-3000:])


@pytest.mark.skipif(PG is None, reason="pas de PostgreSQL de test (scripts/test.sh en démarre un)")
def test_two_instances_share_sessions_and_writes(browser):
    binary = os.environ.get("TERRITOIRES_BIN", ".build/debug/territoires")
    workdir = tempfile.mkdtemp(prefix="territoires-pg-")
    env = dict(os.environ, TERRITOIRES_DATABASE_URL=PG)
    created = subprocess.run([binary, "users", "create", "--login", "agent.brest", "--name", "Agent de Brest", "--role", "agent",
                              "--commune", "29019", "--password-stdin"], input="mot-de-passe-pg-solide\n",
                             capture_output=True, text=True, env=env, timeout=600)
    assert created.returncode == 0, created.stdout + created.stderr
    a, url_a = start(binary, workdir, "a")
    b, url_b = start(binary, workdir, "b")
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
        assert b'"login":"agent.brest"' in urllib.request.urlopen(request).read()
        # Both serve the same real data.
        assert "Brest" in urllib.request.urlopen(url_b + "/communes/29019").read().decode()
        context.close()
    finally:
        for process in (a, b):
            process.terminate()
            process.wait(timeout=10)
