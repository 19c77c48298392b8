import ArgumentParser
import BundledData
import Foundation
import Renovation
import Tabular

extension Territoires {
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Entraîne le modèle d'intensité énergétique sur les DPE tertiaires ADEME embarqués.",
            discussion: """
                Nettoie l'extrait ADEME (règles affichées), met de côté 20 % des DPE (par empreinte du numéro, donc \
                toujours les mêmes), entraîne les arbres de gradient sur le reste et écrit le modèle. Avec \
                --split, écrit aussi les DPE mis de côté (même format que l'extrait) et les variables du modèle \
                pour comparer avec LightGBM (scripts/bench_lightgbm.py).
                """)

        @Option(help: ArgumentHelp("Fichier du modèle à écrire (.json.gz).", valueName: "chemin"))
        var output = "Data/\(RenovationData.modelFile)"
        @Option(help: ArgumentHelp("Dossier où écrire test.csv (DPE mis de côté) et les variables train/test.", valueName: "dossier"))
        var split: String?
        @Option(help: "Nombre d'arbres (expérimentation ; le modèle embarqué utilise la valeur par défaut).") var arbres: Int?
        @Option(help: "Taux d'apprentissage (expérimentation).") var taux: Double?
        @Option(help: "Feuilles par arbre au plus, de 2 à 32 (expérimentation).") var feuilles: Int?
        @Option(help: "DPE par feuille au moins (expérimentation).") var minimum: Int?
        @Option(help: "Régularisation L2 des feuilles (expérimentation).") var l2: Double?
        @Option(help: "Part des DPE vus par chaque arbre (expérimentation).") var echantillon: Double?

        func validate() throws {
            // The batch prediction keeps each tree's leaves in a 32-bit mask.
            if let feuilles, !(2...32).contains(feuilles) { throw ValidationError("--feuilles : entre 2 et 32 feuilles par arbre") }
        }

        func run() throws {
            let clock = ContinuousClock()
            let climate = try RenovationData.climate()
            let records = try RenovationData.dpeExtract()
            let start = clock.now
            var parameters = GradientBoostedTrees.Parameters()
            if let arbres { parameters.trees = arbres }
            if let taux { parameters.learningRate = taux }
            if let feuilles { parameters.maxLeaves = feuilles }
            if let minimum { parameters.minRowsInLeaf = minimum }
            if let l2 { parameters.l2 = l2 }
            if let echantillon { parameters.rowSampling = echantillon }
            let (model, heldOut) = RenovationData.trainModel(records, climate: climate, parameters: parameters)
            let elapsed = clock.now - start
            for line in model.cleaning { print("  " + line) }
            print("entraînement (\(model.trees.trees.count) arbres, validation croisée 5 plis comprise) : \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds])))")
            print(String(format: "erreur absolue moyenne en validation croisée (sans les DPE mis de côté) : %.1f kWhEP/m²/an", model.crossValidatedMAE))
            let data = try JSONEncoder().encode(model)
            try Data(Gzip.compress([UInt8](data))).write(to: URL(fileURLWithPath: output))
            print("modèle écrit : \(output)")
            if let split {
                try FileManager.default.createDirectory(atPath: split, withIntermediateDirectories: true)
                let train = DPEData.clean(records.filter { !DPEData.isHeldOut($0.number) }).samples
                let test = DPEData.clean(heldOut).samples
                for (name, samples) in [("variables_train.csv", train), ("variables_test.csv", test)] {
                    try Territoires.variables(samples, climate: climate).write(toFile: "\(split)/\(name)", atomically: true, encoding: .utf8)
                }
                let source = try CSV.read(contentsOf: BundledData.url("batiments/dpe_tertiaire_v2_ademe_extrait.csv.gz"))
                let held = Set(heldOut.map(\.line))
                try FrenchCSV.verbatim(header: source.header, rows: source.records.filter { held.contains($0.line) }.map(\.fields))
                    .write(toFile: "\(split)/test.csv", atomically: true, encoding: .utf8)
                print("jeu de test : \(split)/test.csv (\(heldOut.count) DPE), variables : \(split)/variables_*.csv")
            }
        }
    }

    /// Runs a bench script with Python (test tooling, never the product's runtime); its standard output, and its
    /// errors when asked, or nil when Python cannot be started.
    static func python(_ arguments: [String], errors: Bool = false) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = errors ? pipe : FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output
    }

    /// The model's variables and target as CSV, for LightGBM to train on exactly the same features.
    static func variables(_ samples: [(ModelInput, Double)], climate: ClimateTable) -> String {
        var text = (IntensityModel.featureNames + ["groupe", "kwhep_m2"]).joined(separator: ",") + "\n"
        for (input, y) in samples {
            text += IntensityModel.features(input, climate: climate).map { $0.isNaN ? "" : "\($0)" }.joined(separator: ",") + ",\(input.group),\(y)\n"
        }
        return text
    }
}

extension Territoires {
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Évalue le modèle embarqué sur un fichier de DPE tertiaires (format de l'extrait ou format publié ADEME).",
            discussion: "Applique le même nettoyage qu'à l'entraînement, puis affiche l'erreur absolue moyenne et médiane (kWhEP/m²/an), la part d'étiquettes exactes et à une classe près, et la couverture de l'intervalle à 80 %.")

        @Argument(help: ArgumentHelp("Fichier CSV de DPE tertiaires.", valueName: "fichier")) var file: String
        @Option(help: ArgumentHelp("Erreur absolue moyenne de LightGBM à afficher à côté (scripts/bench_lightgbm.py).", valueName: "kWhEP/m²"))
        var lightgbmMae: Double?
        @Option(name: .customLong("modele"), help: ArgumentHelp("Modèle à évaluer (par défaut, celui embarqué).", valueName: "chemin"))
        var modelPath: String?

        func run() throws {
            guard let model = try RenovationData.model(at: modelPath.map { URL(fileURLWithPath: $0) }) else {
                throw ValidationError("aucun modèle embarqué : lancer d'abord `territoires train`")
            }
            let climate = try RenovationData.climate()
            let records = try DPEData.read(CSV.read(contentsOf: URL(fileURLWithPath: file)))
            let (samples, _, report) = DPEData.clean(records)
            for line in report { print("  " + line) }
            let e = Evaluation.of(model, on: samples, climate: climate)
            func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
            print("DPE évalués : \(e.rows)")
            let baseline = lightgbmMae ?? Self.lightGBM(beside: URL(fileURLWithPath: file).deletingLastPathComponent())
            print(String(format: "erreur absolue moyenne (MAE) : %.1f kWhEP/m²/an", e.meanAbsoluteError)
                  + (baseline.map { String(format: "   (LightGBM, mêmes variables : %.1f)", $0) } ?? ""))
            print(String(format: "erreur absolue médiane : %.1f kWhEP/m²/an", e.medianAbsoluteError))
            print("étiquette exacte : \(pct(e.exactLabel)), à une classe près : \(pct(e.withinOneLabel))")
            print("valeur réelle dans l'intervalle à 80 % : \(pct(e.intervalCoverage))")
        }

        /// LightGBM's best MAE on the split `territoires train --split` wrote beside the file, when Python has
        /// LightGBM (scripts/bench_lightgbm.py); nil otherwise.
        static func lightGBM(beside directory: URL) -> Double? {
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("variables_train.csv").path),
                  FileManager.default.fileExists(atPath: "scripts/bench_lightgbm.py") else { return nil }
            guard let output = Territoires.python(["scripts/bench_lightgbm.py", directory.path]) else { return nil }
            return output.split(separator: "\n").first { $0.hasPrefix("meilleure MAE LightGBM") }
                .flatMap { $0.split(separator: ":").last }.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
    }
}
