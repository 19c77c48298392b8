import Accounts
import Referential

/// A signed-in person's space (`/espace`): what they came for first, then their API tokens.
struct SpacePage {
    static let template = "espace"

    struct Shortcut {
        let title: String
        let href: String
        let text: String
    }

    struct Token {
        let id: Int64
        let label: String
        let created: String
        let used: String
    }

    let name: String
    let login: String
    let role: String
    let owner: String
    let ownerHref: String?
    let shortcutsTitle: String
    let shortcuts: [Shortcut]
    let tokens: [Token]
    let newToken: String?
    let csrf: String

    /// `newToken`: the token just created, shown once.
    static func load(_ user: User, csrf: String, newToken: String?, store: any AccountStore, referential: Referential) async throws -> Self {
        let owner = OwnerLabel(user.owner, in: referential)
        return Self(
            name: user.name, login: user.login, role: user.role.label, owner: owner.label, ownerHref: owner.href,
            shortcutsTitle: user.role == .operateur ? "Suivi du programme" : "Ma collectivité", shortcuts: shortcuts(user),
            tokens: try await store.tokens(of: user).map {
                Token(id: $0.id, label: $0.label, created: Format.day($0.createdAt), used: $0.lastUsedAt.map(Format.day) ?? "jamais")
            },
            newToken: newToken, csrf: csrf)
    }

    /// What a signed-in person came for, first on their space: their collectivité's buildings, diagnostic and
    /// figures, or the operator's follow-up pages. API tokens come after.
    static func shortcuts(_ user: User) -> [Shortcut] {
        typealias S = Shortcut
        let observatoire: S
        switch user.owner {
        case .operateur:
            return [S(title: "Demandes d'accompagnement", href: "/operateur/demandes", text: "Les demandes des collectivités, à prendre en charge et à suivre."),
                    S(title: "Ingénierie", href: "/operateur/ingenierie",
                      text: "Les demandes de journées de conseil et d'études cofinancées : instruction, accords, livrables et totaux."),
                    S(title: "Diagnostics des collectivités", href: "/operateur/diagnostics", text: "Le niveau de maturité data de chaque collectivité qui a répondu."),
                    S(title: "Formations-actions", href: "/operateur/cohortes",
                      text: "Les appels à candidatures, la sélection des binômes, les séances, les présences, les jalons et la restitution."),
                    S(title: "Comptes des collectivités", href: "/operateur/comptes",
                      text: "Créer le compte d'un agent, d'un élu ou d'un référent (avec son lien d'activation), le désactiver, le réactiver."),
                    S(title: "Journal des écritures", href: "/operateur/journal", text: "Qui a modifié quoi, et quand.")]
        case .commune(let code):
            observatoire = S(title: "Mon observatoire", href: "/observatoire/\(code)",
                             text: "Les chiffres clés de la commune, comparés à ses territoires et aux Petites Villes de Demain.")
        case .epci(let siren):
            observatoire = S(title: "Mon observatoire", href: "/epci/\(siren)",
                             text: "Vos communes, chacune avec ses chiffres clés comparés à ses territoires.")
        }
        let buildings = user.canWrite(user.owner)
            ? "Vos bâtiments classés par priorité de rénovation ; importez ou remplacez leur inventaire (CSV ou Excel)."
            : "Les bâtiments de la collectivité classés par priorité de rénovation."
        return [S(title: "Mes bâtiments", href: "/renovation/inventaire", text: buildings),
                S(title: "Mon plan de travaux", href: "/renovation/inventaire/plan",
                  text: "Les objectifs du décret tertiaire et de la loi DDADUE, et quels travaux faire quelle année pour les tenir au moindre coût."),
                S(title: "Mon diagnostic", href: "/parcours", text: "Le questionnaire de maturité data, votre niveau et les aides qui vous correspondent."),
                observatoire,
                S(title: "Données de ma collectivité", href: "/espace/donnees",
                  text: user.canWrite(user.owner) ? "Vos propres chiffres (vacance commerciale, fréquentation…) à côté des chiffres officiels : saisie, import CSV, publication."
                      : "Les chiffres que la collectivité tient elle-même, à côté des chiffres officiels."),
                S(title: "Mes demandes d'accompagnement", href: "/parcours/demandes", text: "Les aides demandées à l'équipe du programme et leur suivi."),
                S(title: "Mes demandes d'ingénierie", href: "/parcours/ingenierie",
                  text: "Journées de conseil et études cofinancées : déposer une demande, échanger avec le programme, suivre les livrables."),
                S(title: "Formations-actions", href: "/parcours/cohortes",
                  text: "Candidater avec votre binôme (référent métier et référent données) et suivre votre projet dans la cohorte."),
                S(title: "Valider un fichier", href: "/validateur", text: "Vérifier un fichier CSV avant de le publier.")]
    }
}

/// An account's collectivité as people read it, with the page it links to.
struct OwnerLabel {
    let label: String
    let href: String?

    init(_ owner: Owner, in referential: Referential) {
        switch owner {
        case .commune(let code):
            label = referential.commune(code).map { "Commune de \($0.name) (\(code))" } ?? "Commune \(code)"
            href = "/communes/\(code)"
        case .epci(let siren):
            label = referential.epci(siren)?.name ?? "EPCI \(siren)"
            href = "/epci/\(siren)"
        case .operateur:
            label = "Opérateur du programme"
            href = nil
        }
    }
}
