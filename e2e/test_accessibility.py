"""The short accessibility pass the suite can check, on every page of the product as each visitor sees it
(the pages of e2e/visual.py): French language, one h1, labelled form controls, table headers with their scope,
a visible keyboard focus (e2e/accessibility.py)."""
import accessibility
import visual
from conftest import Page, planted


def test_every_page_is_structured_for_assistive_technologies(looks):
    tabs, visits = looks
    found = []
    for _, who, path in visits:
        tab = tabs[who][visual.DESKTOP]
        tab.goto(path)
        found += [f"{path} [{who}] : {p}" for p in accessibility.structure_problems(tab.page) + accessibility.focus_problems(tab.page)]
    assert found == [], "\n".join(found)


# The checks themselves, on defects planted in a page that is fine.

def test_checks_see_an_unlabelled_field_a_second_h1_and_a_header_without_scope(browser, server):
    tab = Page(browser, server, visual.DESKTOP)
    tab.goto("/departements/29")
    assert accessibility.structure_problems(tab.page) == []
    tab.page.evaluate("""() => {
      document.querySelector('label[for=q-entete]').remove();
      document.querySelector('main').append(document.createElement('h1'));
      document.querySelector('th[scope]').removeAttribute('scope');
    }""")
    found = accessibility.structure_problems(tab.page)
    assert "champ sans étiquette attachée : input#q-entete[name=q]" in found, found
    assert "2 titres h1 au lieu d'un seul" in found, found
    assert any(p.startswith("en-tête de tableau sans scope") for p in found), found
    tab.context.close()


def test_focus_check_sees_an_invisible_focus(browser, server):
    found = planted(browser, server, visual.DESKTOP, "/departements/29", "a:focus, input:focus { outline: none; }", accessibility.focus_problems)
    assert any(p.startswith("focus invisible sur a") for p in found), found
