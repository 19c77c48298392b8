import Foundation
import Parcours
import TestSupport
import Testing
@testable import Web

/// The yearly barometer on the generated test set (`BarometerTestData`, labelled as such, in a test database
/// only), whose weighted results are known by hand: see its comment for the arithmetic.
@Suite struct BarometerWebTests {
    static func withTestSet(_ body: @Sendable (LiveServer) async throws -> Void) async throws {
        let store = try await Fixtures.store()
        try await Fixtures.createAccounts(in: store)
        try await BarometerTestData.submit(into: store)
        try await LiveServer.with(try await Site(referential: BarometerTestData.referential, store: store), body)
    }

    @Test func theYearsBarometerIsWeightedAndHidesSmallStrata() async throws {
        try await Self.withTestSet { server in
            // The long table: 10 small communes answered « Aucune » to D1.3; each weighs (40/60) ÷ (10/19) = 19/15,
            // together 12.6667 of 19 respondents, 66.67 % weighted (10 of 19 raw would be 52.6 %).
            let csv = try await server.get("/parcours/barometre/2026.csv")
            #expect(csv.status == 200 && csv.contentType.hasPrefix("text/csv"))
            let lines = csv.text.components(separatedBy: "\r\n")
            #expect(lines.first?.hasSuffix("annee;question;libelle_question;groupe;reponse;nombre;repondants;poids;pourcentage_pondere") == true)
            let question = "2026;D1.3;Quelle est l'implication de la direction générale sur les données ?;"
            #expect(lines.contains(question + "Ensemble (pondéré);Aucune;10;19;12,6667;66,67"))
            #expect(lines.contains(question + "Ensemble (pondéré);Je ne sais pas;3;19;3,1667;16,67"))
            // Without the small communes: 20 collectivités represented, half of them EPCI: 50 % « je ne sais pas ».
            #expect(lines.contains(question + "Ensemble hors communes de moins de 3 500 habitants (pondéré);Je ne sais pas;3;9;4,5000;50,00"))
            // The 3 EPCI are never a group of their own, nor is a stratum nobody answered for.
            #expect(lines.contains(question + "Communes de 3 500 à 10 000 habitants;Fonction leader;6;6;3,1667;100,00"))
            #expect(!csv.text.contains(";Intercommunalités;") && !csv.text.contains(";Communes de 10 000 à 100 000 habitants;"))

            let page = try await server.get("/parcours/barometre/2026")
            #expect(page.status == 200)
            #expect(page.text.contains(">Communes de 3 500 à 10 000 habitants</tspan>"))
            #expect(!page.text.contains(">Intercommunalités</tspan>"))
            #expect(page.text.contains("<tr><th scope=\"row\">Intercommunalités</th><td class=\"nombre\">10</td><td class=\"nombre\">moins de 5</td>"))
            #expect(page.text.contains("Strates sans aucun répondant, donc absentes des totaux : Communes de 10 000 à 100 000 habitants, Communes de plus de 100 000 habitants."))
            // « Je ne sais pas » is its own part of the chart; the year before is compared (small communes: 1 → 0).
            #expect(page.text.contains(">Je ne sais pas</tspan>"))
            #expect(page.text.contains("<tr><th scope=\"row\">Aucune</th><td class=\"nombre\">66,7 %</td><td class=\"nombre\">0,0 %</td><td class=\"nombre\">+66,7 pt</td></tr>"))
            #expect(page.text.contains("<tr><th scope=\"row\">Implication ponctuelle</th><td class=\"nombre\">0,0 %</td><td class=\"nombre\">66,7 %</td><td class=\"nombre\">−66,7 pt</td></tr>"))
            #expect(page.text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graphique radar\""))
            // The first year has no comparison.
            #expect(!(try await server.get("/parcours/barometre/2025").text.contains("Évolution depuis")))
            #expect(try await server.get("/parcours/barometre/2024").status == 404)
            #expect(try await server.get("/parcours/barometre/20x6").status == 404)
            #expect(try await server.get("/parcours/barometre").text.contains("<li><a href=\"/parcours/barometre/2026\">Baromètre 2026</a></li><li><a href=\"/parcours/barometre/2025\">Baromètre 2025</a></li>"))

            // The same aggregates as JSON.
            let json = try #require(try JSONSerialization.jsonObject(with: try await server.get("/api/v1/parcours/barometre/2026").body) as? [String: Any])
            #expect(json["repondants"] as? Int == 19 && json["annee_precedente"] as? Int == 2025)
            let d13 = try #require((json["questions"] as? [[String: Any]])?.first { $0["id"] as? String == "D1.3" })
            let none = try #require((d13["lignes"] as? [[String: Any]])?.first { $0["groupe"] as? String == "ensemble" && $0["reponse"] as? String == "0" })
            #expect(abs((none["pourcentage_pondere"] as? Double ?? 0) - 200.0 / 3) < 1e-9)
            #expect(abs(((d13["evolution"] as? [String: Double])?["1"] ?? 0) + 200.0 / 3) < 1e-9)
            #expect(json["non_representees"] as? [String] == ["commune10000a100000", "communePlus100000"])
        }
    }

    @Test func theNoteIsTheOperatorsUntilPublished() async throws {
        try await Self.withTestSet { server in
            #expect(try await server.get("/parcours/barometre/2026/note").status == 404)
            #expect(!(try await server.get("/parcours/barometre/2026").text.contains("id=\"lien-note\"")))
            let agent = server.client()
            let agentCSRF = try #require(LiveServer.Client.field("csrf", in: try await agent.logIn("agent.brest", password: Fixtures.password).text))
            #expect(try await agent.post("/parcours/barometre/2026/note", form: ["csrf": agentCSRF, "editorial": "x", "action": "publier"]).status == 404)
            let operatorClient = server.client()
            let csrf = try #require(LiveServer.Client.field("csrf", in: try await operatorClient.logIn("operateur", password: Fixtures.password).text))
            let draft = try await operatorClient.get("/parcours/barometre/2026/note")
            #expect(draft.status == 200 && draft.text.contains("id=\"brouillon\"") && draft.text.contains("id=\"form-note\""))
            let saved = try await operatorClient.post("/parcours/barometre/2026/note",
                                                      form: ["csrf": csrf, "editorial": "Premier paragraphe.\r\nSecond <paragraphe>.", "action": "brouillon"])
            // A browser's CRLF parts paragraphs.
            #expect(saved.url?.path == "/parcours/barometre/2026/note" && saved.text.contains("<p>Premier paragraphe.</p><p>Second &lt;paragraphe&gt;.</p>"))
            #expect(try await server.get("/parcours/barometre/2026/note").status == 404)
            #expect(try await operatorClient.post("/parcours/barometre/2026/note", form: ["csrf": csrf, "editorial": "x", "action": "zz"]).status == 400)
            _ = try await operatorClient.post("/parcours/barometre/2026/note", form: ["csrf": csrf, "editorial": "Premier paragraphe.", "action": "publier"])
            let published = try await server.get("/parcours/barometre/2026/note")
            #expect(published.status == 200 && published.text.contains("<p>Premier paragraphe.</p>"))
            #expect(!published.text.contains("id=\"brouillon\"") && !published.text.contains("id=\"form-note\""))
            #expect(published.text.contains("class=\"note-conjoncture\""))
            #expect(try await server.get("/parcours/barometre/2026").text.contains("id=\"lien-note\""))
            // A year without diagnostics has no note to write.
            #expect(try await operatorClient.post("/parcours/barometre/2024/note", form: ["csrf": csrf, "editorial": "x", "action": "publier"]).status == 404)
        }
    }
}

/// The national counts come from the referential: communes by population class, and the EPCI.
@Suite struct BarometerNationalCountsTests {
    @Test func countsTheFixtureByStratum() {
        // Fixture: Île-de-Sein (250) and Saint-Étienne-le-Molard (900); Guipavas (15,000) and Landerneau (16,206);
        // Brest and Saint-Étienne above 100,000; three EPCI.
        #expect(BarometerYearPage.national(Fixtures.referential) == [.communeMoins3500: 2, .commune10000a100000: 2, .communePlus100000: 2, .epci: 3])
    }
}
