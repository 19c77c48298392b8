import Accounts
import Foundation
import Parcours
import TestSupport
import Testing
@testable import Web

/// The operator's accounts and everyone's notifications, through the real server: an account created on the web,
/// activated once by its link, notified when the operator answers its collectivité, then disabled.
@Suite struct OperatorAccountsWebTests {
    typealias Client = LiveServer.Client

    /// The text between `start` and the next `end` in a page.
    static func between(_ text: String, _ start: String, _ end: String) -> String? {
        guard let from = text.range(of: start) else { return nil }
        return String(text[from.upperBound...].prefix { String($0) != end })
    }

    @Test func anAccountFromCreationToDisabling() async throws {
        try await LiveServer.withFixtureAccounts(security: Site.Security(secrets: Secrets(cost: 4))) { server, store in
            let operatorBrowser = server.client()
            let space = try await operatorBrowser.logIn("operateur", password: Fixtures.password)
            let csrf = try #require(Client.field("csrf", in: space.text))

            // A name that designates several collectivités is asked again with the choice; a code designates one.
            let ambiguous = try await operatorBrowser.post("/operateur/comptes", form: ["csrf": csrf, "identifiant": "agent.guipavas", "nom": "Anne Guipavas",
                                                                                       "role": "agent", "collectivite": "metropole"])
            #expect(ambiguous.status == 400)
            #expect(ambiguous.text.contains("Plusieurs collectivités correspondent"))
            #expect(ambiguous.text.contains("value=\"epci:242900314\"") && ambiguous.text.contains("value=\"epci:244200770\""))
            let created = try await operatorBrowser.post("/operateur/comptes", form: ["csrf": csrf, "identifiant": "agent.guipavas", "nom": "Anne Guipavas",
                                                                                     "role": "agent", "collectivite": "29075"])
            #expect(created.status == 200)
            let link = try #require(Self.between(created.text, "<code id=\"lien\">", "<"))
            #expect(link.hasPrefix("http://127.0.0.1:\(server.port)/activation/"))
            #expect(created.text.contains("<tr id=\"compte-agent.guipavas\">"))
            #expect(created.text.contains("<td class=\"statut\">en attente d&#39;activation<br><small>lien valable jusqu&#39;au "))
            // Only the link's digest is kept; the list shown again does not repeat it.
            let path = String(link.dropFirst("http://127.0.0.1:\(server.port)".count))
            let token = String(path.dropFirst("/activation/".count))
            #expect(try await store.activation(tokenHash: Secrets.digest(token), now: Date()) != .unknown)
            #expect(try await operatorBrowser.get("/operateur/comptes").text.contains(token) == false)
            // Before activation the account cannot sign in, whatever password is tried.
            #expect(try await server.client().logIn("agent.guipavas", password: "").status == 401)

            // The person opens the link, chooses a password meeting the rule, once.
            let person = server.client()
            let form = try await person.get(path)
            #expect(form.status == 200 && form.text.contains("agent.guipavas"))
            let short = try await person.post(path, form: ["mot_de_passe": "court", "confirmation": "court"])
            #expect(short.status == 400 && short.text.contains("au moins 12 caractères"))
            let mismatch = try await person.post(path, form: ["mot_de_passe": "une phrase de passe", "confirmation": "une autre phrase"])
            #expect(mismatch.status == 400 && mismatch.text.contains("Les deux mots de passe diffèrent"))
            let done = try await person.post(path, form: ["mot_de_passe": "une phrase de passe", "confirmation": "une phrase de passe"])
            #expect(done.status == 200 && done.text.contains("id=\"active\""))
            let again = try await server.client().post(path, form: ["mot_de_passe": "un autre mot de passe", "confirmation": "un autre mot de passe"])
            #expect(again.status == 410 && again.text.contains("a déjà servi"))
            #expect(try await server.client().logIn("agent.guipavas", password: "un autre mot de passe").status == 401)
            let signedIn = try await person.logIn("agent.guipavas", password: "une phrase de passe")
            #expect(signedIn.url?.path == "/espace")
            #expect(signedIn.text.contains(">Notifications</a>"))

            // The operator answers a help request of Guipavas: the person's header counts it, in words.
            let help = try await store.createRequest(HelpRequest(id: 0, owner: "commune:29075", rule: "R2", brick: .ingenierie, title: "Étude d'opportunité",
                                                                 because: "", message: "", login: "agent.guipavas", createdAt: 1_000))
            let answered = try await operatorBrowser.post("/operateur/demandes/\(help.id)", form: ["csrf": csrf, "statut": "en_cours", "reponse": "Rendez-vous le 3 décembre."])
            #expect(answered.url?.path == "/operateur/demandes")
            let home = try await person.get("/")
            #expect(home.text.contains("<a href=\"/espace/notifications\" class=\"notifications-non-lues\">1 notification non lue</a>"))
            let list = try await person.get("/espace/notifications")
            #expect(list.text.contains("Demande d&#39;accompagnement n° \(help.id) (Étude d&#39;opportunité) : en cours"))
            #expect(list.text.contains("Rendez-vous le 3 décembre.") && list.text.contains("Non lue"))
            // Brest's agent has none of it, and cannot mark it read.
            let brest = server.client()
            _ = try await brest.logIn("agent.brest", password: Fixtures.password)
            #expect(try await brest.get("/").text.contains(">Notifications</a>"))
            let noticeID = try #require(Self.between(list.text, "<li id=\"notification-", "\""))
            let brestCSRF = try #require(Client.field("csrf", in: try await brest.get("/espace").text))
            #expect(try await brest.post("/espace/notifications/\(noticeID)/lue", form: ["csrf": brestCSRF]).status == 404)

            // An API token of the person, then the operator disables the account: session and token end at once,
            // and the sign-in form says why to whoever knows the password.
            let personCSRF = try #require(Client.field("csrf", in: list.text))
            let tokenPage = try await person.post("/espace/jetons", form: ["csrf": personCSRF, "libelle": "tableur"]).text
            let apiToken = try #require(Self.between(tokenPage, "<code id=\"nouveau-jeton\">", "<"))
            let bearer = ["Authorization": "Bearer \(apiToken)"]
            let api = try JSONSerialization.jsonObject(with: try await server.client().get("/api/v1/moi/notifications", headers: bearer).body) as? [String: Any]
            #expect(api?["non_lues"] as? Int == 1)
            #expect((api?["notifications"] as? [[String: Any]])?.first?["lien"] as? String == "/parcours/demandes")
            let disabled = try await operatorBrowser.post("/operateur/comptes/agent.guipavas/desactivation", form: ["csrf": csrf])
            #expect(disabled.url?.path == "/operateur/comptes")
            #expect(try await person.get("/espace").url?.path == "/connexion")
            #expect(try await server.client().get("/api/v1/moi", headers: bearer).status == 401)
            let refused = try await server.client().logIn("agent.guipavas", password: "une phrase de passe")
            #expect(refused.status == 403 && refused.text.contains("Ce compte est désactivé"))
            #expect(try await server.client().logIn("agent.guipavas", password: "mauvais mot de passe").text.contains("Identifiant ou mot de passe incorrect."))
            // Enabled again, the account signs in; its old token stays revoked. The journal has every step.
            _ = try await operatorBrowser.post("/operateur/comptes/agent.guipavas/reactivation", form: ["csrf": csrf])
            #expect(try await server.client().logIn("agent.guipavas", password: "une phrase de passe").url?.path == "/espace")
            #expect(try await server.client().get("/api/v1/moi", headers: bearer).status == 401)
            let journal = try await operatorBrowser.get("/operateur/journal").text
            for action in ["compte.creation", "compte.activation", "compte.desactivation", "compte.reactivation"] { #expect(journal.contains(action), "\(action)") }
            // The operator's own accounts are not managed here.
            #expect(try await operatorBrowser.post("/operateur/comptes/operateur/desactivation", form: ["csrf": csrf]).status == 403)
        }
    }

    @Test func notificationsAreMarkedReadOneByOneOrAll() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            for title in ["Candidature retenue", "Séance programmée"] {
                try await store.postNotice(.init(title: title, link: "/espace"), to: .account("agent.landerneau"), at: title == "Séance programmée" ? 2_000 : 1_000)
            }
            let browser = server.client()
            let page = try await browser.logIn("agent.landerneau", password: Fixtures.password)
            #expect(page.text.contains(">2 notifications non lues</a>"))
            // A page kept in the cache for everyone (a commune's dashboard) carries the count of whoever is looking:
            // the person's page has theirs, a visitor's none, even asked right after.
            #expect(try await browser.get("/observatoire/29103").text.contains(">2 notifications non lues</a>"))
            let visitor = try await server.client().get("/observatoire/29103").text
            #expect(visitor.contains("<h1") && !visitor.contains("/espace/notifications"))
            let list = try await browser.get("/espace/notifications").text
            // Newest first.
            let newest = try #require(list.range(of: "Séance programmée")), oldest = try #require(list.range(of: "Candidature retenue"))
            #expect(newest.lowerBound < oldest.lowerBound)
            let csrf = try #require(Client.field("csrf", in: list))
            let first = try #require(Self.between(list, "<li id=\"notification-", "\""))
            let after = try await browser.post("/espace/notifications/\(first)/lue", form: ["csrf": csrf])
            #expect(after.url?.path == "/espace/notifications" && after.text.contains(">1 notification non lue</a>"))
            let all = try await browser.post("/espace/notifications/lues", form: ["csrf": csrf])
            #expect(all.text.contains("Tout est lu.") && all.text.contains(">Notifications</a>") && !all.text.contains("Non lue"))
            // An unknown number, like another's, is a 404 in the API too.
            #expect(try await browser.send("POST", "/api/v1/moi/notifications/999999/lue", headers: ["X-CSRF-Token": csrf]).status == 404)
        }
    }

    /// The same through the API, for an operator's script: the created account's link given once, in the
    /// documented shape; a collectivité's account, never the operator's, disabled and enabled.
    @Test func theOperatorsAPICreatesListsAndDisablesAccounts() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let document = try await APIConformanceTests.document(server)
            let operatorClient = server.client()
            let csrf = try #require(Client.field("csrf", in: try await operatorClient.logIn("operateur", password: Fixtures.password).text))
            func send(_ client: Client, _ method: String, _ path: String, _ body: String? = nil, csrf: String) async throws -> LiveServer.Reply {
                try await client.send(method, path, body: body.map { Data($0.utf8) }, headers: ["Content-Type": "application/json", "X-CSRF-Token": csrf])
            }
            let body = #"{"identifiant": "elu.guipavas", "nom": "Élu de Guipavas", "role": "elu", "collectivite": "Guipavas"}"#
            let created = try await send(operatorClient, "POST", "/api/v1/operateur/comptes", body, csrf: csrf)
            #expect(created.status == 201)
            let answer = try JSONValue.parse(created.body)
            let schema = try #require(APIConformanceTests.answerSchema(document, "post", "/api/v1/operateur/comptes", status: "201"))
            #expect(SchemaChecker(document: document).problems(answer, schema) == [])
            #expect(answer["compte"]?["collectivite"] == .string("commune:29075") && answer["compte"]?["etat"] == .string("en_attente"))
            let link = try #require(answer["lien_activation"]?.string)
            let token = String(try #require(link.components(separatedBy: "/activation/").last))
            #expect(try await store.activation(tokenHash: Secrets.digest(token), now: Date()) != .unknown)
            #expect(try await send(operatorClient, "POST", "/api/v1/operateur/comptes", body, csrf: csrf).status == 400)
            #expect(try await send(operatorClient, "POST", "/api/v1/operateur/comptes",
                                   #"{"identifiant": "x.metropole", "nom": "X", "role": "agent", "collectivite": "metropole"}"#, csrf: csrf).text
                    .contains("epci:242900314, epci:244200770"))
            // Nobody else reaches these routes; the operator's own account is not disabled here.
            let agent = server.client()
            let agentCSRF = try #require(Client.field("csrf", in: try await agent.logIn("agent.brest", password: Fixtures.password).text))
            #expect(try await send(agent, "POST", "/api/v1/operateur/comptes", body, csrf: agentCSRF).status == 404)
            #expect(try await send(operatorClient, "POST", "/api/v1/operateur/comptes/operateur/desactivation", csrf: csrf).status == 403)
            #expect(try await send(operatorClient, "POST", "/api/v1/operateur/comptes/agent.brest/desactivation", csrf: csrf).status == 204)
            #expect(try await agent.get("/espace").url?.path == "/connexion")
            let list = try JSONValue.parse(try await operatorClient.get("/api/v1/operateur/comptes").body)
            #expect(list.array?.first { $0["identifiant"] == .string("agent.brest") }?["etat"] == .string("desactive"))
        }
    }
}
