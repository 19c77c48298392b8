import BundledData
import Foundation
import Testing
@testable import Renovation

/// The model on the real ADEME data (slow-ish: reads the extract and retrains).
@Suite(.serialized) struct ModelTests {
    /// `territoires train` must reproduce the bundled model from the bundled data, bit for bit.
    @Test func trainingReproducesTheBundledModel() throws {
        let bundled = try #require(try RenovationData.model())
        let (model, heldOut) = RenovationData.trainModel(try RenovationData.dpeExtract(), climate: try RenovationData.climate())
        #expect(model == bundled)
        #expect(!heldOut.isEmpty)
    }

    /// On the held-out DPEs, the model beats the simple rule a person would use (the median of the DPEs of
    /// the same usage group), and its 80 % interval holds about 80 % of the actual values.
    @Test func beatsTheMedianPerUsageAndIsCalibrated() throws {
        let climate = try RenovationData.climate()
        let model = try #require(try RenovationData.model())
        let records = try RenovationData.dpeExtract()
        let train = DPEData.clean(records.filter { !DPEData.isHeldOut($0.number) }).samples
        let test = DPEData.clean(records.filter { DPEData.isHeldOut($0.number) }).samples
        #expect(test.count > 1000)
        var byGroup: [String: [Double]] = [:]
        for (input, y) in train { byGroup[input.group, default: []].append(y) }
        let medians = byGroup.mapValues(GradientBoostedTrees.median)
        let baseline = test.map { abs($0.1 - medians[$0.0.group]!) }.reduce(0, +) / Double(test.count)
        let e = Evaluation.of(model, on: test, climate: climate)
        #expect(e.meanAbsoluteError < baseline)
        #expect(e.intervalCoverage > 0.7 && e.intervalCoverage < 0.9)
        #expect(e.withinOneLabel > e.exactLabel)
    }

    /// The cleaning removes what the data README says is there: empty DPEs shown as A, outliers.
    @Test func cleaningFollowsTheKnownDefects() throws {
        let records = try RenovationData.dpeExtract()
        #expect(records.count == 8895)
        let (samples, kept, _) = DPEData.clean(records)
        #expect(kept.allSatisfy { !$0.method.contains("vierge") && ($0.kWhEPPerM2 ?? 0) > 1 })
        #expect(samples.allSatisfy { $0.1 <= 3000 && $0.0.area >= 10 })
        // The placeholder surface is replaced by the implied one: no sample keeps 100 m² when the DPE had a better one.
        for (r, s) in zip(kept, samples) where r.surfaceIsPlaceholder { #expect(s.0.area == r.betterSurface) }
    }

    /// An estimate is explained: base × Π factors = the estimate.
    @Test func estimatesAreExplained() throws {
        let setup = try RenovationData.setup()
        let model = try #require(setup.model)
        let school = Building(id: "x", owner: "o", name: "École", communeCode: "29019", usage: .ecole, area: 1500, constructionYear: 1965,
                              heatingEnergy: .fioul, source: "essai")
        let e = model.estimate(school, climate: setup.climate)
        #expect(e.low < e.kWhEPPerM2 && e.kWhEPPerM2 < e.high)
        #expect(!e.reasons.isEmpty && e.reasons.contains { $0.feature == "usage" })
        let product = e.reasons.reduce(exp(model.trees.base)) { $0 * $1.factor }
        // Reasons below 1 % are left out of the list: the product is close, not exact.
        #expect(abs(product / e.kWhEPPerM2 - 1) < 0.05)
        #expect(!setup.demo.isEmpty && setup.demo.allSatisfy { [.ecole, .administration, .gymnase, .culture, .sallePolyvalente].contains($0.usage) })
    }

    /// ADEME's published file damaged a few names ("Vand uvre-lès-Nancy", "Bray-et-LÃ", "Rue dâ€™Angleterre"):
    /// the demo shows them whole, and no demo name or address keeps a mark of the damage.
    @Test func demoNamesAreWhole() throws {
        #expect(DPEData.repairDoubleEncoding("Rue dâ€™Angleterre") == "Rue d’Angleterre")
        #expect(DPEData.repairDoubleEncoding("Chambray-lÃ¨s-Tours") == "Chambray-lès-Tours")
        #expect(DPEData.repairDoubleEncoding("CHÂTEAURENARD") == "CHÂTEAURENARD")
        #expect(DPEData.isDamaged("Bray-et-LÃ") && DPEData.isDamaged("Mons-en-BarÅ ul") && !DPEData.isDamaged("Ålesund"))
        let demo = try RenovationData.setup().demo
        let vandoeuvre = try #require(demo.first { $0.id == "2254T2311059P" })
        #expect(vandoeuvre.name == "Mairie, administration — Vandœuvre-lès-Nancy")
        #expect(vandoeuvre.address == "7 Allée de Vincennes 54500 Vandœuvre-lès-Nancy")
        for b in demo {
            for text in [b.name, b.address ?? ""] {
                #expect(!DPEData.isDamaged(text) && !text.contains("\u{FFFD}") && !text.contains(" uvre"), "\(b.id) : \(text)")
            }
        }
    }
}
