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
/// - DREES's APL 2022 and 2023 list Paris, Lyon and Marseille by arrondissement: they are rebuilt from them, and
///   every commune carries APL × standardised population and that population, so that any group's APL is the
///   mean weighted as DREES weights it.
/// - INSEE's remoteness from facilities (2021, geography 2023) carries its share × population 2021; a commune
///   merged since 2023 has no value (its former communes' populations are not known on this geography).
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
                    total += try number(record, index, of: comparateur)
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
                let value = try number(record, index, of: census)
                if column.states[row] == .absent {
                    column.states[row] = .value
                    column.values[row] = value
                } else if column.states[row] == .value {
                    column.values[row] += value  // arrondissements add up to their commune
                }
            }
            columns[variable] = column
        }
        let parentOf = Dictionary(census.records.filter { $0[typeColumn] == "ARM" }.map { ($0[codeColumn], $0[parentColumn]) },
                                  uniquingKeysWith: { first, _ in first })
        func target(_ code: String) -> Int? {
            let commune = parentOf[code] ?? (current.contains(code) ? code : successors[code])
            return commune.flatMap { restored.contains($0) ? nil : rowOf[$0] }
        }
        try loadAPL(target: target, count: communeCodes.count, into: &columns)
        try loadRemoteness(target: target, population: columns["population_2021"], count: communeCodes.count, into: &columns)

        for variable in wanted where columns[variable] == nil {
            throw FileError(file: "indicateurs", message: "variable source « \(variable) » absente des fichiers")
        }
        return SourceTable(codes: communeCodes, columns: columns)
    }

    /// APL × standardised population and that population, summed over the arrondissements or former communes
    /// of each commune; a commune none of whose parts has a figure that year is absent.
    private func loadAPL(target: (String) -> Int?, count: Int, into columns: inout [String: SourceTable.Column]) throws {
        typealias V = Catalogue.LoadedVariables
        let apl = try table("indicateurs/apl_medecins_generalistes_2022_2023_drees.csv.gz")
        let code = try apl.column("code_insee")
        // (published APL column, its weighted variable, the weight's published column, the weight's variable)
        let series = [("apl_mg_2023", V.aplWeighted2023, "pop_standardisee_2021", V.aplWeight2023),
                      ("apl_mg_moins65_2023", V.aplUnder65Weighted2023, "pop_standardisee_2021", V.aplWeight2023),
                      ("apl_mg_2022", V.aplWeighted2022, "pop_standardisee_2020", V.aplWeight2022)]
        for (published, weighted, weightColumn, weight) in series {
            let (valueIndex, weightIndex) = (try apl.column(published), try apl.column(weightColumn))
            var products = SourceTable.Column(count: count), weights = SourceTable.Column(count: count)
            for record in apl.records {
                guard let row = target(record[code]), !record[valueIndex].isEmpty else { continue }
                let value = try number(record, valueIndex, of: apl), population = try number(record, weightIndex, of: apl)
                if products.states[row] == .absent {
                    (products.states[row], weights.states[row]) = (.value, .value)
                    (products.values[row], weights.values[row]) = (0, 0)
                }
                products.values[row] += value * population
                weights.values[row] += population
            }
            columns[weighted] = products
            columns[weight] = weights
        }
    }

    /// Each share × the commune's population 2021 (census), and that population, for communes the file gives
    /// alone; "N/A - résultat non disponible" is absent, as is a commune formed by merging several of the file's.
    private func loadRemoteness(target: (String) -> Int?, population: SourceTable.Column?, count: Int,
                                into columns: inout [String: SourceTable.Column]) throws {
        typealias V = Catalogue.LoadedVariables
        guard let population else { throw FileError(file: "indicateurs", message: "population 2021 absente : éloignement non pondérable") }
        let remoteness = try table("indicateurs/eloignement_equipements_2021_insee.csv.gz")
        let code = try remoteness.column("code_insee")
        var parts: [Int: [CSVRecord]] = [:]
        for record in remoteness.records { if let row = target(record[code]) { parts[row, default: []].append(record) } }
        var weights = SourceTable.Column(count: count)
        for (published, weighted) in [("pct_pop_eloignee_equip_proximite_7min", V.remoteEveryday),
                                      ("pct_pop_eloignee_equip_intermediaire_15min", V.remoteIntermediate),
                                      ("pct_pop_eloignee_equip_superieur_30min", V.remoteHigher)] {
            let index = try remoteness.column(published)
            var products = SourceTable.Column(count: count)
            for (row, records) in parts where records.count == 1 && population.states[row] == .value {
                let text = records[0][index]
                if text.hasPrefix("N/A") { continue }
                products.values[row] = try number(records[0], index, of: remoteness) * population.values[row]
                products.states[row] = .value
                weights.values[row] = population.values[row]
                weights.states[row] = .value
            }
            columns[weighted] = products
        }
        columns[V.remoteWeight] = weights
    }

    private func number(_ record: CSVRecord, _ index: Int, of table: CSVTable) throws -> Double {
        guard let value = FrenchNumber.parse(record[index]) else {
            throw FileError(file: table.file, line: record.line, column: index + 1,
                            message: "nombre attendu pour \(table.header[index]), trouvé « \(record[index]) »")
        }
        return value
    }
}
