import Accounts
import ArgumentParser
import Foundation
import Logging

extension Territoires {
    struct Users: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "users",
            abstract: "Gère les comptes (pas de serveur de courriel : tout passe par cette commande).",
            discussion: """
                Premier compte opérateur : territoires users create --login operateur --name "Opérateur" --role operateur --operateur
                Le mot de passe est lu sur l'entrée standard avec --password-stdin, sinon un mot de passe aléatoire est affiché une fois.
                """,
            subcommands: [Create.self, ResetPassword.self, Disable.self, Enable.self, List.self])
    }
}

/// The password for a new or reset account: read from standard input, or generated and shown once.
struct PasswordOptions: ParsableArguments {
    @Flag(help: "Lit le mot de passe sur l'entrée standard (une ligne) au lieu d'en générer un.") var passwordStdin = false

    func password() throws -> (String, generated: Bool) {
        guard passwordStdin else { return (Secrets.password(), true) }
        let line = readLine(strippingNewline: true) ?? ""
        if let problem = Passwords.problem(line) { throw ValidationError(problem) }
        return (line, false)
    }
}

extension Territoires.Users {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Crée un compte rattaché à une commune, un EPCI ou à l'opérateur.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var passwordOptions: PasswordOptions
        @Option(help: "Identifiant : minuscules, chiffres, point, tiret.") var login: String
        @Option(help: "Nom affiché.") var name: String
        @Option(help: "Rôle : agent, elu, referent ou operateur.") var role: String
        @Option(help: "Code INSEE de la commune du compte.") var commune: String?
        @Option(help: "SIREN de l'EPCI du compte.") var epci: String?
        @Flag(help: "Compte de l'opérateur du programme.") var operateur = false

        func validate() throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("Rôle inconnu « \(role) » : agent, elu, referent ou operateur.") }
            guard [commune != nil, epci != nil, operateur].filter({ $0 }).count == 1 else {
                throw ValidationError("Indiquez exactement une appartenance : --commune, --epci ou --operateur.")
            }
            guard (role == .operateur) == operateur else {
                throw ValidationError("Le rôle operateur va avec --operateur, et seulement lui.")
            }
        }

        func run() async throws {
            let logger = Logger(label: "territoires")
            let (store, _) = try await database.openLoaded(logger: logger)
            let referential = try await store.referential()
            let owner: Owner
            if let commune {
                guard referential.commune(commune) != nil else { throw ValidationError("Aucune commune de code \(commune).") }
                owner = .commune(commune)
            } else if let epci {
                guard referential.epci(epci) != nil else { throw ValidationError("Aucun EPCI de SIREN \(epci).") }
                owner = .epci(epci)
            } else {
                owner = .operateur
            }
            let (password, generated) = try passwordOptions.password()
            let user = try await store.createUser(login: login, name: name, owner: owner, role: Role(rawValue: role)!,
                                                  passwordHash: Secrets().hashPassword(password), actor: "cli")
            print("Compte créé : \(user.login) (\(user.role.label), \(user.owner))")
            if generated { print("Mot de passe (affiché une seule fois) : \(password)") }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "Remplace le mot de passe d'un compte et ferme ses sessions.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var passwordOptions: PasswordOptions
        @Option(help: "Identifiant du compte.") var login: String

        func run() async throws {
            let (store, _) = try await database.openLoaded(logger: Logger(label: "territoires"))
            let (password, generated) = try passwordOptions.password()
            try await store.setPassword(login: login, passwordHash: Secrets().hashPassword(password), actor: "cli")
            print("Mot de passe remplacé pour \(login).")
            if generated { print("Nouveau mot de passe (affiché une seule fois) : \(password)") }
        }
    }

    /// The account a command acts on, and turning it on or off.
    struct AccountOptions: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Identifiant du compte.") var login: String

        func setDisabled(_ disabled: Bool) async throws {
            let (store, _) = try await database.openLoaded(logger: Logger(label: "territoires"))
            try await store.setDisabled(login: login, disabled: disabled, actor: "cli")
            print(disabled ? "Compte \(login) désactivé : ses sessions sont fermées et ses jetons d'API révoqués." : "Compte \(login) réactivé.")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Désactive un compte : ferme ses sessions et révoque ses jetons d'API (une réactivation ne les rend pas).")
        @OptionGroup var account: AccountOptions
        func run() async throws { try await account.setDisabled(true) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Réactive un compte désactivé.")
        @OptionGroup var account: AccountOptions
        func run() async throws { try await account.setDisabled(false) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liste les comptes.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let (store, _) = try await database.openLoaded(logger: Logger(label: "territoires"))
            for account in try await store.accountStatuses() {
                let user = account.user
                let state = user.disabled ? "désactivé" : account.pendingActivation ? "en attente d'activation" : "actif"
                print("\(user.login)\t\(user.role.rawValue)\t\(user.owner)\t\(state)\t\(user.name)")
            }
        }
    }
}
