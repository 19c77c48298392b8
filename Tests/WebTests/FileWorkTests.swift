import Foundation
import Testing
@testable import Web

@Suite struct FileWorkTests {
    /// With one thread and no place in the queue, a second file while the first is worked on is refused with a
    /// 429 in French; the place comes back when the work is done.
    @Test func filesBeyondTheQueueAreRefusedUntilAPlaceIsFree() async throws {
        let work = FileWork(threads: 1, waiting: 0)
        let gate = DispatchSemaphore(value: 0)
        let started = AsyncStream.makeStream(of: Void.self)
        let running = Task { try await work.run { started.continuation.yield(); gate.wait(); return 1 } }
        var iterator = started.stream.makeAsyncIterator()
        await iterator.next()
        let refusal = await #expect(throws: WebError.self) { try await work.run { 2 } }
        #expect(refusal?.status == .tooManyRequests)
        #expect(refusal?.detail == "Trop de fichiers sont en cours de vérification : réessayez dans un instant.")
        gate.signal()
        #expect(try await running.value == 1)
        #expect(try await work.run { 3 } == 3)
    }
}
