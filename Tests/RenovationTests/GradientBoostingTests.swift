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

    /// The batch walk (rows side by side, a fixed number of steps per tree) reaches the same leaves as the walk
    /// of the contributions, which follows the trees' own arrays node by node: on the bundled model, for real
    /// DPE inputs, with missing values, and a row count that is not a multiple of the eight lanes.
    @Test func batchPredictionsFollowTheTrees() throws {
        let model = try #require(try RenovationData.model())
        let climate = try RenovationData.climate()
        var rows = DPEData.clean(try RenovationData.dpeExtract()).samples.prefix(12).map { IntensityModel.features($0.0, climate: climate) }
        rows.append(rows[0].map { _ in .nan })
        let batch = model.trees.predict(matrix: rows.flatMap { $0 })
        for (row, value) in zip(rows, batch) {
            let (base, per) = model.trees.contributions(row)
            #expect(abs(value - (base + per.reduce(0, +))) < 1e-9)
            #expect(value == model.trees.predict(row))
        }
        #expect(batch.count == 13)
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
