"""Starting the real `territoires serve` and signing in over plain HTTP, for the tests that drive the binary
(the browser fixture, two instances on PostgreSQL, kill -9 during an import, the soak)."""
import http.cookiejar
import os
import re
import subprocess
import time
import urllib.parse
import urllib.request

BINARY = os.environ.get("TERRITOIRES_BIN", ".build/debug/territoires")


class ServerFailed(Exception):
    pass


def start(arguments, log_path, env=None, timeout=300):
    """Starts `territoires serve` with `arguments` (a free port unless one is given), its output in `log_path`;
    returns the process and its base URL once it says "Prêt", or raises ServerFailed with the log's end."""
    if "--port" not in arguments:
        arguments = arguments + ["--port", "0"]
    log = open(log_path, "a+")
    log.seek(0, os.SEEK_END)
    start_offset = log.tell()
    process = subprocess.Popen([BINARY, "serve"] + arguments, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + timeout
    while time.time() < deadline and process.poll() is None:
        log.seek(start_offset)
        match = re.search(r"Prêt : (http://[0-9.]+:\d+)/", log.read())
        if match:
            return process, match.group(1)
        time.sleep(0.1)
    process.kill()
    process.wait()
    log.seek(start_offset)
    raise ServerFailed("le serveur n'a pas démarré :\n" + log.read()[-3000:])


def create_account(login, name, role, collectivite, password, database_arguments, env=None):
    """`territoires users create` as the README documents it (the first call also loads the bundled data); the
    collectivité is a commune's INSEE code or, with 9 digits, an EPCI's SIREN; without one, the account is the
    programme operator's."""
    owner = ["--operateur"] if not collectivite else ["--epci", collectivite] if len(collectivite) == 9 else ["--commune", collectivite]
    created = subprocess.run([BINARY, "users", "create"] + database_arguments + ["--login", login, "--name", name, "--role", role]
                             + owner + ["--password-stdin"], input=password + "\n", capture_output=True, text=True,
                             env=env, timeout=600)
    assert created.returncode == 0, created.stdout + created.stderr


def api_token(base, login, password, label="tests"):
    """Signs in through the login form and creates an API token in /espace, as a person does, over HTTP."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def csrf(html):
        return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

    form = opener.open(base + "/connexion").read().decode()
    fields = {"identifiant": login, "mot_de_passe": password, "csrf": csrf(form)}
    space = opener.open(base + "/connexion", urllib.parse.urlencode(fields).encode()).read().decode()
    page = opener.open(base + "/espace/jetons", urllib.parse.urlencode({"libelle": label, "csrf": csrf(space)}).encode()).read().decode()
    return re.search(r'id="nouveau-jeton">([^<]+)<', page).group(1)
