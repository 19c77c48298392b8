import Foundation
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
            #expect(try await browser.post("/parcours/resultat", form: ["q_D1.1": "7"]).status == 400)
            #expect(try await browser.post("/parcours/resultat", form: ["territoire": "99999"]).status == 400)
        }
    }

    @Test func useCaseCatalogueIsFilterable() async throws {
        try await LiveServer.withFixtures { server in
            let all = try await server.get("/parcours/cas-usage").text
            #expect(all.contains("<p id=\"nombre-cas\">\(UseCaseCatalogue.all.count) cas d'usage</p>"))
            let energy = try await server.get("/parcours/cas-usage?theme=energie&niveau=debutant").text
            let expected = UseCaseCatalogue.filtered(theme: .energie, level: .debutant).count
            #expect(energy.contains("<p id=\"nombre-cas\">\(expected) cas d'usage</p>"))
            #expect(try await server.get("/parcours/cas-usage?theme=zz").status == 400)
        }
    }

    @Test func apiComputesTheSameDiagnostic() async throws {
        try await LiveServer.withFixtures { server in
            var answers: [String: Any] = [:]
            for question in Questionnaire.v2026.questions { answers[question.id] = 0 }
            answers["D2.5"] = "nc"
            answers["D1.1"] = "nsp"
            let body = try JSONSerialization.data(withJSONObject: ["answers": answers, "territory": "29083"])
            let reply = try await server.client().send("POST", "/api/v1/parcours/diagnostic", body: body, headers: ["Content-Type": "application/json"])
            #expect(reply.status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
            #expect(json["level"] as? String == "debutant")
            #expect(json["dontKnow"] as? [String] == ["D1.1"])
            #expect((json["recommendations"] as? [[String: Any]])?.map { $0["id"] as? String } == ["R1", "R1b", "R6a", "R9", "R10"])
            let bad = try JSONSerialization.data(withJSONObject: ["answers": ["D1.1": 4]])
            let refused = try await server.client().send("POST", "/api/v1/parcours/diagnostic", body: bad, headers: ["Content-Type": "application/json"])
            #expect(refused.status == 400)
            #expect(refused.contentType.hasPrefix("application/problem+json"))
            let questionnaire = try JSONSerialization.jsonObject(with: try await server.get("/api/v1/parcours/questionnaire").body) as? [String: Any]
            #expect((questionnaire?["questions"] as? [Any])?.count == 33)
            let cases = try JSONSerialization.jsonObject(with: try await server.get("/api/v1/parcours/cas-usage").body) as? [Any]
            #expect(cases?.count == UseCaseCatalogue.all.count)
        }
    }
}
