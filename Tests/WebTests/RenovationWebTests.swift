import Accounts
import Foundation
import Renovation
import TestSupport
import Testing
@testable import Web

/// The rénovation pages through the real server: import with its dry run, measured and estimated figures,
/// weights, isolation between collectivités.
@Suite struct RenovationWebTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../RenovationTests/Fixtures/\(name)"))
    }

    @Test func importChecksFirstThenImportsAllOrNothing() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            #expect(try await agent.get("/renovation/inventaire").text.contains("id=\"inventaire-vide\""))
            let form = try await agent.get("/renovation/import")
            let csrf = try #require(LiveServer.Client.field("csrf", in: form.text))

            // The messy file: the bad row is reported where it is, and nothing is imported, even when asked.
            let bad = try await agent.upload("/renovation/import", fields: ["csrf": csrf, "action": "verifier"],
                                             file: ("fichier", "inventaire_errone.csv", try Self.fixture("inventaire_errone.csv")))
            #expect(bad.status == 200)
            #expect(bad.text.contains("1 problème(s) à corriger"))
            #expect(bad.text.contains("<td>6</td><td>5 (Superficie (m²))</td><td>douze cents</td><td>nombre illisible</td>"))
            #expect(bad.text.contains("Windows-1252"))
            // The mapping is shown, editable: "Superficie (m²)" read as the surface.
            #expect(bad.text.contains("id=\"correspondance\""))
            #expect(bad.text.contains("<th scope=\"row\">Superficie (m²)</th><td><select name=\"colonne_4\""))
            #expect(bad.text.contains("<option value=\"surface\" selected>surface (m²)</option>"))
            let forced = try await agent.upload("/renovation/import", fields: ["csrf": csrf, "action": "importer"],
                                                file: ("fichier", "inventaire_errone.csv", try Self.fixture("inventaire_errone.csv")))
            #expect(forced.status == 422)
            #expect(try await store.buildings(owner: "commune:29019").isEmpty)

            // The same data as XLSX, fixed: checked, then imported from the content carried by the page.
            let checked = try await agent.upload("/renovation/import", fields: ["csrf": csrf, "action": "verifier"],
                                                 file: ("fichier", "inventaire.xlsx", try Self.fixture("inventaire.xlsx")))
            #expect(checked.text.contains("5 bâtiment(s) prêts à être importés"))
            #expect(checked.text.contains("id=\"apercu\""))
            #expect(checked.text.contains("Conversions appliquées : 1 MWh = 1 000 kWh ; 1 m³ de gaz ≈ 11,2 kWh PCS (coefficient moyen des factures).</p>"))
            let content = try #require(LiveServer.Client.field("contenu", in: checked.text))
            let imported = try await agent.upload("/renovation/import", fields: ["csrf": csrf, "action": "importer", "contenu": content,
                                                                                "nom_fichier": "inventaire.xlsx"], file: nil)
            #expect(imported.url?.path == "/renovation/inventaire")
            let buildings = try await store.buildings(owner: "commune:29019")
            #expect(buildings.map(\.id) == ["ECO-01", "MAI-01", "GYM-01", "BIB-01", "SAL-01"])

            // Measured: the school's own figures, (48,200 × 2.3 + 9,500 m³ × 11.2) / 1,250.5 m² = 174 kWhEP/m².
            let school = try await agent.get("/renovation/inventaire/batiments/ECO-01")
            #expect(school.text.contains("id=\"provenance\">mesuré<"))
            #expect(school.text.contains("<th scope=\"row\">Intensité</th><td class=\"nombre\">174 kWhEP/m²/an</td>"))
            #expect(school.text.contains("Gaz naturel 2023 : 9\u{202F}500 m³"))
            // No consumption: an estimate with its interval and its reasons.
            let library = try await agent.get("/renovation/inventaire/batiments/BIB-01")
            #expect(library.text.contains("id=\"provenance\">estimé<"))
            #expect(library.text.contains("id=\"intervalle\">entre "))
            #expect(library.text.contains(/id="intervalle">entre [0-9\u{202F}]+ et [0-9\u{202F}]+</))
            #expect(library.text.contains("usage « Culture, bibliothèque, musée »"))

            // Another collectivité sees none of it.
            let foreign = server.client()
            _ = try await foreign.logIn("agent.landerneau", password: Fixtures.password)
            #expect(try await foreign.get("/renovation/inventaire/batiments/ECO-01").status == 404)
            #expect(try await foreign.get("/api/v1/renovation/batiments").text == "[]")
        }
    }

    /// The page reads a collectivité's file against its territory (hand-made fixture referential): a code of a
    /// commune associée belongs to its commune, a name is found in the collectivité's département, a building
    /// elsewhere is a warning; the problems come as CSV; a file that is no table gets the form back with why.
    @Test func importReadsTheFileAgainstTheTerritory() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            let csrf = try #require(LiveServer.Client.field("csrf", in: try await agent.get("/renovation/import").text))
            let csv = "Liste des bâtiments communaux\n\nNom;Code INSEE;Commune;Surface (m²);Énergie principale;Consommation (kWh);Année\n"
                + "Mairie;29019;Brest;2300;Gaz;150000;2023\nMairie annexe;42299;;400;Électricité;9000;2023\nÉcole;;Guipavas;900;Gaz;;\nGymnase;29019;Brest;;Gaz;1000;2023\n"
            let checked = try await agent.upload("/renovation/import", fields: ["csrf": csrf, "action": "verifier"],
                                                 file: ("fichier", "liste.csv", Data(csv.utf8)))
            #expect(checked.status == 200)
            #expect(checked.text.contains("Saint-Étienne (42218) — Terrenoire (42299)"))
            #expect(checked.text.contains("bâtiment situé hors de votre commune (Guipavas (29075))"))
            #expect(checked.text.contains("1 problème(s) à corriger"))
            let content = try #require(LiveServer.Client.field("contenu", in: checked.text))
            let problems = try await agent.upload("/renovation/import", fields: ["csrf": csrf, "action": "problemes", "contenu": content, "nom_fichier": "liste.csv"],
                                                  file: nil)
            #expect(problems.contentType.hasPrefix("text/csv"))
            let lines = problems.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first?.hasSuffix("Ligne;Ligne du texte;Colonne;En-tête;Valeur;Gravité;Problème;Comment corriger") == true)
            #expect(lines.contains { $0.hasPrefix("7;;4;Surface (m²);;erreur;surface manquante") })
            #expect(lines.contains { $0.hasPrefix("5;;2;Code INSEE;Saint-Étienne (42218);avertissement;bâtiment situé hors de votre commune") })
            let pdf = try await agent.upload("/renovation/import", fields: ["csrf": csrf, "action": "verifier"],
                                             file: ("fichier", "rapport.pdf", Data("%PDF-1.7\n".utf8)))
            #expect(pdf.status == 400)
            #expect(pdf.text.contains("ce fichier est un PDF, pas un tableau") && pdf.text.contains("id=\"form-import\""))
            #expect(try await store.buildings(owner: "commune:29019").isEmpty)
        }
    }

    /// curl's --data-binary labels a file as a form: a program's body is read as the file it is (a "%" in it used
    /// to fail as a badly encoded form).
    @Test func aProgramsFileIsNeverReadAsAForm() async throws {
        try await LiveServer.withFixtureAccounts { server, _ in
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            let page = try await agent.get("/espace")
            let csrf = try #require(LiveServer.Client.field("csrf", in: page.text))
            let created = try await agent.post("/espace/jetons", form: ["libelle": "curl", "csrf": csrf])
            let token = try #require(created.text.firstMatch(of: #/id="nouveau-jeton">([^<]+)</#).map { String($0.1) })
            let csv = "Nom;Code INSEE;Usage;Surface;Remarque\nMairie;29019;mairie;800;isolée à 50 %\n"
            let answer = try await server.client().send("POST", "/api/v1/renovation/import?mode=verification", body: Data(csv.utf8),
                                                        headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/x-www-form-urlencoded"])
            #expect(answer.status == 200 && answer.text.contains("\"valide\":true"))
        }
    }

    struct Row: Decodable { let identifiant: String, rang: Int, surface_m2: Double, energie_primaire_kwhep_an: Double, pourquoi: [String] }

    @Test func weightsDecideTheOrderAndTheExplanationFollows() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let table = try BuildingImport.table([UInt8](try Self.fixture("inventaire.csv")), file: "inventaire.csv")
            let report = BuildingImport.dryRun(table, owner: "commune:29019", isCommune: { $0 == "29019" })
            try await store.replaceBuildings(owner: "commune:29019", with: report.buildings, actor: "test", detail: "")
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            func only(_ kept: Criterion) -> String {
                Criterion.allCases.map { "w_\($0.rawValue)=\($0 == kept ? 1 : 0)" }.joined(separator: "&")
            }
            let bySize = try JSONDecoder().decode([Row].self, from: try await agent.get("/api/v1/renovation/batiments?\(only(.surface))").body)
            let byEnergy = try JSONDecoder().decode([Row].self, from: try await agent.get("/api/v1/renovation/batiments?\(only(.consommation))").body)
            #expect(bySize.map(\.identifiant) == bySize.sorted { $0.surface_m2 > $1.surface_m2 }.map(\.identifiant))
            #expect(byEnergy.map(\.identifiant) == byEnergy.sorted { $0.energie_primaire_kwhep_an > $1.energie_primaire_kwhep_an }.map(\.identifiant))
            #expect(bySize.map(\.identifiant) != byEnergy.map(\.identifiant))
            #expect(bySize[0].pourquoi.first?.hasSuffix("m² : +100 points") == true)
            #expect(byEnergy[0].pourquoi.first?.contains("MWh d'énergie primaire") == true)
            // The page takes the same weights.
            let page = try await agent.get("/renovation/inventaire?\(only(.surface))")
            #expect(page.text.contains("<tr data-id=\"\(bySize[0].identifiant)\"><td class=\"nombre rang\" data-label=\"Rang\">1</td>"))
            // Exports follow the filters.
            let csv = try await agent.get("/renovation/inventaire/batiments.csv?usage=ecole")
            #expect(csv.contentType.hasPrefix("text/csv"))
            #expect(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2)
        }
    }

    /// Weights the ranking cannot use are said, never silently replaced: the page names each refused weight and
    /// ranks with its default (all at zero: with the default weights, not every building at 0); the API and the
    /// exports refuse a weight that is not a number with a 400 in French.
    @Test func refusedWeightsAreSaid() async throws {
        try await LiveServer.withFixtures { server in
            // The apostrophes of the messages as they are written, not as HTML escapes them.
            func text(_ reply: LiveServer.Reply) -> String { reply.text.replacingOccurrences(of: "&#39;", with: "'") }
            func order(_ html: String) -> [String] {
                html.components(separatedBy: "<tr data-id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            }
            let plain = try await server.get("/renovation/demo")
            #expect(!plain.text.contains("id=\"poids-refuses\""))
            let bad = try await server.get("/renovation/demo?w_ecart=abc&w_surface=-50&w_age=2")
            #expect(bad.status == 200)
            #expect(bad.text.contains("id=\"poids-refuses\""))
            #expect(text(bad).contains("Poids « Écart à l'attendu pour ce type de bâtiment » (w_ecart) refusé : « abc » n'est pas un nombre entre 0 et 1\u{202F}000. Son poids par défaut (30) est appliqué."))
            #expect(text(bad).contains("Poids « Surface » (w_surface) refusé : « -50 » n'est pas un nombre entre 0 et 1\u{202F}000. Son poids par défaut (5) est appliqué."))
            // The refused weights show their default, the accepted one is kept, and the links carry only it.
            #expect(bad.text.contains("name=\"w_ecart\" value=\"30\"") && bad.text.contains("name=\"w_surface\" value=\"5\""))
            #expect(bad.text.contains("name=\"w_age\" value=\"2\""))
            #expect(bad.text.contains("/renovation/demo/batiments.csv?w_age=2\""))
            // The page with a notice is not kept for the address without one.
            #expect(!(try await server.get("/renovation/demo?w_age=2").text.contains("id=\"poids-refuses\"")))

            let zeros = Criterion.allCases.map { "w_\($0.rawValue)=0" }.joined(separator: "&")
            let zero = try await server.get("/renovation/demo?\(zeros)")
            #expect(zero.status == 200)
            #expect(text(zero).contains("Tous les poids sont à zéro : chaque bâtiment aurait le score 0 et l'ordre ne voudrait rien dire. Les poids par défaut sont appliqués."))
            #expect(order(zero.text) == order(plain.text) && order(plain.text).count > 10)
            #expect(!zero.text.contains("<td class=\"nombre score\">0,0</td>"))

            for path in ["/api/v1/renovation/demo/batiments?w_ecart=abc", "/renovation/demo/batiments.csv?w_surface=-50",
                         "/renovation/demo/batiments.geojson?w_ecart=abc", "/renovation/demo/batiments/x?w_ecart=abc"] {
                let refused = try await server.get(path)
                #expect(refused.status == 400, "\(path)")
                #expect(text(refused).contains("n'est pas un nombre entre 0 et 1\u{202F}000"), "\(path)")
            }
            // The API's document allows each zero: all of them rank with the default weights, as it says.
            struct Ranked: Decodable { let identifiant: String, score: Double }
            let apiZero = try JSONDecoder().decode([Ranked].self, from: try await server.get("/api/v1/renovation/demo/batiments?\(zeros)").body)
            let apiDefault = try JSONDecoder().decode([Ranked].self, from: try await server.get("/api/v1/renovation/demo/batiments").body)
            #expect(apiZero.map(\.identifiant) == apiDefault.map(\.identifiant) && apiZero.contains { $0.score > 0 })
        }
    }

    /// Figures of an inventory page are written the French way: thousands separated ("1 200 bâtiment(s)"),
    /// the estimate's interval "entre … et …".
    @Test func inventoryFiguresHaveTheirThousandsSeparated() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let buildings = (1...1200).map { i in
                Building(id: "B\(i)", owner: "commune:29019", name: "Salle \(i)", communeCode: "29019", usage: .sallePolyvalente,
                         area: Double(1000 + i), source: "essai")
            }
            try await store.replaceBuildings(owner: "commune:29019", with: buildings, actor: "test", detail: "")
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            let page = try await agent.get("/renovation/inventaire").text
            #expect(page.contains("<p class=\"chapo\">1\u{202F}200 bâtiment(s) : <strong>0</strong> avec consommation mesurée, <strong>0</strong> d'après un DPE existant, <strong>1\u{202F}200</strong> estimé(s)"))
            #expect(page.contains("<p>1\u{202F}200 bâtiment(s) retenu(s), les 500 premiers affichés ici et sur la carte."))
            #expect(page.contains("<td class=\"nombre\" data-label=\"Surface (m²)\">2\u{202F}200</td>"))
            #expect(page.contains(#/<span class="note">entre [0-9\u{202F}]+ et [0-9\u{202F}]+</span>/#))
            let sheet = try await agent.get("/renovation/inventaire/batiments/B1200").text
            #expect(sheet.contains(#/Rang <strong id="rang">[0-9\u{202F}]+</strong> sur 1\u{202F}200 /#))
        }
    }

    @Test func demoIsPublicAndLabelled() async throws {
        try await LiveServer.withFixtures { server in
            let page = try await server.get("/renovation/demo")
            #expect(page.status == 200)
            #expect(page.text.contains("id=\"demo\""))
            #expect(page.text.contains("Ce n'est le patrimoine d'aucune collectivité"))
            let geo = try await server.get("/renovation/demo/batiments.geojson")
            #expect(geo.contentType.hasPrefix("application/geo+json"))
            let parsed = try JSONSerialization.jsonObject(with: geo.body) as? [String: Any]
            let features = try #require(parsed?["features"] as? [[String: Any]])
            #expect(!features.isEmpty)
            // Numbers are JSON numbers (GIS tools read "191,1" as text); where the point comes from is said.
            for feature in features {
                let properties = try #require(feature["properties"] as? [String: Any])
                #expect(properties["surface_m2"] is NSNumber && properties["intensite_kwhep_m2_an"] is NSNumber && properties["rang"] is NSNumber)
                #expect(properties["identifiant"] is String)
                let position = properties["position"] as? String
                #expect(position == "coordonnées du bâtiment" || position == "centre de la commune")
            }
            let csvIntensity = try await server.get("/renovation/demo/batiments.csv").text.components(separatedBy: "\r\n")[1].components(separatedBy: ";")[10]
            let first = features[0]["properties"] as? [String: Any]
            #expect((first?["intensite_kwhep_m2_an"] as? NSNumber)?.doubleValue == Double(csvIntensity.replacingOccurrences(of: ",", with: ".")))
        }
    }

    /// Real identifiers hold spaces, slashes and accents, and names may be written to attack a spreadsheet.
    /// Imported through the API, each building is reachable at the address the inventory links to, and the
    /// CSV export neutralises the names a spreadsheet would run as formulas.
    @Test func awkwardIdentifiersAreReachableAndFormulasAreNeutralised() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let user = try #require(try await store.userWithPasswordHash(login: "agent.brest")?.0)
            _ = try await store.createToken(user: user, label: "test", tokenHash: Secrets.digest("jeton-de-test"))
            let bearer = ["Authorization": "Bearer jeton-de-test"]
            let file = """
                Code bâtiment;Libellé;Code INSEE;Type;Superficie (m²);Année de construction
                BAT 001;"=HYPERLINK(""http://x"")";29019;Mairie;500;1970
                BAT/002;+cmd|' /C calc'!A0;29019;Groupe scolaire;800;1980
                Bât-003;@SUM(1+1);29019;Mairie;300;1990
                """
            let client = server.client()
            let imported = try await client.send("POST", "/api/v1/renovation/import?mode=import", body: Data(file.utf8),
                                                 headers: bearer.merging(["Content-Type": "text/csv"]) { a, _ in a })
            #expect(imported.status == 200, "\(imported.text)")
            let inventory = try await client.get("/renovation/inventaire", headers: bearer).text
            for (id, path) in [("BAT 001", "BAT%20001"), ("BAT/002", "BAT%2F002"), ("Bât-003", "B%C3%A2t-003")] {
                #expect(inventory.contains("/renovation/inventaire/batiments/\(path)\""), "\(id)")
                #expect(try await client.get("/renovation/inventaire/batiments/\(path)", headers: bearer).status == 200, "\(id)")
                let api = try await client.get("/api/v1/renovation/batiments/\(path)", headers: bearer)
                #expect(api.status == 200, "\(id)")
                let json = try JSONSerialization.jsonObject(with: api.body) as? [String: Any]
                #expect(json?["identifiant"] as? String == id)
            }
            let csv = try await client.get("/renovation/inventaire/batiments.csv", headers: bearer).text
            #expect(csv.contains(";\"'=HYPERLINK(\"\"http://x\"\")\";"))
            #expect(csv.contains(";'+cmd|' /C calc'!A0;"))
            #expect(csv.contains(";'@SUM(1+1);"))
            #expect(csv.contains(";BAT/002;") && csv.contains(";Bât-003;"))
            // The JSON keeps the names as they are.
            #expect(try await client.get("/api/v1/renovation/batiments", headers: bearer).text.contains("@SUM(1+1)"))
        }
    }

    /// The demo page is rendered once per normalized query and kept: a browser that has it gets a 304, an
    /// equivalent address (default weight spelt out, parameters the page ignores) shares its ETag, another
    /// weighting has its own page whose links carry the normalized query.
    @Test func demoPagesAreCachedPerNormalizedQuery() async throws {
        try await LiveServer.withFixtures { server in
            let client = server.client()
            let first = try await client.get("/renovation/demo")
            let etag = try #require(first.header("ETag"))
            let again = try await client.get("/renovation/demo", headers: ["If-None-Match": etag])
            #expect(again.status == 304 && again.body.isEmpty)
            #expect(try await client.get("/renovation/demo?w_ecart=30&zzz=1").header("ETag") == etag)
            // The demo belongs to no collectivité: naming one makes no other page (nor fills the cache).
            #expect(try await client.get("/renovation/demo?collectivite=commune:29019").header("ETag") == etag)
            let weighted = try await client.get("/renovation/demo?zzz=1&w_surface=50")
            #expect(weighted.status == 200)
            #expect(weighted.header("ETag") != etag)
            #expect(weighted.text.contains("/renovation/demo/batiments.csv?w_surface=50\""))
            #expect(try await client.get("/renovation/demo?w_surface=50", headers: ["If-None-Match": etag]).status == 200)
            #expect(try await client.get("/renovation/demo?w_surface=50.0").header("ETag") == weighted.header("ETag"))
        }
    }
}
