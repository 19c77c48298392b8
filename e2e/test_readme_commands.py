"""Every command README.md documents, run once on a small case with the real binary: it must exit with 0 and print
what it is for. The commands are read from the README itself (a new documented command without a small case
here fails the test), and every subcommand the binary lists must be documented."""
import gzip
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import urllib.request

import pytest

import serving

ROOT = os.path.join(os.path.dirname(__file__), "..")
README = os.path.join(ROOT, "README.md")
PASSWORD = "mot-de-passe-readme-solide"


def documented_commands():
    """The commands of the README's code (spans and blocks): `territoires …` or `swift run [-c release]
    territoires …`, and the `users …` shorthand of the accounts paragraph. A command is its leading words
    (`users create`, `bench-renovation`); a placeholder (`<commande>`) is kept, options and arguments dropped."""
    text = open(README, encoding="utf-8").read()
    code = re.findall(r"```[a-z]*\n(.*?)```", text, re.S) + re.findall(r"`([^`]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    commands = set()
    for snippet in code:
        for line in snippet.splitlines():
            line = line.strip()
            found = re.search(r"(?:^|swift run (?:-c release )?)territoires((?: [^ ]+)+)", line)
            words = found.group(1).split() if found else line.split() if line.startswith("users ") else None
            if words is None:
                continue
            command = []
            for word in words:
                if not re.fullmatch(r"[a-z][a-z-]*|<[a-z]+>", word):
                    break
                command.append(word)
            commands.add(" ".join(command) or words[0])
    return commands


@pytest.fixture(scope="module")
def workdir():
    directory = tempfile.mkdtemp(prefix="territoires-readme-")
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def run(arguments, **options):
    done = subprocess.run([serving.BINARY] + arguments, capture_output=True, text=True, timeout=600, **options)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"territoires {' '.join(arguments)} : code {done.returncode}\n{output[-3000:]}"
    return output


def subcommands(arguments):
    """The subcommands `territoires … --help` lists."""
    help_text = run(arguments + ["--help"])
    listed = help_text.split("SUBCOMMANDS:")[1].split("\n\n")[0]
    return re.findall(r"^  ([a-z][a-z-]*)", listed, re.M)  # the names; their descriptions wrap further right


def small_cases(directory):
    """Each documented command → a small-case run and what its output must say. In README order of use: `users
    create` loads the database the others use."""
    db = ["--db", os.path.join(directory, "territoires.sqlite")]
    sample = os.path.join(directory, "dpe.csv")

    def serve():
        process, url = serving.start(db, os.path.join(directory, "serve.log"))
        try:
            with urllib.request.urlopen(url + "/sante") as response:
                return f"GET /sante {response.status} {response.read().decode()}"
        finally:
            process.terminate()
            process.wait(timeout=10)

    def evaluate():
        # A small sample of real DPE: the first 300 lines of the published-format extract.
        with gzip.open(os.path.join(ROOT, "Data/batiments/dpe_tertiaire_v2_ademe_format_publie.csv.gz"), "rt", encoding="utf-8") as source, \
                open(sample, "w", encoding="utf-8") as out:
            out.writelines(itertools.islice(source, 300))
        return run(["evaluate", sample])

    def every_help():
        return "\n".join(run([command, "--help"]).splitlines()[0] for command in subcommands([]))

    return {
        "users create": (lambda: run(["users", "create"] + db + ["--login", "operateur", "--name", "Opérateur du programme", "--role", "operateur",
                                                              "--operateur"]), r"Compte créé : operateur .*\nMot de passe \(affiché une seule fois\) : \S{12,}"),
        "users list": (lambda: run(["users", "list"] + db), r"operateur\toperateur\toperateur\tactif\tOpérateur du programme"),
        "users reset-password": (lambda: run(["users", "reset-password"] + db + ["--login", "operateur", "--password-stdin"], input=PASSWORD + "\n"),
                                 r"Mot de passe remplacé pour operateur\."),
        "users disable": (lambda: run(["users", "disable"] + db + ["--login", "operateur"]), r"Compte operateur désactivé : ses sessions sont fermées et ses jetons d'API révoqués\."),
        "users enable": (lambda: run(["users", "enable"] + db + ["--login", "operateur"]), r"Compte operateur réactivé\."),
        "load": (lambda: run(["load"] + db), r"La base est déjà à jour\."),
        "serve": (serve, r"GET /sante 200 ok"),
        "backup": (lambda: run(["backup"] + db + ["--to", os.path.join(directory, "copie.sqlite")]), r"Copie écrite dans .*copie\.sqlite"),
        "bench": (lambda: run(["bench", "--db", os.path.join(directory, "copie.sqlite"), "--queries", "10", "--cards", "5", "--dashboards", "5",
                               "--load-seconds", "0"]),
                  r"recherche \(10 requêtes, \d+ avec résultat\).*\n(.*\n)*rendu d'un tableau de bord PVD \(5 pages"),
        "bench-renovation": (lambda: run(["bench-renovation", "--batiments", "2000", "--sans-python"]),
                             r"vérification et construction des 2000 bâtiments.*\n(.*\n)*TOTAL Swift : [0-9.]+ s"),
        "bench-plan": (lambda: run(["bench-plan", "--batiments", "100", "--repetitions", "1", "--tailles", "6", "--par-taille", "1"]),
                       r"méthode rapide : [0-9.]+ s .*écart [0-9.]+ %\n(.*\n)*6 +2027 +[0-9.]+ +[0-9]+ "),
        "train": (lambda: run(["train", "--output", os.path.join(directory, "modele.json.gz")]),
                  r"erreur absolue moyenne en validation croisée .*: [0-9.]+ kWhEP/m²/an\nmodèle écrit : .*modele\.json\.gz"),
        "evaluate": (evaluate, r"DPE évalués : [1-9]\d*\n(.*\n)*étiquette exacte : [0-9.]+ %"),
        "--help": (lambda: run(["--help"]), r"USAGE: territoires <subcommand>"),
        "<commande>": (every_help, r"OVERVIEW: "),  # `territoires <commande> --help`
    }


def test_every_documented_command_runs_on_a_small_case(workdir):
    documented = documented_commands()
    cases = small_cases(workdir)
    assert documented - cases.keys() == set(), "commandes du README sans cas réduit dans e2e/test_readme_commands.py"
    assert cases.keys() - documented == set(), "cas réduits de commandes que le README ne documente plus"
    for command, (execute, expected) in cases.items():
        output = execute()
        assert re.search(expected, output), f"territoires {command} : sortie inattendue\n{output[-3000:]}"


def test_every_subcommand_of_the_binary_is_documented():
    documented = documented_commands()
    listed = [c for c in subcommands([]) if c != "users"] + ["users " + c for c in subcommands(["users"])]
    assert [c for c in listed if c not in documented] == []
