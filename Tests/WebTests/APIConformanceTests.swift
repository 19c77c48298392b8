import Foundation
import Parcours
import Renovation
import TestSupport
import Testing

/// The API keeps to its OpenAPI document (`/api/openapi.json`) both ways: what the document says is invalid
/// is refused with a French problem document, and a method a known path does not serve is a 405 with `Allow`.
/// The e2e suite runs schemathesis on the same document against the real data (`e2e/test_schemathesis.py`).
@Suite struct APIConformanceTests {
    static func detail(_ reply: LiveServer.Reply) -> String? {
        (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any])?["detail"] as? String
    }

    @Test func aMethodAKnownPathDoesNotServeIsA405WithAllow() async throws {
        try await LiveServer.withFixtures { server in
            let client = server.client()
            let trace = try await client.send("TRACE", "/api/v1/regions")
            #expect(trace.status == 405)
            #expect(trace.header("Allow") == "GET")
            #expect(trace.contentType.hasPrefix("application/problem+json"))
            #expect(Self.detail(trace) == "Cette adresse ne répond pas à cette méthode HTTP.")
            // A path with a parameter, a POST-only route, and a page (HTML error in French).
            #expect(try await client.send("DELETE", "/api/v1/communes/29019").header("Allow") == "GET")
            let get = try await client.get("/api/v1/renovation/import")
            #expect(get.status == 405 && get.header("Allow") == "POST")
            let page = try await client.send("PUT", "/renovation/demo")
            #expect(page.status == 405 && page.header("Allow") == "GET" && page.text.contains("Méthode non autorisée"))
            // A literal component wins over a parameter, as in the router: this path serves GET only.
            let controls = try await client.send("OPTIONS", "/api/v1/validation/controles")
            #expect(controls.status == 405 && controls.header("Allow") == "GET")
            #expect(try await client.send("OPTIONS", "/api/v1/parcours/demandes").header("Allow") == "GET, POST")
            // Unknown paths stay 404.
            #expect(try await client.send("TRACE", "/api/v1/nulle-part").status == 404)
            #expect(try await client.get("/api/v1/communes/29019/nulle-part").status == 404)
        }
    }

    @Test func malformedCodesAndFiltersAreRefused() async throws {
        try await LiveServer.withFixtures { server in
            for path in ["/api/v1/communes?departement=ZZ", "/api/v1/communes?region=5", "/api/v1/communes?epci=2000", "/api/v1/communes?page=100001",
                         "/api/v1/observatoire/indicateurs/vacance_2018?departement=123", "/api/v1/recherche?q=%20"] {
                let reply = try await server.get(path)
                #expect(reply.status == 400, "\(path)")
                #expect(reply.contentType.hasPrefix("application/problem+json"), "\(path)")
            }
            #expect(Self.detail(try await server.get("/api/v1/communes?departement=ZZ")) == "« ZZ » n'est pas un code de département (par exemple 29, 2A ou 974).")
            // Well-formed codes filter (2a is 2A), an unknown one gives an empty list.
            #expect(try await server.get("/api/v1/communes?departement=29").status == 200)
            #expect(try await server.get("/api/v1/communes?departement=2a").status == 200)
            #expect(try await server.get("/api/v1/communes?region=53&epci=200067072").status == 200)
        }
    }

    @Test func renovationQueriesOutsideTheDocumentAreRefused() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let weights = try await server.get("/api/v1/renovation/demo/batiments?w_surface=1001")
            #expect(weights.status == 400)
            #expect(Self.detail(weights) == "Poids « Surface » (w_surface) refusé : « 1001 » n'est pas un nombre entre 0 et 1\u{202F}000.")
            #expect(try await server.get("/api/v1/renovation/demo/batiments?w_ecart=abc").status == 400)
            #expect(try await server.get("/api/v1/renovation/demo/batiments?usage=patinoire").status == 400)
            #expect(try await server.get("/api/v1/renovation/demo/batiments?commune=abc").status == 400)
            // Empty filters are the form's "all"; weights within bounds are taken, French decimals too.
            #expect(try await server.get("/api/v1/renovation/demo/batiments?usage=&etiquette=&provenance=&commune=&w_surface=2,5").status == 200)
            // The page says it refused the same weight and which one it used instead (RenovationWebTests).
            let page = try await server.get("/renovation/demo?w_surface=-1")
            #expect(page.status == 200 && page.text.contains("id=\"poids-refuses\""))
            // The form shows a weight as its number field reads it back: "1 000" would be sent back empty, now a 400.
            #expect(try await server.get("/renovation/demo?w_surface=1000").text.contains("name=\"w_surface\" value=\"1000\""))

            let agent = server.client()
            let space = try await agent.logIn("agent.brest", password: Fixtures.password)
            let csrf = try #require(LiveServer.Client.field("csrf", in: space.text))
            let file = Data("identifiant;nom;commune;usage;surface\r\nE1;École;29019;école;1200\r\n".utf8)
            let mode = try await agent.send("POST", "/api/v1/renovation/import?mode=AAA", body: file, headers: ["X-CSRF-Token": csrf, "Content-Type": "text/csv"])
            #expect(mode.status == 400)
            #expect(Self.detail(mode) == "Mode inconnu « AAA » ; valeurs possibles : verification, import.")
            #expect(try await agent.send("POST", "/api/v1/renovation/import?mode=verification", body: file,
                                         headers: ["X-CSRF-Token": csrf, "Content-Type": "text/csv"]).status == 200)
            let long = try JSONSerialization.data(withJSONObject: ["recommendation": "R1", "message": String(repeating: "é", count: 1001)])
            let request = try await agent.send("POST", "/api/v1/parcours/demandes", body: long, headers: ["X-CSRF-Token": csrf, "Content-Type": "application/json"])
            #expect(request.status == 400 && Self.detail(request) == "Le message est limité à 1 000 caractères.")
        }
    }

    @Test func bodiesOfTheWrongShapeAreRefused() async throws {
        try await LiveServer.withFixtures { server in
            let client = server.client()
            let empty = try await client.send("POST", "/api/v1/validation/subventions", body: Data(), headers: ["Content-Type": "text/csv"])
            #expect(empty.status == 400 && Self.detail(empty) == "Envoyez le fichier CSV dans le corps de la requête.")
            func diagnostic(_ body: String) async throws -> LiveServer.Reply {
                try await client.send("POST", "/api/v1/parcours/diagnostic", body: Data(body.utf8), headers: ["Content-Type": "application/json"])
            }
            #expect(try await diagnostic("[]").status == 400)
            let priority = try await diagnostic(#"{"answers": {"D1.1": 2}, "priorities": ["inconnue"]}"#)
            #expect(priority.status == 400)
            #expect(Self.detail(priority)?.hasPrefix("Valeur inconnue « inconnue » dans « priorities »") == true)
            #expect(try await diagnostic(#"{"answers": {"D1.1": 2}, "obstacles": ["argent"], "priorities": ["energie"]}"#).status == 200)
        }
    }

    /// The document's diagnostic body names every question, with "nc" where the question allows it, and the
    /// priorities and obstacles the server knows: the document follows the questionnaire.
    @Test func theDocumentDescribesTheQuestionnaire() async throws {
        try await LiveServer.withFixtures { server in
            let document = try #require(try JSONSerialization.jsonObject(with: try await server.get("/api/openapi.json").body) as? [String: Any])
            func at(_ object: Any?, _ keys: String...) -> Any? {
                keys.reduce(object) { ($0 as? [String: Any])?[$1] }
            }
            let schema = at(document, "paths", "/api/v1/parcours/diagnostic", "post", "requestBody", "content", "application/json", "schema", "properties")
            let answers = try #require(at(schema, "answers", "properties") as? [String: Any])
            let questionnaire = Questionnaire.v2026
            #expect(Set(answers.keys) == Set(questionnaire.questions.map(\.id)))
            #expect(at(schema, "answers", "additionalProperties") as? Bool == false)
            for question in questionnaire.questions {
                let choices = ((at(answers[question.id], "oneOf") as? [Any])?.last).flatMap { at($0, "enum") as? [String] }
                #expect(choices == (question.allowsNotApplicable ? ["nsp", "nc"] : ["nsp"]), "\(question.id)")
            }
            #expect(at(schema, "priorities", "items", "enum") as? [String] == Priority.allCases.map(\.rawValue))
            #expect(at(schema, "obstacles", "items", "enum") as? [String] == Obstacle.allCases.map(\.rawValue))
        }
    }
}
