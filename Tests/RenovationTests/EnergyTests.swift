import Foundation
import Tabular
import Testing
@testable import Renovation

@Suite struct EnergyTests {
    /// Degree-days of a hand-made département: 2019-2023 mean 2,200, 2023 = 2,000.
    static let climate = ClimateTable(departements: ["29": .init(degreeDays: [2019: 2300, 2020: 2100, 2021: 2400, 2022: 2200, 2023: 2000],
                                                                 coolingDegreeDays: [:], zone: "H2a")])

    static func building(year: Int) -> Building {
        Building(id: "B", owner: "commune:29019", name: "Bureau", communeCode: "29019", usage: .administration, area: 1000, heatingEnergy: .gazNaturel,
                 consumptions: [Consumption(carrier: .electricite, year: year, kWh: 100_000, original: "100 000 kWh"),
                                Consumption(carrier: .gazNaturel, year: year, kWh: 50_000, original: "50 000 kWh")],
                 source: "fixture faite à la main")
    }

    @Test func primaryEnergyGHGAndLabelsByHand() {
        let a = Assessor.assess(Self.building(year: 2023), climate: Self.climate, model: nil)
        #expect(a.provenance == .mesure)
        // 100,000 × 2.3 + 50,000 × 1 = 280,000 kWhEP → 280 kWhEP/m² → D on the offices scale (211-350).
        #expect(abs(a.primaryKWh - 280_000) < 1e-6)
        #expect(a.label == "D")
        // Electricity (not heating) 0.064 + gas 0.227: 6,400 + 11,350 = 17,750 kg → 17.75 kg/m² → C (16-30).
        #expect(abs(a.ghgKg! - 17_750) < 1e-6)
        #expect(a.ghgLabel == "C")
        // Gas heating brought to the reference climate: 100,000 + 50,000 × 2,200 / 2,000 = 155,000 kWh.
        #expect(abs(a.climateCorrectedFinalPerM2! - 155) < 1e-9)
    }

    @Test func electricityFactorFallsTo1_9In2026() {
        let a = Assessor.assess(Self.building(year: 2026), climate: Self.climate, model: nil)
        #expect(abs(a.primaryKWh - 240_000) < 1e-6)
        #expect(a.notes.contains { $0.contains("1,9") })
        // No degree-days for 2026: said, not invented.
        #expect(a.climateCorrectedFinalPerM2 == nil)
        #expect(a.notes.contains { $0.contains("Pas de correction climatique") })
    }

    @Test func districtHeatingLeavesGHGPartial() {
        var b = Self.building(year: 2023)
        b.consumptions.append(Consumption(carrier: .reseauChaleur, year: 2023, kWh: 10_000, original: "10 MWh"))
        let a = Assessor.assess(b, climate: Self.climate, model: nil)
        #expect(a.ghgPartial)
        #expect(a.ghgLabel == nil)
    }

    @Test func tertiaryScalesIncludeTheirBounds() {
        #expect(LabelScale.bureauxEnseignement.label(kWhEPPerM2: 50) == "A")
        #expect(LabelScale.bureauxEnseignement.label(kWhEPPerM2: 50.5) == "B")
        #expect(LabelScale.bureauxEnseignement.label(kWhEPPerM2: 750) == "F")
        #expect(LabelScale.bureauxEnseignement.label(kWhEPPerM2: 751) == "G")
        #expect(LabelScale.autres.label(kWhEPPerM2: 31) == "B")
        #expect(LabelScale.occupationContinue.label(kWhEPPerM2: 1130) == "F")
        #expect(Usage.piscine.scale == .autres && Usage.ecole.scale == .bureauxEnseignement && Usage.santeSocial.scale == .occupationContinue)
    }

    @Test func unitsAndWords() {
        #expect(EnergyUnit.m3.kWh(1000) == 11_200)
        #expect(EnergyUnit.MWh.kWh(1.5) == 1500)
        #expect(abs(EnergyUnit.GJ.kWh(3.6) - 1000) < 1e-9)
        #expect(Usage(text: "Groupe scolaire Jules Ferry") == .ecole)
        #expect(Usage(text: "École de musique") == .culture)
        #expect(Usage(text: "Salle des fêtes") == .sallePolyvalente)
        #expect(Usage(text: "Centre aquatique") == .piscine)
        #expect(Usage(text: "xyz") == nil)
        #expect(EnergyCarrier(text: "Réseau de Chauffage urbain") == .reseauChaleur)
        #expect(EnergyCarrier(text: "GPL") == .gpl)
        #expect(EnergyCarrier(text: "non renseigné") == nil)
        #expect(Usage(dpeSector: "R : Établissements d’éveil, d’enseignement") == .ecole)
        #expect(Usage(dpeSector: "M : Magasins de vente") == nil)
    }
}

@Suite struct RankingTests {
    static func item(_ id: String, area: Double, primary: Double, ratio: Double?, provenance: Provenance = .mesure) -> (Building, Assessment) {
        let b = Building(id: id, owner: "o", name: id, communeCode: "29019", usage: .ecole, area: area, source: "fixture")
        let a = Assessment(provenance: provenance, year: 2023, finalKWh: primary, primaryKWh: primary, ghgKg: primary * 0.1, ghgPartial: false,
                           primaryPerM2: primary / area, finalPerM2: primary / area, climateCorrectedFinalPerM2: nil,
                           label: LabelScale.bureauxEnseignement.label(kWhEPPerM2: primary / area), ghgLabel: nil,
                           expected: ratio.map { Estimate(kWhEPPerM2: primary / area / $0, low: 0, high: 0, reasons: []) }, ratioToExpected: ratio, notes: [])
        return (b, a)
    }

    /// Every figure of a note or a "why" has its thousands separated by a narrow no-break space, its decimals
    /// after a comma, and "point" agrees with its number.
    @Test func figuresAreWrittenTheFrenchWay() throws {
        var b = EnergyTests.building(year: 2023)
        b.consumptions[0] = Consumption(carrier: .electricite, year: 2023, kWh: 1_224_244.8, original: "1224244,8 kWh")
        let notes = Assessor.assess(b, climate: EnergyTests.climate, model: nil).notes
        #expect(notes.contains("Électricité 2023 : 1\u{202F}224\u{202F}244,8 kWh"), "\(notes)")
        #expect(notes.contains("Correction climatique du chauffage : DJU 2023 = 2\u{202F}000, référence 2019-2023 = 2\u{202F}200 (×1,10)"), "\(notes)")
        #expect(Consumption(carrier: .gazNaturel, year: 2023, kWh: 106_400, original: "9500 m³").shown == "9\u{202F}500 m³")
        #expect(Consumption(carrier: .gazNaturel, year: 2023, kWh: 1, original: "environ 3 MWh").shown == "environ 3 MWh")

        // 99 points for the gap, 1 for the surface: "+1 point", and the surface with its separator.
        let items = [Self.item("grand", area: 6285, primary: 900_000, ratio: 0.9), Self.item("petit", area: 300, primary: 120_000, ratio: 2.5)]
        var weights = Criterion.defaultWeights.mapValues { _ in 0.0 }
        (weights[.ecart], weights[.surface]) = (99, 1)
        let ranked = Ranking.rank(items.map(\.0), items.map(\.1), weights: weights, national: nil)
        let big = try #require(ranked.first { $0.building.id == "grand" })
        #expect(big.why == ["6\u{202F}285 m² : +1 point"])
        #expect(ranked.first { $0.building.id == "petit" }?.why.first?.hasSuffix(" : +99 points") == true)
    }

    /// A big consumer that is normal for its kind, and a small one that is far above it: the weights decide.
    @Test func weightsReorderAndTheExplanationFollows() {
        let items = [Self.item("grand", area: 5000, primary: 900_000, ratio: 0.9), Self.item("petit", area: 300, primary: 120_000, ratio: 2.5)]
        var onGap = Criterion.defaultWeights.mapValues { _ in 0.0 }
        onGap[.ecart] = 1
        let byGap = Ranking.rank(items.map(\.0), items.map(\.1), weights: onGap, national: nil)
        #expect(byGap.map(\.building.id) == ["petit", "grand"])
        #expect(byGap[0].why.first?.contains("2,5 fois") == true)

        var onSize = onGap
        onSize[.ecart] = 0
        onSize[.consommation] = 1
        let bySize = Ranking.rank(items.map(\.0), items.map(\.1), weights: onSize, national: nil)
        #expect(bySize.map(\.building.id) == ["grand", "petit"])
        #expect(bySize[0].why.first?.contains("MWh d'énergie primaire") == true)
        #expect(abs(bySize[0].score - 100) < 1e-9 && abs(bySize[1].score) < 1e-9)
    }

    /// The radix sort orders as a stable comparison sort does: random values with many ties, negatives,
    /// infinities, small and large sizes.
    @Test func radixSortIsAStableSort() {
        var random = SplitMix(seed: 7)
        for count in [0, 1, 50, 65, 5_000] {
            let items: [(value: Double, index: Int32)] = (0..<count).map { i in
                let pick = random.next(below: 10)
                let value: Double = pick == 0 ? -.infinity : pick == 1 ? .infinity : Double(Int(random.next(below: 200)) - 100) / 4
                return (value, Int32(i))
            }
            let expected = items.enumerated().sorted { ($0.element.value, $0.offset) < ($1.element.value, $1.offset) }.map(\.element.index)
            #expect(RadixSort.sorted(items).map(\.index) == expected, "\(count)")
        }
    }

    @Test func percentileScoresShareTiesAndCentreMissing() {
        #expect(Ranking.percentileScores([1, 2, 3]) == [0, 0.5, 1])
        #expect(Ranking.percentileScores([1, 1, 3, nil]) == [0.25, 0.25, 1, 0.5])
        // Within each usage: the share of the others strictly below; nobody to compare a lone building with.
        let shares = Ranking.shareBelowInGroup([20, 10, 5, 30, 20], groups: [.ecole, .ecole, .piscine, .ecole, .ecole])
        let third: Double? = 1.0 / 3
        #expect(shares == [third, 0, nil, 1, third])
    }
}
