import NIOPosix
import Synchronization

/// Reading and checking the files people send (imports, the validator) runs on threads of its own, at most
/// two files at a time, a few more waiting their turn, the others refused with a 429. The cooperative threads
/// that answer every other request are as many as the cores (two here): a few large or hostile files worked on
/// there would stop the whole site; and a queue without end would hold every waiting file in memory.
final class FileWork: Sendable {
    static let shared = FileWork(threads: 2, waiting: 8)

    private let pool: NIOThreadPool
    private let capacity: Int
    private let pending = Atomic<Int>(0)

    init(threads: Int, waiting: Int) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        capacity = threads + waiting
    }

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await shared.run(body)
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        guard pending.add(1, ordering: .relaxed).newValue <= capacity else {
            pending.subtract(1, ordering: .relaxed)
            throw WebError.tooManyRequests("Trop de fichiers sont en cours de vérification : réessayez dans un instant.")
        }
        defer { pending.subtract(1, ordering: .relaxed) }
        return try await pool.runIfActive(body)
    }
}
