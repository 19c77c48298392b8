import Accounts
import Referential

/// How pages name communes and collectivités: one wording everywhere.
extension Referential {
    /// "Brest (29019)", or the code when the commune is unknown.
    /// A commune by its name and code; an arrondissement or a commune déléguée (data keyed by such a code, as the
    /// BAN does) by its own name, else its commune's; the bare code only when the referential knows none.
    func communeLabel(_ code: String) -> String {
        if let commune = commune(code) { return "\(commune.name) (\(code))" }
        guard let parent = parentCommune(ofSubCode: code) else { return code }
        return "\(parent.subCommunes.first { $0.code == code }?.name ?? parent.name) (\(code))"
    }

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

/// Département, région and EPCI codes typed in an address or a query, checked the same way by every route that
/// reads them: the code to look up, or a 400 in the same words.
enum TypedCode {
    /// A département code, case-insensitive (2a is 2A).
    static func departement(_ typed: String) throws -> String {
        let code = typed.uppercased()
        guard InseeCode.isDepartementCode(code) else {
            throw WebError.badRequest("« \(code.prefix(20)) » n'est pas un code de département (par exemple 29, 2A ou 974).")
        }
        return code
    }

    static func region(_ typed: String) throws -> String {
        guard InseeCode.isRegionCode(typed) else { throw WebError.badRequest("« \(typed.prefix(20)) » n'est pas un code de région (2 chiffres, par exemple 53).") }
        return typed
    }

    static func siren(_ typed: String) throws -> String {
        guard InseeCode.isSiren(typed) else { throw WebError.badRequest("« \(typed.prefix(20)) » n'est pas un numéro SIREN (9 chiffres).") }
        return typed
    }
}
