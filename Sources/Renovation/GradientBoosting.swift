import Foundation
import Tabular

/// Gradient-boosted regression trees on histograms, in the manner of LightGBM: every feature is cut into at
/// most 255 quantile bins once, trees grow leaf-wise (always splitting the leaf with the best gain), a
/// child's histogram is the parent's minus its sibling's. Missing values (NaN) get a bin of their own, which
/// always goes left. Each node keeps the value it would predict as a leaf, so a prediction decomposes exactly
/// into a base value plus one contribution per feature (Saabas' path attribution).
public struct GradientBoostedTrees: Codable, Sendable, Equatable {
    public struct Parameters: Codable, Sendable, Equatable {
        public var trees = 150
        public var learningRate = 0.08
        /// At most 32: the batch prediction keeps a tree's leaves in a 32-bit mask.
        public var maxLeaves = 16
        public var minRowsInLeaf = 15
        public var l2 = 2.0
        public var maxBins = 255
        /// Fraction of rows each tree sees (bagging without replacement, deterministic seed).
        public var rowSampling = 1.0
        public var seed: UInt64 = 20_261_127
        /// Pseudo-Huber loss scale on the target (nil: squared error). Robust to the outliers the DPE keeps.
        public var huberDelta: Double? = 0.6

        public init() {}
    }

    /// Flattened tree: node i splits on `feature[i]` at `threshold[i]` (left when the value is missing or
    /// ≤ threshold); leaves have feature -1.
    public struct Tree: Codable, Sendable, Equatable {
        public var feature: [Int32] = []
        public var threshold: [Double] = []
        public var left: [Int32] = []
        public var right: [Int32] = []
        public var value: [Double] = []

        func leaf(for row: (Int) -> Double) -> Int {
            var node = 0
            while feature[node] >= 0 {
                let v = row(Int(feature[node]))
                node = Int(v.isNaN || v <= threshold[node] ? left[node] : right[node])
            }
            return node
        }
    }

    public let featureNames: [String]
    public let base: Double
    public let trees: [Tree]
    public let parameters: Parameters
    /// Every tree's nodes in one array, for prediction (derived from `trees`, not stored).
    private let forest: Forest

    enum CodingKeys: String, CodingKey { case featureNames, base, trees, parameters }

    init(featureNames: [String], base: Double, trees: [Tree], parameters: Parameters) {
        self.featureNames = featureNames
        self.base = base
        self.trees = trees
        self.parameters = parameters
        forest = Forest(trees, featureCount: featureNames.count)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(featureNames: try c.decode([String].self, forKey: .featureNames), base: try c.decode(Double.self, forKey: .base),
                  trees: try c.decode([Tree].self, forKey: .trees), parameters: try c.decode(Parameters.self, forKey: .parameters))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(featureNames, forKey: .featureNames)
        try c.encode(base, forKey: .base)
        try c.encode(trees, forKey: .trees)
        try c.encode(parameters, forKey: .parameters)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.featureNames == b.featureNames && a.base == b.base && a.trees == b.trees && a.parameters == b.parameters
    }

    /// The forest compiled for batch prediction, after QuickScorer (Lucchese et al., SIGIR 2015) over binned
    /// values. Each feature's distinct thresholds are its bin edges, so "value > threshold" is exactly "bin >
    /// the threshold's bin". A tree's leaves are numbered left to right; a node whose test sends a row right
    /// rules out the leaves of its left subtree, and the row's leaf is the leftmost leaf no node ruled out. For
    /// every feature and every bin a row can have there, `masks` holds, tree by tree, the leaves still possible
    /// after that feature's nodes: a row's leaves are the AND of one such line per feature, with no branch and
    /// no chain of dependent reads, instead of a walk down each of the trees.
    struct Forest: Sendable {
        typealias Lane = SIMD8<UInt32>
        let binning: Binning
        /// The features some node splits on, and where their lines start in `masks` (in lines).
        let features: [Int], firstLine: [Int]
        /// Lines of `width` lanes; bit k of a tree's word stands for its k-th leaf from the left.
        let masks: [Lane]
        let width: Int
        /// Tree t's leaf k holds `leafValues[t * 32 + k]`.
        let leafValues: [Double]
        let treeCount: Int

        init(_ trees: [Tree], featureCount: Int) {
            var thresholds = [Set<Double>](repeating: [], count: featureCount)
            for tree in trees {
                for (f, t) in zip(tree.feature, tree.threshold) where f >= 0 { thresholds[Int(f)].insert(t) }
            }
            binning = Binning(edges: thresholds.map { $0.sorted() })
            treeCount = trees.count
            width = (trees.count + 7) / 8
            // Per feature, its nodes as (bin, tree, leaves ruled out when the row goes right).
            var nodes = [[(bin: Int, tree: Int, mask: UInt32)]](repeating: [], count: featureCount)
            var leafValues = [Double](repeating: 0, count: trees.count * 32)
            for (t, tree) in trees.enumerated() {
                // Leaves in left-to-right order, and for each node the range of leaf numbers below it.
                var first = [Int](repeating: 0, count: tree.feature.count), end = first
                var next = 0
                func visit(_ i: Int) {
                    first[i] = next
                    if tree.feature[i] < 0 {
                        precondition(next < 32, "more than 32 leaves in a tree")
                        leafValues[t * 32 + next] = tree.value[i]
                        next += 1
                    } else {
                        visit(Int(tree.left[i]))
                        visit(Int(tree.right[i]))
                    }
                    end[i] = next
                }
                visit(0)
                for i in tree.feature.indices where tree.feature[i] >= 0 {
                    let f = Int(tree.feature[i]), left = Int(tree.left[i])
                    // v > edges[k] ⇔ more than k edges lie below v ⇔ bin(v) = (edges below v) + 1 > k + 1.
                    let bin = binning.edges[f].firstIndex(of: tree.threshold[i])! + 1
                    let ruledOut = (UInt32(1) << UInt32(end[left]) &- 1) & ~(UInt32(1) << UInt32(first[left]) &- 1)
                    nodes[f].append((bin, t, ~ruledOut))
                }
            }
            self.leafValues = leafValues
            var features: [Int] = [], firstLine: [Int] = [], masks: [Lane] = []
            let width = self.width
            for f in 0..<featureCount where !nodes[f].isEmpty {
                features.append(f)
                firstLine.append(masks.count / width)
                // Bins run from 0 (missing) to edges + 1; each bin's line adds the nodes whose bin it exceeds.
                var line = [UInt32](repeating: .max, count: width * 8)
                let sorted = nodes[f].sorted { $0.bin < $1.bin }
                var k = 0
                for bin in 0...(binning.edges[f].count + 1) {
                    while k < sorted.count && sorted[k].bin < bin {
                        line[sorted[k].tree] &= sorted[k].mask
                        k += 1
                    }
                    for lane in 0..<width { masks.append(Lane(line[(lane * 8)..<(lane * 8 + 8)])) }
                }
            }
            self.features = features
            self.firstLine = firstLine
            self.masks = masks
        }
    }

    /// Predictions for many rows (row-major, `featureNames.count` values each).
    public func predict(matrix: [Double]) -> [Double] {
        let width = featureNames.count
        return matrix.withUnsafeBufferPointer { m in
            predict(count: matrix.count / width) { i, row in
                for f in 0..<width { row[f] = m[i &* width &+ f] }
            }
        }
    }

    /// Predictions for `count` rows, `fill(i, row)` writing row i's `featureNames.count` values: no matrix of
    /// every row is built. Each row is binned, its leaves found as the AND of one line of masks per feature,
    /// and the trees' values added in tree order (so a prediction is the same number whichever way it is asked).
    /// Four rows go together, so their four sums are four independent chains of additions.
    /// Kept inside the module: `fill` writes into scratch memory that must not outlive the call.
    func predict(count: Int, fill: (Int, UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        let forest = self.forest, binning = forest.binning, width = forest.width, used = forest.features.count
        var sums = [Double](repeating: base, count: count)
        // Scratch for one block of four rows: a row's values, its line per feature, its leaves per tree (eight
        // trees' words are stored at once as one lane, and read one tree at a time).
        let row = UnsafeMutableBufferPointer<Double>.allocate(capacity: featureNames.count)
        let lines = UnsafeMutableBufferPointer<Int>.allocate(capacity: used)
        let words = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: max(1, 4 * width * 8))
        defer { row.deallocate(); lines.deallocate(); words.deallocate() }
        let leaves = UnsafeMutableRawPointer(words.baseAddress!)
        forest.masks.withUnsafeBufferPointer { masks in
            forest.leafValues.withUnsafeBufferPointer { values in
                for first in stride(from: 0, to: count, by: 4) {
                    for j in 0..<4 {
                        // Past the end, the block's first row again; its result is not kept.
                        fill(first &+ j < count ? first &+ j : first, row)
                        for k in 0..<used {
                            let f = forest.features[k]
                            lines[k] = (forest.firstLine[k] &+ Int(binning.bin(row[f], feature: f))) &* width
                        }
                        // Eight trees at a time, through every feature's line.
                        for lane in 0..<width {
                            var possible = Forest.Lane(repeating: .max)
                            for k in 0..<used { possible &= masks[lines[k] &+ lane] }
                            leaves.storeBytes(of: possible, toByteOffset: (j &* width &+ lane) &* MemoryLayout<Forest.Lane>.stride, as: Forest.Lane.self)
                        }
                    }
                    let rowWords = width &* 8
                    var sum = SIMD4<Double>(repeating: base)
                    for t in 0..<forest.treeCount {
                        sum += SIMD4(values[t &* 32 &+ words[t].trailingZeroBitCount],
                                     values[t &* 32 &+ words[rowWords &+ t].trailingZeroBitCount],
                                     values[t &* 32 &+ words[2 &* rowWords &+ t].trailingZeroBitCount],
                                     values[t &* 32 &+ words[3 &* rowWords &+ t].trailingZeroBitCount])
                    }
                    for j in 0..<min(4, count &- first) { sums[first &+ j] = sum[j] }
                }
            }
        }
        return sums
    }

    public func predict(_ row: [Double]) -> Double {
        predict(count: 1) { _, buffer in
            for f in 0..<featureNames.count { buffer[f] = row[f] }
        }[0]
    }

    /// The prediction's decomposition: base + Σ contributions == predict(row).
    public func contributions(_ row: [Double]) -> (base: Double, perFeature: [Double]) {
        var per = [Double](repeating: 0, count: featureNames.count)
        var base = self.base
        for tree in trees {
            var node = 0
            base += tree.value[0]
            while tree.feature[node] >= 0 {
                let f = Int(tree.feature[node])
                let v = row[f]
                let next = Int(v.isNaN || v <= tree.threshold[node] ? tree.left[node] : tree.right[node])
                per[f] += tree.value[next] - tree.value[node]
                node = next
            }
        }
        return (base, per)
    }

    /// Trains on `rows` (each with `featureNames.count` values, NaN for missing) against `targets`.
    public static func train(rows: [[Double]], targets: [Double], featureNames: [String], parameters: Parameters = Parameters()) -> GradientBoostedTrees {
        precondition(rows.count == targets.count && !rows.isEmpty)
        let n = rows.count, featureCount = featureNames.count
        let binning = Binning(rows: rows, featureCount: featureCount, maxBins: parameters.maxBins)
        var bins = [[UInt8]](repeating: [UInt8](repeating: 0, count: n), count: featureCount)
        for f in 0..<featureCount { for i in 0..<n { bins[f][i] = binning.bin(rows[i][f], feature: f) } }

        let base = parameters.huberDelta == nil ? targets.reduce(0, +) / Double(n) : median(targets)
        var prediction = [Double](repeating: base, count: n)
        var gradients = [Double](repeating: 0, count: n)
        var random = SplitMix(seed: parameters.seed)
        var trees: [Tree] = []
        let grower = TreeGrower(bins: bins, binCounts: binning.edges.map { $0.count + 2 }, edges: binning.edges, parameters: parameters)
        for _ in 0..<parameters.trees {
            // Both losses have a unit hessian (squared error, and pseudo-Huber taken as LightGBM's "huber" takes it):
            // a set of rows' hessian sum is its count, which the grower uses instead of a second array.
            for i in 0..<n {
                let r = prediction[i] - targets[i]
                gradients[i] = parameters.huberDelta.map { max(-$0, min($0, r)) } ?? r
            }
            var sample = Array(0..<n)
            if parameters.rowSampling < 1 {
                for i in stride(from: n - 1, to: 0, by: -1) { sample.swapAt(i, random.next(below: i + 1)) }
                sample = Array(sample.prefix(max(1, Int(Double(n) * parameters.rowSampling))))
            }
            let tree = grower.grow(rows: sample, gradients: gradients)
            for i in 0..<n { prediction[i] += tree.value[tree.leaf { rows[i][$0] }] }
            trees.append(tree)
        }
        return GradientBoostedTrees(featureNames: featureNames, base: base, trees: trees, parameters: parameters)
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// Quantile cut points per feature; bin 0 holds missing values, bin b ≥ 1 the values in (edge[b-2], edge[b-1]].
struct Binning: Sendable {
    let edges: [[Double]]
    /// The same edges end to end, feature f's from `starts[f]` to `starts[f + 1]`: binning a row then reads
    /// one array (the nested arrays cost a reference count per lookup).
    private let flat: [Double]
    private let starts: [Int]

    init(edges: [[Double]]) {
        self.edges = edges
        flat = Array(edges.joined())
        starts = edges.reduce(into: [0]) { $0.append($0.last! + $1.count) }
    }

    init(rows: [[Double]], featureCount: Int, maxBins: Int) {
        self.init(edges: (0..<featureCount).map { f in
            let values = rows.map { $0[f] }.filter { !$0.isNaN }.sorted()
            var distinct: [Double] = []
            for v in values where distinct.last != v { distinct.append(v) }
            if distinct.count <= maxBins - 1 {
                // Midpoints between distinct values: exact splits for categorical codes and small integers.
                return zip(distinct, distinct.dropFirst()).map { ($0 + $1) / 2 }
            }
            var cuts: [Double] = []
            for k in 1..<(maxBins - 1) {
                let v = values[k * values.count / (maxBins - 1)]
                if cuts.last.map({ v > $0 }) ?? true, v < distinct.last! { cuts.append(v) }
            }
            return cuts
        })
    }

    /// 0 for a missing value, else 1 + the number of edges below the value.
    @inline(__always)
    func bin(_ value: Double, feature: Int) -> UInt8 {
        if value.isNaN { return 0 }
        var lo = starts[feature], hi = starts[feature + 1]
        let first = lo
        while lo < hi {
            let mid = (lo + hi) / 2
            if value <= flat[mid] { hi = mid } else { lo = mid + 1 }
        }
        return UInt8(lo - first + 1)
    }
}

/// Grows one tree leaf-wise from histograms of gradients and counts (the hessian sums: every hessian is 1).
struct TreeGrower {
    let bins: [[UInt8]]
    let binCounts: [Int]
    let edges: [[Double]]
    let parameters: GradientBoostedTrees.Parameters

    struct Histogram {
        var g: [Double], c: [Int]
        static func - (a: Histogram, b: Histogram) -> Histogram {
            var r = a
            for i in r.g.indices { r.g[i] -= b.g[i]; r.c[i] -= b.c[i] }
            return r
        }
    }

    struct Leaf {
        var node: Int, start: Int, end: Int
        var g: Double
        var histograms: [Histogram]
        var h: Double { Double(end - start) }
        var best: (gain: Double, feature: Int, bin: Int)?
    }

    /// Sums of gradients and counts per bin of every feature over `rows`. The leaf's gradients are
    /// gathered once, then each feature's column is scanned without bounds checks: this is where training
    /// spends its time.
    func histograms(_ rows: ArraySlice<Int>, _ gradients: [Double]) -> [Histogram] {
        let index = Array(rows)
        let g = index.map { gradients[$0] }
        return (0..<bins.count).map { f in
            var hg = [Double](repeating: 0, count: binCounts[f]), hc = [Int](repeating: 0, count: binCounts[f])
            bins[f].withUnsafeBufferPointer { column in
                index.withUnsafeBufferPointer { index in
                    g.withUnsafeBufferPointer { g in
                        hg.withUnsafeMutableBufferPointer { hg in
                            hc.withUnsafeMutableBufferPointer { hc in
                                for k in 0..<index.count {
                                    let b = Int(column[index[k]])
                                    hg[b] += g[k]
                                    hc[b] += 1
                                }
                            }
                        }
                    }
                }
            }
            return Histogram(g: hg, c: hc)
        }
    }

    func value(_ g: Double, _ h: Double) -> Double { -g / (h + parameters.l2) * parameters.learningRate }

    func bestSplit(_ leaf: Leaf) -> (gain: Double, feature: Int, bin: Int)? {
        let λ = parameters.l2, count = leaf.end - leaf.start
        let parentScore = leaf.g * leaf.g / (leaf.h + λ)
        var best: (gain: Double, feature: Int, bin: Int)?
        for (f, hist) in leaf.histograms.enumerated() {
            var gl = 0.0, cl = 0
            for b in 0..<(hist.g.count - 1) {
                gl += hist.g[b]; cl += hist.c[b]
                let hl = Double(cl)
                let cr = count - cl
                if cl < parameters.minRowsInLeaf { continue }
                if cr < parameters.minRowsInLeaf { break }
                let gr = leaf.g - gl, hr = leaf.h - hl
                let gain = gl * gl / (hl + λ) + gr * gr / (hr + λ) - parentScore
                if gain > (best?.gain ?? 1e-9) { best = (gain, f, b) }
            }
        }
        return best
    }

    func grow(rows sample: [Int], gradients: [Double]) -> GradientBoostedTrees.Tree {
        var rows = sample
        var tree = GradientBoostedTrees.Tree()
        func addNode(_ v: Double) -> Int {
            tree.feature.append(-1); tree.threshold.append(0); tree.left.append(-1); tree.right.append(-1); tree.value.append(v)
            return tree.value.count - 1
        }
        let g = rows.reduce(0) { $0 + gradients[$1] }
        var root = Leaf(node: addNode(value(g, Double(rows.count))), start: 0, end: rows.count, g: g, histograms: histograms(rows[...], gradients))
        root.best = bestSplit(root)
        var leaves = [root]
        while leaves.count < parameters.maxLeaves {
            guard let pick = leaves.indices.filter({ leaves[$0].best != nil }).max(by: { leaves[$0].best!.gain < leaves[$1].best!.gain }) else { break }
            let leaf = leaves.remove(at: pick)
            let (_, f, b) = leaf.best!
            // Partition the leaf's rows in place: bins ≤ b to the left.
            var mid = leaf.start
            for i in leaf.start..<leaf.end where Int(bins[f][rows[i]]) <= b {
                rows.swapAt(i, mid)
                mid += 1
            }
            var gl = 0.0
            for i in leaf.start..<mid { gl += gradients[rows[i]] }
            let hl = Double(mid - leaf.start)
            let leftSmaller = mid - leaf.start <= leaf.end - mid
            let small = leftSmaller ? histograms(rows[leaf.start..<mid], gradients) : histograms(rows[mid..<leaf.end], gradients)
            let large = zip(leaf.histograms, small).map { $0 - $1 }
            var left = Leaf(node: addNode(value(gl, hl)), start: leaf.start, end: mid, g: gl, histograms: leftSmaller ? small : large)
            var right = Leaf(node: addNode(value(leaf.g - gl, leaf.h - hl)), start: mid, end: leaf.end, g: leaf.g - gl,
                             histograms: leftSmaller ? large : small)
            tree.feature[leaf.node] = Int32(f)
            tree.threshold[leaf.node] = b == 0 ? -Double.greatestFiniteMagnitude : edges[f][b - 1]
            tree.left[leaf.node] = Int32(left.node)
            tree.right[leaf.node] = Int32(right.node)
            left.best = bestSplit(left)
            right.best = bestSplit(right)
            leaves.append(left)
            leaves.append(right)
        }
        return tree
    }
}
