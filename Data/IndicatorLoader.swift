import Foundation
import Observatoire
import Referential
import Tabular

/// Reads the indicators' source variables onto the 2024 communes:
/// - INSEE's comparateur 2022 is on the 2021 geography: a commune merged since gets the sum of its former
///   communes' counts (a secret part makes the sum secret); medians and rates, which do not add up, are absent
///   for it; communes cut by a restoration since 2021 are absent.
/// - INSEE's census 2021 table is on the 2024 geography; Paris, Lyon and Marseille are the sums of their
///   arrondissements.
public struct IndicatorLoader {
    public let directory: URL

    public init(directory: URL? = nil) {
        self.directory = directory ?? BundledData.url("")
    }

    private func table(_ file: String) throws -> CSVTable {
        try CSV.read(contentsOf: directory.appendingPathComponent(file))
    }

    public func load(communeCodes: [String]) throws -> SourceTable {
        let current = Set(communeCodes)
        let rowOf = Dictionary(uniqueKeysWithValues: communeCodes.enumerated().map { ($1, $0) })
        let history = CommuneHistory(table: try table("referentiel/mouvements_communes.csv.gz"))
        let successors = try history.successors(current: current)
        let restored = try history.restored(since: "2021-01-02")
        var columns: [String: SourceTable.Column] = [:]
        let wanted = Set(Catalogue.variables)

        // Comparateur 2022 (géographie 2021).
        let comparateur = try table("indicateurs/insee_comparateur_2022.csv.gz")
        let code = try comparateur.column("CODGEO")
        var parts: [Int: [CSVRecord]] = [:]
        for record in comparateur.records {
            let source = record[code]
            guard let target = current.contains(source) ? source : successors[source], let row = rowOf[target],
                  !restored.contains(target) else { continue }
            parts[row, default: []].append(record)
        }
        for variable in comparateur.header where wanted.contains(variable) {
            let index = try comparateur.column(variable)
            var column = SourceTable.Column(count: communeCodes.count)
            let additive = !Catalogue.nonAdditiveVariables.contains(variable)
            for (row, records) in parts {
                if records.count > 1 && !additive { continue }  // a median of merged communes is unknown
                var total = 0.0
                var state = SourceTable.State.value
                for record in records {
                    let text = record[index]
                    if text.isEmpty { state = .secret; break }
                    guard let value = FrenchNumber.parse(text) else {
                        throw FileError(file: comparateur.file, line: record.line, column: index + 1,
                                        message: "nombre attendu pour \(variable), trouvé « \(text) »")
                    }
                    total += value
                }
                column.states[row] = state
                column.values[row] = state == .value ? total : 0
            }
            columns[variable] = column
        }

        // Recensement 2021 (géographie 2024).
        let census = try table("indicateurs/communes_insee_2021.csv.gz")
        let (codeColumn, typeColumn, parentColumn) = try (census.column("insee_com"), census.column("commune_type"), census.column("insee_parente"))
        for variable in census.header where wanted.contains(variable) {
            let index = try census.column(variable)
            var column = SourceTable.Column(count: communeCodes.count)
            for record in census.records {
                let target = record[typeColumn] == "ARM" ? record[parentColumn] : record[codeColumn]
                guard let row = rowOf[target] else { continue }
                let text = record[index]
                if text.isEmpty {
                    column.states[row] = .secret
                    continue
                }
                guard let value = FrenchNumber.parse(text) else {
                    throw FileError(file: census.file, line: record.line, column: index + 1,
                                    message: "nombre attendu pour \(variable), trouvé « \(text) »")
                }
                if column.states[row] == .absent {
                    column.states[row] = .value
                    column.values[row] = value
                } else if column.states[row] == .value {
                    column.values[row] += value  // arrondissements add up to their commune
                }
            }
            columns[variable] = column
        }
        for variable in wanted where columns[variable] == nil {
            throw FileError(file: "indicateurs", message: "variable source « \(variable) » absente des fichiers")
        }
        return SourceTable(codes: communeCodes, columns: columns)
    }
}
