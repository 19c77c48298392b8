import ArgumentParser
import BundledData
import Foundation
import Hummingbird
import Logging
import Observatoire
import Referential
import Storage
import Tabular
import Web

extension Territoires {
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mesure les performances : chargement à froid, démarrage à chaud, recherche, rendu des fiches.",
            discussion: """
                Travaille sur une base temporaire neuve (ou sur --db), avec les données réelles embarquées. \
                À lancer sur une compilation optimisée : swift run -c release territoires bench
                """)

        @Option(help: "Nombre de recherches mesurées.") var queries = 10_000
        @Option(help: "Nombre de fiches communes rendues.") var cards = 2_000
        @Option(help: "Nombre de tableaux de bord de l'observatoire rendus.") var dashboards = 1_000
        @Option(help: "Durée de chaque mesure de charge avec wrk, en secondes (0 : pas de mesure de charge).") var loadSeconds = 10
        @Option(help: ArgumentHelp("Base à utiliser (par défaut, une base temporaire supprimée à la fin).", valueName: "chemin"))
        var db: String?

        func run() async throws {
            var logger = Logger(label: "territoires.bench")
            logger.logLevel = .warning
            let clock = ContinuousClock()
            let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("territoires-bench-\(UUID().uuidString).sqlite").path
            defer {
                if db == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            }
            let options = DatabaseOptions.sqlite(path)

            let coldStart = clock.now
            _ = try await options.openLoaded(force: db == nil, logger: logger)
            let cold = clock.now - coldStart
            print("chargement à froid (lecture des fichiers + écriture SQLite) : \(DatabaseOptions.describe(cold))")

            let warmStart = clock.now
            let (store, reloaded) = try await options.openLoaded(logger: logger)
            let opened = clock.now
            let loaded = try await store.referential()
            let read = clock.now
            // With the rénovation data, read in the background as `serve` does: the demo page is measured under load.
            let site = try await Site(referential: loaded, store: store, renovation: { try RenovationData.setup() })
            let warm = clock.now - warmStart
            precondition(!reloaded, "the second opening must reuse the database")
            print("démarrage à chaud : \(DatabaseOptions.describe(warm)) (ouverture et empreinte des données \(DatabaseOptions.describe(opened - warmStart)), "
                + "référentiel en mémoire \(DatabaseOptions.describe(read - opened)), gabarits \(DatabaseOptions.describe(clock.now - read)))")

            let referential = loaded
            var random = SplitMix(seed: 2024)
            let texts = (0..<queries).map { _ in Self.query(referential.communes[random.next(below: referential.communes.count)], &random) }
            var searchTimes: [Duration] = []
            searchTimes.reserveCapacity(texts.count)
            var found = 0
            for text in texts {
                let t = clock.now
                // 50 results, as the search page asks.
                found += referential.search.find(text, limit: 50).isEmpty ? 0 : 1
                searchTimes.append(clock.now - t)
            }
            print("recherche (\(texts.count) requêtes, \(found) avec résultat) : \(Self.percentiles(searchTimes))")

            let firstStart = clock.now
            try await site.warmMaps()
            print("préparation des fonds de carte des 101 départements : \(DatabaseOptions.describe(clock.now - firstStart))")
            let pages = BenchPages(site)
            var cardTimes: [Duration] = []
            var bytes = 0
            for _ in 0..<cards {
                let commune = referential.communes[random.next(below: referential.communes.count)]
                let t = clock.now
                bytes += try await pages.communeCard(commune).utf8.count
                cardTimes.append(clock.now - t)
            }
            print("rendu d'une fiche commune (\(cards) fiches, \(bytes / max(cards, 1) / 1024) Kio en moyenne) : \(Self.percentiles(cardTimes))")

            let sourceStart = clock.now
            let table = try await store.sourceTable()
            let sourceRead = clock.now - sourceStart
            let computeStart = clock.now, computeCPU = Self.threadCPUTime()
            let observatory = Observatory(referential: referential, table: table)
            let computed = clock.now - computeStart, computedCPU = Self.threadCPUTime() - computeCPU
            print("observatoire : lecture des variables \(DatabaseOptions.describe(sourceRead)), calcul des \(observatory.indicators.count) indicateurs "
                + "pour \(referential.communes.count) communes, des agrégats, rangs et de l'index des communes semblables : \(DatabaseOptions.describe(computed)) "
                + "(temps processeur \(DatabaseOptions.describe(computedCPU)))")
            let pvd = referential.communes(in: .petitesVillesDeDemain)
            var dashboardTimes: [Duration] = []
            bytes = 0
            for _ in 0..<dashboards {
                let commune = pvd[random.next(below: pvd.count)]
                let t = clock.now
                bytes += pages.dashboard(commune, observatory: observatory).utf8.count
                dashboardTimes.append(clock.now - t)
            }
            print("rendu d'un tableau de bord PVD (\(dashboards) pages, \(bytes / max(dashboards, 1) / 1024) Kio en moyenne) : \(Self.percentiles(dashboardTimes))")

            if loadSeconds > 0, let landerneau = referential.commune("29103") {
                try await loadTest(site, page: pages.dashboard(landerneau, observatory: observatory))
            }
        }

        /// The dashboard page under wrk, 50 connections, against nginx serving the same bytes (throughput and p99
        /// latency); then the rénovation demo page.
        func loadTest(_ site: Site, page: String) async throws {
            guard LoadTest.available() else {
                print("charge : wrk ou nginx absent (apt-get install wrk nginx-light) ; mesure sautée")
                return
            }
            var logger = Logger(label: "territoires.bench.http")
            logger.logLevel = .error
            let test = LoadTest(connections: 50, seconds: loadSeconds)
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let app = site.application(host: "127.0.0.1", port: 0, logger: logger) { continuation.yield($0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.run() }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else { return }
                // The site computes its own observatory in the background: the first request waits for it, unmeasured.
                try test.warm("http://127.0.0.1:\(port)/observatoire/29103")
                let ours = try test.measure("http://127.0.0.1:\(port)/observatoire/29103")
                let nginx = try test.withNginx(serving: page, port: port + 1) { try test.measure($0) }
                print("charge (wrk, 50 connexions, \(loadSeconds) s) : tableau de bord \(Int(ours.requestsPerSecond)) req/s (p99 \(DatabaseOptions.describe(ours.p99))), "
                    + "nginx (même page en fichier statique) \(Int(nginx.requestsPerSecond)) req/s (p99 \(DatabaseOptions.describe(nginx.p99))), "
                    + "soit \(Int((ours.requestsPerSecond / nginx.requestsPerSecond * 100).rounded())) % du débit")
                // The rénovation data loads in the background: measured once it is there, not while it loads.
                try test.warm("http://127.0.0.1:\(port)/renovation/demo")
                let demo = try test.measure("http://127.0.0.1:\(port)/renovation/demo")
                print("charge (wrk, 50 connexions, \(loadSeconds) s) : démonstration rénovation (classement mis en cache) \(Int(demo.requestsPerSecond)) req/s (p99 \(DatabaseOptions.describe(demo.p99)))")
                group.cancelAll()
            }
        }

        /// A query as people type one: a prefix of the name, lower case, accents dropped or "st" for "saint",
        /// or the INSEE code.
        static func query(_ commune: Commune, _ random: inout SplitMix) -> String {
            switch random.next(below: 4) {
            case 0: return commune.code
            case 1: return SearchText.normalize(commune.name).replacingOccurrences(of: "saint", with: "st")
            default:
                let name = commune.name.lowercased()
                return String(name.prefix(max(3, random.next(below: name.count + 1))))
            }
        }

        /// The processor time this thread has used: the observatory is computed synchronously on one thread, so
        /// this says what it costs whatever else the machine runs (the wall time grows with the load of a shared machine).
        static func threadCPUTime() -> Duration {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
        }

        static func percentiles(_ times: [Duration]) -> String {
            let sorted = times.sorted()
            func at(_ q: Double) -> String {
                let d = sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
                let micros = d.seconds * 1e6
                return micros >= 1000 ? "\((micros / 10).rounded() / 100) ms" : "\(Int(micros.rounded())) µs"
            }
            return "p50 \(at(0.5)), p99 \(at(0.99)), max \(at(1.0))"
        }
    }
}
