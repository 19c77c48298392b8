import Foundation
import TestSupport
import Testing

@Suite struct ValidationWebTests {
    @Test func pageAndAPIReportLocatedErrorsInFrench() async throws {
        try await LiveServer.withFixtures { server in
            let csv = "nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire\r\nRégion;23350001600041;2017-02-30;Asso\r\n"
            let page = try await server.client().post("/validateur", form: ["schema": "subventions", "contenu": csv])
            #expect(page.status == 200)
            #expect(page.text.contains("le SIRET « 23350001600041 » n&#39;est pas valide (clé de contrôle)"))
            #expect(page.text.contains("colonne « objet » absente"))
            let api = try await server.client().send("POST", "/api/v1/validation/subventions", body: Data(csv.utf8), headers: ["Content-Type": "text/csv"])
            let json = try #require(try JSONSerialization.jsonObject(with: api.body) as? [String: Any])
            #expect(json["valid"] as? Bool == false)
            let issues = try #require(json["issues"] as? [[String: Any]])
            let date = try #require(issues.first { $0["kind"] as? String == "type-error" })
            #expect(date["line"] as? Int == 2 && date["column"] as? Int == 3)
            #expect(try await server.client().send("POST", "/api/v1/validation/inconnu", body: Data(csv.utf8)).status == 404)
        }
    }
}
