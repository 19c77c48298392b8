import Observatoire
import Referential
import Tabular

extension FrenchCSV.Cell {
    /// An indicator's value in a CSV cell: a number, the secret said in words, or nothing.
    static func indicator(_ value: Value, _ indicator: Indicator) -> FrenchCSV.Cell {
        switch value {
        case .value(let v): .number(v, decimals: indicator.decimals)
        case .secret: .text("secret statistique")
        case .unavailable: .empty
        }
    }
}

extension Observatory {
    /// One indicator for every commune as a French Excel CSV (`/observatoire/indicateurs/{id}/communes.csv`).
    func csv(_ indicator: Indicator) -> String {
        let column = column(indicator.id)
        let communes = referential.communes
        let rows = communes.indices.map { c -> [FrenchCSV.Cell] in
            let commune = communes[c]
            return [.text(commune.code), .text(commune.name), .text(commune.departementCode), .text(commune.epciSiren ?? ""),
                    .text(commune.isPVD ? "oui" : "non"), .indicator(column[c], indicator)]
        }
        let header = ["code_insee", "commune", "departement", "siren_epci", "pvd", "\(indicator.id) (\(indicator.unit.symbol.isEmpty ? "nombre" : indicator.unit.symbol))"]
        return FrenchCSV.document(header: header, rows: rows)
    }
}

/// An indicator of the catalogue in JSON (`/api/v1/observatoire/indicateurs`).
struct IndicatorDTO: Encodable {
    let id: String, label: String, definition: String, unit: String, theme: String, vintage: String, additive: Bool
    let source: API.SourceRef

    init(_ i: Indicator) {
        id = i.id
        label = i.label
        definition = i.definition
        unit = i.unit.symbol
        theme = i.theme.rawValue
        vintage = i.vintage
        additive = i.formula.isAdditive
        source = API.SourceRef(i.source)
    }
}

/// A value in JSON: the number, or null with the reason.
struct ValueDTO: Encodable {
    let value: Double?
    let status: String

    init(_ v: Value) {
        value = v.number
        status = switch v {
        case .value: "valeur"
        case .secret: "secret_statistique"
        case .unavailable: "non_disponible"
        }
    }

    /// `value` is written as null when absent, so clients always find the key.
    enum Keys: String, CodingKey { case value, status }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value, forKey: .value)
        try container.encode(status, forKey: .status)
    }
}

/// One indicator for the communes of France or of a département (`/api/v1/observatoire/indicateurs/{id}`).
struct IndicatorValues: Encodable {
    struct Row: Encodable { let code: String, name: String, value: ValueDTO }
    let indicator: IndicatorDTO
    let france: ValueDTO
    let pvdMedian: Double?
    let communes: [Row]

    init(_ indicator: Indicator, communes: [Commune], observatory: Observatory) {
        self.indicator = IndicatorDTO(indicator)
        france = ValueDTO(observatory.value(indicator.id, level: .france))
        pvdMedian = observatory.pvdMedian(indicator.id)
        self.communes = communes.map { Row(code: $0.code, name: $0.name, value: ValueDTO(observatory.value(indicator.id, commune: $0.code))) }
    }
}
