import Foundation
import Referential
import Renovation
import TestSupport
import Testing
@testable import Web

/// The routes as a browser and an API client reach them, on the real server over loopback, with the fixtures.
@Suite struct WebTests {
    @Test func communeCardShowsIdentityProgrammesAndMap() async throws {
        try await LiveServer.withFixtures { server in
            let reply = try await server.get("/communes/29103")
            #expect(reply.status == 200)
            #expect(reply.contentType.hasPrefix("text/html"))
            let html = reply.text
            #expect(html.contains("<h1>Landerneau</h1>"))
            #expect(html.contains("16\u{202F}206"))
            #expect(html.contains("title=\"Petites Villes de Demain (pvd-53-29-11)\">PVD</span>"))
            #expect(html.contains("href=\"/epci/200000001\""))
            #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"carte\""))
            #expect(html.contains("class=\"commune choisie\""))
            #expect(html.contains("href=\"/communes/29075\">Guipavas</a>"))
            #expect(html.contains("Sources de cette page"))
        }
    }

    @Test func brestCardHasItsTownHallAndORT() async throws {
        try await LiveServer.withFixtures { server in
            let html = try await server.get("/communes/29019").text
            #expect(html.contains("139\u{202F}619"))
            #expect(html.contains("Brest Métropole"))
            #expect(html.contains("href=\"tel:0298008080\""))
            #expect(html.contains("Signée, signée le 23/06/2020"))
            // The ANCT publishes its update day as 18-04-2023: the card writes every day one way.
            #expect(html.contains("mise à jour le 18/04/2023"))
            #expect(html.contains("du lundi au vendredi : 08:30–17:30"))
        }
    }

    @Test func searchPageRanksExactNameFirst() async throws {
        try await LiveServer.withFixtures { server in
            let html = try await server.get("/recherche?q=st+etienne").text
            let first = try #require(html.range(of: "href=\"/communes/42218\""))
            let second = try #require(html.range(of: "href=\"/communes/42279\""))
            #expect(first.lowerBound < second.lowerBound)
            #expect(html.contains("2 résultats pour « st etienne »"))
            #expect(try await server.get("/recherche?q=%C3%A9tienne").text.contains("Saint-Étienne"))
            #expect(try await server.get("/recherche").status == 200)
        }
    }

    @Test func badInputGetsFrenchErrors() async throws {
        try await LiveServer.withFixtures { server in
            let unknown = try await server.get("/communes/99999")
            #expect(unknown.status == 404)
            #expect(unknown.text.contains("Page introuvable"))
            #expect(unknown.text.contains("Aucune commune ne porte le code INSEE 99999"))
            let malformed = try await server.get("/communes/abc")
            #expect(malformed.status == 400)
            #expect(malformed.text.contains("n&#39;est pas un code INSEE"))
            #expect(try await server.get("/nulle-part").status == 404)
            #expect(try await server.get("/recherche?q=" + String(repeating: "a", count: 101)).status == 400)
            #expect(try await server.get("/epci/123").status == 400)
            #expect(try await server.get("/departements/00").status == 404)
            #expect(try await server.get("/regions/1").status == 400)
        }
    }

    /// One way to write a day, in Paris time for the moments the server records (summer and winter time).
    @Test func daysAndMomentsAreWrittenOneWay() throws {
        #expect(Format.date("2020-06-23") == "23/06/2020" && Format.date("18-04-2023") == "18/04/2023")
        #expect(Format.date("4e trimestre 2022") == "4e trimestre 2022")
        let iso = ISO8601DateFormatter()
        #expect(Format.dateTime(try #require(iso.date(from: "2026-07-01T12:34:00Z"))) == "01/07/2026 à 14:34")
        #expect(Format.dateTime(try #require(iso.date(from: "2026-01-15T23:30:00Z"))) == "16/01/2026 à 00:30")
    }

    /// The rénovation module writes the figures of its sentences as the pages write theirs: one separator.
    @Test func domainFiguresAgreeWithPageFigures() {
        for x in [0, 7, 999, 1000, 6285, 1_224_244.8, 12_345_678.25] {
            #expect(Figures.integer(x) == Format.integer(Int(x.rounded())), "\(x)")
            #expect(Figures.decimal(x, 1) == Format.decimal(x, decimals: 1), "\(x)")
        }
        #expect(Format.integer(1_224_245) == "1\u{202F}224\u{202F}245")
    }

    /// Data keyed by the code of a part of a commune (the BAN files buildings under arrondissements) is labelled
    /// by the part's name, not by a bare code.
    @Test func communeLabelsNameThePartsOfCommunes() {
        let referential = Fixtures.referential
        #expect(referential.communeLabel("29019") == "Brest (29019)")
        #expect(referential.communeLabel("42299") == "Terrenoire (42299)")
        #expect(referential.communeLabel("99999") == "99999")
    }

    @Test func formerCommuneCodeRedirectsToItsCommune() async throws {
        try await LiveServer.withFixtures { server in
            let reply = try await server.get("/communes/42299")
            #expect(reply.status == 200)
            #expect(reply.url?.path == "/communes/42218")
        }
    }

    @Test func apiAgreesWithPages() async throws {
        try await LiveServer.withFixtures { server in
            let reply = try await server.get("/api/v1/communes/29019")
            #expect(reply.status == 200)
            #expect(reply.contentType.hasPrefix("application/json"))
            let json = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
            #expect(json["nom"] as? String == "Brest")
            #expect((json["population"] as? [String: Any])?["municipale"] as? Int == 139_619)
            #expect((json["epci"] as? [String: Any])?["nom"] as? String == "Brest Métropole")
            #expect((json["mairie"] as? [String: Any])?["telephone"] as? String == "02 98 00 80 80")
            #expect((json["sources"] as? [Any])?.isEmpty == false)

            let list = try JSONSerialization.jsonObject(with: try await server.get("/api/v1/communes?programme=pvd").body) as? [String: Any]
            #expect(list?["total"] as? Int == 1)
            let all = try JSONSerialization.jsonObject(with: try await server.get("/api/v1/communes?per_page=2&page=2").body) as? [String: Any]
            #expect(all?["total"] as? Int == Fixtures.communes.count)
            #expect((all?["communes"] as? [[String: Any]])?.map { $0["code"] as? String } == ["29083", "29103"])

            let search = try JSONSerialization.jsonObject(with: try await server.get("/api/v1/recherche?q=saint-etienne").body) as? [String: Any]
            let first = ((search?["resultats"] as? [[String: Any]])?.first?["commune"] as? [String: Any])?["code"] as? String
            #expect(first == "42218")
        }
    }

    @Test func apiErrorsAreProblemDetails() async throws {
        try await LiveServer.withFixtures { server in
            for (path, status) in [("/api/v1/communes/xx", 400), ("/api/v1/communes/99999", 404), ("/api/v1/recherche", 400),
                                   ("/api/v1/communes?programme=zzz", 400), ("/api/v1/communes?page=0", 400), ("/api/v1/nope", 404)] {
                let reply = try await server.get(path)
                #expect(reply.status == status, "\(path)")
                #expect(reply.contentType.hasPrefix("application/problem+json"), "\(path)")
                let problem = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
                #expect(problem?["status"] as? Int == status)
                #expect((problem?["detail"] as? String)?.isEmpty == false)
            }
        }
    }

    /// Every path the OpenAPI document lists answers, with the fixtures' codes in its parameters.
    @Test func openAPIDocumentMatchesTheRoutes() async throws {
        try await LiveServer.withFixtures { server in
            let reply = try await server.get("/api/openapi.json")
            let document = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: Any])
            #expect(paths.count >= 13)
            let samples = ["{code}": "29019", "{siren}": "242900314", "{id}": "vacance_2018"]
            // A demo building's id: the first of the demo inventory.
            let demo = try #require(try JSONSerialization.jsonObject(with: try await server.get("/api/v1/renovation/demo/batiments").body) as? [[String: Any]])
            let demoBuilding = try #require(demo.first?["identifiant"] as? String)
            // GET routes are fetched here (anonymously: those that declare a security scheme must refuse); the others
            // are exercised by the authorisation matrix.
            // A year's barometer answers 200 only once diagnostics were submitted that year: BarometerWebTests covers it.
            for path in paths.keys.sorted() where (paths[path] as? [String: Any])?["get"] != nil && !path.contains("{annee}") {
                let secured = ((paths[path] as? [String: Any])?["get"] as? [String: Any])?["security"] != nil
                var concrete = path
                if path.hasPrefix("/api/v1/departements/") { concrete = "/api/v1/departements/29" }
                else if path.hasPrefix("/api/v1/regions/") { concrete = "/api/v1/regions/53" }
                else if path.hasPrefix("/api/v1/renovation/demo/batiments/") { concrete = path.replacingOccurrences(of: "{id}", with: demoBuilding) }
                else { for (placeholder, value) in samples { concrete = concrete.replacingOccurrences(of: placeholder, with: value) } }
                if path.hasSuffix("/recherche") { concrete += "?q=brest" }
                #expect(try await server.get(concrete).status == (secured ? 401 : 200), "\(concrete)")
            }
        }
    }

    @Test func otherPagesRender() async throws {
        try await LiveServer.withFixtures { server in
            for (path, text) in [("/", "Les données de votre territoire"), ("/epci/242900314", "Brest Métropole"),
                                 ("/departements/29", "Landerneau"), ("/regions/53", "Finistère"),
                                 ("/sources", "Licence Ouverte 2.0"), ("/cartes/communes/29019", "<svg")] {
                let reply = try await server.get(path)
                #expect(reply.status == 200, "\(path)")
                #expect(reply.text.contains(text), "\(path)")
            }
            #expect(try await server.get("/static/style.css").contentType.hasPrefix("text/css"))
            #expect(try await server.get("/static/nope.css").status == 404)
        }
    }
}

@Suite struct QueryTests {
    @Test func decodesFormEncoding() throws {
        let query = try Query("q=saint+%C3%A9tienne&limit=5&q=ignored")
        #expect(query["q"] == "saint étienne")
        #expect(try query.integer("limit", in: 1...10) == 5)
        #expect(try query.searchText() == "saint étienne")
    }

    @Test func rejectsMalformedInput() throws {
        #expect(throws: WebError.self) { try Query("q=%ZZ") }
        #expect(throws: WebError.self) { try Query("limit=abc").integer("limit", in: 1...10) }
        #expect(throws: WebError.self) { try Query("limit=11").integer("limit", in: 1...10) }
        #expect(try Query("q=++").searchText() == nil)
    }
}
