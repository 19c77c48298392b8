import Foundation
import TestSupport
import Testing
@testable import Web

/// Where a person starts: the home page presents the programme before the directory, the personal space leads
/// with the collectivité's pages, the operator reaches its pages from the main menu, "API" opens a page in words,
/// and the demo invites a signed-in person to their own inventory rather than to sign in.
@Suite struct OrientationWebTests {
    /// The offset of `needle` in `text`, failing the test when it is absent.
    func offset(of needle: String, in text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let range = try #require(text.range(of: needle), "« \(needle) » absent", sourceLocation: sourceLocation)
        return text.distance(from: text.startIndex, to: range.lowerBound)
    }

    @Test func homePresentsTheProgrammeAndWhereToStartBeforeTheDirectory() async throws {
        try await LiveServer.withFixtures { server in
            let home = try await server.get("/").text
            let programme = try offset(of: "id=\"programme\"", in: home)
            let levels = try offset(of: "Où commencer selon votre niveau", in: home)
            let directory = try offset(of: "class=\"recherche-principale\"", in: home)
            #expect(programme < directory && levels < directory)
            let presentation = String(home[home.range(of: "id=\"programme\"")!.lowerBound..<home.range(of: "class=\"recherche-principale\"")!.lowerBound])
            for href in ["/observatoire", "/renovation", "/parcours", "/parcours/demandes", "/validateur", "/api"] {
                #expect(presentation.contains("href=\"\(href)\""), "\(href)")
            }
            for level in ["Vous débutez avec les données", "Vous avez déjà des fichiers", "Vous publiez déjà vos données"] {
                #expect(presentation.contains(level), "\(level)")
            }
        }
    }

    @Test func apiInTheMenuOpensAPageInWordsThatLinksTheOpenAPIDocument() async throws {
        try await LiveServer.withFixtures { server in
            let home = try await server.get("/").text
            #expect(home.contains("<li><a href=\"/api\">API</a></li>"))
            #expect(!home.contains("href=\"/api/openapi.json\">API<"))
            let page = try await server.get("/api")
            #expect(page.status == 200 && page.contentType.hasPrefix("text/html"))
            #expect(page.text.contains("<a href=\"/api/openapi.json\" id=\"openapi\">"))
            #expect(page.text.contains("Authorization: Bearer") && page.text.contains("href=\"/espace\""))
        }
    }

    @Test func spaceLeadsWithTheCollectivitesPagesThenTokens() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            for (login, observatoire) in [("agent.brest", "/observatoire/29019"), ("elu.brest", "/observatoire/29019"),
                                          ("referent.metropole", "/epci/242900314")] {
                let space = try await server.client().logIn(login, password: Fixtures.password).text
                let tokens = try offset(of: "<h2>Jetons d'API</h2>", in: space)
                for (title, href) in [("Mes bâtiments", "/renovation/inventaire"), ("Mon diagnostic", "/parcours"), ("Mon observatoire", observatoire)] {
                    #expect(try offset(of: "<a href=\"\(href)\">\(title)</a>", in: space) < tokens, "\(login) : \(title)")
                }
            }
            let operatorSpace = try await server.client().logIn("operateur", password: Fixtures.password).text
            #expect(try offset(of: "<a href=\"/operateur/journal\">Journal des écritures</a><p>", in: operatorSpace)
                    < offset(of: "<h2>Jetons d'API</h2>", in: operatorSpace))
        }
    }

    /// The menu is the layout's: on a page rendered once and kept for everyone (a dashboard), the operator's
    /// links must neither be missing for the operator nor shown to anyone else.
    @Test func operatorReachesItsPagesFromTheMainMenu() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let anonymous = server.client()
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            let operateur = server.client()
            _ = try await operateur.logIn("operateur", password: Fixtures.password)
            let menu = ["<a href=\"/operateur/demandes\">", "<a href=\"/operateur/diagnostics\">", "<a href=\"/operateur/journal\">"]
            for path in ["/observatoire/29019", "/", "/renovation/demo", "/sources"] {
                let before = try await anonymous.get(path).text
                let seen = try await operateur.get(path).text
                let nav = String(seen[seen.range(of: "aria-label=\"Navigation principale\"")!.lowerBound..<seen.range(of: "</nav>")!.lowerBound])
                for link in menu { #expect(nav.contains(link), "\(path) : \(link)") }
                for other in [before, try await agent.get(path).text, try await anonymous.get(path).text] {
                    for link in menu { #expect(!other.contains(link), "\(path) : \(link)") }
                }
            }
        }
    }

    /// The demo page is rendered once per query and kept: each kind of visitor still gets its own invitation.
    @Test func demoInvitesASignedInPersonToTheirOwnInventory() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let signIn = "<a href=\"/connexion\">Connectez-vous</a> pour importer le vôtre."
            let importOwn = "<a href=\"/renovation/import\" id=\"importer-le-votre\">Importer l'inventaire de votre collectivité</a>"
            let readOwn = "<a href=\"/renovation/inventaire\" id=\"voir-le-votre\">Voir l'inventaire de votre collectivité</a>"
            func demo(_ login: String?) async throws -> String {
                let client = server.client()
                if let login { _ = try await client.logIn(login, password: Fixtures.password) }
                return try await client.get("/renovation/demo").text
            }
            let anonymous = try await demo(nil)
            #expect(anonymous.contains(signIn) && !anonymous.contains(importOwn))
            let agent = try await demo("agent.brest")
            #expect(agent.contains(importOwn) && !agent.contains(signIn))
            let elu = try await demo("elu.brest")
            #expect(elu.contains(readOwn) && !elu.contains(signIn) && !elu.contains(importOwn))
            let operateur = try await demo("operateur")
            #expect(!operateur.contains(signIn) && !operateur.contains(importOwn) && !operateur.contains(readOwn))
            #expect(try await demo(nil).contains(signIn))
        }
    }
}
