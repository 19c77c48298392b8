import Accounts
import Foundation
import TestSupport
import Testing
@testable import Web

/// Login, sessions, CSRF, throttling, API tokens and isolation, through the real server.
@Suite struct AccountWebTests {
    typealias Client = LiveServer.Client

    @Test func loginOpensASessionAndLogoutClosesIt() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let browser = server.client()
            #expect(try await browser.get("/espace").url?.path == "/connexion")
            let reply = try await browser.logIn("agent.brest", password: Fixtures.password)
            #expect(reply.status == 200)
            #expect(reply.url?.path == "/espace")
            #expect(reply.text.contains("<dd id=\"identifiant\">agent.brest</dd>"))
            #expect(reply.text.contains("Commune de Brest (29019)"))
            let csrf = try #require(Client.field("csrf", in: reply.text))
            _ = try await browser.post("/deconnexion", form: ["csrf": csrf])
            #expect(try await browser.get("/espace").url?.path == "/connexion")
        }
    }

    @Test func wrongPasswordAndUnknownLoginGetTheSameGenericMessage() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let wrong = try await server.client().logIn("agent.brest", password: "faux")
            let unknown = try await server.client().logIn("personne", password: "faux")
            #expect(wrong.status == 401 && unknown.status == 401)
            #expect(wrong.text.contains("Identifiant ou mot de passe incorrect."))
            #expect(unknown.text.contains("Identifiant ou mot de passe incorrect."))
        }
    }

    @Test func tenFailedLoginsAreThrottled() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let browser = server.client()
            for _ in 0..<10 { #expect(try await browser.logIn("agent.landerneau", password: "faux").status == 401) }
            // Even the right password is refused for now.
            let blocked = try await browser.logIn("agent.landerneau", password: Fixtures.password)
            #expect(blocked.status == 429)
            #expect(blocked.text.contains("Trop de tentatives"))
        }
    }

    @Test func postsWithoutCSRFAreRefused() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let browser = server.client()
            // Login form without its token.
            #expect(try await browser.post("/connexion", form: ["identifiant": "agent.brest", "mot_de_passe": Fixtures.password]).status == 403)
            _ = try await browser.logIn("agent.brest", password: Fixtures.password)
            #expect(try await browser.post("/espace/jetons", form: ["libelle": "script"]).status == 403)
            #expect(try await browser.post("/espace/jetons", form: ["libelle": "script", "csrf": "faux"]).status == 403)
            let page = try await browser.get("/espace").text
            let ok = try await browser.post("/espace/jetons", form: ["libelle": "script", "csrf": Client.field("csrf", in: page)!])
            #expect(ok.status == 200)
            #expect(ok.text.contains("id=\"nouveau-jeton\""))
        }
    }

    @Test func apiTokensWorkAndStayWithTheirOwner() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let brest = server.client()
            _ = try await brest.logIn("agent.brest", password: Fixtures.password)
            let page = try await brest.get("/espace").text
            let created = try await brest.post("/espace/jetons", form: ["libelle": "tableur", "csrf": Client.field("csrf", in: page)!]).text
            let marker = "<code id=\"nouveau-jeton\">"
            let token = String(created[created.range(of: marker)!.upperBound...].prefix { $0 != "<" })
            let bearer = ["Authorization": "Bearer \(token)"]
            let api = server.client()
            let me = try JSONSerialization.jsonObject(with: try await api.get("/api/v1/moi", headers: bearer).body) as? [String: Any]
            #expect(me?["identifiant"] as? String == "agent.brest")
            #expect(me?["collectivite"] as? String == "commune:29019")
            #expect(try await api.get("/api/v1/moi", headers: ["Authorization": "Bearer inconnu"]).status == 401)
            #expect(try await api.get("/api/v1/moi").status == 401)
            // Landerneau's agent cannot revoke Brest's token: 404, not 403.
            let brestUser = try #require(try await store.userWithPasswordHash(login: "agent.brest")?.0)
            let tokenID = try #require(try await store.tokens(of: brestUser).first?.id)
            let landerneau = server.client()
            _ = try await landerneau.logIn("agent.landerneau", password: Fixtures.password)
            let other = try await landerneau.get("/espace").text
            #expect(try await landerneau.post("/espace/jetons/\(tokenID)/revocation", form: ["csrf": Client.field("csrf", in: other)!]).status == 404)
            #expect(try await landerneau.send("DELETE", "/api/v1/moi/jetons/\(tokenID)", headers: ["X-CSRF-Token": Client.field("csrf", in: other)!]).status == 404)
            #expect(try await api.get("/api/v1/moi", headers: bearer).status == 200)
            // Its owner can, with the token itself (no cookie, no CSRF needed).
            #expect(try await api.send("DELETE", "/api/v1/moi/jetons/\(tokenID)", headers: bearer).status == 204)
            #expect(try await api.get("/api/v1/moi", headers: bearer).status == 401)
        }
    }

    @Test func theAuditLogIsTheOperatorsOnly() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            #expect(try await agent.get("/operateur/journal").status == 404)
            let programme = server.client()
            _ = try await programme.logIn("operateur", password: Fixtures.password)
            let journal = try await programme.get("/operateur/journal")
            #expect(journal.status == 200)
            #expect(journal.text.contains("session.ouverture"))
            #expect(journal.text.contains("compte.creation"))
            // When, in Paris time and French order, not in ISO UTC.
            #expect(journal.text.contains("<th scope=\"col\">Date (heure de Paris)</th>"))
            #expect(journal.text.contains(#/<tr><td data-label="Date \(heure de Paris\)">\d\d/\d\d/\d{4} à \d\d:\d\d</td>/#) && !journal.text.contains(#/\d{4}-\d\d-\d\dT/#))
            // Whose, by name (not the key "commune:29019").
            #expect(journal.text.contains("<td data-label=\"Collectivité\">Commune de Brest (29019)</td>") && !journal.text.contains(">commune:29019</td>"))
        }
    }

    /// The message names the limit that applied: 64 Kio for a form, 8 Mio for a file.
    @Test func oversizedFormsAreRefused() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let reply = try await server.client().post("/connexion", form: ["x": String(repeating: "a", count: 70_000)])
            #expect(reply.status == 413)
            #expect(reply.text.contains("dépasse la taille autorisée (64 Kio)."))
            let file = try await server.client().upload("/validateur", fields: [:],
                                                         file: ("fichier", "gros.csv", Data(count: 9 << 20)))
            #expect(file.status == 413)
            #expect(file.text.contains("taille autorisée (8 Mio)."))
        }
    }

    /// Failures on one account (10 from one address) no longer lock out another account at that address:
    /// behind a reverse proxy, that address is everyone's.
    @Test func failuresOnOneAccountDoNotLockOutTheOthersAtTheSameAddress() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let attacker = server.client()
            for _ in 0..<10 { #expect(try await attacker.logIn("agent.landerneau", password: "faux").status == 401) }
            #expect(try await attacker.logIn("agent.landerneau", password: Fixtures.password).status == 429)
            // The operator's journal reads these two lines by their spelling.
            let journal = try await store.auditLog(limit: 2).map { [$0.actor, $0.action] }
            #expect(journal == [["agent.landerneau", "connexion.bloquee"], ["agent.landerneau", "connexion.echec"]])
            let colleague = try await server.client().logIn("agent.brest", password: Fixtures.password)
            #expect(colleague.url?.path == "/espace")
        }
    }

    /// `count` failed logins spread over accounts of their own (10 each, under the per-account limits).
    static func failures(_ count: Int, from client: Client, store: any AccountStore, headers: (Int) -> [String: String]) async throws {
        let hash = Secrets(cost: 4).hashPassword("autre")
        for account in 0..<(count + 9) / 10 {
            _ = try await store.createUser(login: "essai\(account)", name: "Essai", owner: .commune("29019"), role: .agent, passwordHash: hash, actor: "test")
        }
        for i in 0..<count {
            let form = try await client.get("/connexion", headers: headers(i)).text
            let reply = try await client.post("/connexion", form: ["csrf": Client.field("csrf", in: form) ?? "", "identifiant": "essai\(i / 10)",
                                                                   "mot_de_passe": "faux"], headers: headers(i))
            #expect(reply.status == 401)
        }
    }

    /// One address still has a ceiling (100 failures in the window, whatever the accounts), and an
    /// `X-Forwarded-For` sent by a peer that is not the trusted proxy does not change the address counted.
    @Test func theAddressCeilingHoldsAndForgedForwardingIsIgnored() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let attacker = server.client()
            let forged = { (i: Int) in ["X-Forwarded-For": "203.0.113.\(i % 250)"] }
            try await Self.failures(99, from: attacker, store: store, headers: forged)
            // 99 failures: not yet the ceiling, a colleague at the same address signs in (it clears nothing of the address's).
            #expect(try await server.client().logIn("agent.brest", password: Fixtures.password).url?.path == "/espace")
            let form = try await attacker.get("/connexion").text
            #expect(try await attacker.post("/connexion", form: ["csrf": Client.field("csrf", in: form) ?? "", "identifiant": "inconnu",
                                                                 "mot_de_passe": "faux"], headers: forged(99)).status == 401)
            #expect(try await server.client().logIn("agent.brest", password: Fixtures.password).status == 429)
        }
    }

    /// From the trusted proxy, the address the proxy saw (last hop of `X-Forwarded-For`) is the one counted.
    @Test func behindTheTrustedProxyEachClientIsCountedApart() async throws {
        try await LiveServer.withFixtureAccounts(security: Site.Security(trustedProxy: "127.0.0.1")) { server, store in
            let attacker = server.client()
            // The client's own claim comes first; the proxy appends the address it saw.
            try await Self.failures(100, from: attacker, store: store) { _ in ["X-Forwarded-For": "10.9.9.9, 198.51.100.7"] }
            func logIn(from address: String) async throws -> LiveServer.Reply {
                let browser = server.client()
                let form = try await browser.get("/connexion", headers: ["X-Forwarded-For": address]).text
                return try await browser.post("/connexion", form: ["csrf": Client.field("csrf", in: form) ?? "", "identifiant": "agent.brest",
                                                                   "mot_de_passe": Fixtures.password], headers: ["X-Forwarded-For": address])
            }
            #expect(try await logIn(from: "198.51.100.7").status == 429)
            #expect(try await logIn(from: "198.51.100.8").url?.path == "/espace")
            let journal = try await store.auditLog(limit: 5).map(\.detail)
            #expect(journal.contains("198.51.100.7"))
        }
    }

    /// Answers to a signed-in caller are not kept by browsers or shared caches; public pages are not marked.
    @Test func privateAnswersAreNotStored() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            for path in ["/renovation/inventaire", "/renovation/inventaire/batiments.csv", "/api/v1/renovation/batiments", "/parcours/demandes",
                         "/communes/29019"] {
                let reply = try await agent.get(path)
                #expect(reply.status == 200, "\(path)")
                #expect(reply.headers["cache-control"] == "no-store", "\(path)")
            }
            // The same public page to an anonymous visitor carries no such header, nor HSTS without TLS.
            let anonymous = try await server.get("/communes/29019")
            #expect(anonymous.headers["cache-control"] == nil)
            #expect(anonymous.headers["strict-transport-security"] == nil)
        }
    }

    @Test func behindTLSBrowsersAreToldToStayOnHTTPS() async throws {
        try await LiveServer.withFixtureAccounts(security: Site.Security(secureCookies: true)) { server, _ in
            let page = try await server.get("/communes/29019"), missing = try await server.get("/nulle-part")
            #expect(page.headers["strict-transport-security"] == "max-age=31536000")
            #expect(missing.status == 404 && missing.headers["strict-transport-security"] == "max-age=31536000")
        }
    }
}
