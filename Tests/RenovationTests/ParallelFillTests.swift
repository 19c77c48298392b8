import Foundation
import Testing
@testable import Renovation

@Suite struct ParallelFillTests {
    /// Every element is made once, in its place, with the context of the chunk that holds it; chunks are
    /// consecutive ranges that cover the indices once, at least `minimumChunk` long (but for a smaller total).
    @Test(arguments: [0, 1, 7, 99, 100, 101, 12_345])
    func fillsEveryIndexFromItsChunk(count: Int) {
        let made = [(index: Int, chunk: Range<Int>)](parallel: count, minimumChunk: 10) { range in range } _: { range, i in (i, range) }
        #expect(made.map(\.index) == Array(0..<count))
        #expect(made.allSatisfy { $0.chunk.contains($0.index) })
        let chunks = made.map(\.chunk).reduce(into: [Range<Int>]()) { if $0.last != $1 { $0.append($1) } }
        #expect(chunks.map(\.count).reduce(0, +) == count)
        #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(chunks.dropLast().allSatisfy { $0.count >= 10 } && chunks.count <= max(1, ProcessInfo.processInfo.activeProcessorCount * 4))
    }

    /// A context is its chunk's own: a count kept in it sees only its chunk's indices, in order; the contexts
    /// are gathered in chunk order once every element is made.
    @Test func contextIsMutatedByItsChunkOnlyAndGatheredInOrder() {
        var gathered: [Range<Int>] = []
        let seen = [Int](parallel: 50_000, minimumChunk: 1_000) { range in (range: range, next: range.lowerBound, made: 0) } _: { context, i in
            defer { context.next += 1; context.made += 1 }
            return context.next == i ? context.made : -1
        } gather: { context in
            #expect(context.made == context.range.count)
            gathered.append(context.range)
        }
        #expect(!seen.contains(-1))
        #expect(seen.first == 0 && seen.filter { $0 == 0 }.count == gathered.count)
        #expect(gathered.first?.lowerBound == 0 && gathered.last?.upperBound == 50_000
                && zip(gathered, gathered.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }
}
