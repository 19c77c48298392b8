import Foundation

extension Array where Element: Sendable {
    /// `count` elements made on all cores, element `i` by `make(&context, i)`, in index order. The indices are cut
    /// into chunks of consecutive ones (at least `minimumChunk` each, at most four per core); each chunk makes its
    /// own `context` from its range first (a reader with its memos, the model's estimates for the range), uses it
    /// for its indices only, so a context needs no lock, and may gather in it what its elements do not hold (the
    /// problems of a chunk's rows). `gather` then receives the contexts in chunk order, on the calling thread.
    ///
    /// Each element is written straight into its place in the result: no per-chunk arrays gathered and copied
    /// afterwards (for half a million buildings, copying them cost more than making them). This is the only
    /// place of the module that writes to uninitialised memory from several threads.
    /// Inlined into its callers so that it is compiled for their types: unspecialised, every element would be
    /// made and moved through value witnesses.
    @inline(__always)
    init<Context>(parallel count: Int, minimumChunk: Int, context: @Sendable (Range<Int>) -> Context,
                            _ make: @Sendable (inout Context, Int) -> Element, gather: (Context) -> Void = { _ in }) {
        let chunks = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount * 4, count / Swift.max(minimumChunk, 1)))
        let size = (count + chunks - 1) / chunks
        var contexts = [Context?](repeating: nil, count: chunks)
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            contexts.withUnsafeMutableBufferPointer { contexts in
                // Chunks write disjoint ranges of the buffer and their own context's place, all of which outlive
                // `concurrentPerform`; the contexts are read after it returns, on this thread.
                nonisolated(unsafe) let (output, contexts) = (base, contexts)
                DispatchQueue.concurrentPerform(iterations: chunks) { k in
                    let range = Swift.min(k * size, count)..<Swift.min((k + 1) * size, count)
                    guard !range.isEmpty else { return }
                    var local = context(range)
                    for i in range { (output + i).initialize(to: make(&local, i)) }
                    contexts[k] = local
                }
            }
            initialized = count
        }
        for case let context? in contexts { gather(context) }
    }
}
