import ArgumentParser
import BundledData
import Foundation
import Hummingbird
import Logging
import Web
import Accounts

extension Territoires {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Démarre le serveur web (pages et API) sur la base SQLite embarquée.",
            discussion: """
                Au premier démarrage, la base est créée et les données publiques embarquées y sont chargées \
                (quelques secondes). Les démarrages suivants réutilisent la base ; une nouvelle version des \
                données embarquées est détectée et rechargée.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Adresse d'écoute. Variable d'environnement : TERRITOIRES_HOST.", valueName: "hôte"))
        var host: String = ProcessInfo.processInfo.environment["TERRITOIRES_HOST"] ?? "127.0.0.1"

        @Option(help: ArgumentHelp("Port d'écoute (0 : un port libre). Variable d'environnement : TERRITOIRES_PORT.", valueName: "port"))
        var port: Int = ProcessInfo.processInfo.environment["TERRITOIRES_PORT"].flatMap(Int.init) ?? 8080

        @Option(help: ArgumentHelp("Niveau de journalisation : trace, debug, info, notice, warning, error.", valueName: "niveau"))
        var logLevel: String = ProcessInfo.processInfo.environment["TERRITOIRES_LOG_LEVEL"] ?? "info"

        @Flag(help: "Marque les cookies Secure et demande aux navigateurs de rester en HTTPS (à activer derrière TLS). Variable d'environnement : TERRITOIRES_SECURE_COOKIES=1.")
        var secureCookies = ProcessInfo.processInfo.environment["TERRITOIRES_SECURE_COOKIES"] == "1"

        @Option(help: ArgumentHelp("Connexions servies à la fois ; au-delà, les suivantes attendent. Variable d'environnement : TERRITOIRES_MAX_CONNEXIONS.",
                                   valueName: "nombre"))
        var maxConnexions: Int = ProcessInfo.processInfo.environment["TERRITOIRES_MAX_CONNEXIONS"].flatMap(Int.init) ?? Site.Limits().maxConnections

        @Option(help: ArgumentHelp("""
            Adresse du proxy inverse (répartiteur, serveur TLS) : des connexions venant de lui, l'adresse du client est lue dans \
            X-Forwarded-For (pour limiter les tentatives de connexion par adresse). Variable d'environnement : TERRITOIRES_TRUSTED_PROXY.
            """, valueName: "adresse"))
        var trustedProxy: String? = ProcessInfo.processInfo.environment["TERRITOIRES_TRUSTED_PROXY"]

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("Le port doit être compris entre 0 et 65535.") }
            guard maxConnexions > 0 else { throw ValidationError("Le nombre de connexions doit être positif.") }
            guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("Niveau de journalisation inconnu : \(logLevel).") }
        }

        func run() async throws {
            var logger = Logger(label: "territoires")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            let clock = ContinuousClock()
            let start = clock.now
            let (store, _) = try await database.openLoaded(logger: logger)
            let site = try await Site(referential: try await store.referential(), store: store,
                                      security: Site.Security(secureCookies: secureCookies, trustedProxy: trustedProxy),
                                      limits: Site.Limits(maxConnections: maxConnexions), renovation: { try RenovationData.setup() })
            let app = site.application(host: host, port: port, logger: logger) { [logger, host] port in
                logger.notice("Prêt : http://\(host):\(port)/", metadata: ["démarrage": .string(DatabaseOptions.describe(clock.now - start))])
            }
            // Map layers are drawn in the background so the server answers at once.
            Task.detached(priority: .background) { [logger] in
                do { try await site.warmMaps() } catch { logger.warning("Préparation des cartes interrompue : \(error)") }
            }
            try await site.serviceGroup(app, logger: logger).run()
        }
    }
}
