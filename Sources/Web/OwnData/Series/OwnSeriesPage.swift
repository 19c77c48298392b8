import Observatoire
import Tabular

/// `/espace/donnees/nouvelle` and `/espace/donnees/{id}`: one series typed by hand — its definition, unit,
/// source and one value per line (« période ; valeur » or « période ; zone ; valeur »), the catalogue entry it
/// follows if any.
struct OwnSeriesPage {
    static let template = "espace-donnees-serie"

    let action: String
    let isNew: Bool
    let csrf: String
    let catalogue: [Option]
    let label: String
    let definition: String
    let unit: String
    let source: String
    let values: String
    let isPublic: Checkbox
    let errors: [String]

    init(_ series: OwnSeries?, csrf: String, form: Input? = nil, errors: [String] = []) {
        action = series.map { "/espace/donnees/\($0.id)" } ?? "/espace/donnees"
        isNew = series == nil
        self.csrf = csrf
        let key = form?.catalogueKey ?? series?.catalogueKey
        catalogue = [Option(value: "", label: "Aucune (indicateur propre à la collectivité)", selected: key == nil)]
            + Option.list(OwnCatalogue.entries, current: key, value: \.key, label: { "\($0.label) (\($0.unit))" })
        label = form?.label ?? series?.label ?? ""
        definition = form?.definition ?? series?.definition ?? ""
        unit = form?.unit ?? series?.unit ?? ""
        source = form?.source ?? series?.source ?? ""
        values = form?.values ?? series.map(Self.lines) ?? ""
        isPublic = Checkbox(name: "publique", label: "Publique (visible de tous sur le tableau de bord)", checked: form?.isPublic ?? series?.isPublic ?? false)
        self.errors = errors
    }

    /// The series' values as the form writes them, one per line.
    static func lines(_ series: OwnSeries) -> String {
        series.points.map { p in ([p.period.description] + (p.area.isEmpty ? [] : [p.area]) + [Format.own(p.value).replacingOccurrences(of: Format.thousandsSeparator, with: "")])
            .joined(separator: " ; ") }.joined(separator: "\n")
    }

    /// What the form sent, kept to show it again with its errors.
    struct Input {
        var catalogueKey: String?
        var label: String
        var definition: String
        var unit: String
        var source: String
        var values: String
        var isPublic: Bool

        init(_ field: (String) -> String?) {
            catalogueKey = field("catalogue").flatMap { $0.isEmpty ? nil : $0 }
            label = field("libelle")?.trimmingCharacters(in: .whitespaces) ?? ""
            definition = field("definition")?.trimmingCharacters(in: .whitespaces) ?? ""
            unit = field("unite")?.trimmingCharacters(in: .whitespaces) ?? ""
            source = field("source")?.trimmingCharacters(in: .whitespaces) ?? ""
            values = field("valeurs") ?? ""
            isPublic = field("publique") != nil
        }

        /// The series the form describes, or every problem found, each in French with its line.
        func series(id: Int64, owner: String) -> Result<OwnSeries, Problems> {
            var errors: [String] = []
            if let key = catalogueKey, OwnCatalogue.entry(key) == nil { errors.append("Entrée du catalogue inconnue « \(key.prefix(60)) ».") }
            let entry = catalogueKey.flatMap(OwnCatalogue.entry)
            let label = label.isEmpty ? entry?.label ?? "" : label
            let unit = unit.isEmpty ? entry?.unit ?? "" : unit
            if label.isEmpty { errors.append("Donnez un libellé à l'indicateur.") }
            if unit.isEmpty { errors.append("Précisez l'unité (%, commerces, passages par jour…).") }
            if source.isEmpty { errors.append("Précisez la source (par exemple « relevé des services, juin 2024 »).") }
            var points: [OwnPoint] = []
            for (index, raw) in values.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                guard !line.isEmpty else { continue }
                let parts = line.split(separator: line.contains(";") ? ";" : "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 || parts.count == 3 else {
                    errors.append("Valeurs, ligne \(index + 1) : écrivez « période ; valeur » ou « période ; zone ; valeur » (« \(line.prefix(60)) »).")
                    continue
                }
                guard let period = OwnPeriod(parts[0]) else {
                    errors.append("Valeurs, ligne \(index + 1) : période « \(parts[0].prefix(20)) » illisible ; écrivez 2024, 2024-S1, 2024-T2 ou 2024-03.")
                    continue
                }
                guard let value = FrenchNumber.parse(parts[parts.count - 1]) else {
                    errors.append("Valeurs, ligne \(index + 1) : « \(parts[parts.count - 1].prefix(30)) » n'est pas un nombre.")
                    continue
                }
                let point = OwnPoint(period: period, area: parts.count == 3 ? parts[1] : "", value: value)
                if points.contains(where: { $0.period == period && $0.area == point.area }) {
                    errors.append("Valeurs, ligne \(index + 1) : une autre ligne a déjà une valeur pour \(period.label)\(point.area.isEmpty ? "" : " (\(point.area))").")
                    continue
                }
                points.append(point)
            }
            guard errors.isEmpty else { return .failure(Problems(messages: errors)) }
            return .success(OwnSeries(id: id, owner: owner, catalogueKey: entry?.key, label: label,
                                      definition: definition.isEmpty ? entry?.definition ?? "" : definition, unit: unit, source: source,
                                      isPublic: isPublic, points: points.sorted { ($0.period, $0.area) < ($1.period, $1.area) }))
        }
    }

    struct Problems: Error {
        let messages: [String]
    }
}
