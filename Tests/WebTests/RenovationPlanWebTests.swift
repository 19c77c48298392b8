import Foundation
import Renovation
import TestSupport
import Testing
@testable import Web

/// The stock plan through the real server, on a hand-made one-building inventory (test fixture, not real data):
/// the 1,200 m² school of `ScenarioTests` (gas 150,000 kWh + electricity 40,000 kWh in 2024, characteristics known).
@Suite struct RenovationPlanWebTests {
    /// The Travaux tab's school without its 2015 year: no Décret tertiaire reference, so its targets are provisional.
    static let school: Building = {
        var b = RenovationWorksWebTests.school
        b.consumptions = b.consumptions.filter { $0.year == 2024 }
        return b
    }()
    static let profile = WorksProfile(levels: 2, roof: .combles, wallsInsulated: false, wallArea: 900, floorOverUnheated: true,
                                      singleGlazingArea: 120, hasBACS: false, heatNetworkNearby: false, ventilation: .naturelle)

    /// Without a 2010-2019 reference the Décret tertiaire asks, provisionally, −60 % of 190,000 kWh by 2050 = 114,000 kWh,
    /// which only the deep renovation reaches (−40 % package: 101,125 kWh); the DDADUE 2050 target of the stock,
    /// 190,000 × (1 − 0.019 × 29) = 85,310 kWh, asks 104,690 kWh, the same. The deep renovation is priced at the
    /// benchmark, 1,000-1,350 €/m² × 1,200 m², mid 1,410,000 €, and must be done by 2029 (the 2030 obligation): the
    /// smallest uniform budget is 1,410,000 € a year, and 1,000,000 € cannot do.
    @Test func planMeetsTheRequirementsAtLeastCostOrSaysWhatWould() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            try await store.replaceBuildings(owner: "commune:29019", with: [Self.school], actor: "test", detail: "fixture")
            try await store.saveProfile(owner: "commune:29019", building: "E", Self.profile, actor: "test")
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)

            let page = try await agent.get("/renovation/inventaire/plan")
            #expect(page.status == 200)
            #expect(page.text.contains("le plus petit budget annuel constant qui tient tous les objectifs atteignables, 1\u{202F}410\u{202F}000 € par an."))
            #expect(page.text.contains("optimum prouvé"))
            // Any year up to 2029 meets the 2030 obligation at the same cost: the plan may take any of them.
            #expect(page.text.contains(/<td data-label="Année">202[789]<\/td><th scope="row"><a href="\/renovation\/inventaire\/batiments\/E">École Jules Ferry<\/a><\/th><td data-label="Scénario">Rénovation globale<\/td><td class="nombre" data-label="Coût HT">1\u{202F}410\u{202F}000 €<\/td>/))
            #expect(!page.text.contains("id=\"hors-d-atteinte\""))

            let short = try await agent.get("/renovation/inventaire/plan?budget=1000000")
            #expect(short.text.contains("id=\"plan-impossible\""))
            #expect(short.text.contains("Il faudrait au moins 1\u{202F}410\u{202F}000 € par an, chaque année du plan."))
            #expect(try await agent.get("/renovation/inventaire/plan?budget=beaucoup").status == 400)
            // The page's form sends an empty budget for « the smallest that suffices »; the API refuses an empty parameter.
            #expect(try await agent.get("/renovation/inventaire/plan?budget=&surface=1").status == 200)
            #expect(try await agent.get("/api/v1/renovation/plan?surface=").status == 400)
            #expect(try await agent.get("/api/v1/renovation/plan?surface=deux").status == 400)

            let csv = try await agent.get("/renovation/inventaire/plan.csv")
            #expect(csv.text.contains(/\r\n202[789];E;École Jules Ferry;Rénovation globale;1410000;/))
            let operat = try await agent.get("/renovation/inventaire/operat.csv")
            #expect(operat.text.contains("E;École Jules Ferry;29019;École, enseignement;1200;2024;Électricité;40000;;\r\n"))
            #expect(operat.text.contains("E;École Jules Ferry;29019;École, enseignement;1200;2024;Gaz naturel;150000;;\r\n"))
            let api = try await agent.get("/api/v1/renovation/plan")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(api.text.utf8)) as? [String: Any])
            #expect(json["realisable"] as? Bool == true && json["cout_total"] as? Double == 1_410_000 && json["optimal"] as? Bool == true)

            // The operator reads Brest's plan: its links keep the collectivité.
            let op = server.client()
            _ = try await op.logIn("operateur", password: Fixtures.password)
            let opPage = try await op.get("/renovation/inventaire/plan?collectivite=commune:29019")
            #expect(opPage.text.contains("École Jules Ferry") && opPage.text.contains("href=\"/renovation/inventaire/operat.csv?collectivite=commune%3A29019\""))

            // Another collectivité plans its own (empty) stock; an anonymous caller gets no file.
            let foreign = server.client()
            _ = try await foreign.logIn("agent.landerneau", password: Fixtures.password)
            #expect(!(try await foreign.get("/renovation/inventaire/plan").text.contains("École Jules Ferry")))
            #expect(!(try await foreign.get("/renovation/inventaire/operat.csv").text.contains("Jules Ferry")))
            #expect(try await server.client().get("/renovation/inventaire/plan.csv").status == 401)
        }
    }

    @Test func demoPlanIsPublicAndPrintable() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let page = try await server.client().get("/renovation/demo/plan")
            #expect(page.status == 200)
            #expect(page.text.contains("id=\"ddadue\""))
            #expect(try await server.client().get("/renovation/demo/plan/impression").text.contains("plan-imprime"))
            // The objectives out of reach are counted in the summary that opens their list.
            #expect(page.text.contains(/<summary>[0-9]+ objectifs hors d&#39;atteinte : voir la liste<\/summary>/))
            #expect(try await server.client().get("/renovation/demo/operat.csv").text.hasPrefix("\u{FEFF}identifiant_batiment;nom;code_commune"))
        }
    }
}
