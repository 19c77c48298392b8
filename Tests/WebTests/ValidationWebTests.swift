import Foundation
import Parcours
import TestSupport
import Testing

@Suite struct ValidationWebTests {
    @Test func pageAndAPIReportLocatedErrorsInFrench() async throws {
        try await LiveServer.withFixtures { server in
            let csv = "nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire\r\nRégion;23350001600041;2017-02-30;Asso\r\n"
            let page = try await server.client().post("/validateur", form: ["schema": "subventions", "contenu": csv])
            #expect(page.status == 200)
            #expect(page.text.contains("le SIRET « 23350001600041 » n&#39;est pas valide (clé de contrôle)"))
            #expect(page.text.contains("colonne obligatoire « objet » absente"))
            // Issue 19, point 8: Validata's title for each problem, on hover, and the severity said in words.
            #expect(page.text.contains("<td>erreur</td><td title=\"Validata : Format Invalide\">le SIRET « 23350001600041 »"))
            #expect(page.text.contains("<td>avertissement</td><td title=\"Validata : Colonne manquante\">colonne facultative « rnaBeneficiaire » absente"))
            let api = try await server.client().send("POST", "/api/v1/validation/subventions", body: Data(csv.utf8), headers: ["Content-Type": "text/csv"])
            let json = try #require(try JSONSerialization.jsonObject(with: api.body) as? [String: Any])
            #expect(json["valide"] as? Bool == false)
            let issues = try #require(json["erreurs"] as? [[String: Any]])
            let date = try #require(issues.first { $0["type"] as? String == "type-error" })
            #expect(date["ligne"] as? Int == 2 && date["colonne"] as? Int == 3)
            #expect(date["titre_validata"] as? String == "Format de date incorrect" && date["gravite"] as? String == "erreur")
            // Optional columns missing (rnaBeneficiaire, idRAE…) are warnings, counted apart.
            let warnings = issues.filter { $0["gravite"] as? String == "avertissement" }
            #expect(json["avertissements"] as? Int == warnings.count && warnings.count == 5)
            #expect(warnings.allSatisfy { $0["type"] as? String == "missing-header" && $0["titre_validata"] as? String == "Colonne manquante" })
            #expect(try await server.client().send("POST", "/api/v1/validation/inconnu", body: Data(csv.utf8)).status == 404)
        }
    }

    /// The paste box's label points at the box (not at `<main id="contenu">`); no standard is preselected: the
    /// header decides when none is chosen, and a file sent as another standard than the one it resembles is
    /// told so; formats are said in words, with no Validata code nor regular expression on the page.
    @Test func theStandardIsChosenOrRecognisedAndFormatsAreSaidInWords() async throws {
        try await LiveServer.withFixtures { server in
            let form = try await server.get("/validateur").text
            #expect(form.components(separatedBy: "id=\"contenu\"").count == 2)
            #expect(form.contains("<label for=\"contenu-colle\">… ou collez son contenu</label><textarea id=\"contenu-colle\" name=\"contenu\""))
            #expect(form.contains("<select id=\"schema\" name=\"schema\"><option value=\"\" selected>Reconnaître d'après l'en-tête du fichier</option>"))

            let csv = "nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire;montant\r\nRégion;2335000160004;2017-02-28;Asso;100\r\n"
            let recognised = try await server.client().post("/validateur", form: ["schema": "", "contenu": csv])
            #expect(recognised.status == 200)
            let text = recognised.text.replacingOccurrences(of: "&#39;", with: "'")
            #expect(text.contains("<h1>Rapport de validation : Subventions 2.1.1</h1>"))
            #expect(text.contains("Standard reconnu d'après l'en-tête du fichier : 5 de ses 16 colonnes y sont."))
            #expect(text.contains("Format attendu : 14 chiffres sans espace (un SIRET), par exemple 23350001600040."))
            #expect(!text.contains("constraint") && !text.contains("missing-header") && !text.contains("\\d"))

            let asBudget = try await server.client().post("/validateur", form: ["schema": "budget", "contenu": csv])
            #expect(asBudget.text.replacingOccurrences(of: "&#39;", with: "'").contains(
                "Ce fichier ressemble au standard Subventions 2.1.1 : 5 de ses 16 colonnes sont dans l'en-tête, contre 0 des 22 du standard Budget des collectivités et établissements publics locaux choisi."))
            let api = try await server.client().send("POST", "/api/v1/validation/budget", body: Data(csv.utf8), headers: ["Content-Type": "text/csv"])
            let json = try #require(try JSONSerialization.jsonObject(with: api.body) as? [String: Any])
            #expect((json["ressemble_a"] as? String)?.hasPrefix("Ce fichier ressemble au standard Subventions 2.1.1 : 5 de ses 16 colonnes") == true)
            #expect(try await server.client().post("/validateur", form: ["schema": "subventions", "contenu": csv]).text.contains("id=\"ressemble\"") == false)

            // Counts of a large file have their thousands separated.
            let large = "nomAttribuant;idAttribuant\r\n" + String(repeating: "Région;2335000160004\r\n", count: 1200)
            let counted = try await server.client().post("/validateur", form: ["schema": "subventions", "contenu": large]).text
            #expect(counted.contains("1\u{202F}200 ligne(s) de données"))
            #expect(counted.contains(#/>\d\u{202F}\d{3} erreur\(s\) à corriger/#))

            let unknown = try await server.client().post("/validateur", form: ["schema": "", "contenu": "a;b\r\n1;2\r\n"])
            #expect(unknown.status == 400)
            #expect(unknown.text.contains("Standard non reconnu"))
        }
    }
}

@Suite struct ConformityWebTests {
    /// A hand-made subventions file that conforms (the SIRETs are the schema's own examples).
    let conforming = """
        nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;dispositifAide\r
        Brest Métropole;23350001600040;2017-06-27;2017-03-103;Les Petits Débrouillards;38047555800058;;Animations climat-énergie;47800.20;aide en numéraire;échelonné;2017-03-14/2018-03-14;;non;1.00;\r

        """

    @Test func aSignedInCollectivitesChecksAreKeptAndFeedItsDiagnostic() async throws {
        try await LiveServer.withFixtureAccounts { server, store in
            let referent = server.client()
            let csrf = try #require(LiveServer.Client.field("csrf", in: try await referent.logIn("referent.metropole", password: Fixtures.password).text))
            // An uploaded file (multipart), larger forms than the 64 KiB of pasted text are accepted the same way.
            let report = try await referent.upload("/validateur", fields: ["csrf": csrf, "schema": "subventions"],
                                                   file: (field: "fichier", name: "subventions-2024.csv", bytes: Data(conforming.utf8)))
            #expect(report.status == 200)
            #expect(report.text.contains("Le fichier est conforme."))
            #expect(report.text.contains("Fichier « subventions-2024.csv » : 1 ligne(s) de données"))
            #expect(report.text.contains("Résultat gardé pour Brest Métropole"))
            let checks = try await store.conformity(owner: "epci:242900314")
            #expect(checks.map(\.schema) == ["subventions"] && checks.first?.errors == 0 && checks.first?.login == "referent.metropole")
            #expect(try await referent.get("/validateur").text.contains("<td>Subventions 2.1.1</td><td>subventions-2024.csv</td>"))
            // Another collectivité's agent sees none of it, and an anonymous check is not kept.
            let agent = server.client()
            _ = try await agent.logIn("agent.brest", password: Fixtures.password)
            #expect(!(try await agent.get("/validateur").text.contains("subventions-2024.csv")))
            _ = try await server.client().post("/validateur", form: ["schema": "subventions", "contenu": conforming])
            #expect(try await store.conformity(owner: "commune:29019").isEmpty)
            #expect(try await store.conformity(owner: "epci:242900314").count == 1)
            // The referent's diagnostic says "standards unknown" (D5.3 = 0): the conforming file counts it 2 (rule C1).
            var answers: [String: String] = ["csrf": csrf, "action": "resultat"]
            for question in Questionnaire.v2026.questions { answers["q_\(question.id)"] = "1" }
            answers["q_D5.3"] = "0"
            let result = try await referent.post("/parcours/resultat", form: answers).text
            #expect(result.contains("Patrimoine de données : ce que le validateur a constaté"))
            #expect(result.contains("C1 : D5.3 compté « Appliqués à un ou deux jeux » (2 sur 3) : 1 fichier(s) conforme(s) au validateur (Subventions 2.1.1)"))
            // Patrimoine: 1 + 1 + 2 + 1 + 1 = 6 points out of 15 → 40.
            #expect(result.contains("<th scope=\"row\">Patrimoine de données et qualité</th><td class=\"nombre\">40</td>"))
        }
    }
}
