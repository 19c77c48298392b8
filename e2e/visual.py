"""What a person sees of a page, checked by machine in the browser: the defects a DOM assertion misses.
Adapted from the script `pagecheck.py` the project's reviewers run by hand, kept here so the suite runs it on
every page (e2e/test_visual.py).

`problems(page)` returns a list of French sentences, empty when the page is fine:
  - horizontal overflow: the page is wider than the screen (a person has to scroll sideways), with the
    elements that stick out;
  - a box that hides part of its content behind a scroll bar: at desktop width never (the layout has room), at
    phone width only in a labelled region a keyboard can reach (`role="region"`, `tabindex="0"`, a label);
  - low-contrast text: visible text whose colour is too close to the background behind it (WCAG ratio < 3),
    SVG labels included (their fill against the page behind the drawing);
  - an SVG `<text>` partly outside its drawing, or drawn over another label of the same drawing.
Console errors and failed requests are collected by the tab (conftest.Page), not here.

`VISITS` lists the pages of the product and who looks at each (conftest.looks signs them in); the accessibility
checks (e2e/test_accessibility.py) go through the same pages.
"""

# The widths of the checks: a desktop and a phone.
DESKTOP, PHONE = 1280, 390

# Who looks: an anonymous visitor, and one account of each role (Quimper's, created by conftest.server).
ACCOUNTS = {"anonyme": None, "agent": "agent.quimper", "referent": "referent.quimper", "elu": "elu.quimper",
            "operateur": "operateur"}
SIGNED_IN = [who for who, login in ACCOUNTS.items() if login]

# Each GET route that answers an HTML page: the addresses visited, and by whom. `{demo}` is a building of the demo,
# `{own}` the series Quimper's agent imports (so /observatoire/29232 shows its « Données de la collectivité » to them).
# `{demo_mesure}` a demo building with measured consumption. `{ingenierie}` Quimper's ingénierie request (created by conftest.looks, accepted and started by the operator).
# `{cohorte}` a formation-action call and `{projet}` Quimper's selected application to it (conftest.looks).
# `{activation}` the link of the account the operator creates for Quimper there.
VISITS = {
    "GET /": [(who, "/") for who in ACCOUNTS],
    "GET /recherche": [("anonyme", "/recherche"), ("anonyme", "/recherche?q=saint")],
    "GET /communes/{code}": [("anonyme", "/communes/29103"), ("anonyme", "/communes/75056")],
    "GET /epci/{siren}": [("anonyme", "/epci/242900314")],
    "GET /departements/{code}": [("anonyme", "/departements/29")],
    "GET /regions/{code}": [("anonyme", "/regions/53")],
    "GET /sources": [("anonyme", "/sources")],
    "GET /api": [("anonyme", "/api")],
    "GET /observatoire": [("anonyme", "/observatoire")],
    "GET /observatoire/indicateurs": [("anonyme", "/observatoire/indicateurs")],
    "GET /observatoire/cartes": [("anonyme", "/observatoire/cartes"),
                                 ("anonyme", "/observatoire/cartes?indicateur=vacance_2018&territoire=29")],
    "GET /observatoire/{code}": [("anonyme", "/observatoire/29103"), ("agent", "/observatoire/29232")],
    "GET /observatoire/{code}/portrait": [("anonyme", "/observatoire/29103/portrait")],
    "GET /observatoire/epci/{siren}": [("anonyme", "/observatoire/epci/242900314"),
                                      ("anonyme", "/observatoire/epci/242900801?indicateur=apl_mg_2023")],
    "GET /observatoire/programme": [("anonyme", "/observatoire/programme?indicateur=apl_mg_2023&region=53"),
                                    ("operateur", "/observatoire/programme?indicateur=apl_mg_2023&accompagnees=1")],
    "GET /parcours": [("anonyme", "/parcours"), ("referent", "/parcours")],
    "GET /parcours/resultat": [("referent", "/parcours/resultat"), ("elu", "/parcours/resultat")],
    "GET /parcours/cas-usage": [("anonyme", "/parcours/cas-usage"), ("anonyme", "/parcours/cas-usage?theme=energie")],
    "GET /parcours/barometre": [("anonyme", "/parcours/barometre")],
    # `{annee}`: this year, when Quimper's referent submitted (conftest.looks); the note is a draft, the operator's.
    "GET /parcours/barometre/{annee}": [("anonyme", "/parcours/barometre/{annee}")],
    "GET /parcours/barometre/{annee}/note": [("operateur", "/parcours/barometre/{annee}/note")],
    "GET /parcours/demandes": [("agent", "/parcours/demandes"), ("referent", "/parcours/demandes"), ("elu", "/parcours/demandes")],
    "GET /operateur/demandes": [("operateur", "/operateur/demandes")],
    "GET /parcours/ingenierie": [("agent", "/parcours/ingenierie"), ("referent", "/parcours/ingenierie"), ("elu", "/parcours/ingenierie")],
    "GET /parcours/ingenierie/nouvelle": [("referent", "/parcours/ingenierie/nouvelle")],
    "GET /parcours/ingenierie/{id}": [("referent", "/parcours/ingenierie/{ingenierie}"), ("elu", "/parcours/ingenierie/{ingenierie}")],
    "GET /operateur/ingenierie": [("operateur", "/operateur/ingenierie"), ("operateur", "/operateur/ingenierie?region=53&tri=etat")],
    "GET /operateur/ingenierie/{id}": [("operateur", "/operateur/ingenierie/{ingenierie}")],
    "GET /parcours/cohortes": [("referent", "/parcours/cohortes"), ("elu", "/parcours/cohortes")],
    "GET /parcours/cohortes/appels/{id}/candidature": [("agent", "/parcours/cohortes/appels/{cohorte}/candidature")],
    "GET /parcours/cohortes/projets/{id}": [("referent", "/parcours/cohortes/projets/{projet}"), ("operateur", "/parcours/cohortes/projets/{projet}")],
    "GET /parcours/cohortes/{id}/restitution": [("referent", "/parcours/cohortes/{cohorte}/restitution")],
    "GET /operateur/cohortes": [("operateur", "/operateur/cohortes")],
    "GET /operateur/cohortes/{id}": [("operateur", "/operateur/cohortes/{cohorte}")],
    "GET /operateur/diagnostics": [("operateur", "/operateur/diagnostics")],
    "GET /operateur/journal": [("operateur", "/operateur/journal")],
    "GET /operateur/comptes": [("operateur", "/operateur/comptes"), ("operateur", "/operateur/comptes?collectivite=quimper&etat=en_attente")],
    "GET /activation/{jeton}": [("anonyme", "/activation/{activation}")],
    "GET /espace/notifications": [("agent", "/espace/notifications"), ("operateur", "/espace/notifications")],
    "GET /validateur": [("anonyme", "/validateur"), ("agent", "/validateur")],
    "GET /renovation/demo": [("anonyme", "/renovation/demo"), ("agent", "/renovation/demo")],
    "GET /renovation/demo/batiments/{id}": [("anonyme", "/renovation/demo/batiments/{demo}")],
    "GET /renovation/inventaire": [("agent", "/renovation/inventaire"), ("elu", "/renovation/inventaire"),
                                   ("operateur", "/renovation/inventaire?collectivite=commune:29232")],
    "GET /renovation/inventaire/batiments/{id}": [("agent", "/renovation/inventaire/batiments/ECO-01")],
    "GET /renovation/demo/batiments/{id}/travaux": [("anonyme", "/renovation/demo/batiments/{demo}/travaux"),
                                                     ("anonyme", "/renovation/demo/batiments/{demo_mesure}/travaux")],
    "GET /renovation/inventaire/batiments/{id}/travaux": [("agent", "/renovation/inventaire/batiments/ECO-01/travaux"),
                                                          ("elu", "/renovation/inventaire/batiments/ECO-01/travaux")],
    "GET /renovation/import": [("agent", "/renovation/import")],
    "GET /renovation/demo/plan": [("anonyme", "/renovation/demo/plan"), ("anonyme", "/renovation/demo/plan?budget=500000")],
    "GET /renovation/demo/plan/impression": [("anonyme", "/renovation/demo/plan/impression")],
    "GET /renovation/inventaire/plan": [("agent", "/renovation/inventaire/plan"), ("operateur", "/renovation/inventaire/plan?collectivite=commune:29232")],
    "GET /renovation/inventaire/plan/impression": [("agent", "/renovation/inventaire/plan/impression")],
    "GET /connexion": [("anonyme", "/connexion")],
    "GET /espace": [(who, "/espace") for who in SIGNED_IN],
    "GET /espace/donnees": [("agent", "/espace/donnees"), ("elu", "/espace/donnees")],
    "GET /espace/donnees/nouvelle": [("agent", "/espace/donnees/nouvelle")],
    "GET /espace/donnees/{id}": [("agent", "/espace/donnees/{own}")],
    "GET /observatoire/donnees-collectivites/{cle}": [("anonyme", "/observatoire/donnees-collectivites/vacance_commerciale_centre")],
}

CHECKS_JS = r"""
desktop => {
  const out = [];
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const width = window.innerWidth, doc = document.documentElement;
  if (doc.scrollWidth > width + 1) {
    // The outermost elements that stick out (not every descendant of them).
    const wide = [...document.body.querySelectorAll('*')].filter(el => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1);
    });
    out.push(`page de ${doc.scrollWidth} px pour un écran de ${width} px (dépassent : ${wide.slice(0, 4).map(describe).join(', ')})`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    const st = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(st.overflowX) || el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0) continue;
    const what = `${describe(el)} cache ${el.scrollWidth - el.clientWidth} px de son contenu (${el.scrollWidth} px dans ${el.clientWidth} px)`;
    if (desktop) out.push(what + ' à la largeur d\'un ordinateur');
    else if (el.getAttribute('role') !== 'region' || el.tabIndex < 0 || !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
      out.push(what + ' sans région défilante nommée et atteignable au clavier');
  }
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const background = el => { for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; }
    return {r: 255, g: 255, b: 255, a: 1}; };
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim(), el = n.parentElement;
    if (!text || !el || seen.has(el) || el.closest('svg')) continue;
    seen.add(el);
    const st = getComputedStyle(el), r = el.getBoundingClientRect();
    if (st.visibility === 'hidden' || r.width === 0 || r.height === 0 || !el.checkVisibility({opacityProperty: true})) continue;
    const fg = parse(st.color);
    if (!fg || fg.a < 0.1) continue;
    const k = ratio(fg, background(el));
    if (k < 3) out.push(`texte peu lisible « ${text.slice(0, 50)} » (${describe(el)}, contraste ${k.toFixed(2)})`);
  }
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
    // A label's colour is its fill, read against the page behind the drawing (labels are drawn beside shapes).
    for (const t of texts) {
      const fill = parse(getComputedStyle(t).fill);
      const k = fill && fill.a >= 0.1 ? ratio(fill, background(svg)) : 21;
      if (k < 3) out.push(`étiquette SVG peu lisible « ${t.textContent.trim().slice(0, 40)} » (contraste ${k.toFixed(2)})`);
    }
    const rects = texts.map(t => t.getBoundingClientRect());
    texts.forEach((t, i) => { const r = rects[i];
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        out.push(`étiquette SVG coupée « ${t.textContent.trim().slice(0, 40)} »`); });
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i], b = rects[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 2 && h > 2 && w * h > 0.3 * Math.min(a.width * a.height, b.width * b.height))
        out.push(`étiquettes SVG superposées « ${texts[i].textContent.trim().slice(0, 25)} » / « ${texts[j].textContent.trim().slice(0, 25)} »`);
    }
  }
  return out.slice(0, 12);
}
"""


def problems(page):
    """What a person would find wrong on the page shown in `page` (a Playwright page) at its current width."""
    return page.evaluate(CHECKS_JS, page.viewport_size["width"] >= DESKTOP)
