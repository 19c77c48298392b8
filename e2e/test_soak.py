"""The soak (scripts/soak.py) for 60 s against the suite's server: public pages and API calls mixed, 8 at once,
with an agent's API token; no answer outside 2xx/3xx, no connection error, no runaway memory. Its figures are
printed (pytest -s shows them)."""
import os
import subprocess
import sys

import serving
from conftest import PASSWORD

SOAK = os.path.join(os.path.dirname(__file__), "..", "scripts", "soak.py")


def soak(url, *arguments):
    done = subprocess.run([sys.executable, SOAK, "--url", url] + list(arguments), capture_output=True, text=True, timeout=300)
    print(done.stdout + done.stderr)
    return done


def test_sixty_seconds_of_mixed_traffic(server):
    token = serving.api_token(server, "agent.landerneau", PASSWORD, label="soak")
    done = soak(server, "--duree", "60", "--connexions", "8", "--jeton", token)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "inventaire (jeton) : " in done.stdout and "validateur (API) : " in done.stdout
    assert "dont 5xx : 0" in done.stdout


def test_soak_fails_on_refused_answers(server):
    # A revoked or mistyped token: the inventory reads are refused (401), and the soak must say so and fail.
    done = soak(server, "--duree", "3", "--connexions", "2", "--jeton", "jeton-inconnu")
    assert done.returncode == 1
    assert "ÉCHEC : " in done.stdout and "401" in done.stdout
