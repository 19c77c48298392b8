import Accounts
import Cartography
import Foundation
import Mustache
import Observatoire
import Referential

/// The programme view (`/observatoire/programme`): one indicator over the 1,653 Petites Villes de Demain, narrowed
/// by région, département, size class and value range, sorted, with the PVD map and the distribution.
struct ProgrammePage {
    static let template = "observatoire-programme"
    static let defaultIndicator = "apl_mg_2023"

    struct Row {
        let rank: Int
        let name: String
        let href: String
        let departement: String
        let population: String
        let value: String
        let percentile: String
    }

    let indicatorLabel: String
    let definition: String
    let source: String
    let indicators: [Option]
    let regions: [Option]
    let departements: [Option]
    let sizeClasses: [Option]
    let sorts: [Option]
    let orders: [Option]
    let minimum: String
    let maximum: String
    /// Only for the operator: the filter on the communes it accompanies.
    let accompanied: Checkbox?
    let countText: String
    let withoutValue: String?
    let median: String
    let unit: String
    let chart: String?
    let rows: [Row]
    /// The map of the PVD the filters retain is an image (the standalone SVG, over a megabyte for all PVD) rather
    /// than inline, so the page stays light; opened alone, each commune of it links to its dashboard. nil when
    /// none of the selection is in mainland France.
    let mapSVGHref: String?
    let mapTitle: String
    /// What the map shows of the selection, in words: the overseas communes are left out of it.
    let mapScope: String
    let legend: [Choropleth.LegendClass]
    let csvHref: String
    let jsonHref: String

    /// The query of the form (`indicateur`, `region`, `departement`, `classe`, `min`, `max`, `tri`, `ordre`,
    /// `accompagnees`): an empty field is no filter, a malformed one a 400, an unknown indicator a 404.
    /// `accompanied` is given only to the operator: anyone else's `accompagnees` is ignored.
    static func query(_ query: Query, observatory: Observatory, accompanied: Set<String>?) throws -> ProgrammeQuery {
        func field(_ key: String) -> String? {
            guard let text = query[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        func number(_ key: String) throws -> Double? {
            guard let text = field(key) else { return nil }
            guard let value = Double(text.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
                throw WebError.badRequest("Le paramètre « \(key) » doit être un nombre (par exemple 2,5).")
            }
            return value
        }
        let referential = observatory.referential
        let id = field("indicateur") ?? defaultIndicator
        guard observatory.indicator(id) != nil else {
            throw WebError.notFound("Indicateur inconnu « \(id.prefix(40)) » ; la liste est sur /observatoire/indicateurs.")
        }
        let region = try field("region").map(TypedCode.region)
        if let region, referential.region(region) == nil { throw WebError.badRequest("Aucune région ne porte le code \(region).") }
        let departement = try field("departement").map(TypedCode.departement)
        if let departement, referential.departement(departement) == nil {
            throw WebError.badRequest("Aucun département ne porte le code \(departement).")
        }
        var sizeClass: SizeClass?
        if let text = field("classe") {
            guard let found = SizeClass.communes.first(where: { $0.id == text }) else {
                throw WebError.badRequest("Classe de taille inconnue « \(text.prefix(20)) » : choisissez-la dans la liste.")
            }
            sizeClass = found
        }
        var sort = ProgrammeQuery.Sort.value
        if let text = field("tri") {
            guard let found = ProgrammeQuery.Sort(rawValue: text) else {
                throw WebError.badRequest("Tri inconnu « \(text.prefix(20)) » : valeur, nom ou population.")
            }
            sort = found
        }
        var descending = sort != .name
        if let text = field("ordre") {
            guard ["asc", "desc"].contains(text) else { throw WebError.badRequest("Ordre inconnu « \(text.prefix(20)) » : asc ou desc.") }
            descending = text == "desc"
        }
        return ProgrammeQuery(indicatorID: id, regionCode: region, departementCode: departement, sizeClass: sizeClass,
                              minimum: try number("min"), maximum: try number("max"), sort: sort, descending: descending,
                              communeCodes: field("accompagnees") != nil ? accompanied : nil)
    }

    /// The communes an operator accompanies: those with an account or a submitted diagnostic, and the members of
    /// an EPCI that has one.
    static func accompanied(users: [User], diagnosticOwners: some Sequence<String>, referential: Referential) -> Set<String> {
        var codes = Set<String>()
        for owner in users.map(\.owner) + diagnosticOwners.compactMap(Owner.init) {
            switch owner {
            case .commune(let code): codes.insert(code)
            case .epci(let siren): if let epci = referential.epci(siren) { codes.formUnion(epci.memberCodes) }
            case .operateur: break
            }
        }
        return codes
    }

    /// The query again, as the address of the same view with another `path` (the CSV, the JSON).
    static func address(_ path: String, _ q: ProgrammeQuery) -> String {
        var items = [URLQueryItem(name: "indicateur", value: q.indicatorID)]
        if let r = q.regionCode { items.append(.init(name: "region", value: r)) }
        if let d = q.departementCode { items.append(.init(name: "departement", value: d)) }
        if let s = q.sizeClass { items.append(.init(name: "classe", value: s.id)) }
        if let m = q.minimum { items.append(.init(name: "min", value: "\(m)")) }
        if let m = q.maximum { items.append(.init(name: "max", value: "\(m)")) }
        items.append(.init(name: "tri", value: q.sort.rawValue))
        items.append(.init(name: "ordre", value: q.descending ? "desc" : "asc"))
        if q.communeCodes != nil { items.append(.init(name: "accompagnees", value: "1")) }
        var components = URLComponents()
        components.path = path
        components.queryItems = items
        return components.string ?? path
    }

    static func load(_ table: ProgrammeTable, query q: ProgrammeQuery, isOperator: Bool, observatory: Observatory, maps: Maps) async throws -> Self {
        let referential = observatory.referential
        let indicator = table.indicator
        let map = try await maps.choropleth(.programme(table), indicator: indicator, observatory: observatory, drawn: false)
        let drawn = map?.areas.count ?? 0
        let median = table.median
        let medianBin = median.flatMap { m in table.bins.lastIndex { $0.lower <= m } }
        let bars = table.bins.enumerated().map { k, bin in
            // Bounds without the unit (said in the caption), so that the labels fit their column.
            Charts.Bar(label: "\(Format.decimal(bin.lower, decimals: indicator.decimals)) – \(Format.decimal(bin.upper, decimals: indicator.decimals))",
                       value: Double(bin.count), text: "\(bin.count)", highlighted: k == medianBin)
        }
        let chart = bars.isEmpty ? nil : Charts.bars(bars, title: "Répartition des \(table.rows.count) Petites Villes de Demain retenues par classe de valeur : \(indicator.label) (\(indicator.vintage))",
                                                    id: "repartition")
        let missing = table.withoutValue.count
        return Self(
            indicatorLabel: Format.title(indicator), definition: indicator.definition, source: indicator.source.citation,
            indicators: Option.indicators(observatory.indicators, current: indicator.id),
            regions: [Option(value: "", label: "Toutes les régions")]
                + Option.list(referential.regions, current: q.regionCode, value: \.code) { "\($0.name) (\($0.code))" },
            departements: [Option(value: "", label: "Tous les départements")]
                + Option.list(referential.departements, current: q.departementCode, value: \.code) { "\($0.code) — \($0.name)" },
            sizeClasses: [Option(value: "", label: "Toutes les tailles")]
                + Option.list(SizeClass.communes, current: q.sizeClass?.id, value: \.id) { $0.label },
            sorts: Option.list(ProgrammeQuery.Sort.allCases, current: q.sort.rawValue, value: \.rawValue) {
                switch $0 { case .value: "valeur de l'indicateur"; case .name: "nom"; case .population: "population" }
            },
            orders: [Option(value: "desc", label: "décroissant", selected: q.descending), Option(value: "asc", label: "croissant", selected: !q.descending)],
            minimum: q.minimum.map { Format.decimal($0, decimals: indicator.decimals).replacingOccurrences(of: Format.thousandsSeparator, with: "") } ?? "",
            maximum: q.maximum.map { Format.decimal($0, decimals: indicator.decimals).replacingOccurrences(of: Format.thousandsSeparator, with: "") } ?? "",
            accompanied: isOperator ? Checkbox(name: "accompagnees", label: "Seulement les communes accompagnées (compte ou diagnostic déposé)",
                                               checked: q.communeCodes != nil) : nil,
            countText: table.rows.count > 1 ? "\(Format.integer(table.rows.count)) Petites Villes de Demain retenues"
                : "\(table.rows.count) Petite Ville de Demain retenue",
            withoutValue: missing == 0 ? nil
                : "\(missing) commune\(missing > 1 ? "s" : "") de la sélection sans valeur (secret statistique ou absente de la source) : \(table.withoutValue.prefix(20).map(\.name).joined(separator: ", "))\(missing > 20 ? "…" : "").",
            median: median.map { Format.number($0, indicator) } ?? "—",
            unit: indicator.unit.symbol.isEmpty ? "" : " (en \(indicator.unit.symbol))",
            chart: chart,
            rows: table.rows.enumerated().map { k, row in
                Row(rank: k + 1, name: row.commune.name, href: "/observatoire/\(row.commune.code)",
                    departement: row.commune.departementCode, population: Format.integer(row.commune.population),
                    value: Format.number(row.value, indicator), percentile: Format.percentile(row.pvdPercentile))
            },
            mapSVGHref: drawn == 0 ? nil : address("/observatoire/programme/carte.svg", q),
            mapTitle: map?.title ?? "", mapScope: mapScope(selected: table.rows.map(\.commune) + table.withoutValue, drawn: drawn),
            legend: map?.legend ?? [],
            csvHref: address("/observatoire/programme.csv", q), jsonHref: address("/api/v1/observatoire/programme", q))
    }
}

extension ProgrammePage {
    /// The map's scope said plainly: how many of the selected communes it shows, and why the others are not on
    /// it (only mainland France is drawn).
    static func mapScope(selected: [Commune], drawn: Int) -> String {
        guard !selected.isEmpty else { return "Aucune Petite Ville de Demain ne répond aux filtres : pas de carte." }
        guard drawn > 0 else { return "Pas de carte : elle ne couvre que la France métropolitaine, où ne se trouve aucune des communes retenues." }
        let overseas = selected.filter { $0.departementCode.hasPrefix("97") }.count
        let unshaped = selected.count - drawn - overseas
        var left: [String] = []
        if overseas > 0 { left.append(overseas > 1 ? "\(overseas) sont outre-mer" : "1 est outre-mer") }
        if unshaped > 0 { left.append(unshaped > 1 ? "\(unshaped) n'ont pas de contour" : "1 n'a pas de contour") }
        let shown = drawn == selected.count
            ? (drawn == 1 ? "la commune retenue" : "les \(Format.integer(drawn)) communes retenues")
            : "\(Format.integer(drawn)) des \(Format.integer(selected.count)) communes retenues"
        return "La carte montre \(shown) par les filtres" + (left.isEmpty ? "" : " : " + left.joined(separator: ", ")) + "."
    }
}

// The table has up to 1,653 rows: looked up by `Mirror`, they took most of the page's 0.5 s (see
// `Support/MustacheFields.swift`).
extension ProgrammePage.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "rank": rank
        case "name": self.name
        case "href": href
        case "departement": departement
        case "population": population
        case "value": value
        case "percentile": percentile
        default: nil
        }
    }
}
