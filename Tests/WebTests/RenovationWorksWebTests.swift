import BundledData
import Foundation
import Renovation
import Tabular
import TestSupport
import Testing
@testable import Web

/// The « Travaux » tab, its CSV and its API through the real server, on Brest's copy of the hand-made 1,200 m²
/// school of `ScenarioTests` (test fixture, not real data) with a 2015 year for the décret tertiaire's reference.
/// Expected figures are worked by hand from the library's published values (literals below).
@Suite struct RenovationWorksWebTests {
    static let school = Building(
        id: "E", owner: "commune:29019", name: "École Jules Ferry", communeCode: "29019", usage: .ecole, area: 1200, heatingEnergy: .gazNaturel,
        consumptions: [Consumption(carrier: .gazNaturel, year: 2015, kWh: 200_000, original: "200 000 kWh"),
                       Consumption(carrier: .electricite, year: 2015, kWh: 50_000, original: "50 000 kWh"),
                       Consumption(carrier: .gazNaturel, year: 2024, kWh: 150_000, original: "150 000 kWh"),
                       Consumption(carrier: .electricite, year: 2024, kWh: 40_000, original: "40 000 kWh")],
        source: "fixture faite à la main")
    static let unmeasured = Building(id: "M", owner: "commune:29019", name: "Mairie annexe", communeCode: "29019", usage: .administration, area: 300,
                                     source: "fixture faite à la main")
    /// ScenarioTests.profile, as the form sends it.
    static let profileForm = ["niveaux": "2", "toiture": "combles", "murs_isoles": "non", "surface_murs_m2": "900", "plancher_sur_local_non_chauffe": "oui",
                              "surface_simple_vitrage_m2": "120", "gtb": "non", "reseau_chaleur_proche": "non", "ventilation": "naturelle"]
    static let nbsp = "\u{202F}"

    static func json(_ reply: LiveServer.Reply) throws -> JSONValue { try JSONValue.parse(reply.body) }
    func near(_ a: Double?, _ b: Double, _ tolerance: Double = 1) -> Bool { a.map { abs($0 - b) <= tolerance } ?? false }

    @Test func theSchoolsScenariosByHandThenTheCollectivitesOwn() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            try await store.replaceBuildings(owner: "commune:29019", with: [Self.school, Self.unmeasured], actor: "test", detail: "")
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            let base = "/renovation/inventaire/batiments/E/travaux"
            // The sheet leads to the tab.
            #expect(try await agent.get("/renovation/inventaire/batiments/E").text.contains("href=\"/renovation/inventaire/batiments/E/travaux\" id=\"onglet-travaux\""))

            // Nothing known of the building: the GTB waits for its question, the envelope for the roof's.
            let blank = try await agent.get(base)
            #expect(blank.status == 200)
            #expect(blank.text.contains("<strong>Gestion technique du bâtiment (GTB) de classe B pour le chauffage et l&#39;éclairage</strong> : à préciser : le bâtiment a-t-il déjà une GTB ?")
                    || blank.text.contains("à préciser : le bâtiment a-t-il déjà une GTB ?"))
            #expect(blank.text.contains("à préciser : quel est le type de toiture, est-elle déjà isolée ?"))
            let csrf = try #require(LiveServer.Client.field("csrf", in: blank.text))

            // The characteristics of ScenarioTests.profile, through the form.
            let saved = try await agent.post("\(base)/caracteristiques", form: Self.profileForm.merging(["csrf": csrf]) { a, _ in a })
            #expect(saved.status == 200 && saved.url?.path == base)
            #expect(saved.text.contains("Caractéristiques enregistrées"))
            #expect(try await store.profiles(owner: "commune:29019")["E"] == WorksProfile(levels: 2, roof: .combles, wallsInsulated: false, wallArea: 900,
                    floorOverUnheated: true, singleGlazingArea: 120, hasBACS: false, heatNetworkNearby: false, ventilation: .naturelle))

            // Quick wins: sobriety −11 % of everything, then the GTB (BAT-TH-116, Enseignement: 100 kWh cumac/m² heating, 21 lighting, × 0.9 in
            // H2, F(15) = 11.5631): heating 150,000 × 0.89 × (1 − 0.06227) = 125,187 kWh, electricity 40,000 × 0.89 × (1 − 0.04904) = 33,854 kWh;
            // saved 190,000 − 159,042 = 30,958 kWh (16 %); cost 70-90 €/m² × 1,200 m².
            let page = saved.text
            #expect(page.contains("<td class=\"nombre\">30\(Self.nbsp)958 kWh/an (16 %)</td>"))
            #expect(page.contains("<td class=\"nombre\">84\(Self.nbsp)000 à 108\(Self.nbsp)000 €</td>"))
            // Bill: gas 0.1036 €/kWh, electricity 0.2016 €/kWh → 24,604 − 20,794.45 = 3,809.55 €/an.
            #expect(page.contains("<td class=\"nombre\">3\(Self.nbsp)810 €/an</td>"))
            // Décret tertiaire: reference 2015 (250,000 kWh, the only year of 2010-2019, no degree-days) → 2030 target 150,000, gap 40,000;
            // the quick wins close 30,958 / 40,000 = 77 % of it.
            #expect(page.contains("<tr><th scope=\"row\">2030</th><td class=\"nombre\">−40 %</td><td class=\"nombre\">150\(Self.nbsp)000 kWh</td><td class=\"nombre\">40\(Self.nbsp)000 kWh</td></tr>"))
            #expect(page.contains("<th scope=\"row\">Part de l&#39;écart 2030 du décret tertiaire couverte</th><td class=\"nombre\">77 %</td>")
                    || page.contains("<th scope=\"row\">Part de l'écart 2030 du décret tertiaire couverte</th><td class=\"nombre\">77 %</td>"))
            // Each value's status is shown in words: the GTB's lifetime is the tool's hypothesis, its cost to be checked.
            #expect(page.contains("durée de vie (15 ans) : <span class=\"statut statut-hypothese\">hypothèse de l&#39;outil</span>")
                    || page.contains("durée de vie (15 ans) : <span class=\"statut statut-hypothese\">hypothèse de l'outil</span>"))
            #expect(page.contains("coût : <span class=\"statut statut-a_verifier\">à vérifier</span> cee.fr (2025)"))
            #expect(page.contains("Décret BACS : indiquez la puissance de chauffage"))

            // The same in the API.
            let api = try Self.json(try await agent.get("/api/v1/renovation/batiments/E/scenarios"))
            let scenarios = try #require(api["scenarios"]?.array)
            #expect(scenarios.map { $0["identifiant"]?.string } == ["gestes-rapides", "objectif-40", "renovation-globale"])
            #expect(near(scenarios[0]["energie_finale_economisee_kwh"]?.figure, 30_958.29))
            #expect(near(scenarios[0]["part_ecart_2030"]?.figure, 30_958.29 / 40_000, 1e-4))
            #expect(scenarios[0]["cout_bas_eur"]?.figure == 84_000 && scenarios[0]["cout_haut_eur"]?.figure == 108_000)
            // −40 %: the floor (cheapest kWh once alone) takes the school past 40 %.
            #expect(scenarios[1]["actions"]?.array?.map { $0["action"]?.string } == ["sobriete", "gtb_classe_b", "plancher_bas"])
            #expect(api["decret_tertiaire"]?["annee_reference"]?.figure == 2015)

            // A scenario of the collectivité: the attic alone at its quote; 2,100 × 0.6 × 600 m² ÷ F(30) = 42,038 kWh of heating.
            let added = try await agent.post("\(base)/scenarios", form: ["csrf": csrf, "nom": "Combles (devis)", "action_combles": "oui",
                                                                         "cout_bas_combles": "20 000", "cout_haut_combles": "25000"])
            #expect(added.status == 200 && added.url?.path == base)
            #expect(added.text.contains("<td class=\"nombre\">20\(Self.nbsp)000 à 25\(Self.nbsp)000 €</td>"))
            #expect(added.text.contains("coût : <span class=\"statut statut-saisi\">saisi par la collectivité</span>"))
            let own = try #require(try await store.scenarios(owner: "commune:29019", building: "E").first)
            #expect(own.name == "Combles (devis)" && own.actions == [ActionChoice(action: "combles", costLow: 20_000, costHigh: 25_000)])
            let withOwn = try #require(try Self.json(try await agent.get("/api/v1/renovation/batiments/E/scenarios"))["scenarios"]?.array)
            #expect(withOwn.count == 4 && withOwn[3]["genere"] == .bool(false))
            #expect(near(withOwn[3]["energie_finale_economisee_kwh"]?.figure, 42_038.03))

            // The CSV: one line per scenario, French Excel.
            let csv = try await agent.get("\(base).csv")
            #expect(csv.contentType.hasPrefix("text/csv"))
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 5)
            #expect(lines[1].hasPrefix("E;gestes-rapides;gestes_rapides;Gestes rapides;oui;84000;108000;190000;30958;16,3;"))
            #expect(lines[4].contains(";Combles (devis);non;20000;25000;"))

            // Prices of the collectivité: gas 0.12, electricity 0.25 → the bill before is 150,000 × 0.12 + 40,000 × 0.25 = 28,000 €.
            let priced = try await agent.post("\(base)/reglages", form: ["csrf": csrf, "prix_gaz_naturel": "0,12", "prix_electricite": "0,25",
                                                                         "taux_actualisation": "3", "duree_ans": "25"])
            #expect(priced.url?.path == base && priced.text.contains("Valeur actuelle nette (3,0 %, 25 ans)"))
            let repriced = try #require(try Self.json(try await agent.get("/api/v1/renovation/batiments/E/scenarios"))["scenarios"]?.array)
            #expect(near(repriced[0]["facture_avant_eur"]?.figure, 28_000, 1e-6))

            // A refused form writes nothing and says why.
            let refused = try await agent.post("\(base)/scenarios", form: ["csrf": csrf, "nom": "", "action_combles": "oui", "cout_bas_combles": "30000",
                                                                           "cout_haut_combles": "20000"])
            #expect(refused.status == 422 && refused.text.contains("Donnez un nom au scénario") && refused.text.contains("le devis bas dépasse le devis haut"))
            #expect(try await store.scenarios(owner: "commune:29019", building: "E").count == 1)

            // Characteristics out of range: refused with why, the form shows what was sent, the saved ones stay.
            let wrong = try await agent.post("\(base)/caracteristiques", form: ["csrf": csrf, "niveaux": "80", "toiture": "terrasse", "annee_reference": "2021"])
            #expect(wrong.status == 422 && wrong.text.contains("Nombre de niveaux : entre 1 et 60") && wrong.text.contains("Année de référence : entre 2010 et 2019"))
            #expect(wrong.text.contains("<option value=\"terrasse\" selected>") && wrong.text.contains("id=\"niveaux\" name=\"niveaux\" inputmode=\"decimal\" value=\"80\""))
            #expect(try await store.profiles(owner: "commune:29019")["E"]?.roof == .combles)

            // Without measured consumption, the tab says what scenarios need.
            let mairie = try await agent.get("/renovation/inventaire/batiments/M/travaux")
            #expect(mairie.text.contains("id=\"sans-consommation\"") && mairie.text.contains("importez ses consommations"))
            let mairieAPI = try Self.json(try await agent.get("/api/v1/renovation/batiments/M/scenarios"))
            #expect(mairieAPI["scenarios"]?.array?.isEmpty == true && mairieAPI["message"]?.string == WorksPage.noConsumption)

            // Deleted through the form.
            let deleted = try await agent.post("\(base)/scenarios/\(own.id)/suppression", form: ["csrf": csrf])
            #expect(deleted.url?.path == base && deleted.text.contains("Scénario supprimé."))
            #expect(try await store.scenarios(owner: "commune:29019", building: "E").isEmpty)
        }
    }

    /// Another collectivité neither reads nor writes Brest's building (404, whatever the id it guesses), an elected
    /// official reads without forms and may not write (403), the API writes with the same checks.
    @Test func scopingAndRolesThroughPagesAndAPI() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            try await store.replaceBuildings(owner: "commune:29019", with: [Self.school], actor: "test", detail: "")
            let agent = server.client()
            let csrf = try #require(LiveServer.Client.field("csrf", in: try await agent.logIn("agent.brest", password: Fixtures.password).text))
            let headers = ["X-CSRF-Token": csrf, "Content-Type": "application/json"]
            // PUT the profile, POST a scenario: 201 with the whole document.
            let put = try await agent.send("PUT", "/api/v1/renovation/batiments/E/profil", body: Data(#"{"niveaux": 2, "toiture": "combles", "gtb": false}"#.utf8),
                                           headers: headers)
            #expect(put.status == 200)
            #expect(try Self.json(put)["caracteristiques"]?["toiture"]?.string == "combles")
            let body = #"{"nom": "Combles", "actions": [{"action": "combles", "quantite": 500}]}"#
            let created = try await agent.send("POST", "/api/v1/renovation/batiments/E/scenarios", body: Data(body.utf8), headers: headers)
            #expect(created.status == 201)
            let mine = try #require(try Self.json(created)["scenarios"]?.array?.last)
            let id = try #require(mine["identifiant"]?.string)
            // 2,100 × 0.6 × 500 m² ÷ F(30) = 35,032 kWh; 12.5-47 €/m² × 500 m².
            #expect(near(mine["energie_finale_economisee_kwh"]?.figure, 35_031.69) && mine["cout_bas_eur"]?.figure == 6_250)
            // Both answers as the API document describes them (closed schemas).
            let document = try await APIConformanceTests.document(server)
            let checker = SchemaChecker(document: document)
            #expect(checker.problems(try Self.json(put), try #require(APIConformanceTests.answerSchema(document, "put", "/api/v1/renovation/batiments/{id}/profil"))) == [])
            #expect(checker.problems(try Self.json(created), try #require(APIConformanceTests.answerSchema(document, "post", "/api/v1/renovation/batiments/{id}/scenarios", status: "201"))) == [])
            let bad = try await agent.send("POST", "/api/v1/renovation/batiments/E/scenarios", body: Data(#"{"nom": "x", "actions": [{"action": "fusee"}]}"#.utf8),
                                           headers: headers)
            #expect(bad.status == 400 && bad.contentType.hasPrefix("application/problem+json") && bad.text.contains("inconnue de la bibliothèque"))
            // A field the API does not read is refused, not dropped: a typo would lose the value without a word.
            let typo = try await agent.send("PUT", "/api/v1/renovation/batiments/E/profil", body: Data(#"{"niveaux": 3, "toitures": "terrasse"}"#.utf8), headers: headers)
            let kept = try await store.profiles(owner: "commune:29019")["E"]
            #expect(typo.status == 400 && kept?.levels == 2)
            let typoAction = try await agent.send("POST", "/api/v1/renovation/batiments/E/scenarios",
                                                  body: Data(#"{"nom": "x", "actions": [{"action": "combles", "cout": 5}]}"#.utf8), headers: headers)
            #expect(typoAction.status == 400)

            let foreign = server.client()
            let foreignCSRF = try #require(LiveServer.Client.field("csrf", in: try await foreign.logIn("agent.landerneau", password: Fixtures.password).text))
            let foreignHeaders = ["X-CSRF-Token": foreignCSRF, "Content-Type": "application/json"]
            #expect(try await foreign.get("/renovation/inventaire/batiments/E/travaux").status == 404)
            #expect(try await foreign.get("/renovation/inventaire/batiments/E/travaux.csv").status == 404)
            #expect(try await foreign.get("/api/v1/renovation/batiments/E/scenarios").status == 404)
            #expect(try await foreign.send("DELETE", "/api/v1/renovation/batiments/E/scenarios/\(id)", headers: foreignHeaders).status == 404)
            #expect(try await foreign.send("POST", "/api/v1/renovation/batiments/E/scenarios", body: Data(body.utf8), headers: foreignHeaders).status == 404)
            #expect(try await foreign.send("PUT", "/api/v1/renovation/batiments/E/profil", body: Data("{}".utf8), headers: foreignHeaders).status == 404)
            #expect(try await foreign.post("/renovation/inventaire/batiments/E/travaux/scenarios/\(id)/suppression", form: ["csrf": foreignCSRF]).status == 404)
            #expect(try await store.scenarios(owner: "commune:29019", building: "E").map(\.id) == [id])

            let elu = server.client()
            let eluCSRF = try #require(LiveServer.Client.field("csrf", in: try await elu.logIn("elu.brest", password: Fixtures.password).text))
            let read = try await elu.get("/renovation/inventaire/batiments/E/travaux")
            #expect(read.status == 200 && read.text.contains("id=\"profil\"") && !read.text.contains("id=\"form-caracteristiques\"") && !read.text.contains("Supprimer ce scénario"))
            #expect(try await elu.send("DELETE", "/api/v1/renovation/batiments/E/scenarios/\(id)", headers: ["X-CSRF-Token": eluCSRF]).status == 403)

            // The operator reads Brest's tab from Brest's sheet (the link keeps the collectivité it names), without forms.
            let operatorClient = server.client()
            _ = try await operatorClient.logIn("operateur", password: Fixtures.password)
            let sheet = try await operatorClient.get("/renovation/inventaire/batiments/E?collectivite=commune:29019")
            let tab = try #require(sheet.text.firstMatch(of: /href="([^"]+)" id="onglet-travaux"/).map { String($0.1) })
            #expect(tab == "/renovation/inventaire/batiments/E/travaux?collectivite=commune%3A29019")
            let operatorTab = try await operatorClient.get(tab)
            #expect(operatorTab.status == 200 && operatorTab.text.contains("id=\"comparaison\"") && !operatorTab.text.contains("id=\"form-scenario\""))

            #expect(try await agent.send("DELETE", "/api/v1/renovation/batiments/E/scenarios/\(id)", headers: headers).status == 204)
            #expect(try await agent.send("DELETE", "/api/v1/renovation/batiments/E/scenarios/\(id)", headers: headers).status == 404)
        }
    }

    /// The demo's tab is public and read-only, its API too.
    @Test func theDemoTabIsReadOnly() async throws {
        try await LiveServer.withFixtures { server in
            let demo = try #require(try RenovationData.setup().demo.first { !$0.consumptions.isEmpty })
            let page = try await server.get("/renovation/demo/batiments/\(demo.id)/travaux")
            #expect(page.status == 200 && page.text.contains("id=\"comparaison\"") && page.text.contains("id=\"profil\""))
            #expect(!page.text.contains("id=\"form-caracteristiques\"") && !page.text.contains("id=\"form-scenario\"") && !page.text.contains("id=\"form-reglages\""))
            let api = try Self.json(try await server.get("/api/v1/renovation/demo/batiments/\(demo.id)/scenarios"))
            #expect(api["scenarios"]?.array?.count == 3)
            #expect(try await server.get("/renovation/demo/batiments/inconnu/travaux").status == 404)
        }
    }
}

extension JSONValue {
    /// The number itself (the case `number` hides the parser's accessor of the same name).
    var figure: Double? { if case .number(let v) = self { v } else { nil } }
}
