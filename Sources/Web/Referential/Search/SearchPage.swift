import Referential

/// The search for a commune (`/recherche?q=…`): by name or INSEE code, 50 results at most.
struct SearchPage {
    static let template = "search"
    static let sources = [DataSources.cog, DataSources.populations]
    static let limit = 50

    let query: String
    let hasQuery: Bool
    let results: [CommuneRow]
    let count: Int
    let plural: Bool

    /// `text`: the query once checked, nil when none was typed.
    init(_ text: String?, referential: Referential) {
        let hits = text.map { referential.search.find($0, limit: Self.limit) } ?? []
        query = text ?? ""
        hasQuery = text != nil
        results = hits.map { CommuneRow($0.commune, in: referential, matched: $0.matchedSubCommune) }
        count = hits.count
        plural = hits.count > 1
    }

    static func title(_ text: String?) -> String { text.map { "Recherche « \($0) »" } ?? "Rechercher une commune" }
}
