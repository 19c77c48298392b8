import NIOPosix

/// Reading and checking the files people send (imports, the validator) runs on threads of its own, at most
/// two files at a time, the others waiting their turn. The cooperative threads that answer every other request
/// are as many as the cores (two here): a few large or hostile files worked on there would stop the whole site.
enum FileWork {
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}
