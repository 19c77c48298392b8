import Foundation
import Observatoire
import TestSupport
import Testing
@testable import Web

/// The observatoire pages, exports and API, on the real server with the fixtures.
@Suite struct ObservatoireWebTests {
    @Test func dashboardShowsValuesComparisonsAndPeers() async throws {
        try await LiveServer.withFixtures { server in
            let reply = try await server.get("/observatoire/29019")
            #expect(reply.status == 200)
            let html = reply.text
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            // Brest's vacancy 6 000 ÷ 80 000 = 7,5 %; Brest Métropole (6 000 + 300) ÷ 87 000 = 7,2 %.
            #expect(html.contains("<td class=\"nombre valeur\">7,5 %</td>"))
            #expect(html.contains("<td class=\"nombre\">7,2 %</td>"))
            #expect(html.contains("Brest Métropole</th>"))
            #expect(html.contains("Communes qui lui ressemblent"))
            #expect(html.contains("href=\"/observatoire/29103\">Landerneau</a>"))
            #expect(html.contains("INSEE, 2018"))
            // A percentile is said for what it is, not as a rank in per cent.
            #expect(html.contains(">Plus élevé que … des PVD</th>") && html.contains(">Plus élevé que … des communes</th>"))
            #expect(!html.contains("Rang parmi"))
            // Île-de-Sein's poverty rate is secret, never 0.
            let sein = try await server.get("/observatoire/29083").text
            #expect(sein.contains("<td class=\"nombre valeur absente\">secret statistique</td>"))
        }
    }

    @Test func csvOpensInFrenchExcel() async throws {
        try await LiveServer.withFixtures { server in
            let reply = try await server.get("/observatoire/29019/donnees.csv")
            #expect(reply.status == 200)
            #expect(reply.contentType.hasPrefix("text/csv"))
            #expect(reply.body.starts(with: [0xEF, 0xBB, 0xBF]))
            let lines = reply.text.dropFirst().components(separatedBy: "\r\n")
            let header = lines[0].components(separatedBy: ";")
            #expect(header.prefix(5) == ["theme", "indicateur", "libelle", "unite", "commune"])
            #expect(header.contains("Brest Métropole"))
            let vacancy = try #require(lines.first { $0.contains(";vacance_2018;") }).components(separatedBy: ";")
            #expect(vacancy[4] == "7,5")
            #expect(vacancy[5] == "7,2")
            let all = try await server.get("/observatoire/indicateurs/vacance_2018/communes.csv").text
            #expect(all.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1 + 6)
            #expect(all.contains("29103;Landerneau;29;200000001;oui;11,3"))
        }
    }

    @Test func mapsAndChartsAreSVG() async throws {
        try await LiveServer.withFixtures { server in
            let page = try await server.get("/observatoire/cartes?indicateur=vacance_2018&territoire=29")
            #expect(page.status == 200)
            #expect(page.text.contains("class=\"choro\" fill=\"#"))
            let svg = try await server.get("/observatoire/cartes/carte.svg?indicateur=vacance_2018&territoire=france")
            #expect(svg.contentType == "image/svg+xml")
            #expect(svg.text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.text.contains("<style>"))
            let chart = try await server.get("/observatoire/29019/graphiques/vacance_2018")
            #expect(chart.contentType == "image/svg+xml")
            #expect(chart.text.contains("7,5 %"))
            #expect(try await server.get("/observatoire/cartes?indicateur=nope").status == 404)
            #expect(try await server.get("/observatoire/cartes?territoire=zz").status == 400)
            #expect(try await server.get("/observatoire/portrait").status == 400)
            #expect(try await server.get("/observatoire/29019/portrait").text.contains("Portrait de territoire"))
            #expect(try await server.get("/observatoire/indicateurs").text.contains("Taux de logements vacants"))
        }
    }

    @Test func apiGivesValuesWithTheirStatus() async throws {
        try await LiveServer.withFixtures { server in
            let reply = try await server.get("/api/v1/observatoire/communes/29083")
            let json = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
            let lines = try #require(json["indicateurs"] as? [[String: Any]])
            let poverty = try #require(lines.first { $0["indicateur"] as? String == "pauvrete_2019" })
            let value = poverty["valeur"] as? [String: Any]
            #expect(value?["statut"] as? String == "secret_statistique")
            #expect(value?["valeur"] is NSNull)
            let catalogue = try JSONSerialization.jsonObject(with: try await server.get("/api/v1/observatoire/indicateurs").body) as? [[String: Any]]
            #expect(catalogue?.count == 44)
            let indicator = try JSONSerialization.jsonObject(with: try await server.get("/api/v1/observatoire/indicateurs/vacance_2018?departement=42").body) as? [String: Any]
            #expect((indicator?["communes"] as? [Any])?.count == 2)
        }
    }

    /// A browser that has the dashboard sends its ETag back and gets a 304 without the page; a tag that is not
    /// the page's (an older page, another commune's) gets the page.
    @Test func cachedDashboardAnswersConditionalRequests() async throws {
        try await LiveServer.withFixtures { server in
            let client = server.client()
            let first = try await client.get("/observatoire/29103")
            #expect(first.status == 200 && first.text.contains("Landerneau"))
            let etag = try #require(first.header("ETag"))
            let again = try await client.get("/observatoire/29103", headers: ["If-None-Match": etag])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            #expect(again.header("ETag") == etag)
            let stale = try await client.get("/observatoire/29103", headers: ["If-None-Match": "\"0\""])
            #expect(stale.status == 200 && stale.body == first.body && stale.header("ETag") == etag)
            let other = try await client.get("/observatoire/29019", headers: ["If-None-Match": etag])
            #expect(other.status == 200 && other.text.contains("Brest"))
            #expect(other.header("ETag") != etag)
        }
    }
}

/// `territoires bench` times the pages the routes send: the same bytes, built without HTTP.
@Suite struct BenchPagesTests {
    @Test func benchRendersThePagesTheRoutesServe() async throws {
        let store = try await Fixtures.store()
        let referential = try await store.referential()
        let site = try await Site(referential: referential, store: store)
        let pages = BenchPages(site)
        let observatory = Observatory(referential: referential, table: try await store.sourceTable())
        let landerneau = try #require(referential.commune("29103"))
        let dashboard = pages.dashboard(landerneau, observatory: observatory)
        let card = try await pages.communeCard(landerneau)
        let served = try await LiveServer.with(site) { server in
            [try await server.get("/observatoire/29103").text, try await server.get("/communes/29103").text]
        }
        // Compared whole, reported briefly (the pages are 60 KB).
        let same = served == [dashboard, card]
        #expect(same, "the bench's dashboard or card differs from the page the route serves")
        #expect(dashboard.contains("<h1>") && dashboard.contains("Landerneau"))
    }
}
