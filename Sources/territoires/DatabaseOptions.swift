import ArgumentParser
import BundledData
import Foundation
import Logging
import Referential
import Storage

struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "Fichier de la base SQLite (créé s'il n'existe pas). Variable d'environnement : TERRITOIRES_DB.",
        valueName: "chemin"))
    var path: String = ProcessInfo.processInfo.environment["TERRITOIRES_DB"] ?? "territoires.sqlite"

    @Option(name: .customLong("database-url"), help: ArgumentHelp(
        "Base PostgreSQL partagée (postgres://utilisateur:motdepasse@hôte:port/base) au lieu du fichier SQLite. Variable d'environnement : TERRITOIRES_DATABASE_URL.",
        valueName: "url"))
    var databaseURL: String? = ProcessInfo.processInfo.environment["TERRITOIRES_DATABASE_URL"]

    /// Opens the database and makes sure it holds the bundled data of this version, loading it when the
    /// database is new or was filled from other data. Returns the store and whether it was (re)loaded.
    func openLoaded(force: Bool = false, logger: Logger) async throws -> (any ApplicationStore, Bool) {
        let store = try await Stores.open(databaseURL: databaseURL, path: path)
        let fingerprint = try BundledData.fingerprint()
        let current = try await store.dataFingerprint()
        if !force && current == fingerprint { return (store, false) }
        logger.notice(current == nil ? "Base neuve : chargement des données embarquées…" : "Données embarquées modifiées : rechargement…",
                      metadata: ["db": .string(databaseURL == nil ? path : "PostgreSQL")])
        let clock = ContinuousClock()
        let start = clock.now
        let dataset = try ReferentialLoader(progress: { step in
            logger.notice("  [\(Self.describe(clock.now - start))] lecture : \(step)")
        }).load()
        logger.notice("  [\(Self.describe(clock.now - start))] lecture : indicateurs (INSEE, comparateur 2022 et recensement 2021)")
        let sources = try IndicatorLoader().load(communeCodes: dataset.referential.communes.map(\.code))
        logger.notice("  [\(Self.describe(clock.now - start))] écriture dans la base")
        try await store.replaceReferential(dataset.referential, townHalls: dataset.townHalls,
                                           shapes: dataset.shapes, sources: sources, fingerprint: fingerprint)
        logger.notice("Données chargées", metadata: [
            "communes": .stringConvertible(dataset.referential.communes.count),
            "durée": .string(Self.describe(clock.now - start)),
        ])
        return (store, true)
    }

    static func describe(_ duration: Duration) -> String {
        let ms = duration.seconds * 1000
        return ms >= 1000 ? "\((ms / 100).rounded() / 10) s" : "\((ms * 10).rounded() / 10) ms"
    }
}

extension DatabaseOptions {
    /// The options of a command that picks its own SQLite file (bench), every option set: the argument parser
    /// stops the program when a command reads an option it neither parsed nor was given. Set on a copy: an
    /// assignment inside an initializer would re-create the option as an unparsed definition.
    static func sqlite(_ path: String) -> DatabaseOptions {
        var options = DatabaseOptions()
        options.path = path
        options.databaseURL = nil
        return options
    }
}

extension Territoires {
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Charge (ou recharge) les données embarquées dans la base, puis s'arrête.",
            discussion: "Sans --force, ne fait rien si la base contient déjà les données de cette version.")

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Recharge même si la base est à jour.") var force = false

        func run() async throws {
            let logger = Logger(label: "territoires")
            let (_, loaded) = try await database.openLoaded(force: force, logger: logger)
            if !loaded { logger.notice("La base est déjà à jour.", metadata: ["db": .string(database.path)]) }
        }
    }
}

extension Duration {
    /// The duration in seconds, for printing measurements.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
