import ArgumentParser
import Foundation
import Logging
import Storage

extension Territoires {
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copie la base SQLite de façon cohérente, même pendant que le serveur tourne.",
            discussion: "Pour PostgreSQL, utilisez pg_dump (voir le README).")

        @Option(name: .customLong("db"), help: ArgumentHelp("Base à copier. Variable d'environnement : TERRITOIRES_DB.", valueName: "chemin"))
        var path: String = ProcessInfo.processInfo.environment["TERRITOIRES_DB"] ?? "territoires.sqlite"

        @Option(help: ArgumentHelp("Fichier de la copie (ne doit pas exister).", valueName: "chemin")) var to: String

        func run() async throws {
            guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("Aucune base à \(path).") }
            let clock = ContinuousClock()
            let start = clock.now
            try await SQLiteStore(path: path).backup(to: to)
            print("Copie écrite dans \(to) en \(DatabaseOptions.describe(clock.now - start)).")
        }
    }
}
