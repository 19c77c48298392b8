import Observatoire
import Referential
import TestSupport
import Testing

/// A commune's dashboard on the hand-made fixtures (`Fixtures.housing`: dwellings and vacant dwellings set by
/// hand), without HTTP: every expected figure below is worked out from those inputs.
@Suite struct DashboardTests {
    let observatory = Observatory(referential: Fixtures.referential, table: Fixtures.sources)

    func dashboard(_ code: String) throws -> Dashboard {
        Dashboard(try #require(Fixtures.referential.commune(code)), observatory: observatory)
    }

    @Test func aLineComparesTheCommuneWithItsTerritories() throws {
        let brest = try dashboard("29019")
        #expect(brest.lines.count == Catalogue.indicators.count)
        let vacancy = try #require(brest.line("vacance_2018"))
        #expect(vacancy.commune == .value(7.5))  // 6 000 ÷ 80 000
        #expect(vacancy.comparisons.map(\.label) == ["Brest Métropole", "Finistère", "Bretagne", "France"])
        // Brest Métropole: Brest and Guipavas; Finistère (all of Bretagne here): the four communes of 29; France: all six.
        let epci: Double = 6_300.0 / 87_000 * 100
        let finistere: Double = 7_250.0 / 95_400 * 100
        let france: Double = 19_270.0 / 195_800 * 100
        let expected: [Double] = [epci, finistere, finistere, france]
        for (comparison, value) in zip(vacancy.comparisons, expected) {
            #expect(abs((comparison.value.number ?? .nan) - value) < 1e-9)
        }
    }

    @Test func theCommuneIsPlacedAmongPVDAndAllCommunes() throws {
        let vacancy = try #require(try dashboard("29019").line("vacance_2018"))
        // The one PVD, Landerneau: 900 ÷ 8 000.
        #expect(vacancy.pvdMedian == 11.25)
        // 7.5 is below Landerneau's 11.25: no PVD below it.
        #expect(vacancy.percentilePVD == 0)
        // Vacancy of the six communes: 4.29, 5, 7.5 (Brest), 11.25, 12, 12.5 → 2 below, 1 equal: 2.5 ÷ 6.
        #expect(abs((vacancy.percentileAll ?? .nan) - 2.5 / 6 * 100) < 1e-9)
    }

    @Test func aCommuneOutsideAnyEPCIAndASecretValue() throws {
        let sein = try dashboard("29083")
        let poverty = try #require(sein.line("pauvrete_2019"))
        #expect(poverty.comparisons.map(\.label) == ["Finistère", "Bretagne", "France"])
        #expect(poverty.commune == .secret)
        #expect(poverty.percentilePVD == nil && poverty.percentileAll == nil)
        #expect(sein.missingFeatures == ["niveau de vie"])
    }

    @Test func seriesGatherTheDatesOfOneMeasure() throws {
        let brest = try dashboard("29019")
        let population = try #require(brest.series.first { $0.id == "population" })
        // Brest: 139 619 in 2021; the fixtures put 2015 and 2018 at 98 % of it, 2013 at 96 %.
        #expect(population.points.map(\.vintage) == ["2013", "2015", "2018", "2021"])
        let brestPopulation: Double = 139_619
        let values: [Double] = [brestPopulation * 0.96, brestPopulation * 0.98, brestPopulation * 0.98, brestPopulation]
        #expect(population.points.map(\.value) == values)
        #expect(population.indicator.id == "pop_2021")
        // The APL of 2022 and 2023 (the fixtures derive them from the population) make a series; its under-65
        // variant has one date only.
        #expect(brest.series.map(\.id) == ["population", "naissances", "deces", "menages", "emplois", "chomage", "apl_mg"])
    }

    @Test func aSeriesNeedsTwoDates() throws {
        // Without the 2020 births (a column absent from the source), the births of 2022 alone are no series.
        let full = Fixtures.sources
        var columns = full.columns
        columns["NAISD20"] = nil
        let observatory = Observatory(referential: Fixtures.referential, table: SourceTable(codes: full.codes, columns: columns))
        let brest = Dashboard(try #require(Fixtures.referential.commune("29019")), observatory: observatory)
        #expect(brest.line("naissances_2020")?.commune == .unavailable)
        #expect(brest.series.map(\.id) == ["population", "deces", "menages", "emplois", "chomage", "apl_mg"])
    }

    @Test func peersComeWithTheirValuesOfTheFeatures() throws {
        let brest = try dashboard("29019")
        #expect(brest.features.map(\.id) == ["pop_2021", "densite_2021", "croissance_2015_2021", "niveau_vie_median_2019",
                                             "chomage_2021", "vacance_2018", "concentration_emploi_2018"])
        #expect(brest.featureValues[5] == .value(7.5))
        let landerneau = try #require(brest.peersPVD.first)
        #expect(brest.peersPVD.count == 1 && landerneau.peer.commune.code == "29103")
        #expect(landerneau.departement?.name == "Finistère")
        #expect(landerneau.values[0] == .value(16_206) && landerneau.values[5] == .value(11.25))
        // Every commune but Brest itself.
        #expect(Set(brest.peersAll.map(\.peer.commune.code)) == ["29075", "29103", "29083", "42218", "42279"])
    }
}
