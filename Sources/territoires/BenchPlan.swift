import ArgumentParser
import Foundation
import Renovation

extension Territoires {
    struct BenchPlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-plan",
            abstract: "Mesure le plan pluriannuel de rénovation sur des parcs générés : méthode rapide et méthode exacte.",
            discussion: """
                Parcs GÉNÉRÉS (graine fixe, ce n'est le patrimoine de personne ; voir PlanProblem.synthetic) : \
                N bâtiments à trois options chacun (petits travaux, « −40 % », rénovation globale au haut niveau de \
                performance), travaux de 2027 à 2050, jalons DDADUE (−1,9 %/an), objectifs de surface (3 %/an), \
                obligation de −40 % des bâtiments de 1 000 m² et plus. Mesure d'abord la méthode rapide (borne \
                lagrangienne, heuristique constructive, recherche locale) sur le grand parc, avec son écart \
                d'optimalité prouvé ; puis, sur de petits parcs (travaux de 2027 à 2034) où l'optimum exact se \
                calcule (séparation et évaluation), compare les deux méthodes : temps, coût, écart réel à l'optimum \
                et écart annoncé par la méthode rapide. --exporter écrit le grand parc en JSON : \
                python3 scripts/plan_highs.py FICHIER le résout avec HiGHS (scipy), relaxation linéaire et optimum \
                entier, pour mesurer l'écart réel de la méthode rapide sur le grand parc. À lancer en compilation \
                optimisée : swift run -c release territoires bench-plan
                """)

        @Option(help: "Nombre de bâtiments du grand parc.") var batiments = 500
        @Option(help: "Graine du générateur.") var graine: UInt64 = 2027
        @Option(help: "Budget annuel du grand parc, en part du coût de la rénovation globale de tout le parc répartie sur les années.") var partBudget = 2.0
        @Option(help: "Nombre d'exécutions sur le grand parc (le meilleur temps est gardé).") var repetitions = 3
        @Option(help: "Tailles des petits parcs résolus exactement, séparées par des virgules.") var tailles = "6,8,10,12"
        @Option(help: "Nombre de petits parcs par taille.") var parTaille = 3
        @Option(help: ArgumentHelp("Écrit aussi le grand parc en JSON (pour scripts/plan_highs.py, qui le résout avec HiGHS).", valueName: "fichier"))
        var exporter: String?

        func run() async throws {
            let clock = ContinuousClock()
            let problem = PlanProblem.synthetic(buildings: batiments, seed: graine, budgetShare: partBudget)
            print("parc généré (synthétique, graine \(graine), pas un patrimoine réel) : \(batiments) bâtiments × 3 options, travaux \(problem.firstYear)-\(problem.lastYear), "
                  + "\(problem.milestones.count) jalons, \(problem.areaTargets.count) objectifs de surface, "
                  + "\(problem.candidates.filter { !$0.obligations.isEmpty }.count) bâtiments avec obligation, budget \(Self.euros(problem.budget[problem.firstYear] ?? 0)) par an")
            if let exporter { try JSONEncoder().encode(problem).write(to: URL(fileURLWithPath: exporter)) }
            var best: Duration?
            var outcome: PlanOutcome?
            for _ in 0..<max(1, repetitions) {
                let start = clock.now
                outcome = PlanOptimiser.solve(problem, method: .fast)
                let elapsed = clock.now - start
                best = min(best ?? elapsed, elapsed)
            }
            let runs = repetitions > 1 ? " (meilleur de \(repetitions))" : ""
            switch outcome! {
            case .plan(let plan):
                print("méthode rapide : \(Self.seconds(best!)) s\(runs) (objectif ≤ 5 s sur 2 cœurs) ; \(plan.works.count) chantiers, coût \(Self.euros(plan.totalCost)), "
                      + "borne inférieure prouvée \(Self.euros(plan.lowerBound)), écart \(Self.percent(plan.gap))")
            case .infeasible(let why):
                print("méthode rapide : \(Self.seconds(best!)) s\(runs) ; aucun plan (\(why.proven ? "prouvé" : "non prouvé")) : \(why.remedy), d'abord \(why.failing.prefix(3))")
            }

            print("")
            print("petits parcs (travaux 2027-2031) : méthode exacte (séparation et évaluation) contre méthode rapide")
            print(["bâtiments", "graine", "exacte (s)", "optimum (€)", "rapide (s)", "rapide (€)", "écart réel", "écart annoncé"]
                .map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined())
            for size in tailles.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                for seed in 0..<UInt64(max(1, parTaille)) {
                    let small = PlanProblem.synthetic(buildings: size, seed: graine &+ seed, lastYear: 2031, budgetShare: 3)
                    var start = clock.now
                    let exact = PlanOptimiser.solve(small, method: .exact, limits: .init(exactUpTo: size, nodeLimit: 50_000_000))
                    let exactTime = clock.now - start
                    start = clock.now
                    let fast = PlanOptimiser.solve(small, method: .fast, limits: .init(exactUpTo: 0))
                    let fastTime = clock.now - start
                    var row = ["\(size)", "\(graine &+ seed)", Self.seconds(exactTime)]
                    switch (exact, fast) {
                    case (.plan(let e), .plan(let f)):
                        row += [e.isOptimal ? Self.euros(e.totalCost) : Self.euros(e.totalCost) + " ?", Self.seconds(fastTime), Self.euros(f.totalCost),
                                e.isOptimal ? Self.percent((f.totalCost - e.totalCost) / e.totalCost) : "—", Self.percent(f.gap)]
                    case (.plan(let e), .infeasible):
                        row += [Self.euros(e.totalCost), Self.seconds(fastTime), "pas de plan", "—", "—"]
                    case (.infeasible, _):
                        row += ["pas de plan", Self.seconds(fastTime), fast.plan.map { Self.euros($0.totalCost) } ?? "pas de plan", "—", "—"]
                    }
                    print(row.map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined())
                }
            }
            print("écart réel : (rapide − optimum) / optimum ; écart annoncé : (rapide − borne lagrangienne) / borne, ce que la méthode rapide prouve seule.")
        }

        static func seconds(_ d: Duration) -> String { String(format: "%.3f", d.seconds) }
        static func euros(_ x: Double) -> String { String(format: "%.0f", x) }
        static func percent(_ x: Double?) -> String { x.map { String(format: "%.2f %%", 100 * $0) } ?? "—" }
    }
}
