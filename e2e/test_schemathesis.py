"""Schemathesis against the real server and data: every operation of /api/openapi.json, generated requests
authenticated with the API token of a signed-in agent. Checks (all of schemathesis's): no server error;
responses as documented (status code, content type, headers, schema); schema-valid requests accepted and
schema-invalid ones refused; methods a path does not declare answered 405. Bounded (examples per operation,
fixed seed) to run in a minute or two."""
import os
import re
import subprocess
import sys

import requests

from conftest import PASSWORD

HERE = os.path.dirname(os.path.abspath(__file__))


def api_token(base, login):
    """An API token, created the documented way: sign in, then "Créer un jeton" in the personal space."""
    session = requests.Session()
    csrf = re.search(r'name="csrf" value="([^"]+)"', session.get(base + "/connexion").text).group(1)
    space = session.post(base + "/connexion", data={"csrf": csrf, "identifiant": login, "mot_de_passe": PASSWORD})
    csrf = re.search(r'name="csrf" value="([^"]+)"', space.text).group(1)
    created = session.post(base + "/espace/jetons", data={"csrf": csrf, "libelle": "schemathesis"})
    return re.search(r'id="nouveau-jeton">([^<]+)<', created.text).group(1)


def test_api_keeps_to_its_openapi_document(server, tmp_path):
    # Its own account (Brest): what the run writes (imports, checks, requests) touches no other test's data.
    token = api_token(server, "agent.api")
    run = subprocess.run(
        [sys.executable, "-c", "from schemathesis.cli import schemathesis; schemathesis()",
         "--config-file", os.path.join(HERE, "schemathesis.toml"), "--no-color",
         "run", server + "/api/openapi.json", "-H", "Authorization: Bearer " + token,
         "--checks", "all", "--max-examples", "25", "--seed", "1", "--generation-database", "none",
         "--report", "junit", "--report-junit-path", str(tmp_path / "schemathesis.xml")],
        capture_output=True, text=True, timeout=900, cwd=tmp_path)
    summary = re.search(r"Test cases:\s*\n\s*(.*)", run.stdout)
    print("schemathesis :", summary.group(1) if summary else "?")
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
