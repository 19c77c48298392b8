import Accounts
import Foundation
import Observatoire
import TestSupport
import Testing
@testable import Web

/// A collectivité's own figures through the real server: the file checked against the published schema (one
/// planted error refused and located, nothing written), then imported; shown on its dashboard to its own
/// accounts only while private, to everyone once published; another collectivité's series is a 404.
@Suite struct OwnDataWebTests {
    static let header = "indicateur;libelle;periode;zone;valeur;unite;source\n"
    static func shops(_ third: String) -> Data {
        Data((header + """
            vacance_commerciale_centre;Vacance commerciale du centre-ville;2023;;12,5;%;Relevé des services
            vacance_commerciale_centre;Vacance commerciale du centre-ville;2024-S1;;11,8;%;Relevé des services
            vacance_commerciale_centre;Vacance commerciale du centre-ville;2024-S2;;\(third);%;Relevé des services
            vacance_commerciale_centre;Vacance commerciale du centre-ville;2024-S2;centre-ville;10,1;%;Relevé des services

            """).utf8)
    }

    @Test func plantedErrorRefusedThenFixedFileShownToItsOwnAccountsOnly() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let anonymous = server.client()
            let agent = server.client(), elu = server.client(), foreign = server.client(), operateur = server.client()
            for (client, login) in [(agent, "agent.brest"), (elu, "elu.brest"), (foreign, "agent.landerneau"), (operateur, "operateur")] {
                _ = try await client.logIn(login, password: Fixtures.password)
            }
            // The anonymous dashboard is rendered first, so that a cached page exists before any own series.
            #expect(!(try await anonymous.get("/observatoire/29019").text.contains("Données de la collectivité")))

            let page = try await agent.get("/espace/donnees")
            #expect(page.status == 200)
            #expect(page.text.contains("href=\"/static/donnees-collectivite.schema.json\""))
            let csrf = try #require(LiveServer.Client.field("csrf", in: page.text))

            // One planted error: refused, located (line 4 of the file, column 5, « valeur »), nothing written.
            let refused = try await agent.upload("/espace/donnees/import", fields: ["csrf": csrf, "action": "importer"],
                                                 file: ("fichier", "vacance.csv", Self.shops("onze")))
            #expect(refused.status == 422)
            #expect(refused.text.contains("Fichier refusé : 1 erreur ; rien n&#39;a été enregistré"))
            #expect(refused.text.contains("<tr class=\"erreur\"><td>Erreur</td><th scope=\"row\">ligne 4, colonne 5, « valeur »</th><td>« onze » n&#39;a pas le format attendu pour « valeur »</td>"))
            // The optional column left out is a warning, said but not blocking.
            #expect(refused.text.contains("colonne facultative « definition » absente"))
            #expect(try await store.ownSeries(owner: "commune:29019").isEmpty)

            // Only checked: the same report, answered 200.
            #expect(try await agent.upload("/espace/donnees/import", fields: ["csrf": csrf, "action": "verifier"],
                                           file: ("fichier", "vacance.csv", Self.shops("onze"))).status == 200)
            // Fixed: checked first (nothing written), then imported.
            let checked = try await agent.upload("/espace/donnees/import", fields: ["csrf": csrf, "action": "verifier"],
                                                 file: ("fichier", "vacance.csv", Self.shops("11")))
            #expect(checked.status == 200)
            #expect(checked.text.contains("Fichier vérifié, sans erreur : 4 valeurs dans 1 indicateur (rien n&#39;est encore enregistré)"))
            #expect(try await store.ownSeries(owner: "commune:29019").isEmpty)
            let imported = try await agent.upload("/espace/donnees/import", fields: ["csrf": csrf, "action": "importer"],
                                                  file: ("fichier", "vacance.csv", Self.shops("11")))
            #expect(imported.text.contains("Fichier importé : 4 valeurs dans 1 indicateur"))
            let saved = try #require(try await store.ownSeries(owner: "commune:29019").first)
            #expect(saved.catalogueKey == "vacance_commerciale_centre")
            #expect(saved.isPublic == false)
            #expect(saved.points.map(\.value) == [12.5, 11.8, 11, 10.1])
            #expect(saved.definition == OwnCatalogue.entry("vacance_commerciale_centre")?.definition)
            // Listed with its latest value of the whole territory.
            let list = try await agent.get("/espace/donnees").text
            #expect(list.contains("<td>privée</td><td class=\"nombre\">11 %</td><td>2e semestre 2024 (4 valeur(s))</td><td>Relevé des services</td>"))

            // Private: on the dashboard of Brest's own accounts, marked as theirs, with a chart.
            for client in [agent, elu] {
                let own = try await client.get("/observatoire/29019").text
                #expect(own.contains("<h2 id=\"titre-donnees-collectivite\">Données de la collectivité</h2>"))
                #expect(own.contains("<strong>Vacance commerciale du centre-ville</strong> — donnée de la collectivité (privée"))
                #expect(own.contains("Dernière valeur : 11 % (2e semestre 2024)"))
                #expect(own.contains("<title id=\"own-\(saved.id)-t\">Vacance commerciale du centre-ville : évolution (donnée de la collectivité)</title>"))
            }
            // Not for anyone else, whether the page comes from the cache or not.
            for client in [anonymous, foreign, operateur] {
                let other = try await client.get("/observatoire/29019").text
                #expect(other.contains("<h1>Brest</h1>"))
                #expect(!other.contains("Vacance commerciale du centre-ville"))
            }
            #expect(try await agent.get("/observatoire/29019/donnees.csv").text.contains("Donnée de la collectivité (privée);vacance_commerciale_centre;Vacance commerciale du centre-ville;%;12,50;"))
            #expect(!(try await anonymous.get("/observatoire/29019/donnees.csv").text.contains("Vacance commerciale")))
            #expect(!(try await foreign.get("/observatoire/29019/donnees.csv").text.contains("Vacance commerciale")))

            // Another collectivité: its own list is empty and Brest's series is a 404, read or written.
            let foreignCSRF = try #require(LiveServer.Client.field("csrf", in: try await foreign.get("/espace/donnees").text))
            #expect(!(try await foreign.get("/espace/donnees").text.contains("Vacance commerciale")))
            #expect(try await foreign.get("/espace/donnees/\(saved.id)").status == 404)
            #expect(try await foreign.post("/espace/donnees/\(saved.id)/publication", form: ["csrf": foreignCSRF, "publique": "oui"]).status == 404)
            #expect(try await foreign.post("/espace/donnees/\(saved.id)/suppression", form: ["csrf": foreignCSRF]).status == 404)
            // The elected official reads but does not write; the operator has no own data.
            let eluCSRF = try #require(LiveServer.Client.field("csrf", in: try await elu.get("/espace").text))
            #expect(try await elu.post("/espace/donnees/\(saved.id)/publication", form: ["csrf": eluCSRF, "publique": "oui"]).status == 403)
            #expect(try await operateur.get("/espace/donnees").status == 404)
            #expect(try await store.ownSeries(id: saved.id, owner: "commune:29019")?.isPublic == false)

            // Published: everyone sees it on the dashboard and in its CSV.
            let published = try await agent.post("/espace/donnees/\(saved.id)/publication", form: ["csrf": csrf, "publique": "oui"])
            #expect(published.url?.path == "/espace/donnees")
            #expect(published.text.contains("Indicateur publié"))
            for client in [anonymous, foreign] {
                #expect(try await client.get("/observatoire/29019").text.contains("donnée de la collectivité (publique)"))
                #expect(try await client.get("/observatoire/29019/donnees.csv").text.contains("Donnée de la collectivité (publique);vacance_commerciale_centre;"))
            }
            // Deleted: gone from the dashboard again.
            _ = try await agent.post("/espace/donnees/\(saved.id)/suppression", form: ["csrf": csrf])
            #expect(!(try await anonymous.get("/observatoire/29019").text.contains("Vacance commerciale")))
            #expect(try await store.ownSeries(owner: "commune:29019").isEmpty)

            // The other order: Landerneau's own agent renders its dashboard first, with its private series; nobody
            // else gets that page afterwards.
            _ = try await store.saveOwnSeries(OwnSeries(owner: "commune:29103", label: "Passages rue de Brest", definition: "", unit: "passages", source: "Capteur",
                                                        points: [OwnPoint(period: OwnPeriod("2024")!, value: 5400)]), actor: "test")
            #expect(try await foreign.get("/observatoire/29103").text.contains("Passages rue de Brest"))
            for client in [anonymous, agent, operateur] {
                #expect(!(try await client.get("/observatoire/29103").text.contains("Passages rue de Brest")))
            }
        }
    }

    /// An intercommunalité's series on its own dashboard, as a commune's on its: the public one to everyone, the
    /// private one to the intercommunalité's accounts only — not to a member commune's agent, nor to the operator.
    @Test func intercommunalitySeriesOnItsDashboardPublicToAllPrivateToItsOwnAccounts() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let owner = "epci:242900314"
            let starts = try await store.saveOwnSeries(OwnSeries(owner: owner, catalogueKey: "logements_commences", label: "Logements commencés", definition: "Ouvertures de chantier déclarées",
                                                                 unit: "logements", source: "Service urbanisme de la métropole", isPublic: true,
                                                                 points: [OwnPoint(period: OwnPeriod("2023")!, value: 410), OwnPoint(period: OwnPeriod("2024")!, value: 385)]), actor: "test")
            let footfall = try await store.saveOwnSeries(OwnSeries(owner: owner, label: "Passages au port de commerce", definition: "", unit: "passages par jour",
                                                                   source: "Capteurs de la métropole",
                                                                   points: [OwnPoint(period: OwnPeriod("2024-T2")!, value: 1200)]), actor: "test")
            let referent = server.client(), agent = server.client(), operateur = server.client(), anonymous = server.client()
            for (client, login) in [(referent, "referent.metropole"), (agent, "agent.brest"), (operateur, "operateur")] {
                _ = try await client.logIn(login, password: Fixtures.password)
            }
            let own = try await referent.get("/observatoire/epci/242900314").text
            #expect(own.contains("<li><a href=\"#donnees-collectivite\">Données de la collectivité</a></li>"))
            #expect(own.contains("<strong>Logements commencés</strong> — donnée de la collectivité (publique)<br>Dernière valeur : 385 logements (2024)"))
            #expect(own.contains("<strong>Passages au port de commerce</strong> — donnée de la collectivité (privée"))
            #expect(own.contains("Dernière valeur : 1\u{202F}200 passages par jour (2e trimestre 2024)"))
            #expect(own.contains("<title id=\"own-\(footfall.id)-t\">Passages au port de commerce : évolution (donnée de la collectivité)</title>"))
            let ownCSV = try await referent.get("/observatoire/epci/242900314/donnees.csv").text.components(separatedBy: "\r\n")
            // In the dashboard's 16 columns: the value under « epci », source and period under « source » and « millesime ».
            #expect(ownCSV.contains("Donnée de la collectivité (privée);collectivite_\(footfall.id);Passages au port de commerce;passages par jour;1200,00;;;;;;;;Capteurs de la métropole;2024-T2;;"))
            #expect(ownCSV.contains("Donnée de la collectivité (publique);logements_commences;Logements commencés;logements;385,00;;;;;;;;Service urbanisme de la métropole;2024;;"))

            for client in [anonymous, agent, operateur] {
                let page = try await client.get("/observatoire/epci/242900314").text
                #expect(page.contains("<h1>Brest Métropole</h1>"))
                #expect(page.contains("Dernière valeur : 385 logements (2024)"))
                #expect(!page.contains("Passages au port de commerce"))
                let csv = try await client.get("/observatoire/epci/242900314/donnees.csv").text
                #expect(csv.contains("Donnée de la collectivité (publique);logements_commences;"))
                #expect(!csv.contains("Passages au port de commerce"))
            }
            // The intercommunalité's series are its own, not its member communes': Brest's dashboard shows none of them.
            #expect(!(try await referent.get("/observatoire/29019").text.contains("Logements commencés</strong>")))
            // Its public series deleted by its referent, none left that others may see: no section, at once.
            let csrf = try #require(LiveServer.Client.field("csrf", in: try await referent.get("/espace/donnees").text))
            #expect(try await referent.post("/espace/donnees/\(starts.id)/suppression", form: ["csrf": csrf]).status == 200)
            #expect(!(try await anonymous.get("/observatoire/epci/242900314").text.contains("Données de la collectivité")))
            #expect(try await referent.get("/observatoire/epci/242900314").text.contains("Passages au port de commerce"))
        }
    }

    @Test func seriesTypedByHandWithLocatedMistakes() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            let form = try await agent.get("/espace/donnees/nouvelle")
            #expect(form.status == 200)
            let csrf = try #require(LiveServer.Client.field("csrf", in: form.text))
            var fields = ["csrf": csrf, "catalogue": "frequentation_centre", "libelle": "", "unite": "", "source": "Capteurs piétons",
                          "valeurs": "2024-01 ; 1 250\n2024-13 ; 900\n2024-02 ; centre-ville ; beaucoup"]
            let refused = try await agent.post("/espace/donnees", form: fields)
            #expect(refused.status == 422)
            #expect(refused.text.contains("Valeurs, ligne 2 : période « 2024-13 » illisible"))
            #expect(refused.text.contains("Valeurs, ligne 3 : « beaucoup » n&#39;est pas un nombre."))
            #expect(try await store.ownSeries(owner: "commune:29019").isEmpty)

            fields["valeurs"] = "2024-01 ; 1 250\n2024-02 ; centre-ville ; 980,5"
            let saved = try await agent.post("/espace/donnees", form: fields)
            #expect(saved.url?.path == "/espace/donnees")
            let series = try #require(try await store.ownSeries(owner: "commune:29019").first)
            // The catalogue's label and unit when the form leaves them empty.
            #expect(series.label == "Fréquentation du centre-ville")
            #expect(series.unit == "passages par jour")
            #expect(series.points == [OwnPoint(period: OwnPeriod("2024-01")!, value: 1250), OwnPoint(period: OwnPeriod("2024-02")!, area: "centre-ville", value: 980.5)])
            // The edit form shows the values as typed back.
            let edit = try await agent.get("/espace/donnees/\(series.id)")
            #expect(edit.text.contains(">2024-01 ; 1250\n2024-02 ; centre-ville ; 980,5</textarea>"))
        }
    }

    @Test func comparisonOpensAtFiveCollectivites() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            func publish(_ owner: String, _ value: Double, period: String = "2024") async throws {
                _ = try await store.saveOwnSeries(OwnSeries(owner: owner, catalogueKey: "vacance_commerciale_centre", label: "Vacance", definition: "",
                                                            unit: "%", source: "Relevé \(owner)", isPublic: true,
                                                            points: [OwnPoint(period: OwnPeriod(period)!, value: value)]), actor: "test")
            }
            try await publish("commune:29019", 8)
            try await publish("commune:29103", 14)
            try await publish("commune:29019", 9, period: "2025")
            try await publish("epci:242900314", 11)
            // Private: never counted.
            _ = try await store.saveOwnSeries(OwnSeries(owner: "commune:29232", catalogueKey: "vacance_commerciale_centre", label: "Vacance", definition: "",
                                                        unit: "%", source: "x", points: [OwnPoint(period: OwnPeriod("2024")!, value: 1)]), actor: "test")
            let closed = try await server.get("/observatoire/donnees-collectivites/vacance_commerciale_centre")
            #expect(closed.status == 200)
            #expect(closed.text.contains("3 collectivité(s) publie(nt) cet indicateur pour l'instant. La comparaison s'ouvre à partir de 5 collectivités"))
            #expect(!closed.text.contains("id=\"comparaison\""))
            try await publish("commune:29232", 6)
            try await publish("commune:29075", 20)
            let open = try await server.get("/observatoire/donnees-collectivites/vacance_commerciale_centre").text
            #expect(open.contains("id=\"comparaison\""))
            // Brest counted once, with its 2025 figure; the highest value first.
            let order = ["20 %", "14 %", "11 %", "9 %", "6 %"].compactMap { open.range(of: "<td class=\"nombre\">\($0)</td>")?.lowerBound }
            #expect(order.count == 5 && order == order.sorted())
            #expect(!open.contains("<td class=\"nombre\">8 %</td>"))
            #expect(try await server.get("/observatoire/donnees-collectivites/inconnu").status == 404)
        }
    }

    @Test func apiListsAndImportsTheCallersSeries() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let agent = server.client()
            let signedIn = try await agent.logIn("agent.brest", password: Fixtures.password)
            let csrf = try #require(LiveServer.Client.field("csrf", in: signedIn.text))
            let refused = try await agent.send("POST", "/api/v1/moi/donnees?mode=import", body: Self.shops("onze"), headers: ["X-CSRF-Token": csrf, "Content-Type": "text/csv"])
            #expect(refused.status == 422, "\(refused.text)")
            let problems = try #require(try JSONSerialization.jsonObject(with: refused.body) as? [String: Any])
            #expect(problems["importe"] as? Bool == false)
            let first = try #require((problems["problemes"] as? [[String: Any]])?.first { $0["gravite"] as? String == "erreur" })
            #expect(first["ligne"] as? Int == 4 && first["colonne"] as? Int == 5 && first["champ"] as? String == "valeur")
            #expect(try await store.ownSeries(owner: "commune:29019").isEmpty)
            let done = try await agent.send("POST", "/api/v1/moi/donnees?mode=import", body: Self.shops("11"), headers: ["X-CSRF-Token": csrf, "Content-Type": "text/csv"])
            #expect(done.status == 200)
            let list = try #require(try JSONSerialization.jsonObject(with: try await agent.get("/api/v1/moi/donnees").body) as? [[String: Any]])
            #expect(list.count == 1)
            #expect(list.first?["indicateur_catalogue"] as? String == "vacance_commerciale_centre")
            #expect(list.first?["publique"] as? Bool == false)
            #expect((list.first?["valeurs"] as? [[String: Any]])?.count == 4)
            #expect(try await server.get("/api/v1/moi/donnees").status == 401)
        }
    }
}
