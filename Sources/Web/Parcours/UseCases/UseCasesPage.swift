import Parcours

/// `/parcours/cas-usage`: the catalogue of use cases, filtered by theme and by the level that can carry them.
struct UseCasesPage {
    static let template = "cas-usage"

    let themes: [Option]
    let levels: [Option]
    let entries: [UseCaseEntry]
    let count: Int

    init(theme: UseCase.Theme?, level: MaturityLevel?) {
        entries = UseCaseCatalogue.filtered(theme: theme, level: level).map(UseCaseEntry.init)
        count = entries.count
        themes = UseCase.Theme.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == theme) }
        levels = [MaturityLevel.debutant, .intermediaire, .pionnier].map {
            Option(value: $0.rawValue, label: "accessible au niveau \($0.label)", selected: $0 == level)
        }
    }
}

/// A use case as the catalogue and the diagnostic's result show it.
struct UseCaseEntry {
    let id: String
    let title: String
    let theme: String
    let goal: String
    let data: String
    let schema: String?
    let difficulty: String
    let level: String
    let benefits: String
    let examples: String
    let sources: [String]
    let platform: String?

    init(_ u: UseCase) {
        (id, title, theme, goal, data, schema, difficulty) = (u.id, u.title, u.theme.label, u.goal, u.data, u.schema, u.difficulty)
        (level, benefits, examples, sources, platform) = (u.level.label, u.benefits, u.examples, u.sources, u.platform)
    }
}

/// One use case in `GET /api/v1/parcours/cas-usage`.
struct UseCaseDTO: Encodable {
    let id: String, title: String, theme: String, goal: String, data: String, schema: String?, difficulty: String
    let level: String, benefits: String, examples: String, sources: [String], platform: String?

    init(_ u: UseCase) {
        (id, title, theme, goal, data, schema, difficulty) = (u.id, u.title, u.theme.rawValue, u.goal, u.data, u.schema, u.difficulty)
        (level, benefits, examples, sources, platform) = (u.level.rawValue, u.benefits, u.examples, u.sources, u.platform)
    }
}
