import Foundation
import Accounts
import Parcours
import TestSupport
import Testing
@testable import Web

@Suite struct ParcoursWebTests {
    func form(_ points: Int, territory: String? = nil) -> [String: String] {
        var form: [String: String] = [:]
        for question in Questionnaire.v2026.questions { form["q_\(question.id)"] = String(points) }
        if let territory { form["territoire"] = territory }
        return form
    }

    @Test func threeProfilesComeOutAtTheirLevel() async throws {
        try await LiveServer.withFixtures { server in
            let browser = server.client()
            let page = try await browser.get("/parcours")
            #expect(page.status == 200)
            #expect(page.text.components(separatedBy: "type=\"radio\"").count - 1 == 33 * 5 + 1)
            // A small commune with nothing: débutant, routed through its EPCI.
            let nothing = try await browser.post("/parcours/resultat", form: form(0, territory: "29083")).text
            #expect(nothing.contains("<span id=\"niveau\">débutant</span>"))
            #expect(nothing.contains("<td>R10</td>"))
            #expect(nothing.contains("Commune de moins de 3 500 habitants (250)."))
            // Everything in place: pionnier, with the mentor role.
            let pioneer = try await browser.post("/parcours/resultat", form: form(3, territory: "29019")).text
            #expect(pioneer.contains("<span id=\"niveau\">pionnier</span>"))
            #expect(pioneer.contains("<td>R8</td>"))
            #expect(pioneer.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graphique radar\""))
            // In between, for an EPCI.
            var middle = form(1, territory: "242900314")
            for id in ["D4.1", "D4.3", "D7.1", "D7.2", "D6.4"] { middle["q_\(id)"] = "2" }
            let intermediate = try await browser.post("/parcours/resultat", form: middle).text
            #expect(intermediate.contains("<span id=\"niveau\">intermédiaire</span>"))
            #expect(pioneer.contains("Cas d'usage à votre portée"))
            // The form and the API share one parser: the same refusal in the same words.
            let refused = try await browser.post("/parcours/resultat", form: ["q_D1.1": "7"])
            #expect(refused.status == 400)
            #expect(refused.text.contains("Réponse invalide à la question D1.1 : 0 à 3, « nsp » ou « nc »."))
            #expect(try await browser.post("/parcours/resultat", form: ["territoire": "99999"]).status == 400)
        }
    }

    @Test func useCaseCatalogueIsFilterable() async throws {
        try await LiveServer.withFixtures { server in
            let all = try await server.get("/parcours/cas-usage").text
            // Counted in Parcours/UseCases.swift: 30 use cases, two of them for energy within a beginner's reach.
            #expect(all.contains("<p id=\"nombre-cas\">30 cas d'usage</p>"))
            let energy = try await server.get("/parcours/cas-usage?theme=energie&niveau=debutant").text
            #expect(energy.contains("<p id=\"nombre-cas\">2 cas d'usage</p>"))
            #expect(energy.contains("Prioriser la rénovation énergétique des bâtiments publics") && !energy.contains("Cartographier les points lumineux"))
            #expect(try await server.get("/parcours/cas-usage?theme=zz").status == 400)
        }
    }

    @Test func apiComputesTheSameDiagnostic() async throws {
        try await LiveServer.withFixtures { server in
            var answers: [String: Any] = [:]
            for question in Questionnaire.v2026.questions { answers[question.id] = 0 }
            answers["D2.5"] = "nc"
            answers["D1.1"] = "nsp"
            let body = try JSONSerialization.data(withJSONObject: ["reponses": answers, "territoire": "29083"])
            let reply = try await server.client().send("POST", "/api/v1/parcours/diagnostic", body: body, headers: ["Content-Type": "application/json"])
            #expect(reply.status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
            #expect(json["niveau"] as? String == "debutant")
            #expect(json["ne_sait_pas"] as? [String] == ["D1.1"])
            #expect((json["recommandations"] as? [[String: Any]])?.map { $0["id"] as? String } == ["R1", "R1b", "R6a", "R9", "R10"])
            #expect(json["complet"] as? Bool == true && json["manquantes"] as? [String] == [])
            // Three answers out of 33: incomplete, nothing concluded from silence, what to answer said.
            let partialBody = try JSONSerialization.data(withJSONObject: ["reponses": ["D1.1": 1, "D1.2": 1, "D2.1": 2], "territoire": "29103"])
            let partial = try await server.client().send("POST", "/api/v1/parcours/diagnostic", body: partialBody, headers: ["Content-Type": "application/json"])
            let incomplete = try #require(try JSONSerialization.jsonObject(with: partial.body) as? [String: Any])
            #expect(incomplete["complet"] as? Bool == false)
            #expect((incomplete["recommandations"] as? [[String: Any]])?.map { $0["id"] as? String } == ["R1", "R6a", "R6b"])
            #expect((incomplete["manquantes"] as? [String])?.contains { $0.hasPrefix("Question D6.4 sans réponse") } == true)
            #expect(incomplete["cas_usage_suggeres"] as? [String] == [])
            let bad = try JSONSerialization.data(withJSONObject: ["reponses": ["D1.1": 4]])
            let refused = try await server.client().send("POST", "/api/v1/parcours/diagnostic", body: bad, headers: ["Content-Type": "application/json"])
            #expect(refused.status == 400)
            #expect(refused.contentType.hasPrefix("application/problem+json"))
            let questionnaire = try JSONSerialization.jsonObject(with: try await server.get("/api/v1/parcours/questionnaire").body) as? [String: Any]
            #expect((questionnaire?["questions"] as? [Any])?.count == 33)
            let cases = try JSONSerialization.jsonObject(with: try await server.get("/api/v1/parcours/cas-usage").body) as? [Any]
            #expect(cases?.count == 30)
        }
    }

    @Test func referentsSaveDraftsAndTheirAnswersAreCombined() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            _ = try await store.createUser(login: "referent.metropole2", name: "Second référent", owner: .epci("242900314"), role: .referent,
                                           passwordHash: Secrets(cost: 4).hashPassword(Fixtures.password), actor: "test")
            let first = server.client()
            let space = try await first.logIn("referent.metropole", password: Fixtures.password)
            let csrf = try #require(LiveServer.Client.field("csrf", in: space.text))
            // A draft comes back pre-filled.
            var draft = form(2)
            draft["csrf"] = csrf
            draft["action"] = "brouillon"
            let saved = try await first.post("/parcours/resultat", form: draft)
            #expect(saved.url?.path == "/parcours")
            #expect(saved.text.contains("Brouillon enregistré"))
            #expect(saved.text.contains("id=\"D1.1-2\" name=\"q_D1.1\" value=\"2\" checked"))
            var answers = form(2)
            answers["csrf"] = csrf
            answers["action"] = "resultat"
            let one = try await first.post("/parcours/resultat", form: answers).text
            #expect(one.contains("réponses de 1 référent(s)"))
            // A second referent disagrees on D1.1 (0 against 2).
            let second = server.client()
            let csrf2 = try #require(LiveServer.Client.field("csrf", in: try await second.logIn("referent.metropole2", password: Fixtures.password).text))
            var other = form(2)
            other["q_D1.1"] = "0"
            other["csrf"] = csrf2
            other["action"] = "resultat"
            let two = try await second.post("/parcours/resultat", form: other).text
            #expect(two.contains("réponses de 2 référent(s)"))
            #expect(two.contains("Réponses divergentes (2 points d'écart ou plus) : D1.1"))
            // An agent of another collectivité computes without saving and sees none of it.
            let agent = server.client()
            let csrf3 = try #require(LiveServer.Client.field("csrf", in: try await agent.logIn("agent.brest", password: Fixtures.password).text))
            var mine = form(0)
            mine["csrf"] = csrf3
            let alone = try await agent.post("/parcours/resultat", form: mine).text
            #expect(!alone.contains("référent(s)"))
            #expect(try await store.answers(owner: "commune:29019", version: Questionnaire.v2026.version).isEmpty)
            #expect(try await store.answers(owner: "epci:242900314", version: Questionnaire.v2026.version).count == 2)
            // One collectivité has answered: the barometer counts it but shows no group (fewer than 5).
            let barometer = try await server.get("/parcours/barometre").text
            #expect(barometer.contains("<p id=\"total-baro\">1 collectivité(s) ont répondu.</p>"))
            #expect(barometer.contains("Pas encore de strate d'au moins 5 collectivités."))
            #expect(!two.contains("Comparaison avec votre strate"))
            // Nor does its CSV export: a header and no line.
            let csv = try await server.get("/parcours/barometre.csv")
            #expect(csv.contentType.hasPrefix("text/csv"))
            #expect(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1)
            // The operator sees the collectivité's combined diagnostic: two referents, its level, D1.1 among the rules' inputs.
            let operatorClient = server.client()
            _ = try await operatorClient.logIn("operateur", password: Fixtures.password)
            let view = try await operatorClient.get("/operateur/diagnostics").text
            #expect(view.contains("<th scope=\"row\">Brest Métropole"))
            #expect(view.contains("<td class=\"nombre\">2</td>"))
            #expect(try await agent.get("/operateur/diagnostics").status == 404)
        }
    }
}

@Suite struct ParcoursResultWebTests {
    @Test func theCollectivitesResultHasItsOwnAddressAndAPartialOneIsNotIt() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let version = Questionnaire.v2026.version
            // Signed out: sent to sign in, as for the other pages of a collectivité.
            #expect(try await server.client().get("/parcours/resultat").url?.path == "/connexion")
            let referent = server.client()
            let csrf = try #require(LiveServer.Client.field("csrf", in: try await referent.logIn("referent.metropole", password: Fixtures.password).text))
            #expect(try await referent.get("/parcours/resultat").status == 404)
            #expect(!(try await referent.get("/parcours").text.contains("href=\"/parcours/resultat\"")))
            // Three answers out of 33: said incomplete, what is missing listed, no rule fired on silence, kept as a draft.
            let partial = try await referent.post("/parcours/resultat", form: ["csrf": csrf, "action": "resultat", "q_D1.1": "1", "q_D1.2": "1", "q_D2.1": "2"])
            #expect(partial.status == 200)
            #expect(partial.text.contains("<h1 id=\"incomplet\">Diagnostic incomplet</h1>"))
            #expect(!partial.text.contains("id=\"niveau\""))
            #expect(partial.text.contains("id=\"brouillon\""))
            #expect(partial.text.contains("Question D6.4 sans réponse"))
            #expect(!partial.text.contains("<td>R9</td>") && !partial.text.contains("<td>R1b</td>") && !partial.text.contains("<td>R6c</td>"))
            #expect(try await store.answers(owner: "epci:242900314", version: version).map(\.submitted) == [false])
            #expect(try await referent.get("/parcours/resultat").status == 404)
            #expect(try await server.get("/parcours/barometre").text.contains("<p id=\"total-baro\">0 collectivité(s) ont répondu.</p>"))
            // Complete answers are the collectivité's result, at its own address, dated and signed.
            var complete = ParcoursWebTests().form(1)
            complete["csrf"] = csrf
            complete["action"] = "resultat"
            let submitted = try await referent.post("/parcours/resultat", form: complete)
            #expect(submitted.url?.path == "/parcours/resultat")
            #expect(submitted.text.contains(/<h1 id="date-diagnostic">Diagnostic du (1er|[0-9]{1,2}) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) 20[0-9]{2}<\/h1>/))
            #expect(submitted.text.contains("<title>Diagnostic du "))
            #expect(submitted.text.contains("réponses de 1 référent(s) combinées (médiane par question) : referent.metropole."))
            // The questionnaire leads to it.
            #expect(try await referent.get("/parcours").text.contains("<a href=\"/parcours/resultat\">Le diagnostic de votre collectivité</a>"))
            let reopened = try await referent.get("/parcours/resultat")
            #expect(reopened.status == 200)
            #expect(reopened.text.contains("<span id=\"niveau\">débutant</span>") && reopened.text.contains("<td>R9</td>"))
            #expect(reopened.text.contains("<p class=\"surtitre\">Brest Métropole"))
            // Another collectivité's agent gets a 404 and nothing of it; the operator is sent to every collectivité's view.
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            let foreign = try await agent.get("/parcours/resultat")
            #expect(foreign.status == 404)
            #expect(!foreign.text.contains("Brest Métropole") && !foreign.text.contains("R9") && !foreign.text.contains("referent.metropole"))
            #expect(!(try await agent.get("/parcours").text.contains("href=\"/parcours/resultat\"")))
            let operatorClient = server.client()
            _ = try await operatorClient.logIn("operateur", password: Fixtures.password)
            #expect(try await operatorClient.get("/parcours/resultat").url?.path == "/operateur/diagnostics")
        }
    }
}

extension ParcoursResultWebTests {
    /// Answers submitted partial before this rule existed: they stay in the database but are published nowhere
    /// (barometer, its CSV), and the operator sees them marked incomplete.
    @Test func aPartialSubmissionIsPublishedNowhere() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            try await store.saveAnswers(owner: "commune:29019", login: "agent.brest", answers: Answers(values: ["D1.1": .points(1), "D6.4": .points(0)]),
                                        submitted: true)
            #expect(try await server.get("/parcours/barometre").text.contains("<p id=\"total-baro\">0 collectivité(s) ont répondu.</p>"))
            let operatorClient = server.client()
            _ = try await operatorClient.logIn("operateur", password: Fixtures.password)
            let view = try await operatorClient.get("/operateur/diagnostics").text
            #expect(view.contains("<th scope=\"row\">Brest") && view.contains("diagnostic incomplet"))
            // Its own people reopen it, said incomplete, with no rule fired on silence (R9 reads D6.4, answered 0).
            let elu = server.client()
            _ = try await elu.logIn("elu.brest", password: Fixtures.password)
            let page = try await elu.get("/parcours/resultat").text
            #expect(page.contains("<h2 id=\"incomplet\">Diagnostic incomplet</h2>"))
            #expect(page.contains("<td>R9</td>") && !page.contains("<td>R1b</td>"))
        }
    }
}

@Suite struct HelpRequestWebTests {
    @Test func aRecommendationBecomesARequestTheOperatorFollowsUp() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let referent = server.client()
            let csrf = try #require(LiveServer.Client.field("csrf", in: try await referent.logIn("referent.metropole", password: Fixtures.password).text))
            // Before any submitted diagnostic there is nothing to ask for.
            #expect(try await referent.get("/parcours/demandes").text.contains("Aucune recommandation à demander"))
            var answers: [String: String] = ["csrf": csrf, "action": "resultat"]
            for question in Questionnaire.v2026.questions { answers["q_\(question.id)"] = "1" }
            let result = try await referent.post("/parcours/resultat", form: answers).text
            #expect(result.contains("href=\"/parcours/demandes\""))
            // R9 (cybersecurity first) fires for these answers: asked once, refused twice, unknown rules refused.
            let page = try await referent.get("/parcours/demandes").text
            #expect(page.contains("<button type=\"submit\">Demander : R9</button>"))
            let asked = try await referent.post("/parcours/demandes", form: ["csrf": csrf, "recommandation": "R9", "message": "Contact : DSI, 02 98 00 00 00"])
            #expect(asked.url?.path == "/parcours/demandes")
            #expect(asked.text.contains("R9 · Prérequis de cybersécurité avant tout projet d&#39;IA"))
            #expect(asked.text.contains("<td class=\"statut\">nouvelle</td>"))
            #expect(!asked.text.contains("Demander : R9"))
            #expect(try await referent.post("/parcours/demandes", form: ["csrf": csrf, "recommandation": "R9"]).status == 409)
            #expect(try await referent.post("/parcours/demandes", form: ["csrf": csrf, "recommandation": "R8"]).status == 400)
            let requests = try await store.requests(owner: "epci:242900314")
            let request = try #require(requests.first)
            #expect(requests.count == 1 && request.rule == "R9" && request.login == "referent.metropole" && request.because.contains("cybersécurité"))
            // Another collectivité sees none of it.
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            #expect(!(try await agent.get("/parcours/demandes").text.contains("R9")))
            #expect(String(decoding: try await agent.get("/api/v1/parcours/demandes").body, as: UTF8.self) == "[]")
            // The operator sees it with its reason, and answers.
            let operatorClient = server.client()
            let csrfOperator = try #require(LiveServer.Client.field("csrf", in: try await operatorClient.logIn("operateur", password: Fixtures.password).text))
            let list = try await operatorClient.get("/operateur/demandes").text
            #expect(list.contains("1 demande(s) ouverte(s).") && list.contains("Brest Métropole") && list.contains("Contact : DSI, 02 98 00 00 00"))
            #expect(try await operatorClient.post("/operateur/demandes/\(request.id)", form: ["csrf": csrfOperator, "statut": "refusee"]).status == 400)
            let updated = try await operatorClient.post("/operateur/demandes/\(request.id)",
                                                        form: ["csrf": csrfOperator, "statut": "traitee", "reponse": "Diagnostic cyber planifié avec l'ANSSI"])
            #expect(updated.text.contains("0 demande(s) ouverte(s)."))
            let followed = try await referent.get("/parcours/demandes").text
            #expect(followed.contains("traitée le ") && followed.contains("Diagnostic cyber planifié avec l&#39;ANSSI"))
            // Done: the rule can be asked for again.
            #expect(followed.contains("Demander : R9"))
            let json = try #require(try JSONSerialization.jsonObject(with: try await referent.get("/api/v1/parcours/demandes").body) as? [[String: Any]])
            #expect(json.first?["statut"] as? String == "traitee" && json.first?["regle"] as? String == "R9")
            #expect(try await store.auditLog(limit: 20).map(\.action).filter { $0.hasPrefix("demande.") } == ["demande.suivi", "demande.creation"])
        }
    }
}
