"""Signing in with an account created on the command line, in a real browser."""
from playwright.sync_api import expect

from conftest import PASSWORD


def test_login_space_and_logout(tab):
    tab.goto("/espace")
    expect(tab.page.locator("h1")).to_have_text("Connexion")
    tab.page.fill("#identifiant", "agent.landerneau")
    tab.page.fill("#mot_de_passe", "faux")
    tab.page.click("main button[type=submit]")
    expect(tab.page.locator(".alerte")).to_have_text("Identifiant ou mot de passe incorrect.")
    tab.page.fill("#mot_de_passe", PASSWORD)
    tab.page.click("main button[type=submit]")
    expect(tab.page.locator("h1")).to_have_text("Mon espace")
    expect(tab.page.locator("#identifiant")).to_have_text("agent.landerneau")
    tab.page.fill("#libelle", "tableur")
    tab.page.click("text=Créer un jeton")
    expect(tab.page.locator("#nouveau-jeton")).to_have_count(1)
    cookies = {c["name"]: c for c in tab.context.cookies()}
    session = cookies["territoires_session"]
    assert session["httpOnly"] and session["sameSite"] == "Lax"
    tab.page.click("text=Se déconnecter")
    expect(tab.page.locator("h1")).to_have_text("Les données de votre territoire")
    # The failed login answered 401: that response is the only error the console may report.
    assert [e for e in tab.errors if "401" not in e] == []
