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
            #expect(me?["login"] as? String == "agent.brest")
            #expect(me?["owner"] as? String == "commune:29019")
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
        }
    }

    @Test func oversizedFormsAreRefused() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let reply = try await server.client().post("/connexion", form: ["x": String(repeating: "a", count: 70_000)])
            #expect(reply.status == 413)
        }
    }
}
