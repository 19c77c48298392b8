import Accounts
import Foundation
import Parcours
import Renovation
import TestSupport
import Testing
@testable import Web

/// The API keeps to its OpenAPI document (`/api/openapi.json`) both ways: every `/api/v1` route of the router
/// is documented with its methods and every documented operation is a route; real answers have exactly the
/// documented fields; what the document says is invalid is refused with a French problem document, and a method
/// a known path does not serve is a 405 with `Allow`. The e2e suite runs schemathesis on the same document
/// against the real data (`e2e/test_schemathesis.py`).
@Suite struct APIConformanceTests {
    static func detail(_ reply: LiveServer.Reply) -> String? {
        (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any])?["detail"] as? String
    }

    static func document(_ server: LiveServer) async throws -> JSONValue {
        try JSONValue.parse(try await server.get("/api/openapi.json").body)
    }

    /// The `/api/v1` operations ("GET /api/v1/communes/{code}") of the router and of the document: those the
    /// document misses, and those it names that the router does not serve.
    static func mismatches(routes: [String], document: JSONValue) -> (undocumented: [String], unrouted: [String]) {
        let served = Set(routes.filter { $0.split(separator: " ").last?.hasPrefix("/api/v1") == true })
        let methods = ["get", "post", "put", "patch", "delete"]
        let documented = Set((document["paths"]?.object ?? [:]).flatMap { path, operations in
            (operations.object ?? [:]).keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })
        return (served.subtracting(documented).sorted(), documented.subtracting(served).sorted())
    }

    /// The schema of an operation's answer, as the document gives it.
    static func answerSchema(_ document: JSONValue, _ method: String, _ path: String, status: String = "200") -> JSONValue? {
        document["paths"]?[path]?[method]?["responses"]?[status]?["content"]?["application/json"]?["schema"]
    }

    @Test func everyAPIRouteIsDocumentedAndEveryDocumentedOperationIsARoute() async throws {
        let store = try await Fixtures.store()
        let routes = try await Site(referential: try await store.referential(), store: store).routes
        try await LiveServer.withFixtures { server in
            let document = try await Self.document(server)
            let (undocumented, unrouted) = Self.mismatches(routes: routes, document: document)
            #expect(undocumented.isEmpty, "routes absentes du document : \(undocumented)")
            #expect(unrouted.isEmpty, "opérations du document sans route : \(unrouted)")
            // The check sees a route the document forgets, and an operation the router does not serve.
            guard case .object(var root) = document, case .object(var paths)? = root["paths"] else { Issue.record("document sans paths"); return }
            paths["/api/v1/moi"] = nil
            paths["/api/v1/moi/jetons/{id}"] = .object(["get": .object([:]), "delete": .object([:])])
            root["paths"] = .object(paths)
            let broken = Self.mismatches(routes: routes, document: .object(root))
            #expect(broken.undocumented == ["GET /api/v1/moi"])
            #expect(broken.unrouted == ["GET /api/v1/moi/jetons/{id}"])
        }
    }

    /// One convention for every field of every answer (docs/ARCHITECTURE.md, « API conventions »): French words in
    /// snake_case. The answers are checked against the document below, so this holds for them too; the words
    /// themselves come from `APIJSON.fieldNames`.
    @Test func everyDocumentedFieldIsSnakeCase() async throws {
        try await LiveServer.withFixtures { server in
            let document = try await Self.document(server)
            var names: Set<String> = []
            func collect(_ schema: JSONValue) {
                switch schema {
                case .object(let o):
                    if let properties = o["properties"]?.object { names.formUnion(properties.keys) }
                    o.values.forEach(collect)
                case .array(let a): a.forEach(collect)
                default: break
                }
            }
            collect(document["components"]?["schemas"] ?? .null)
            for operations in (document["paths"]?.object ?? [:]).values {
                for operation in (operations.object ?? [:]).values { collect(operation["responses"] ?? .null) }
            }
            #expect(names.count > 100)
            #expect(names.filter { $0.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) == nil }.sorted() == [])
        }
    }

    /// Every GET operation answers, on the fixture data with something in every list, exactly the documented
    /// fields: none missing that the document requires, none it does not name, each of its documented type.
    @Test func everyGETAnswerHasExactlyTheDocumentedFields() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let lines = try await AuthorisationMatrixTests.seededLines(store)
            try await store.recordConformity(owner: "commune:29019", ConformityRecord(schema: "subventions", title: "Subventions", version: "1.0",
                                                                                      file: "subventions.csv", rows: 3, errors: 0, login: "agent.brest",
                                                                                      checkedAt: 1_700_000_000))
            // A token used once, so that the token list has a date of last use to check.
            let owner = try #require(try await store.userWithPasswordHash(login: "agent.brest")?.0)
            let token = Secrets.token()
            _ = try await store.createToken(user: owner, label: "script", tokenHash: Secrets.digest(token))
            #expect(try await server.client().get("/api/v1/moi", headers: ["Authorization": "Bearer \(token)"]).status == 200)
            let document = try await Self.document(server)
            let checker = SchemaChecker(document: document)
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            // The operator's routes are read by the operator.
            let operatorClient = server.client()
            _ = try await operatorClient.logIn("operateur", password: Fixtures.password)
            let gets = (document["paths"]?.object ?? [:]).filter { $0.value["get"] != nil }.keys.sorted()
            #expect(gets.count == 37)
            for path in gets {
                let line = try #require(lines.first { $0.route == "GET \(path)" }, "\(path)")
                let reply = try await (path.hasPrefix("/api/v1/operateur/") ? operatorClient : agent).get(line.path)
                #expect(reply.status == 200, "\(line.path)")
                #expect(reply.contentType.hasPrefix("application/json"), "\(line.path)")
                let answer = try JSONValue.parse(reply.body)
                // An empty list would conform whatever its items.
                #expect(answer.array?.isEmpty != true, "\(line.path) : liste vide")
                let schema = try #require(Self.answerSchema(document, "get", path), "\(path) : réponse 200 sans schéma")
                #expect(checker.problems(answer, schema) == [], "\(line.path)")
                if path == "/api/v1/moi/jetons" { #expect(answer.array?.contains { $0["utilise_le"] != nil } == true) }
            }
        }
    }

    /// Request bodies follow the same convention as answers: `cas_usage` is read (it words R4 for a collectivité
    /// with a data pair and a use case in mind), not silently dropped.
    @Test func requestBodiesAreReadInSnakeCase() async throws {
        try await LiveServer.withFixtures { server in
            var answers: [String: Any] = [:]
            for question in Questionnaire.v2026.questions { answers[question.id] = question.dimension == .usages ? 0 : 2 }
            func r4(_ extra: [String: Any]) async throws -> String? {
                let body = try JSONSerialization.data(withJSONObject: ["reponses": answers].merging(extra) { a, _ in a })
                let reply = try await server.client().send("POST", "/api/v1/parcours/diagnostic", body: body, headers: ["Content-Type": "application/json"])
                let recommendations = try JSONValue.parse(reply.body)["recommandations"]?.array ?? []
                return recommendations.first { $0["id"] == .string("R4") }?["titre"]?.string
            }
            let without = try await r4([:]), with = try await r4(["cas_usage": "consommations des écoles"])
            #expect(without == "Étude « premier cas d'usage »")
            #expect(with == "Premier cas d'usage : en formation-action (voir R7)")
        }
    }

    /// The checker itself finds each kind of departure: it is what makes the two tests around it able to fail.
    @Test func theSchemaCheckerFindsUndocumentedMissingAndMistypedFields() throws {
        let document = try JSONValue.parse(Data(#"""
            {"components": {"schemas": {"Town": {"type": "object", "required": ["code", "population"], "properties": {
              "code": {"type": "string"}, "population": {"type": "integer"}, "mayor": {"type": ["string", "null"]},
              "updated_at": {"type": "string", "format": "date-time"}, "kind": {"type": "string", "enum": ["commune", "epci"]},
              "scores": {"type": "object", "additionalProperties": {"type": "number"}}}}}}}
            """#.utf8))
        let checker = SchemaChecker(document: document)
        let list = try JSONValue.parse(Data(##"{"type": "array", "items": {"$ref": "#/components/schemas/Town"}}"##.utf8))
        func problems(_ json: String) throws -> [String] { checker.problems(try JSONValue.parse(Data(json.utf8)), list) }
        #expect(try problems(#"[{"code": "29019", "population": 139926, "mayor": null, "updated_at": "2024-01-01T00:00:00Z", "kind": "commune", "scores": {"D1": 1.5}}]"#) == [])
        #expect(try problems(#"[{"code": "29019", "population": 1, "townHall": {}}]"#) == ["$[0]: champ « townHall » absent du document"])
        #expect(try problems(#"[{"code": "29019"}]"#) == ["$[0]: champ obligatoire « population » absent"])
        #expect(try problems(#"[{"code": 29019, "population": 1.5}]"#) == ["$[0].code: nombre au lieu de string", "$[0].population: nombre au lieu de integer"])
        #expect(try problems(#"[{"code": "1", "population": true}]"#) == ["$[0].population: booléen au lieu de integer"])
        #expect(try problems(#"[{"code": "1", "population": 1, "updated_at": "1700000000"}]"#) == ["$[0].updated_at: « 1700000000 » n'est pas une date ISO 8601"])
        #expect(try problems(#"[{"code": "1", "population": 1, "kind": "region", "scores": {"D1": "fort"}}]"#)
                == ["$[0].kind: valeur hors de l'énumération", "$[0].scores.D1: texte au lieu de number"])
        #expect(try problems(#"{"code": "1"}"#) == ["$: objet au lieu de array"])
    }

    /// The answers of the POST operations too, and the dates and dictionaries of the convention: a date is ISO 8601,
    /// the keys of a dictionary are data, not renamed (the file's header « Surface utile » stays as written).
    @Test func postAnswersHaveExactlyTheDocumentedFields() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let document = try await Self.document(server)
            let checker = SchemaChecker(document: document)
            let agent = server.client()
            let space = try await agent.logIn("agent.brest", password: Fixtures.password)
            let csrf = try #require(LiveServer.Client.field("csrf", in: space.text))
            let diagnostic = try await agent.send("POST", "/api/v1/parcours/diagnostic", body: Data(#"{"reponses": {"D1.1": 2, "D1.2": "nsp"}, "cas_usage": "écoles"}"#.utf8),
                                                  headers: ["Content-Type": "application/json", "X-CSRF-Token": csrf])
            #expect(diagnostic.status == 200)
            let answer = try JSONValue.parse(diagnostic.body)
            #expect(checker.problems(answer, try #require(Self.answerSchema(document, "post", "/api/v1/parcours/diagnostic"))) == [])
            #expect(answer["ne_sait_pas"] == .array([.string("D1.2")]))

            let csv = "nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire\r\nRégion;23350001600041;2017-02-30;Asso\r\n"
            let validation = try await agent.send("POST", "/api/v1/validation/subventions", body: Data(csv.utf8), headers: ["Content-Type": "text/csv", "X-CSRF-Token": csrf])
            #expect(validation.status == 200)
            #expect(checker.problems(try JSONValue.parse(validation.body), try #require(Self.answerSchema(document, "post", "/api/v1/validation/{schema}"))) == [])
            let checks = try JSONValue.parse(try await agent.get("/api/v1/validation/controles").body)
            let checkedAt = try #require(checks.array?.first?["controle_le"]?.string)
            #expect(checkedAt.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#, options: .regularExpression) != nil, "\(checkedAt)")

            let file = Data("identifiant;nom;commune;usage;Surface utile\r\nE1;École;29019;école;1200\r\n".utf8)
            let report = try await agent.send("POST", "/api/v1/renovation/import?mode=verification&detail=1", body: file,
                                              headers: ["X-CSRF-Token": csrf, "Content-Type": "text/csv"])
            #expect(report.status == 200)
            let imported = try JSONValue.parse(report.body)
            #expect(checker.problems(imported, try #require(Self.answerSchema(document, "post", "/api/v1/renovation/import"))) == [])
            #expect(imported["correspondance"]?["Surface utile"] == .string("surface"))

            // The collectivité's own figures: a refused file (errors and a warning), then one imported.
            let own = "indicateur;libelle;periode;zone;valeur;unite;source\r\nlogements_commences;Logements commencés;2024;;douze;logements;Sitadel\r\n"
            let refused = try await agent.send("POST", "/api/v1/moi/donnees?mode=import", body: Data(own.utf8), headers: ["X-CSRF-Token": csrf, "Content-Type": "text/csv"])
            #expect(refused.status == 422)
            #expect(checker.problems(try JSONValue.parse(refused.body), try #require(Self.answerSchema(document, "post", "/api/v1/moi/donnees"))) == [])
            let accepted = try await agent.send("POST", "/api/v1/moi/donnees?mode=import", body: Data(own.replacingOccurrences(of: "douze", with: "12").utf8),
                                                headers: ["X-CSRF-Token": csrf, "Content-Type": "text/csv"])
            #expect(accepted.status == 200)
            let ownReport = try JSONValue.parse(accepted.body)
            #expect(checker.problems(ownReport, try #require(Self.answerSchema(document, "post", "/api/v1/moi/donnees"))) == [])
            #expect(ownReport["indicateurs"]?.array?.first?["valeurs"]?.array?.first?["valeur"] == .number(12))
        }
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
            let detail = try await agent.send("POST", "/api/v1/renovation/import?detail=AAA", body: file, headers: ["X-CSRF-Token": csrf, "Content-Type": "text/csv"])
            #expect(detail.status == 400)
            #expect(Self.detail(detail) == "Valeur inconnue « AAA » pour « detail » ; la seule valeur possible est 1.")
            #expect(try await agent.send("POST", "/api/v1/renovation/import?mode=verification", body: file,
                                         headers: ["X-CSRF-Token": csrf, "Content-Type": "text/csv"]).status == 200)
            let long = try JSONSerialization.data(withJSONObject: ["recommandation": "R1", "message": String(repeating: "é", count: 1001)])
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
            let priority = try await diagnostic(#"{"reponses": {"D1.1": 2}, "priorites": ["inconnue"]}"#)
            #expect(priority.status == 400)
            #expect(Self.detail(priority)?.hasPrefix("Valeur inconnue « inconnue » dans « priorites »") == true)
            #expect(try await diagnostic(#"{"reponses": {"D1.1": 2}, "obstacles": ["argent"], "priorites": ["energie"]}"#).status == 200)
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
            let answers = try #require(at(schema, "reponses", "properties") as? [String: Any])
            let questionnaire = Questionnaire.v2026
            #expect(Set(answers.keys) == Set(questionnaire.questions.map(\.id)))
            #expect(at(schema, "reponses", "additionalProperties") as? Bool == false)
            for question in questionnaire.questions {
                let choices = ((at(answers[question.id], "oneOf") as? [Any])?.last).flatMap { at($0, "enum") as? [String] }
                #expect(choices == (question.allowsNotApplicable ? ["nsp", "nc"] : ["nsp"]), "\(question.id)")
            }
            #expect(at(schema, "priorites", "items", "enum") as? [String] == Priority.allCases.map(\.rawValue))
            #expect(at(schema, "obstacles", "items", "enum") as? [String] == Obstacle.allCases.map(\.rawValue))
        }
    }
}
