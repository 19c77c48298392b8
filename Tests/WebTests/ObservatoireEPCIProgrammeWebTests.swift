import Accounts
import Foundation
import Observatoire
import Parcours
import Referential
import Storage
import TestSupport
import Testing
@testable import Web

/// The intercommunalité's dashboard and the programme view, on the real server with the fixtures: Brest
/// Métropole (Brest 6 000 vacant of 80 000 dwellings, Guipavas 300 of 7 000), Saint-Étienne Métropole
/// (12 020 of 100 400) in the same size class, Landerneau (900 of 8 000) the only Petite Ville de Demain.
@Suite struct ObservatoireEPCIProgrammeWebTests {
    @Test func epciDashboardComparesTheWholeAndListsItsMembers() async throws {
        try await LiveServer.withFixtures { server in
            let reply = try await server.get("/observatoire/epci/242900314")
            #expect(reply.status == 200)
            let html = reply.text
            let row = try #require(html.components(separatedBy: "<tr id=\"i-vacance_2018\">").dropFirst().first?.components(separatedBy: "</tr>").first)
            // (6 000 + 300) ÷ 87 000 = 7,2 %; Finistère and Bretagne (7 250 ÷ 95 400) 7,6 %; France (19 270 ÷ 195 800) 9,8 %;
            // median of the two metropolises of 100 000 to 300 000 (7,24 and 11,97) 9,6 %, Brest Métropole the lower: 25 %.
            let cells = row.components(separatedBy: "<td class=\"nombre").dropFirst().map { $0.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" } }
            #expect(cells == ["7,2 %", "7,6 %", "7,6 %", "9,8 %", "9,6 %", "25 %"])
            #expect(html.contains("<th scope=\"col\" class=\"nombre\">Finistère</th><th scope=\"col\" class=\"nombre\">Bretagne</th><th scope=\"col\" class=\"nombre\">France</th>"))
            #expect(html.contains("<dt>Classe de taille</dt><dd>\(SizeClass.epcis[4].label) (intercommunalités)</dd>"))
            // Every member counts: no coverage note; a median is not recomputed for a group.
            #expect(!row.contains("commune sur"))
            #expect(html.contains("href=\"/observatoire/epci/242900314?indicateur=vacance_2018#membres\""))
            // The members for the default indicator, highest first, each on the map.
            let members = try #require(html.components(separatedBy: "<table class=\"tableau serre membres\">").last)
            let brest = try #require(members.range(of: ">Brest</a>")), guipavas = try #require(members.range(of: ">Guipavas</a>"))
            #expect(brest.lowerBound < guipavas.lowerBound)
            #expect(members.contains("<td class=\"nombre\">1</td><th scope=\"row\"><a href=\"/observatoire/29019\">Brest</a></th><td class=\"nombre\">139\u{202F}619</td><td class=\"nombre\">7,5 %</td>"))
            #expect(members.contains("<td class=\"nombre\">4,3 %</td>"))
            #expect(html.contains("id=\"choro-epci-242900314-titre\""))
            #expect(html.contains("Guipavas : 4,3 %"))
            // Another indicator chosen: the members by population, Brest first; the list keeps the choice.
            let population = try await server.get("/observatoire/epci/242900314?indicateur=pop_2021").text
            #expect(population.contains("<option value=\"pop_2021\" selected>"))
            #expect(population.contains("<td class=\"nombre\">2</td><th scope=\"row\"><a href=\"/observatoire/29075\">Guipavas</a></th>"))
        }
    }

    @Test func epciDashboardRefusesUnknownSirenAndIndicatorInFrench() async throws {
        try await LiveServer.withFixtures { server in
            let unknown = try await server.get("/observatoire/epci/200000002")
            #expect(unknown.status == 404)
            #expect(unknown.text.contains("Aucune intercommunalité à fiscalité propre ne porte le SIREN 200000002"))
            #expect(try await server.get("/api/v1/observatoire/epci/200000002").status == 404)
            #expect(try await server.get("/observatoire/epci/200000002/donnees.csv").status == 404)
            #expect(try await server.get("/observatoire/epci/abc").status == 400)
            #expect(try await server.get("/observatoire/epci/242900314?indicateur=nope").status == 404)
        }
    }

    @Test func epciDashboardSaysWhenAValueLeavesMembersOut() async throws {
        // Guipavas's vacant dwellings are secret: Brest Métropole's rate is Brest's alone, 6 000 ÷ 80 000 = 7,5 %.
        let fixtures = Fixtures.sources
        let guipavas = try #require(fixtures.codes.firstIndex(of: "29075"))
        var columns = fixtures.columns
        columns["P18_LOGVAC"]!.states[guipavas] = .secret
        let sources = SourceTable(codes: fixtures.codes, columns: columns)
        let store = try SQLiteStore.inMemory()
        try await store.replaceReferential(Fixtures.referential, townHalls: Fixtures.townHalls, shapes: Fixtures.shapes, sources: sources, fingerprint: "secret")
        let site = try await Site(referential: try await store.referential(), store: store)
        try await LiveServer.with(site) { server in
            let html = try await server.get("/observatoire/epci/242900314").text
            #expect(html.contains("<td class=\"nombre valeur\">7,5 %<br><span class=\"note\">1 commune sur 2</span></td>"))
            #expect(html.contains("<td class=\"nombre absente\">secret statistique</td>"))
            let csv = try await server.get("/observatoire/epci/242900314/donnees.csv").text
            let vacancy = try #require(csv.components(separatedBy: "\r\n").first { $0.contains(";vacance_2018;") }).components(separatedBy: ";")
            #expect(Array(vacancy[4...6]) == ["7,5", "1", "2"])
            #expect(vacancy.suffix(2) == ["7,5", "secret statistique"])
        }
    }

    @Test func epciExportsOpenInExcelAndAsJSON() async throws {
        try await LiveServer.withFixtures { server in
            let reply = try await server.get("/observatoire/epci/242900314/donnees.csv")
            #expect(reply.status == 200)
            #expect(reply.contentType.hasPrefix("text/csv"))
            #expect(reply.body.starts(with: [0xEF, 0xBB, 0xBF]))
            let lines = reply.text.dropFirst().components(separatedBy: "\r\n")
            #expect(lines[0] == "theme;indicateur;libelle;unite;epci;communes_prises_en_compte;communes;Finistère;Bretagne;France;"
                + "mediane_epci_meme_taille;rang_centile_epci_meme_taille;source;millesime;Brest (29019);Guipavas (29075)")
            let vacancy = try #require(lines.first { $0.contains(";vacance_2018;") }).components(separatedBy: ";")
            #expect(Array(vacancy[4...11]) == ["7,2", "", "2", "7,6", "7,6", "9,8", "9,6", "25"])
            #expect(vacancy.suffix(2) == ["7,5", "4,3"])

            let json = try #require(try JSONSerialization.jsonObject(with: try await server.get("/api/v1/observatoire/epci/242900314").body) as? [String: Any])
            #expect(json["siren"] as? String == "242900314")
            #expect((json["membres"] as? [[String: Any]])?.map { $0["code"] as? String } == ["29019", "29075"])
            let line = try #require((json["indicateurs"] as? [[String: Any]])?.first { $0["indicateur"] as? String == "vacance_2018" })
            let value = try #require((line["valeur"] as? [String: Any])?["valeur"] as? Double)
            #expect(abs(value - 6_300.0 / 87_000 * 100) < 1e-9)
            #expect(line["couverture"] is NSNull)
            let size = try #require(line["classe_taille"] as? [String: Any])
            #expect(size["epci_avec_valeur"] as? Int == 2)
            #expect(size["centile"] as? Double == 25)
            let members = try #require(line["membres"] as? [[String: Any]]).compactMap { $0["valeur"] as? Double }
            #expect(members.count == 2 && abs(members[0] - 7.5) < 1e-9 && abs(members[1] - 300.0 / 7_000 * 100) < 1e-9)
        }
    }

    @Test func epciDashboardIsLinkedFromTheCommuneDashboardAndTheReferentialPage() async throws {
        try await LiveServer.withFixtures { server in
            let commune = try await server.get("/observatoire/29019").text, card = try await server.get("/epci/242900314").text
            #expect(commune.contains("href=\"/observatoire/epci/242900314\""))
            #expect(card.contains("href=\"/observatoire/epci/242900314\""))
            // Île-de-Sein belongs to no EPCI: no link.
            let sein = try await server.get("/observatoire/29083").text
            #expect(!sein.contains("/observatoire/epci/"))
        }
    }

    @Test func programmeViewFiltersSortsAndExports() async throws {
        try await LiveServer.withFixtures { server in
            let reply = try await server.get("/observatoire/programme?indicateur=vacance_2018")
            #expect(reply.status == 200)
            let html = reply.text
            // Landerneau, the only PVD: 900 ÷ 8 000 = 11,3 %, above half of the PVD (itself, ties counted half).
            #expect(html.contains("<td class=\"nombre\">1</td><th scope=\"row\"><a href=\"/observatoire/29103\">Landerneau</a></th><td>29</td><td class=\"nombre\">16\u{202F}206</td><td class=\"nombre\">11,3 %</td><td class=\"nombre\">50 %</td>"))
            #expect(html.contains("1 Petite Ville de Demain retenue"))
            #expect(html.contains("médiane de la sélection : <strong>11,3 %</strong>"))
            #expect(html.contains("aria-labelledby=\"repartition-t\""))
            #expect(html.contains("en bleu foncé et en gras, la classe de la médiane (11,3 %)"))
            #expect(html.contains("font-weight=\"bold\">11,3 – 11,3</text>"))
            // No operator: no « communes accompagnées » filter.
            #expect(!html.contains("name=\"accompagnees\""))
            // Each filter that excludes Landerneau empties the table; those that keep it do not.
            for (query, kept) in [("region=84", false), ("region=53", true), ("departement=42", false), ("departement=29", true),
                                  ("classe=10000", true), ("classe=2000", false), ("min=12", false), ("min=11,2", true),
                                  ("max=11,2", false), ("max=11.3", true)] {
                let page = try await server.get("/observatoire/programme?indicateur=vacance_2018&\(query)").text
                #expect(page.contains(">Landerneau</a>") == kept, "\(query)")
                #expect(page.contains(kept ? "1 Petite Ville de Demain retenue" : "0 Petite Ville de Demain retenue"), "\(query)")
            }
            // The form keeps what was chosen.
            let chosen = try await server.get("/observatoire/programme?indicateur=vacance_2018&region=53&classe=10000&tri=population&ordre=asc&min=2,5").text
            #expect(chosen.contains("<option value=\"53\" selected>") && chosen.contains("<option value=\"10000\" selected>"))
            #expect(chosen.contains("<option value=\"population\" selected>") && chosen.contains("<option value=\"asc\" selected>"))
            #expect(chosen.contains("name=\"min\" inputmode=\"decimal\" size=\"8\" value=\"2,5\""))
            // Malformed filters are refused in French.
            for query in ["min=abc", "region=5", "region=99", "departement=xx", "classe=7", "tri=hasard", "ordre=haut"] {
                #expect(try await server.get("/observatoire/programme?\(query)").status == 400, "\(query)")
            }
            #expect(try await server.get("/observatoire/programme?indicateur=nope").status == 404)

            let csv = try await server.get("/observatoire/programme.csv?indicateur=vacance_2018&region=53")
            #expect(csv.contentType.hasPrefix("text/csv"))
            let lines = csv.text.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 2)
            #expect(lines[0] == "code_insee;commune;departement;region;population;vacance_2018 (%);rang_centile_pvd;source;millesime")
            #expect(lines[1].hasPrefix("29103;Landerneau;29;53;16206;11,3;50;"))
            #expect(try await server.get("/observatoire/programme.csv?indicateur=vacance_2018&region=84").text.dropFirst()
                .components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1)

            let json = try #require(try JSONSerialization.jsonObject(with: try await server.get("/api/v1/observatoire/programme?indicateur=vacance_2018").body) as? [String: Any])
            #expect(json["nombre"] as? Int == 1)
            #expect((json["mediane"] as? Double).map { abs($0 - 11.25) < 1e-9 } == true)
            let row = try #require((json["communes"] as? [[String: Any]])?.first)
            #expect(row["code"] as? String == "29103" && row["centile_pvd"] as? Double == 50)
            #expect((json["classes"] as? [[String: Any]])?.map { $0["nombre"] as? Int } == [1])
            #expect(json["csv"] as? String == "/observatoire/programme.csv?indicateur=vacance_2018&tri=valeur&ordre=desc")
        }
    }

    /// The programme's map follows the page's filters. Four PVD here (Guipavas, Île-de-Sein and
    /// Saint-Étienne-le-Molard made PVD besides Landerneau), vacancy by hand: Guipavas 300 ÷ 7 000 = 4,3 %,
    /// Landerneau 900 ÷ 8 000 = 11,3 %, Île-de-Sein 50 ÷ 400 = 12,5 %, Saint-Étienne-le-Molard 20 ÷ 400 = 5 %.
    @Test func programmeMapDrawsOnlyThePVDTheFiltersRetain() async throws {
        let pvd = ProgrammeMembership(programme: .petitesVillesDeDemain, identifiers: ["pvd-test"])
        let communes = Fixtures.communes.map { c in
            ["29075", "29083", "42279"].contains(c.code)
                ? Fixtures.commune(c.code, c.name, dep: c.departementCode, reg: c.regionCode, epci: c.epciSiren, population: c.population,
                                   programmes: [pvd], neighbours: c.neighbours)
                : c
        }
        let referential = Referential(regions: Fixtures.regions, departements: Fixtures.departements, epcis: Fixtures.epcis, communes: communes)
        let store = try SQLiteStore.inMemory()
        try await store.replaceReferential(referential, townHalls: Fixtures.townHalls, shapes: Fixtures.shapes, sources: Fixtures.sources, fingerprint: "pvd")
        let site = try await Site(referential: try await store.referential(), store: store)
        try await LiveServer.with(site) { server in
            func drawn(_ svg: String) -> [String] {
                svg.components(separatedBy: "<path class=\"choro\"").dropFirst().compactMap { $0.components(separatedBy: "<title>").dropFirst().first?.components(separatedBy: " : ").first }.sorted()
            }
            // Bretagne, at least 5 %: Landerneau and Île-de-Sein; not Guipavas (4,3 %), not Saint-Étienne-le-Molard (Loire).
            let page = try await server.get("/observatoire/programme?indicateur=vacance_2018&region=53&min=5").text
            #expect(page.contains("2 Petites Villes de Demain retenues"))
            #expect(page.contains("<p id=\"portee-carte\">La carte montre les 2 communes retenues par les filtres.</p>"))
            let href = "/observatoire/programme/carte.svg?indicateur=vacance_2018&amp;region=53&amp;min=5.0&amp;tri=valeur&amp;ordre=desc"
            #expect(page.contains("<img class=\"carte\" src=\"\(href)\""))
            // Two quantile classes over the two values, one commune each.
            #expect(page.contains("moins de 12,5 % (1)</li>") && page.contains("12,5 % et plus (1)</li>"))
            let map = try await server.get(href.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(map.status == 200)
            #expect(map.contentType.hasPrefix("image/svg+xml"))
            #expect(drawn(map.text) == ["Landerneau", "Île-de-Sein"])
            #expect(map.text.contains("<a href=\"/observatoire/29083\">"))
            // Without a filter, the four; under 2 000 inhabitants, Île-de-Sein (250) and Saint-Étienne-le-Molard (900).
            #expect(drawn(try await server.get("/observatoire/programme/carte.svg?indicateur=vacance_2018").text)
                    == ["Guipavas", "Landerneau", "Saint-Étienne-le-Molard", "Île-de-Sein"])
            #expect(drawn(try await server.get("/observatoire/programme/carte.svg?indicateur=vacance_2018&classe=0").text)
                    == ["Saint-Étienne-le-Molard", "Île-de-Sein"])
            // Nothing retained: no map, and the page says why.
            let none = try await server.get("/observatoire/programme?indicateur=vacance_2018&min=50").text
            #expect(none.contains("<p id=\"portee-carte\">Aucune Petite Ville de Demain ne répond aux filtres : pas de carte.</p>"))
            #expect(!none.contains("<img class=\"carte\""))
            // The map's query is the page's: malformed, refused alike.
            #expect(try await server.get("/observatoire/programme/carte.svg?indicateur=vacance_2018&region=5").status == 400)
            #expect(try await server.get("/observatoire/programme/carte.svg?indicateur=nope").status == 404)
        }
    }

    @Test func programmeMapSaysWhatItLeavesOut() {
        let overseas = Fixtures.commune("97411", "Saint-Denis", dep: "974", reg: "04", epci: nil, population: 150_000)
        let brest = Fixtures.communes[0], landerneau = Fixtures.communes[2]
        #expect(ProgrammePage.mapScope(selected: [landerneau], drawn: 1) == "La carte montre la commune retenue par les filtres.")
        #expect(ProgrammePage.mapScope(selected: [overseas, landerneau], drawn: 1)
                == "La carte montre 1 des 2 communes retenues par les filtres : 1 est outre-mer.")
        #expect(ProgrammePage.mapScope(selected: [overseas, overseas, landerneau, brest], drawn: 1)
                == "La carte montre 1 des 4 communes retenues par les filtres : 2 sont outre-mer, 1 n'a pas de contour.")
        #expect(ProgrammePage.mapScope(selected: [overseas], drawn: 0)
                == "Pas de carte : elle ne couvre que la France métropolitaine, où ne se trouve aucune des communes retenues.")
    }

    @Test func operatorNarrowsToTheCommunesItAccompanies() async throws {
        // Only the operator and Brest Métropole's referent have accounts: Landerneau is not accompanied until it
        // submits a diagnostic.
        let store = try await Fixtures.store()
        let hash = Secrets(cost: 4).hashPassword(Fixtures.password)
        _ = try await store.createUser(login: "operateur", name: "Opérateur", owner: .operateur, role: .operateur, passwordHash: hash, actor: "test")
        _ = try await store.createUser(login: "referent.metropole", name: "Référent", owner: .epci("242900314"), role: .referent, passwordHash: hash, actor: "test")
        let site = try await Site(referential: try await store.referential(), store: store)
        try await LiveServer.with(site) { server in
            let anonymous = try await server.get("/observatoire/programme?indicateur=vacance_2018&accompagnees=1").text
            #expect(anonymous.contains(">Landerneau</a>"), "le filtre est ignoré pour qui n'est pas l'opérateur")
            #expect(!anonymous.contains("name=\"accompagnees\""))
            let referent = server.client()
            _ = try await referent.logIn("referent.metropole", password: Fixtures.password)
            #expect(try await referent.get("/observatoire/programme?indicateur=vacance_2018&accompagnees=1").text.contains(">Landerneau</a>"))

            let operateur = server.client()
            _ = try await operateur.logIn("operateur", password: Fixtures.password)
            let all = try await operateur.get("/observatoire/programme?indicateur=vacance_2018").text
            #expect(all.contains("<input type=\"checkbox\" id=\"accompagnees\" name=\"accompagnees\" value=\"1\">"))
            #expect(all.contains(">Landerneau</a>"))
            let narrowed = try await operateur.get("/observatoire/programme?indicateur=vacance_2018&accompagnees=1").text
            #expect(narrowed.contains("name=\"accompagnees\" value=\"1\" checked>"))
            #expect(!narrowed.contains(">Landerneau</a>"))
            #expect(narrowed.contains("0 Petite Ville de Demain retenue"))
            try await store.saveAnswers(owner: "commune:29103", login: "agent.landerneau", answers: Answers(), submitted: true)
            #expect(try await operateur.get("/observatoire/programme?indicateur=vacance_2018&accompagnees=1").text.contains(">Landerneau</a>"))
            let api = try await operateur.get("/api/v1/observatoire/programme?indicateur=vacance_2018&accompagnees=1")
            #expect((try JSONSerialization.jsonObject(with: api.body) as? [String: Any])?["nombre"] as? Int == 1)
        }
    }

    @Test func accompaniedCommunesAreOwnersAndMembersOfOwningEPCI() {
        let users = [User(id: 1, login: "a", name: "a", owner: .commune("29083"), role: .agent, disabled: false),
                     User(id: 2, login: "b", name: "b", owner: .epci("242900314"), role: .referent, disabled: false),
                     User(id: 3, login: "c", name: "c", owner: .operateur, role: .operateur, disabled: false)]
        #expect(ProgrammePage.accompanied(users: users, diagnosticOwners: [], referential: Fixtures.referential) == ["29083", "29019", "29075"])
        #expect(ProgrammePage.accompanied(users: [], diagnosticOwners: ["commune:29103", "epci:200000001", "n'importe quoi"],
                                          referential: Fixtures.referential) == ["29103"])
    }
}
