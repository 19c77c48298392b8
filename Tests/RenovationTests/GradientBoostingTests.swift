import BundledData
import Foundation
import Testing
@testable import Renovation

@Suite struct GradientBoostingTests {
    /// A hand-made step function with noise-free targets: the trees must recover it and the contributions must
    /// add up to the prediction.
    @Test func learnsAStepAndExplainsIt() {
        var rows: [[Double]] = [], targets: [Double] = []
        for i in 0..<400 {
            let x = Double(i % 20), z = Double(i / 20)
            rows.append([x, z, i % 7 == 0 ? .nan : Double(i % 3)])
            targets.append((x < 10 ? 1 : 5) + (z >= 15 ? 2 : 0))
        }
        var p = GradientBoostedTrees.Parameters()
        p.huberDelta = nil
        p.rowSampling = 1
        p.minRowsInLeaf = 5
        let model = GradientBoostedTrees.train(rows: rows, targets: targets, featureNames: ["x", "z", "bruit"], parameters: p)
        #expect(abs(model.predict([3, 2, 1]) - 1) < 0.05)
        #expect(abs(model.predict([12, 2, 1]) - 5) < 0.05)
        #expect(abs(model.predict([12, 18, .nan]) - 7) < 0.05)
        let (base, per) = model.contributions([12, 18, 0])
        #expect(abs(base + per.reduce(0, +) - model.predict([12, 18, 0])) < 1e-9)
        // The noise column explains (almost) nothing; x explains more than z.
        #expect(abs(per[2]) < 0.05)
        #expect(per[0] > per[1] && per[1] > 0)
    }

    /// The batch prediction (binned rows, leaves found as an AND of masks per feature) reaches the same leaves
    /// as the walk of the contributions, which follows the trees' own arrays node by node: on the bundled model,
    /// for 3,000 real DPE inputs, rows with missing values, and rows whose values sit exactly on a threshold
    /// (where "≤ goes left" must hold) or just above it.
    @Test func batchPredictionsFollowTheTrees() throws {
        let model = try #require(try RenovationData.model())
        let climate = try RenovationData.climate()
        var rows = DPEData.clean(try RenovationData.dpeExtract()).samples.prefix(3000).map { IntensityModel.features($0.0, climate: climate) }
        rows.append(rows[0].map { _ in .nan })
        for (k, tree) in model.trees.trees.prefix(40).enumerated() {
            for (f, t) in zip(tree.feature, tree.threshold) where f >= 0 && t > -1e300 {
                var on = rows[k], above = rows[k]
                on[Int(f)] = t
                above[Int(f)] = t.nextUp
                rows += [on, above]
            }
        }
        let batch = model.trees.predict(matrix: rows.flatMap { $0 })
        #expect(batch.count == rows.count)
        var mismatches = 0
        for (row, value) in zip(rows, batch) {
            let (base, per) = model.trees.contributions(row)
            if abs(value - (base + per.reduce(0, +))) > 1e-9 || value != model.trees.predict(row) { mismatches += 1 }
        }
        #expect(mismatches == 0, "\(mismatches) of \(rows.count) rows reach other leaves")
    }

    @Test func missingValuesGoLeftAndBinsAreExact() {
        let binning = Binning(rows: [[1], [2], [3], [.nan]], featureCount: 1, maxBins: 255)
        #expect(binning.edges[0] == [1.5, 2.5])
        #expect(binning.bin(.nan, feature: 0) == 0)
        #expect(binning.bin(1, feature: 0) == 1)
        #expect(binning.bin(2.5, feature: 0) == 2)
        #expect(binning.bin(9, feature: 0) == 3)
    }
}
