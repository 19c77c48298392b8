"""The probe of issue 12 as part of the suite: every file of a generated corpus of malformed files (fuzz_corpus.py)
goes through the building import and the validator of the running server. No answer may be a server error or take
more than 30 s (a runaway guard: the slowest answer, printed, is about 2 s in a debug build on a quiet machine
and 6 s under load), the server must still answer afterwards, and its peak memory must stay bounded."""
import json
import time
import urllib.error
import urllib.request

import pytest

from conftest import PASSWORD
import fuzz_corpus
import serving


def peak_memory_mib(pid):
    """The process's peak resident memory (VmHWM), in MiB."""
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def post(url, body, headers):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    return status, text, time.monotonic() - start


@pytest.fixture(scope="module")
def token(server):
    return serving.api_token(server, "agent.landerneau", PASSWORD)


def test_malformed_files_never_break_the_server(server, server_pid, token):
    files = fuzz_corpus.corpus()
    assert len(files) >= 200
    before = peak_memory_mib(server_pid)
    answers, failures, slowest = 0, [], (0.0, "")
    for name, body in files:
        for path, headers in [
            (f"/api/v1/renovation/import?fichier={urllib.request.quote(name)}", {"Authorization": "Bearer " + token}),
            ("/api/v1/validation/subventions", {}),
        ]:
            status, text, seconds = post(server + path, body, {**headers, "Content-Type": "application/octet-stream"})
            answers += 1
            slowest = max(slowest, (seconds, f"{name} → {path}"))
            if status >= 500 or seconds > 30:
                failures.append(f"{name} → {path} : {status} en {seconds:.1f} s {text[:200]!r}")
            elif status >= 400:
                # A refusal is said in French, as problem+json.
                detail = json.loads(text).get("detail", "")
                if not detail:
                    failures.append(f"{name} → {path} : {status} sans explication")
            if b"root:x:0:0" in text:
                failures.append(f"{name} → {path} : contenu d'un fichier du serveur dans la réponse")
    with urllib.request.urlopen(server + "/sante", timeout=10) as response:
        assert response.status == 200
    growth = peak_memory_mib(server_pid) - before
    print(f"\n{len(files)} fichiers, {answers} réponses, la plus lente {slowest[0]:.2f} s ({slowest[1]}), pic de mémoire +{growth:.0f} Mio")
    assert not failures, "\n".join(failures)
    # The budgets of a workbook (160 MiB inflated, 10 million cells, 160 MiB of text) bound what one file may take.
    assert growth < 1024, f"pic de mémoire en hausse de {growth:.0f} Mio"


def test_a_workbook_of_200000_rows_is_checked_whole(server, token):
    """Reading a workbook was quadratic (20,000 rows: 145 s). A 200,000-row export under the 8 MiB limit is read
    whole; the bound only catches a return of the quadratic reading, not a speed target."""
    body = fuzz_corpus.large_workbook(200_000)
    assert len(body) < 8 << 20
    status, text, seconds = post(server + "/api/v1/renovation/import?fichier=grand.xlsx", body,
                                 {"Authorization": "Bearer " + token, "Content-Type": "application/octet-stream"})
    report = json.loads(text)
    print(f"\nclasseur de 200 000 lignes ({len(body) / 1e6:.1f} Mo) vérifié en {seconds:.1f} s")
    assert status == 200, text[:300]
    assert report["lignes"] == 200_000 and report["batiments"] == 200_000 and report["valide"], report["erreurs"][:3]
    assert seconds < 60
