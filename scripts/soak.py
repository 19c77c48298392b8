#!/usr/bin/env python3
"""Soak: a running `territoires serve` on loopback under a mix of public pages and API calls for a bounded time
and count, N connections at once. Prints the requests made, the answers outside 2xx/3xx (and among them the
5xx), connection errors, latencies (p50, p99, max, per kind of request) and the server's resident memory
(VmRSS of /proc/PID/status) at the start, the middle and the end. Exits with 1 on any answer outside 2xx/3xx,
any connection error, or memory growing past 2 × the middle + 200 Mo by the end.

    python3 scripts/soak.py --url http://127.0.0.1:8080 --duree 600 --connexions 8 --jeton JETON

The PID is found from the port (the process listening on it) unless --pid is given. Without --jeton, the
authenticated inventory read is left out of the mix. Standard library only."""
import argparse
import http.client
import os
import random
import sys
import threading
import time
import urllib.parse

# Real communes of every size (INSEE codes): the cards and dashboards read different data for each.
COMMUNES = ["29019", "29103", "29232", "75056", "69123", "13055", "35238", "44109", "33063", "31555", "67482", "59350", "01001", "2A004"]
SEARCHES = ["bre", "landerneau", "st malo", "saint-etienne", "quimper", "29103", "lyo", "aix", "mont", "ville"]
# A subsidy file with one error of each kind the validator reports (SIRET key, impossible date, missing column).
VALIDATOR_CSV = "nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire\r\nRégion;23350001600041;2017-02-30;Asso\r\n".encode()
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def requests_mix(token):
    """(kind, weight, request builder): each builder takes a random generator and returns method, path, body,
    headers."""
    mix = [
        ("accueil", 1, lambda r: ("GET", "/", None, {})),
        ("fiche commune", 3, lambda r: ("GET", "/communes/" + r.choice(COMMUNES), None, {})),
        ("tableau de bord", 2, lambda r: ("GET", "/observatoire/" + r.choice(COMMUNES), None, {})),
        ("démo rénovation", 1, lambda r: ("GET", "/renovation/demo", None, {})),
        ("recherche", 2, lambda r: ("GET", "/recherche?q=" + urllib.parse.quote(r.choice(SEARCHES)), None, {})),
        ("API commune", 2, lambda r: ("GET", "/api/v1/communes/" + r.choice(COMMUNES), None, {})),
        ("validateur (API)", 1, lambda r: ("POST", "/api/v1/validation/subventions", VALIDATOR_CSV, {"Content-Type": "text/csv"})),
    ]
    if token:
        mix.append(("inventaire (jeton)", 1, lambda r: ("GET", "/api/v1/renovation/batiments", None, {"Authorization": "Bearer " + token})))
    return [(kind, build) for kind, weight, build in mix for _ in range(weight)]


def listening_pid(port):
    """The process listening on `port` (TCP, IPv4 or IPv6): its socket's inode in /proc/net, then the process
    holding that inode among its file descriptors."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(fields[9])
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return int(pid)
        except (FileNotFoundError, PermissionError, ProcessLookupError):
            continue
    return None


def resident_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"pas de VmRSS pour le processus {pid}")


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.count = 0
        self.latencies = {}
        self.refused = {}  # status → count, outside 2xx/3xx
        self.errors = {}  # exception name → count
        self.examples = []

    def record(self, kind, seconds, status=None, error=None, path=""):
        with self.lock:
            self.count += 1
            self.latencies.setdefault(kind, []).append(seconds)
            if error is not None:
                self.errors[error] = self.errors.get(error, 0) + 1
            elif not 200 <= status < 400:
                self.refused[status] = self.refused.get(status, 0) + 1
            example = f"{kind} {path} : {error or status}"
            if (error is not None or not 200 <= status < 400) and example not in self.examples and len(self.examples) < 10:
                self.examples.append(example)


def worker(host, port, mix, seed, results, stop, budget):
    generator = random.Random(seed)
    connection = None
    while not stop.is_set() and budget.take():
        kind, build = generator.choice(mix)
        method, path, body, headers = build(generator)
        start = time.monotonic()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(host, port, timeout=60)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            results.record(kind, time.monotonic() - start, status=response.status, path=path)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            results.record(kind, time.monotonic() - start, error=type(error).__name__, path=path)
            if connection is not None:
                connection.close()
            connection = None
    if connection is not None:
        connection.close()


class Budget:
    """The requests left to make, shared by the workers."""

    def __init__(self, total):
        self.left = total
        self.lock = threading.Lock()

    def take(self):
        with self.lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def main(arguments=None):
    parser = argparse.ArgumentParser(description="Soak d'un serveur territoires local : pages publiques et API mêlées, mémoire suivie.")
    parser.add_argument("--url", default="http://127.0.0.1:8080", help="serveur à solliciter (127.0.0.1 seulement)")
    parser.add_argument("--duree", type=float, default=60, help="durée au plus, en secondes (60)")
    parser.add_argument("--requetes", type=int, default=1_000_000, help="nombre de requêtes au plus (1 000 000)")
    parser.add_argument("--connexions", type=int, default=8, help="requêtes simultanées (8)")
    parser.add_argument("--jeton", default=os.environ.get("TERRITOIRES_JETON"), help="jeton d'API d'un compte de collectivité (ou TERRITOIRES_JETON)")
    parser.add_argument("--pid", type=int, help="processus du serveur (par défaut, celui qui écoute sur le port)")
    options = parser.parse_args(arguments)

    url = urllib.parse.urlsplit(options.url)
    if url.scheme != "http" or url.hostname not in LOOPBACK:
        parser.error("le soak ne sollicite qu'un serveur local : http://127.0.0.1:PORT")
    port = url.port or 80
    pid = options.pid or listening_pid(port)
    if pid is None:
        parser.error(f"aucun processus n'écoute sur le port {port} (indiquez --pid)")

    mix = requests_mix(options.jeton)
    results, stop, budget = Results(), threading.Event(), Budget(options.requetes)
    memory = {"début": resident_mb(pid)}
    print(f"soak : {options.url}, processus {pid}, {options.connexions} connexions, {options.duree:g} s ou {options.requetes} requêtes au plus"
          + ("" if options.jeton else " (sans jeton : pas de lecture d'inventaire)"), flush=True)
    workers = [threading.Thread(target=worker, args=(url.hostname, port, mix, k, results, stop, budget)) for k in range(options.connexions)]
    began = time.monotonic()
    for w in workers:
        w.start()
    while any(w.is_alive() for w in workers):
        elapsed = time.monotonic() - began
        if "milieu" not in memory and max(elapsed / options.duree, results.count / options.requetes) >= 0.5:
            memory["milieu"] = resident_mb(pid)
        if elapsed >= options.duree:
            stop.set()
        time.sleep(0.05)
    elapsed = time.monotonic() - began
    memory.setdefault("milieu", resident_mb(pid))
    memory["fin"] = resident_mb(pid)

    everything = [s for values in results.latencies.values() for s in values]
    refused = sum(results.refused.values())
    server_errors = sum(n for status, n in results.refused.items() if status >= 500)
    connection_errors = sum(results.errors.values())
    print(f"requêtes : {results.count} en {elapsed:.1f} s ({results.count / elapsed:.0f} par seconde)")
    print(f"réponses hors 2xx/3xx : {refused} {dict(sorted(results.refused.items())) or ''}".rstrip())
    print(f"dont 5xx : {server_errors}")
    print(f"erreurs de connexion : {connection_errors} {results.errors or ''}".rstrip())
    if everything:
        print(f"latence : p50 {ms(percentile(everything, 0.5))}, p99 {ms(percentile(everything, 0.99))}, max {ms(max(everything))}")
    for kind, values in sorted(results.latencies.items()):
        print(f"  {kind} : {len(values)} requêtes, p50 {ms(percentile(values, 0.5))}, p99 {ms(percentile(values, 0.99))}")
    print("mémoire résidente du serveur : " + ", ".join(f"{moment} {mb:.0f} Mo" for moment, mb in memory.items()))
    for example in results.examples:
        print("  échec : " + example)

    bound = 2 * memory["milieu"] + 200
    failures = []
    if refused or connection_errors:
        failures.append(f"{refused} réponses hors 2xx/3xx (dont {server_errors} 5xx) et {connection_errors} erreurs de connexion")
    if memory["fin"] > bound:
        failures.append(f"mémoire en fin de soak {memory['fin']:.0f} Mo > 2 × milieu + 200 Mo = {bound:.0f} Mo")
    if not everything:
        failures.append("aucune requête faite")
    for failure in failures:
        print("ÉCHEC : " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
