import Observatoire
import Referential
import TestSupport
import Testing

@Suite struct ObservatoryTests {
    let observatory = Observatory(referential: Fixtures.referential, table: Fixtures.sources)

    @Test func communeValuesFollowTheirFormula() throws {
        // Vacancy = vacant ÷ dwellings, from the hand-set fixture figures.
        #expect(observatory.value("vacance_2018", commune: "29103") == .value(900.0 / 8_000 * 100))
        #expect(observatory.value("logements_2018", commune: "29019") == .value(80_000))
        #expect(observatory.value("pauvrete_2019", commune: "29083") == .secret)
        #expect(observatory.value("vacance_2018", commune: "99999") == .unavailable)
        // 6-year growth from 0.98 p to p: (1/0.98)^(1/6) − 1.
        let growth = try #require(observatory.value("croissance_2015_2021", commune: "29019").number)
        #expect(abs(growth - 0.33727) < 0.0001)
    }

    @Test func groupsAreRatiosOfSumsNotMeansOfRates() throws {
        // Brest Métropole = Brest + Guipavas: (6 000 + 300) ÷ (80 000 + 7 000).
        let epci = try #require(observatory.value("vacance_2018", level: .epci("242900314")).number)
        #expect(abs(epci - 6_300.0 / 87_000 * 100) < 1e-12)
        let meanOfRates = (6_000.0 / 80_000 + 300.0 / 7_000) / 2 * 100
        #expect(abs(epci - meanOfRates) > 0.1)
        let vacant = Fixtures.housing.values.reduce(0) { $0 + $1.vacant }
        let dwellings = Fixtures.housing.values.reduce(0) { $0 + $1.log }
        let france = try #require(observatory.value("vacance_2018", level: .france).number)
        #expect(abs(france - vacant / dwellings * 100) < 1e-12)
        #expect(observatory.value("logements_2018", level: .departement("42")) == .value(100_400))
        // Medians are not additive.
        #expect(observatory.value("niveau_vie_median_2019", level: .region("53")) == .unavailable)
    }

    @Test func secretCommunesAreLeftOutOfGroupsAndCounted() throws {
        // Île-de-Sein is in Finistère but outside any EPCI; its Filosofi figures are secret.
        let coverage = try #require(observatory.coverage("menages_imposes_2019", level: .departement("29")))
        #expect(coverage.total == 4)
        #expect(observatory.coverage("logements_2018", level: .departement("29"))?.used == 4)
    }

    @Test func mediansAndPercentiles() throws {
        // One PVD commune: its value is the PVD median.
        #expect(observatory.pvdMedian("vacance_2018") == 900.0 / 8_000 * 100)
        // Dwellings: 400, 400, 7 000, 8 000, 80 000, 100 000 → median (7 000 + 8 000) ÷ 2.
        #expect(observatory.median("logements_2018") == 7_500)
        // 8 000 has 3 communes below and one equal out of 6: (3 + 0.5) ÷ 6.
        #expect(observatory.percentile("logements_2018", of: 8_000, among: .all) == 3.5 / 6 * 100)
        #expect(abs(observatory.percentile("logements_2018", of: 400, among: .all)! - 1.0 / 6 * 100) < 1e-9)
    }

    @Test func quantileBreaksSplitCountsEvenly() {
        let breaks = Observatory.quantileBreaks((1...100).map(Double.init), classes: 4)
        #expect(breaks == [26, 51, 76])
        #expect(Observatory.quantileBreaks([5, 5, 5], classes: 4).isEmpty)
    }

    @Test func peersAreTheNearestOnStandardisedIndicators() throws {
        let peers = observatory.peers.peers(of: "42279", among: .all, count: 5)
        #expect(peers.count == 5)
        #expect(!peers.contains { $0.commune.code == "42279" })
        // Saint-Étienne-le-Molard (900 inhabitants) is farthest from the two cities.
        #expect(Set(peers.suffix(2).map(\.commune.code)) == ["42218", "29019"])
        #expect(peers.map(\.distance) == peers.map(\.distance).sorted())
        #expect(observatory.peers.peers(of: "29019", among: .pvd, count: 5).map(\.commune.code) == ["29103"])
        #expect(observatory.peers.missingFeatures(of: "29083") == ["niveau de vie"])
    }

    @Test func catalogueIsConsistent() {
        let ids = Catalogue.indicators.map(\.id)
        #expect(Set(ids).count == ids.count)
        for theme in Theme.allCases { #expect(Catalogue.indicators.contains { $0.theme == theme }) }
        for indicator in Catalogue.indicators where !indicator.formula.isAdditive {
            #expect(indicator.formula.variables.allSatisfy(Catalogue.nonAdditiveVariables.contains))
        }
    }
}
