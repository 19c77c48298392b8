import Observatoire
import Referential
import TestSupport
import Testing

/// The EPCI standing and the programme view on the hand-made fixture (housing figures set by hand).
@Suite struct ProgrammeTests {
    let observatory = Observatory(referential: Fixtures.referential, table: Fixtures.sources)

    @Test func sizeClassesCoverEveryPopulationOnce() {
        #expect(SizeClass.of(16_206, in: SizeClass.communes).lower == 10_000)
        #expect(SizeClass.of(20_000, in: SizeClass.communes).lower == 20_000)  // a bound belongs to the class above
        #expect(SizeClass.of(19_999, in: SizeClass.communes).upper == 20_000)
        #expect(SizeClass.of(0, in: SizeClass.epcis).label == "moins de 15\u{202F}000 hab.")
        #expect(SizeClass.of(2_000_000, in: SizeClass.epcis).label == "300\u{202F}000 hab. et plus")
        #expect(SizeClass.of(2_000_000, in: SizeClass.epcis).upper == nil)
        for classes in [SizeClass.communes, SizeClass.epcis] {
            for n in [0, 1_999, 2_000, 3_499, 14_999, 15_000, 99_999, 100_000, 299_999, 300_000, 5_000_000] {
                #expect(classes.filter { $0.contains(n) }.count == 1)
            }
        }
    }

    @Test func anEPCIStandsAmongTheEPCIOfItsSize() throws {
        // Brest Métropole (150,000) and Saint-Étienne Métropole (180,000) are both in 100,000-300,000.
        // Vacancy: Brest Métropole (6,000 + 300) ÷ (80,000 + 7,000); Saint-Étienne Métropole (12,000 + 20) ÷ (100,000 + 400).
        let brest = 6_300.0 / 87_000 * 100, saintEtienne = 12_020.0 / 100_400 * 100
        let standing = try #require(observatory.standing("vacance_2018", epci: "242900314"))
        #expect(standing.sizeClass.lower == 100_000)
        #expect(standing.peersWithValue == 2)
        #expect(abs((standing.value.number ?? 0) - brest) < 1e-12)
        #expect(abs((standing.peerMedian ?? 0) - (brest + saintEtienne) / 2) < 1e-12)
        #expect(standing.percentile == 25)  // one of two, itself counted as half: the lower
        // The CC of Landerneau (16,000) is alone in its class.
        #expect(observatory.standing("vacance_2018", epci: "200000001")?.peersWithValue == 1)
        #expect(observatory.standing("vacance_2018", epci: "000000000") == nil)
        #expect(observatory.members("vacance_2018", epci: "242900314").map(\.commune.code) == ["29019", "29075"])
    }

    @Test func theProgrammeViewListsThePVDMatchingTheQuery() throws {
        // The fixture has one PVD, Landerneau (vacancy 900 ÷ 8,000).
        let all = try #require(observatory.programme(ProgrammeQuery(indicatorID: "vacance_2018")))
        #expect(all.rows.map(\.commune.code) == ["29103"])
        #expect(all.rows.first?.value == 900.0 / 8_000 * 100)
        #expect(all.rows.first?.pvdPercentile == 50)
        #expect(all.median == 900.0 / 8_000 * 100)
        #expect(observatory.programme(ProgrammeQuery(indicatorID: "vacance_2018", regionCode: "84"))?.rows.isEmpty == true)
        #expect(observatory.programme(ProgrammeQuery(indicatorID: "vacance_2018", minimum: 11.3))?.rows.isEmpty == true)
        #expect(observatory.programme(ProgrammeQuery(indicatorID: "vacance_2018", maximum: 11.25))?.rows.count == 1)
        #expect(observatory.programme(ProgrammeQuery(indicatorID: "vacance_2018", sizeClass: SizeClass.communes[0]))?.rows.isEmpty == true)
        #expect(observatory.programme(ProgrammeQuery(indicatorID: "vacance_2018", communeCodes: ["29019"]))?.rows.isEmpty == true)
        #expect(observatory.programme(ProgrammeQuery(indicatorID: "inconnu")) == nil)
    }

    @Test func binsHaveEqualWidthAndCountEveryValue() {
        // 0…10 in 5 classes of width 2; the last one holds 8, 9 and 10.
        let bins = Observatory.bins((0...10).map(Double.init), count: 5)
        #expect(bins.map(\.count) == [2, 2, 2, 2, 3])
        #expect(bins.map(\.lower) == [0, 2, 4, 6, 8])
        #expect(bins.last?.upper == 10)
        #expect(Observatory.bins([3, 3], count: 5).map { [$0.lower, $0.upper, Double($0.count)] } == [[3, 3, 2]])
        #expect(Observatory.bins([], count: 5).isEmpty)
    }
}
