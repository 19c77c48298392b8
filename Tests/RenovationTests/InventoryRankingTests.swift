import Renovation
import Testing

/// How an inventory is asked for (weights, filters) and ranked, and the décret tertiaire's sentence, without HTTP.
@Suite struct InventoryRankingTests {
    func query(_ fields: [String: String], lenient: Bool = false) throws(InventoryQueryError) -> InventoryQuery {
        try InventoryQuery({ fields[$0] }, lenient: lenient, isCommuneCode: { $0.count == 5 && $0.allSatisfy(\.isNumber) })
    }

    @Test func weightsAreReadTheFrenchWayAndARefusedOneIsSaid() throws {
        let asked = try query(["w_surface": "2,5", "w_ges": "0"])
        #expect(asked.weights[.surface] == 2.5 && asked.weights[.ges] == 0 && asked.weights[.ecart] == 30)
        #expect(asked.refused.isEmpty)
        // The inventory page ranks with the default and says so; elsewhere the same weight is an error.
        let page = try query(["w_ges": "abc", "w_age": "1001"], lenient: true)
        #expect(page.weights[.ges] == 15 && page.weights[.age] == 5)
        #expect(page.refused.map(\.problem) == [
            "Poids « Émissions de gaz à effet de serre » (w_ges) refusé : « abc » n'est pas un nombre entre 0 et 1\u{202F}000.",
            "Poids « Ancienneté » (w_age) refusé : « 1001 » n'est pas un nombre entre 0 et 1\u{202F}000.",
        ])
        #expect(page.refused.map(\.fallback) == ["Son poids par défaut (15) est appliqué.", "Son poids par défaut (5) est appliqué."])
        #expect(throws: InventoryQueryError.refusedWeights([page.refused[0].problem])) { try query(["w_ges": "abc"]) }
    }

    @Test func allWeightsAtZeroRankWithTheDefaultsEvenWhereAWrongWeightIsAnError() throws {
        var fields: [String: String] = [:]
        for c in Criterion.allCases { fields["w_\(c.rawValue)"] = "0" }
        let asked = try query(fields)
        #expect(asked.weights == Criterion.defaultWeights)
        #expect(asked.refused.map(\.allZero) == [true])
        #expect(asked.refused.first?.fallback == "Les poids par défaut sont appliqués.")
    }

    @Test func filtersAcceptTheirValuesOnlyAndEmptyIsAll() throws {
        let asked = try query(["usage": "ecole", "etiquette": "D", "provenance": "dpe", "commune": "29019"])
        #expect(asked.filter == InventoryFilter(usage: .ecole, label: "D", provenance: .dpe, commune: "29019"))
        #expect(try query(["usage": "", "commune": ""]).filter == InventoryFilter())
        #expect(throws: InventoryQueryError.unknownValue("Z", key: "etiquette", expected: "A, B, C, D, E, F, G")) { try query(["etiquette": "Z"]) }
        #expect(InventoryQueryError.unknownValue("2A0", key: "commune", expected: "un code INSEE de commune (5 caractères)").description
                == "Valeur inconnue « 2A0 » pour « commune » ; valeurs possibles : un code INSEE de commune (5 caractères).")
        #expect(throws: InventoryQueryError.self) { try query(["commune": "2901"]) }
    }

    @Test func theRankIsTheWholeInventorysAndTheFilterOnlyHidesBuildings() throws {
        func school(_ id: String, area: Double, commune: String) -> Building {
            Building(id: id, owner: "o", name: id, communeCode: commune, usage: .ecole, area: area,
                     dpe: ExistingDPE(number: nil, kWhEPPerM2: 200, label: "D"), source: "fixture")
        }
        let buildings = [school("petite", area: 500, commune: "29019"), school("grande", area: 3000, commune: "29075"), school("moyenne", area: 1500, commune: "29019")]
        // Surface alone decides: the largest first.
        var fields: [String: String] = ["w_surface": "1", "commune": "29019"]
        for c in Criterion.allCases where c != .surface { fields["w_\(c.rawValue)"] = "0" }
        let ranking = InventoryRanking(buildings, query: try query(fields), setup: .empty)
        #expect(ranking.all.map(\.building.id) == ["grande", "moyenne", "petite"])
        #expect(ranking.shown.map(\.building.id) == ["moyenne", "petite"] && ranking.shown.map(\.rank) == [2, 3])
        #expect(ranking.count(.dpe) == 3 && ranking.count(.mesure) == 0)
    }

    @Test func theDecretTertiaireAppliesFromAThousandSquareMetres() {
        #expect(DecretTertiaire.obligations(area: 1_200) == "Soumis au décret tertiaire (1\u{202F}200 m² ≥ 1 000 m²) : −40 % d'énergie finale en 2030, −50 % en 2040, −60 % en 2050 par rapport à une année de référence 2010-2019, déclaration annuelle sur OPERAT.")
        #expect(DecretTertiaire.obligations(area: 1_000).hasPrefix("Soumis au décret tertiaire (1\u{202F}000 m²"))
        #expect(DecretTertiaire.obligations(area: 999.4) == "Non soumis au décret tertiaire (moins de 1 000 m²) ; concerné par la loi DDADUE (−1,9 %/an d'énergie finale pour les organismes publics) s'il dépasse 250 m².")
    }
}
