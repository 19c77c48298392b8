"""The yearly barometer in the browser, on GENERATED TEST DATA (not real answers): a server of its own with a
fresh database, in which 19 test referents (« Référent d'essai — données de test ») submit made-up diagnostics
for real collectivités: 10 communes under 3,500 inhabitants answer 0 everywhere, 6 communes of 3,500-10,000
answer 3, 3 EPCI answer 2 and « je ne sais pas » to D1.3. Their weighted share is then known from the national
counts alone: « Aucune » to D1.3 weighs N(small) ÷ (N(small) + N(3,500-10,000) + N(EPCI)), whatever the sample.
The page and the A4 note render without defect, the 3 EPCI are never shown, and the note prints within A4."""
import datetime
import http.cookiejar
import os
import re
import sqlite3
import tempfile
import urllib.parse
import urllib.request

import pytest

import serving
import visual
from conftest import PASSWORD, Page

QUESTIONS = 33


def submit(base, login, answers):
    """Signs in as `login` and submits the questionnaire with `answers` (question id → form value), over HTTP."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def csrf(html):
        return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

    login_form = opener.open(base + "/connexion").read().decode()
    opener.open(base + "/connexion", urllib.parse.urlencode({"identifiant": login, "mot_de_passe": PASSWORD, "csrf": csrf(login_form)}).encode())
    form = opener.open(base + "/parcours").read().decode()
    ids = re.findall(r'name="q_([A-Z0-9.]+)" value="0"', form)
    assert len(ids) == QUESTIONS
    fields = {"csrf": csrf(form), "action": "resultat"}
    fields.update({f"q_{q}": answers.get(q, answers["*"]) for q in ids})
    result = opener.open(base + "/parcours/resultat", urllib.parse.urlencode(fields).encode())
    assert result.url.endswith("/parcours/resultat"), f"{login} : diagnostic non enregistré"


@pytest.fixture(scope="module")
def barometer_server():
    workdir = tempfile.mkdtemp(prefix="territoires-barometre-")
    db = os.path.join(workdir, "territoires.sqlite")
    serving.create_account("operateur", "Opérateur du programme", "operateur", None, PASSWORD, ["--db", db])
    # The collectivités and the national counts, read from the loaded database (the referential of the product).
    with sqlite3.connect(db) as c:
        small = [r[0] for r in c.execute("SELECT code FROM commune WHERE departement_code = '29' AND population < 3500 ORDER BY code LIMIT 10")]
        medium = [r[0] for r in c.execute("SELECT code FROM commune WHERE departement_code = '29' AND population >= 3500 AND population < 10000 ORDER BY code LIMIT 6")]
        epcis = [r[0] for r in c.execute("SELECT siren FROM epci ORDER BY siren LIMIT 3")]
        national = {"small": c.execute("SELECT count(*) FROM commune WHERE population < 3500").fetchone()[0],
                    "medium": c.execute("SELECT count(*) FROM commune WHERE population >= 3500 AND population < 10000").fetchone()[0],
                    "epci": c.execute("SELECT count(*) FROM epci").fetchone()[0]}
    respondents = [(code, {"*": "0"}) for code in small] + [(code, {"*": "3"}) for code in medium] \
        + [(siren, {"*": "2", "D1.3": "nsp"}) for siren in epcis]
    for n, (collectivite, _) in enumerate(respondents):
        serving.create_account(f"essai.barometre{n}", "Référent d'essai — données de test", "referent", collectivite, PASSWORD, ["--db", db])
    process, url = serving.start(["--db", db], os.path.join(workdir, "serve.log"), timeout=180)
    try:
        for n, (_, answers) in enumerate(respondents):
            submit(url, f"essai.barometre{n}", answers)
        yield url, national
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_barometer_renders_weighted_and_prints_on_a4(browser, barometer_server):
    base, national = barometer_server
    year = datetime.datetime.now(datetime.timezone.utc).year
    represented = national["small"] + national["medium"] + national["epci"]
    expected = 100 * national["small"] / represented

    desktop = Page(browser, base, visual.DESKTOP)
    phone = Page(browser, base, visual.PHONE)
    try:
        # The long table: « Aucune » to D1.3 at its weighted share (10 of 19 raw would be 52.63 %).
        csv = desktop.context.request.get(f"{base}/parcours/barometre/{year}.csv").text()
        line = next(l for l in csv.split("\r\n") if l.startswith(f"{year};D1.3;") and ";Ensemble (pondéré);Aucune;" in l)
        fields = line.split(";")
        assert fields[-4:-2] == ["10", "19"] and fields[-1] == f"{expected:.2f}".replace(".", ","), line
        assert ";Intercommunalités;" not in csv

        for tab in (desktop, phone):
            response = tab.goto(f"/parcours/barometre/{year}")
            assert response.status == 200
            found = visual.problems(tab.page) + tab.errors
            assert found == [], f"{tab.page.viewport_size['width']} px : " + "\n".join(found)
            assert tab.page.locator("svg text", has_text=re.compile("^Communes de 3 500 à 10 000 habitants$")).count() > 0
            assert tab.page.locator("svg text", has_text=re.compile("^Intercommunalités$")).count() == 0
            assert tab.page.locator("svg text", has_text="Je ne sais pas").count() > 0

        # The operator writes and publishes the note; everyone reads it.
        operator = Page(browser, base, visual.DESKTOP)
        try:
            operator.sign_in("operateur")
            operator.goto(f"/parcours/barometre/{year}/note")
            assert operator.page.locator("#brouillon").count() == 1
            operator.page.fill("#editorial", "Note d'essai sur des données de test générées.\nDeuxième paragraphe.")
            operator.page.click("text=Publier la note")
            operator.page.wait_for_url(f"**/parcours/barometre/{year}/note")
        finally:
            operator.context.close()
        note = Page(browser, base, 680)  # 180 mm, the width inside the A4 page's 15 mm margins, at 96 px an inch
        try:
            assert note.goto(f"/parcours/barometre/{year}/note").status == 200
            assert note.page.locator("#brouillon").count() == 0
            note.page.emulate_media(media="print")
            wide = note.page.evaluate("""() => {
                const width = document.documentElement.clientWidth;
                const out = [];
                if (document.documentElement.scrollWidth > width + 1) out.push('page de ' + document.documentElement.scrollWidth + ' px');
                for (const el of document.querySelectorAll('main *')) {
                  const r = el.getBoundingClientRect();
                  if (r.width > 0 && r.right > width + 1) out.push(el.tagName + ' ' + Math.round(r.right) + ' px');
                }
                return out;
            }""")
            assert wide == [], f"dépasse la largeur utile d'une page A4 : {wide[:5]}"
            assert note.page.evaluate("() => getComputedStyle(document.querySelector('.entete')).display") == "none"
            pdf = note.page.pdf(format="A4")
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert pdf.startswith(b"%PDF") and pages >= 2, pages
            print(f"note A4 : {pages} pages, « Aucune » (D1.3) pondéré {expected:.2f} %")
        finally:
            note.context.close()
    finally:
        desktop.context.close()
        phone.context.close()
