import Accounts
import Referential

/// How pages name communes and collectivités: one wording everywhere.
extension Referential {
    /// "Brest (29019)", or the code when the commune is unknown.
    func communeLabel(_ code: String) -> String { commune(code).map { "\($0.name) (\(code))" } ?? code }

    /// A collectivité by its name: a commune with its code, an EPCI by its name, or the operator.
    func ownerLabel(_ owner: Owner) -> String {
        switch owner {
        case .commune(let code): communeLabel(code)
        case .epci(let siren): epci(siren)?.name ?? siren
        case .operateur: "opérateur du programme"
        }
    }
}
