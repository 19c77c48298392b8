"""What the suite can check of accessibility on a page (e2e/test_accessibility.py): the page says it is in
French, it has exactly one h1, every form control has a label attached to it, every header cell of a table says
whether it heads a column or a row (`scope`), and the keyboard focus is visible.

Each function returns a list of French sentences, empty when the page is fine."""

STRUCTURE_JS = r"""
() => {
  const out = [];
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name=' + el.name + ']' : '');
  if (document.documentElement.lang !== 'fr') out.push(`langue de la page « ${document.documentElement.lang} » au lieu de « fr »`);
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) out.push(`${h1} titres h1 au lieu d'un seul`);
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) continue;
    const named = el.labels.length > 0 || el.getAttribute('aria-label') ||
      (el.getAttribute('aria-labelledby') || '').split(/\s+/).some(id => id && document.getElementById(id));
    if (!named) out.push(`champ sans étiquette attachée : ${describe(el)}`);
  }
  for (const table of document.querySelectorAll('table')) {
    const headers = table.querySelectorAll('th');
    if (headers.length === 0) out.push(`tableau sans cellule d'en-tête : ${table.id || table.className || table.querySelector('caption')?.textContent}`);
    for (const th of headers)
      if (!['col', 'row', 'colgroup', 'rowgroup'].includes(th.getAttribute('scope')))
        out.push(`en-tête de tableau sans scope : « ${th.textContent.trim().slice(0, 40)} »`);
  }
  return out.slice(0, 12);
}
"""

# The element the keyboard reached, and whether a person sees where it is: an outline (or a ring drawn as a
# box shadow) at least 2 px wide, in a colour other than the background, with the element on the screen.
FOCUS_JS = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'la touche Tab n\'atteint aucun élément';
  const st = getComputedStyle(el), r = el.getBoundingClientRect();
  const what = el.tagName.toLowerCase() + ' « ' + (el.textContent || '').trim().slice(0, 30) + ' »';
  const outline = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2 && !/rgba\(.*, 0\)$/.test(st.outlineColor);
  const ring = st.boxShadow !== 'none';
  if (!outline && !ring) return `focus invisible sur ${what} (ni contour ni anneau)`;
  if (r.right <= 0 || r.bottom <= 0 || r.left >= window.innerWidth || r.width === 0) return `focus hors de l'écran sur ${what}`;
  return null;
}
"""


def structure_problems(page):
    """Language, one h1, labelled controls, table headers with their scope."""
    return page.evaluate(STRUCTURE_JS)


def focus_problems(page, presses=3):
    """Tabs from the top of the page to the first few elements (the skip link, the site's name, the search field)
    and says where the focus could not be seen."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    found = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        problem = page.evaluate(FOCUS_JS)
        if problem:
            found.append(problem)
    return found
