import Accounts
import Foundation
import Parcours

/// `/parcours/cohortes/appels/{id}/candidature`: a collectivité applies with its pair, chosen among its own
/// accounts, and a use case of the catalogue or its own.
struct CohortApplyPage {
    static let template = "parcours-cohorte-candidature"

    let call: CohortCallSummary
    let territory: String
    let persons: [Option]
    let useCases: [Option]
    let action: String
    let csrf: String?

    init(call: CohortCall, accounts: [User], territory: String, csrf: String?) {
        self.call = CohortCallSummary(call)
        self.territory = territory
        persons = [Option(value: "", label: "— choisir —")]
            + Option.list(accounts, current: nil, value: \.login, label: { "\($0.name) (\($0.login), \($0.role.label))" })
        useCases = [Option(value: "", label: "Notre propre cas d'usage (décrit ci-dessous)")]
            + Option.list(UseCaseCatalogue.all, current: nil, value: \.id, label: { "\($0.title) (\($0.theme.label))" })
        action = "/parcours/cohortes/appels/\(call.id)/candidature"
        self.csrf = csrf
    }
}

/// An application, from the form or `POST /api/v1/cohortes/appels/{id}/candidatures`.
struct CohortApplyBody: Decodable {
    let referent_metier: String
    let referent_donnees: String
    /// The id of a use case of the catalogue.
    let cas_usage_catalogue: String?
    /// The collectivité's own use case, in its words (wire name `cas_usage`).
    let useCase: String?
    let motivation: String
}
