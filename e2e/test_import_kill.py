"""`kill -9` of the real server while it imports a 200,000-building inventory through the API, on SQLite and on
PostgreSQL. After each kill and a restart, the inventory read back through the API is exactly the previous one
or exactly the new one, never a mixture; the journal holds one import entry per inventory that landed (same
transaction); and the database is sound: SQLite's integrity check, and on both engines the inventory's parts
numbered without gaps with counts adding up to what the API returns.

The kills land at fixed times after the upload starts (reading and checking the file), at the first write of
the import's transaction (seen from outside: the SQLite WAL file changes, or PostgreSQL shows the import's
transaction inserting the new parts), and after the answer (a committed import must survive). The server's log says
whether the write had begun ("Inventaire : enregistrement") or finished ("Inventaire : enregistré")."""
import hashlib
import http.client
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

import pytest

import serving

PG = os.environ.get("TERRITOIRES_E2E_PG_URL")
PSQL = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"  # Debian's server package (scripts/postgres.sh)
PASSWORD = "mot-de-passe-import-solide"
COMMUNE = "29232"  # Quimper: no other test writes its inventory
OWNER = "commune:" + COMMUNE
BUILDINGS = 200_000
USAGES = ["école", "mairie", "gymnase", "piscine", "médiathèque", "salle des fêtes"]


def inventory(tag, count):
    """A CSV inventory in the users' format (identifier, INSEE code, usage, surface; well under the 8 MiB upload
    limit at 200,000 rows) and what must be read back from it: its count and a digest of identifiers and
    surfaces, computed here from the rows written, not by the product."""
    rows = [(f"{tag}-{i}", 20 + (i * 7919 + len(tag)) % 9000) for i in range(count)]
    text = "identifiant;code_insee;usage;surface\n" + "".join(f"{b};{COMMUNE};{USAGES[i % len(USAGES)]};{s}\n" for i, (b, s) in enumerate(rows))
    return text.encode(), digest(rows)


def digest(pairs):
    return len(pairs), hashlib.sha256("\n".join(f"{b};{float(s)}" for b, s in sorted(pairs)).encode()).hexdigest()[:16]


def part_counts(rows):
    """(part number, first bytes in hex) → the part numbers and the building count each part declares (a version
    byte, then the count as a LEB128 varint: Sources/Storage/BuildingDocuments.swift)."""
    numbers, total = [], 0
    for number, head in rows:
        raw = bytes.fromhex(head)
        count, shift = 0, 0
        for byte in raw[1:]:
            count |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        numbers.append(int(number))
        total += count
    return numbers, total


class SQLite:
    name = "SQLite"

    def __init__(self, workdir):
        self.db = os.path.join(workdir, "territoires.sqlite")
        self.arguments = ["--db", self.db]
        self.env = None
        self.mark = None

    def mark_writes(self):
        self.mark = self._wal_mtime()

    def stop_watching(self):
        self.mark = None

    def write_seen(self):
        """The WAL file changed since the mark: pages of the open transaction are being written (the import's
        pages overflow SQLite's cache long before the commit)."""
        return self.mark is not None and self._wal_mtime() != self.mark

    def _wal_mtime(self):
        try:
            return os.stat(self.db + "-wal").st_mtime_ns
        except FileNotFoundError:
            return None

    def query(self, sql, *arguments):
        connection = sqlite3.connect(self.db)
        try:
            return connection.execute(sql, arguments).fetchall()
        finally:
            connection.close()

    def soundness(self):
        assert self.query("PRAGMA integrity_check") == [("ok",)]
        return self.query("SELECT part, hex(substr(data, 1, 11)) FROM building_inventory WHERE owner = ? ORDER BY part", OWNER), \
            self.query("SELECT count(*) FROM audit_log WHERE owner = ? AND action = 'batiments.import'", OWNER)[0][0]


class PostgreSQL:
    name = "PostgreSQL"

    def __init__(self, workdir):
        self.arguments = []
        self.env = dict(os.environ, TERRITOIRES_DATABASE_URL=PG)
        self.watching = None

    def psql(self, sql):
        done = subprocess.run([PSQL, "-X", "-At", "-F", "\t", "-d", PG, "-c", sql], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return [line.split("\t") for line in done.stdout.splitlines()]

    def mark_writes(self):
        # A server-side loop, started once the server logs the write: it ends when another session of this
        # database, inside a transaction that holds an id (the old inventory's DELETE has run), is inserting the new
        # parts; the kill follows within milliseconds, the old rows deleted and the new ones half written.
        self.watching = subprocess.Popen([PSQL, "-X", "-q", "-d", PG, "-c", """
            DO $$ BEGIN
              LOOP
                PERFORM pg_stat_clear_snapshot();
                EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity
                                  WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
                                    AND query LIKE 'INSERT INTO building_inventory%');
                PERFORM pg_sleep(0.002);
              END LOOP;
            END $$;"""], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def write_seen(self):
        return self.watching is not None and self.watching.poll() == 0

    def stop_watching(self):
        if self.watching is not None and self.watching.poll() is None:
            self.watching.kill()
            self.watching.wait()
        self.watching = None

    def soundness(self):
        parts = self.psql(f"SELECT part, encode(substring(data from 1 for 11), 'hex') FROM building_inventory WHERE owner = '{OWNER}' ORDER BY part")
        audits = self.psql(f"SELECT count(*) FROM audit_log WHERE owner = '{OWNER}' AND action = 'batiments.import'")
        return parts, int(audits[0][0])


def send(url, token, body, outcome):
    request = urllib.request.Request(url + "/api/v1/renovation/import?mode=import&fichier=inventaire.csv", data=body, method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            outcome["status"] = response.status
    except urllib.error.HTTPError as error:
        outcome["status"] = error.code
    except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as error:
        outcome["error"] = type(error).__name__


def read_back(url, token):
    request = urllib.request.Request(url + "/api/v1/renovation/batiments", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=300) as response:
        return digest([(b["identifiant"], b["surface_m2"]) for b in json.load(response)])


def read_log(path, since):
    with open(path) as log:
        log.seek(since)
        return log.read()


# When each kill lands: a name, and a condition on (seconds since the upload began, log, write seen, answered).
KILLS = [
    ("0,2 s après le début de l'envoi", lambda t, log, write, answered: t >= 0.2),
    ("1 s après", lambda t, log, write, answered: t >= 1.0),
    ("dès que le serveur annonce l'enregistrement", lambda t, log, write, answered: "Inventaire : enregistrement" in log),
    ("pendant l'écriture de la transaction", lambda t, log, write, answered: write),
    ("après la réponse", lambda t, log, write, answered: answered),
]


def phase(log, write, outcome):
    """Where the import stood when the server died, as seen from outside: a key and its description."""
    if "status" in outcome:
        return "answered", f"après la réponse {outcome['status']}"
    if "Inventaire : enregistré" in log:
        return "committed", "transaction validée, réponse pas encore reçue"
    if write:
        return "writing", "pendant la transaction d'écriture (écritures observées, validation pas annoncée)"
    if "Inventaire : enregistrement" in log:
        return "saving", "enregistrement commencé, aucune écriture observée (encodage des parties ou début de transaction)"
    return "before", "envoi, lecture ou vérification du fichier (avant tout enregistrement)"


ENGINES = [pytest.param(SQLite, id="sqlite"),
           pytest.param(PostgreSQL, id="postgresql", marks=pytest.mark.skipif(PG is None, reason="pas de PostgreSQL de test (scripts/test.sh en démarre un)"))]


@pytest.mark.parametrize("engine", ENGINES)
def test_kill_during_import_keeps_the_old_or_the_new_inventory(engine):
    workdir = tempfile.mkdtemp(prefix="territoires-kill-")
    store = engine(workdir)
    login = f"agent.import.{os.getpid()}"  # the PostgreSQL test database is shared by the runs of the suite
    serving.create_account(login, "Agent de Quimper", "agent", COMMUNE, PASSWORD, store.arguments, env=store.env)
    process, url = serving.start(store.arguments, os.path.join(workdir, "serve-0.log"), env=store.env)
    token = serving.api_token(url, login, PASSWORD, label="import interrompu")
    report = []
    try:
        small, current = inventory("petit", 5)
        outcome = {}
        send(url, token, small, outcome)
        assert outcome.get("status") == 200, outcome
        assert read_back(url, token) == current
        imports = 1
        during_transaction = 0
        for k, (name, when) in enumerate(KILLS, start=1):
            body, new = inventory(f"import{k}", BUILDINGS)
            log_path = os.path.join(workdir, f"serve-{k - 1}.log")
            since = os.path.getsize(log_path)  # the log of this import only
            outcome = {}
            began = time.monotonic()
            sender = threading.Thread(target=send, args=(url, token, body, outcome))
            sender.start()
            marked = False
            while True:
                log = read_log(log_path, since)
                if not marked and "Inventaire : enregistrement" in log:
                    store.mark_writes()
                    marked = True
                write = store.write_seen()
                if when(time.monotonic() - began, log, write, "status" in outcome):
                    break
                assert time.monotonic() - began < 240, "l'import n'a pas atteint le moment prévu pour l'arrêt"
                time.sleep(0.002)
            process.send_signal(signal.SIGKILL)
            killed_at = time.monotonic() - began
            process.wait()
            stage, landed = phase(read_log(log_path, since), write, outcome)
            store.stop_watching()
            sender.join(timeout=60)
            parts, audits = store.soundness()
            process, url = serving.start(store.arguments, os.path.join(workdir, f"serve-{k}.log"), env=store.env)
            got = read_back(url, token)
            assert got in (current, new), f"{name} ({landed}) : inventaire relu {got}, ni l'ancien {current} ni le nouveau {new}"
            if got == new:
                imports += 1
            if stage == "before":
                assert got == current, f"{name} : arrêté avant l'enregistrement, l'ancien inventaire doit rester"
            if stage == "answered":
                assert outcome["status"] == 200, f"{name} : import refusé ({outcome['status']})"
                assert got == new, f"{name} : import validé et annoncé, le nouvel inventaire doit survivre à l'arrêt"
            if stage == "writing":
                during_transaction += 1
            numbers, total = part_counts(parts)
            assert numbers == list(range(len(numbers))), f"parties de l'inventaire non consécutives : {numbers}"
            assert total == got[0], f"les parties comptent {total} bâtiments, l'API en rend {got[0]}"
            assert audits == imports, f"{audits} imports au journal pour {imports} inventaires enregistrés"
            report.append(f"{store.name} arrêt {k} ({name}) à {killed_at:.2f} s : {landed} ; relu : "
                          f"{'nouvel' if got == new else 'ancien'} inventaire, {got[0]} bâtiments")
            current = got
        assert during_transaction >= 1, "aucun arrêt n'est tombé pendant la transaction d'écriture :\n" + "\n".join(report)
    finally:
        print("\n" + "\n".join(report))
        store.stop_watching()
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
    # Reached only when every check passed: after a failure, the database and logs stay for a look.
    shutil.rmtree(workdir, ignore_errors=True)
