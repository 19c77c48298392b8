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

/// A commune code typed in an address, looked up once for every page and the API.
extension Referential {
    /// The commune a typed code names (case-insensitive), with `parentOf` set when the code is a sub-commune's
    /// (arrondissement, former or delegated commune) and the commune returned is its parent: each caller decides
    /// what a sub-commune means for it (redirect, explanation, or the parent's figures). A malformed code is a
    /// 400, an unknown one a 404, in the same words everywhere.
    func commune(typed: String) throws -> (commune: Commune, parentOf: String?) {
        let code = typed.uppercased()
        guard InseeCode.isCommuneCode(code) else {
            throw WebError.badRequest("« \(code.prefix(20)) » n'est pas un code INSEE de commune (5 caractères, par exemple 29019).")
        }
        if let commune = commune(code) { return (commune, nil) }
        if let parent = parentCommune(ofSubCode: code) { return (parent, code) }
        throw WebError.notFound("Aucune commune ne porte le code INSEE \(code) au 1er janvier 2024.")
    }
}
