import ArgumentParser
import BundledData
import Foundation
import Renovation
import Storage
import Tabular

extension Territoires {
    struct BenchRenovation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-renovation",
            abstract: "Mesure la chaîne rénovation sur un parc généré : import, estimation, classement, enregistrement.",
            discussion: """
                Génère un inventaire de N bâtiments en rééchantillonnant les DPE tertiaires ADEME réels (fichier \
                étiqueté « généré », ce n'est le patrimoine de personne ; un tiers sans consommation pour exercer \
                l'estimation), puis chronomètre : lecture du CSV, vérification et construction des bâtiments, \
                estimation et classement, enregistrement SQLite. Avec Python, pandas et LightGBM installés, la même \
                chaîne écrite en pandas + LightGBM (scripts/bench_renovation_pandas.py) est chronométrée dans la \
                même exécution, ainsi que les deux entraînements. À lancer en compilation optimisée : \
                swift run -c release territoires bench-renovation
                """)

        @Option(help: "Nombre de bâtiments générés.") var batiments = 500_000
        @Flag(help: "Ne pas lancer la comparaison pandas + LightGBM.") var sansPython = false
        @Option(help: "Nombre d'exécutions de chaque chaîne (Swift, pandas) ; chaque étape et le total sont pris à leur meilleur temps.") var repetitions = 1

        func run() async throws {
            let clock = ContinuousClock()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("territoires-bench-renovation-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }

            let climate = try RenovationData.climate()
            let records = try RenovationData.dpeExtract()
            let communes = try CSV.read(contentsOf: BundledData.url("referentiel/communes_cog2024.csv.gz"))
            let (type, code, dep) = try (communes.column("TYPECOM"), communes.column("COM"), communes.column("DEP"))
            var byDepartement: [String: [String]] = [:]
            for r in communes.records where r[type] == "COM" { byDepartement[r[dep], default: []].append(r[code]) }
            let known = Set(byDepartement.values.joined())

            let file = directory.appendingPathComponent("batiments_generes_par_reechantillonnage_des_DPE_ADEME.csv")
            try Self.generate(count: batiments, from: DPEData.clean(records).kept, communes: byDepartement).write(to: file)
            print("parc généré (rééchantillonnage des DPE ADEME réels, pas un patrimoine réel) : \(batiments) bâtiments, \(file.lastPathComponent)")

            // Training, beside LightGBM's below.
            var start = clock.now
            let (model, _) = RenovationData.trainModel(records, climate: climate)
            let training = clock.now - start
            print("entraînement du modèle (Swift, 150 arbres × 6 : validation croisée 5 plis + modèle final) : \(Self.seconds(training))")
            let setup = RenovationSetup(climate: climate, model: model, national: nil, demo: [])

            // The model alone, on one core: how much of the evaluation is the trees.
            let inputs = DPEData.clean(records).samples.map { IntensityModel.features($0.0, climate: climate) }
            var matrix: [Double] = []
            for k in 0..<batiments { matrix += inputs[k % inputs.count] }
            start = clock.now
            let predictions = model.trees.predict(matrix: matrix)
            print("modèle seul, \(predictions.count) prédictions sur un cœur : \(Self.seconds(clock.now - start))")

            // The pipeline, `repetitions` times: each phase's best time is reported (the machine's noise only adds).
            var best: [String: Duration] = [:]
            var swiftTotal = Duration.zero, estimated = 0, count = 0
            for _ in 0..<max(1, repetitions) {
                var phases: [(String, Duration)] = []
                func timed<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
                    let start = clock.now
                    let value = try await body()
                    phases.append((name, clock.now - start))
                    return value
                }
                let table = try await timed("read") { try CSV.read(contentsOf: file) }
                let report = await timed("check") { BuildingImport.dryRun(table, owner: "commune:bench", isCommune: { known.contains($0) }) }
                // Warnings (real DPEs have construction years such as 1083) do not stop an import.
                guard report.isValid else { throw ValidationError("fichier généré refusé : \(report.errors.prefix(3))") }
                let assessed = await timed("assess") { setup.assessAll(report.buildings) }
                let ranked = await timed("rank") { Ranking.rank(report.buildings, assessed, weights: Criterion.defaultWeights, national: nil) }
                let path = directory.appendingPathComponent("bench-\(UUID().uuidString).sqlite").path
                try await timed("store") {
                    let store = try SQLiteStore(path: path)
                    try await store.replaceBuildings(owner: "commune:bench", with: report.buildings, actor: "bench", detail: "bench")
                }
                for (name, d) in phases { best[name] = min(best[name] ?? d, d) }
                let total = phases.reduce(Duration.zero) { $0 + $1.1 }
                swiftTotal = swiftTotal == .zero ? total : min(swiftTotal, total)
                estimated = ranked.filter { $0.assessment.provenance == .estimation }.count
                count = report.buildings.count
            }
            let runs = repetitions > 1 ? " (meilleur de \(repetitions))" : ""
            print("lecture du CSV : \(Self.seconds(best["read"]!))\(runs)")
            print("vérification et construction des \(count) bâtiments : \(Self.seconds(best["check"]!))")
            print("évaluation (\(estimated) estimés par le modèle, attendu calculé pour tous) : \(Self.seconds(best["assess"]!))")
            print("classement : \(Self.seconds(best["rank"]!))")
            print("enregistrement SQLite (une transaction) : \(Self.seconds(best["store"]!))")
            print("TOTAL Swift : \(Self.seconds(swiftTotal)) (objectif ≤ 10 s)")

            guard !sansPython else { return }
            let split = directory.appendingPathComponent("split")
            try FileManager.default.createDirectory(at: split, withIntermediateDirectories: true)
            try Territoires.variables(DPEData.clean(records.filter { !DPEData.isHeldOut($0.number) }).samples, climate: climate)
                .write(to: split.appendingPathComponent("variables_train.csv"), atomically: true, encoding: .utf8)
            let output = Territoires.python(["scripts/bench_renovation_pandas.py", file.path, split.path, BundledData.url("").path, "\(max(1, repetitions))"], errors: true) ?? ""
            print(output.split(separator: "\n").map { "  pandas | \($0)" }.joined(separator: "\n"))
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("TOTAL") }),
               let python = Double(line.split(separator: " ").last ?? "") {
                let ours = swiftTotal.seconds
                print(String(format: "Swift %.2f s contre pandas + LightGBM %.2f s : %.1f× plus rapide (objectif ≥ 5×)", ours, python, python / ours))
            } else {
                print("comparaison pandas + LightGBM impossible (pip install pandas lightgbm)")
            }
        }

        static func seconds(_ d: Duration) -> String {
            String(format: "%.2f s", d.seconds)
        }

        static let header = ["identifiant", "nom", "code_insee", "usage", "surface", "annee_construction", "energie_chauffage", "annee_conso",
                             "electricite_kwh", "gaz_kwh", "fioul_kwh", "reseau_chaleur_kwh", "bois_kwh", "gpl_kwh"]

        /// An inventory file in the users' format (`;`, decimal commas), each row a real DPE drawn at random.
        static func generate(count: Int, from kept: [DPERecord], communes: [String: [String]]) -> Data {
            var random = SplitMix(seed: 20_261_127)
            let carriers: [EnergyCarrier] = [.electricite, .gazNaturel, .fioul, .reseauChaleur, .bois, .gpl]
            var out = header.joined(separator: ";") + "\n"
            out.reserveCapacity(count * 110)
            for i in 0..<count {
                let r = kept[random.next(below: kept.count)]
                let codes = communes[r.departement] ?? communes["75"]!
                let area = r.surfaceIsPlaceholder ? r.betterSurface ?? 100 : r.surface ?? r.betterSurface ?? 100
                let usage = Usage(dpeSector: r.sector) ?? .autre
                var consumption = [String](repeating: "", count: carriers.count)
                if random.next(below: 3) != 0, let final = r.finalEnergy, final > 1, let carrier = r.mainEnergy ?? r.heatingEnergy, let k = carriers.firstIndex(of: carrier) {
                    consumption[k] = FrenchCSV.number(final, decimals: 1)
                }
                let fields = ["G\(i)", "\(usage.label) \(i)", codes[random.next(below: codes.count)], usage.label, FrenchCSV.number(area, decimals: 1),
                              r.constructionYear.map(String.init) ?? "", (r.heatingEnergy ?? r.mainEnergy)?.label ?? "", "2022"] + consumption
                out += fields.joined(separator: ";")
                out += "\n"
            }
            return Data(out.utf8)
        }
    }
}
