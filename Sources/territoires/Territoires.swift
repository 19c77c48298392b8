import ArgumentParser

@main
struct Territoires: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "territoires",
        abstract: "Données territoriales pour les collectivités : référentiel, observatoire, rénovation, parcours.",
        discussion: """
            Lancez `territoires serve` pour ouvrir l'application sur http://127.0.0.1:8080 : la base SQLite est \
            créée et remplie avec les données publiques embarquées au premier démarrage.
            """,
        subcommands: [Serve.self, Load.self, Users.self, Backup.self, Bench.self, Train.self, Evaluate.self, BenchRenovation.self, BenchPlan.self],
        defaultSubcommand: Serve.self
    )
}
