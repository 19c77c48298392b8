import Cartography
import Foundation
import Referential
import Tabular

/// The referential and its outlines, as read from the source files.
public struct ReferentialDataset: Sendable {
    public let referential: Referential
    /// Town-hall contacts by commune code: read on demand by the card, so kept apart from the communes.
    public let townHalls: [String: TownHall]
    public let shapes: [ShapeKind: [String: Shape]]
}

/// Builds the referential from the published files, reconciling their vintages:
/// the COG 2024 lists the communes; populations come from the DGCL's 2024 table (populations légales 2021 on
/// the 2024 geography), falling back to INSEE's table for communes outside any EPCI; the ANCT programme table is
/// on the 2023 geography, so codes of communes merged since are carried to the commune they joined.
public struct ReferentialLoader {
    public let directory: URL
    public var progress: @Sendable (String) -> Void

    public init(directory: URL? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.directory = directory ?? BundledData.url("")
        self.progress = progress
    }

    private func table(_ file: String) throws -> CSVTable {
        try CSV.read(contentsOf: directory.appendingPathComponent(file))
    }

    public func load() throws -> ReferentialDataset {
        progress("régions et départements (INSEE, COG 2024)")
        let regions = try loadRegions()
        let departements = try loadDepartements()

        progress("communes (INSEE, COG 2024)")
        let cog = try table("referentiel/communes_cog2024.csv.gz")
        let (cType, cCode, cReg, cDep, cName, cParent) = try tuple6(cog.columns("TYPECOM", "COM", "REG", "DEP", "LIBELLE", "COMPARENT"))
        var communeRows: [String: (name: String, dep: String, reg: String)] = [:]
        var subRows: [(parent: String, kind: SubCommune.Kind, code: String, name: String)] = []
        for record in cog.records {
            let type = record[cType], code = record[cCode]
            if type == "COM" {
                communeRows[code] = (record[cName], record[cDep], record[cReg])
            } else if let kind = SubCommune.Kind(rawValue: type) {
                subRows.append((record[cParent], kind, code, record[cName]))
            } else {
                throw FileError(file: cog.file, line: record.line, column: cType + 1, message: "type de commune inconnu « \(type) »")
            }
        }

        progress("populations légales 2021 (INSEE) et EPCI au 1er janvier 2024 (DGCL)")
        let inseePopulations = try loadInseePopulations()
        let (epcis, epciOfCommune, dgclPopulations) = try loadEPCIs()

        progress("programmes de l'ANCT et opérations de revitalisation de territoire")
        let successor = try loadSuccessors(current: Set(communeRows.keys))
        let programmes = try loadProgrammes(successor: successor)
        let orts = try loadORTs()

        progress("mairies (Annuaire de l'administration)")
        let townHalls = try loadTownHalls()

        progress("contours des communes (IGN Admin Express)")
        let communeShapes = try loadCommuneShapes(codes: Set(communeRows.keys))
        progress("communes limitrophes")
        let neighbours = Adjacency.neighbours(of: communeShapes)

        progress("contours des EPCI, départements et régions (ANCT)")
        let epciShapes = try loadShapes("geo/epci_anct_drom_rapproches.geojson.gz", key: "siren_epci")
        let depShapes = try loadShapes("geo/departements_anct_drom_rapproches.geojson.gz", key: "insee_dep")
        let regShapes = try loadShapes("geo/regions_anct_drom_rapproches.geojson.gz", key: "insee_reg")

        let subsByParent = Dictionary(grouping: subRows, by: \.parent)
        var communes: [Commune] = []
        communes.reserveCapacity(communeRows.count)
        for (code, row) in communeRows {
            let subs = (subsByParent[code] ?? []).map {
                SubCommune(kind: $0.kind, code: $0.code, name: $0.name,
                           population: $0.kind == .arrondissement ? inseePopulations[$0.code]?.municipale : nil)
            }.sorted { ($0.kind.rawValue, $0.code) < ($1.kind.rawValue, $1.code) }
            let population: (municipale: Int, totale: Int?)
            if let dgcl = dgclPopulations[code] {
                population = (dgcl.municipale, dgcl.totale)
            } else if let insee = inseePopulations[code] {
                population = (insee.municipale, insee.totale)
            } else {
                throw FileError(file: "populations", message: "aucune population pour la commune \(code) \(row.name)")
            }
            communes.append(Commune(
                code: code, name: row.name, departementCode: row.dep, regionCode: row.reg,
                epciSiren: epciOfCommune[code], population: population.municipale, populationTotale: population.totale,
                programmes: programmes[code] ?? [], ort: orts[code],
                subCommunes: subs, neighbours: neighbours[code] ?? []))
        }
        let referential = Referential(regions: regions, departements: departements, epcis: epcis, communes: communes)
        return ReferentialDataset(
            referential: referential, townHalls: townHalls,
            shapes: [.commune: communeShapes, .epci: epciShapes, .departement: depShapes, .region: regShapes])
    }

    private func tuple6(_ c: [Int]) -> (Int, Int, Int, Int, Int, Int) { (c[0], c[1], c[2], c[3], c[4], c[5]) }

    private func loadRegions() throws -> [Region] {
        let t = try table("referentiel/regions_cog2024.csv.gz")
        let c = try t.columns("REG", "LIBELLE", "CHEFLIEU")
        return t.records.map { Region(code: $0[c[0]], name: $0[c[1]], chefLieu: $0[c[2]]) }
    }

    private func loadDepartements() throws -> [Departement] {
        let t = try table("referentiel/departements_cog2024.csv.gz")
        let c = try t.columns("DEP", "REG", "LIBELLE", "CHEFLIEU")
        return t.records.map { Departement(code: $0[c[0]], regionCode: $0[c[1]], name: $0[c[2]], chefLieu: $0[c[3]]) }
    }

    private func integer(_ t: CSVTable, _ r: CSVRecord, _ column: Int) throws -> Int {
        guard let value = Int(r[column].trimmingCharacters(in: .whitespaces)) else {
            throw FileError(file: t.file, line: r.line, column: column + 1, message: "nombre entier attendu, trouvé « \(r[column]) »")
        }
        return value
    }

    private func loadInseePopulations() throws -> [String: (municipale: Int, totale: Int)] {
        let t = try table("referentiel/populations_legales_2021.csv.gz")
        let c = try t.columns("COM", "PMUN", "PTOT")
        var result: [String: (Int, Int)] = [:]
        for r in t.records { result[r[c[0]]] = (try integer(t, r, c[1]), try integer(t, r, c[2])) }
        return result
    }

    private func loadEPCIs() throws -> ([EPCI], [String: String], [String: (municipale: Int, totale: Int)]) {
        let t = try table("referentiel/epci_composition_2024.csv.gz")
        let c = try t.columns("dept", "siren", "raison_sociale", "nature_juridique", "mode_financ", "insee", "ptot_2024", "pmun_2024")
        var members: [String: [CSVRecord]] = [:]
        var order: [String] = []
        var epciOf: [String: String] = [:]
        var populations: [String: (Int, Int)] = [:]
        for r in t.records {
            let siren = r[c[1]]
            if members[siren] == nil { order.append(siren) }
            members[siren, default: []].append(r)
            epciOf[r[c[5]]] = siren
            populations[r[c[5]]] = (try integer(t, r, c[7]), try integer(t, r, c[6]))
        }
        let epcis = try order.map { siren -> EPCI in
            let rows = members[siren]!
            let first = rows[0]
            guard let nature = EPCINature(rawValue: first[c[3]]) else {
                throw FileError(file: t.file, line: first.line, column: c[3] + 1, message: "nature juridique inconnue « \(first[c[3]]) »")
            }
            return EPCI(siren: siren, name: first[c[2]], nature: nature, taxRegime: first[c[4]], departementCode: first[c[0]],
                        memberCodes: rows.map { $0[c[5]] }.sorted(),
                        population: rows.reduce(0) { $0 + (populations[$1[c[5]]]?.0 ?? 0) })
        }
        return (epcis, epciOf, populations)
    }

    private func loadSuccessors(current: Set<String>) throws -> [String: String] {
        try CommuneHistory(table: table("referentiel/mouvements_communes.csv.gz")).successors(current: current)
    }

    private func loadProgrammes(successor: [String: String]) throws -> [String: [ProgrammeMembership]] {
        let t = try table("referentiel/programmes_anct_cog2023.csv.gz")
        let code = try t.column("insee_com")
        let columns: [(Programme, Int)] = try [
            (.petitesVillesDeDemain, t.column("id_pvd")), (.actionCoeurDeVille, t.column("id_acv")),
            (.actionCoeurDeVille, t.column("id_acv2")), (.villagesDAvenir, t.column("id_va")),
            (.crte, t.column("id_crte")), (.franceServices, t.column("id_fs")), (.territoiresDIndustrie, t.column("id_ti")),
        ]
        var ids: [String: [Programme: [String]]] = [:]
        for r in t.records {
            let commune = successor[r[code]] ?? r[code]
            for (programme, column) in columns where !r[column].isEmpty {
                var list = ids[commune, default: [:]][programme, default: []]
                if !list.contains(r[column]) { list.append(r[column]) }
                ids[commune, default: [:]][programme] = list
            }
        }
        return ids.mapValues { byProgramme in
            Programme.allCases.compactMap { p in byProgramme[p].map { ProgrammeMembership(programme: p, identifiers: $0.sorted()) } }
        }
    }

    private func loadORTs() throws -> [String: ORT] {
        let t = try table("referentiel/ort_suivi_2023.csv.gz")
        let c = try t.columns("Code commune", "Signée ?", "Si signée, date de signature",
                              "Si non signée, date de signature envisagée", "Avancement", "Dernière actualisation")
        func value(_ r: CSVRecord, _ i: Int) -> String? {
            let v = r[c[i]].trimmingCharacters(in: .whitespacesAndNewlines)
            return v.isEmpty ? nil : v
        }
        var result: [String: ORT] = [:]
        for r in t.records {
            result[r[c[0]]] = ORT(state: value(r, 1), signatureDate: value(r, 2), plannedSignature: value(r, 3),
                                  progress: value(r, 4), updatedOn: value(r, 5).map { String($0.prefix(10)) })
        }
        return result
    }

    private func loadTownHalls() throws -> [String: TownHall] {
        let t = try table("referentiel/mairies_2025.csv.gz")
        let c = try t.columns("code", "type", "mairie_lat", "mairie_lon", "adresse", "telephone", "email", "site", "horaires_json")
        func value(_ r: CSVRecord, _ i: Int) -> String? {
            let v = r[c[i]].trimmingCharacters(in: .whitespacesAndNewlines)
            return v.isEmpty ? nil : v
        }
        var result: [String: TownHall] = [:]
        for r in t.records where r[c[1]] == "COM" {
            var hours: [OpeningSlot] = []
            if let json = value(r, 8) {
                // Published as [[fromDay, toDay, [[opens, closes], …]], …] with times as HH:MM:SS.
                guard let slots = (try? JSONValue.parse(Array(json.utf8)))?.array else {
                    throw FileError(file: t.file, line: r.line, column: c[8] + 1, message: "horaires illisibles (JSON attendu)")
                }
                for slot in slots {
                    guard let parts = slot.array, parts.count == 3, let from = parts[0].string, let to = parts[1].string else { continue }
                    let ranges = (parts[2].array ?? []).compactMap { range -> String? in
                        guard let pair = range.array, pair.count == 2, let opens = pair[0].string, let closes = pair[1].string else { return nil }
                        return "\(opens.prefix(5))–\(closes.prefix(5))"
                    }
                    hours.append(OpeningSlot(fromDay: from, toDay: to, hours: ranges))
                }
            }
            result[r[c[0]]] = TownHall(
                latitude: value(r, 2).flatMap(FrenchNumber.parse), longitude: value(r, 3).flatMap(FrenchNumber.parse),
                address: value(r, 4), phone: value(r, 5), email: value(r, 6), website: value(r, 7), openingHours: hours)
        }
        return result
    }

    /// Outlines of the 2024 communes from the 2025 file: a commune merged into another in 2025 is found as a
    /// commune déléguée of the same code; the few with no outline at all are simply left without a map.
    private func loadCommuneShapes(codes: Set<String>) throws -> [String: Shape] {
        let collection = try GeoJSON.read(contentsOf: directory.appendingPathComponent("geo/communes_simplifiees_2025.geojson.gz"))
        var shapes: [String: Shape] = [:]
        var isCommune: Set<String> = []
        for feature in collection.features {
            guard let code = feature.properties["code"], codes.contains(code) else { continue }
            let type = feature.properties["type"]
            if type == "COM" {
                shapes[code] = feature.shape
                isCommune.insert(code)
            } else if !isCommune.contains(code) && shapes[code] == nil {
                shapes[code] = feature.shape
            }
        }
        return shapes
    }

    private func loadShapes(_ file: String, key: String) throws -> [String: Shape] {
        let collection = try GeoJSON.read(contentsOf: directory.appendingPathComponent(file))
        var shapes: [String: Shape] = [:]
        // Features without a code are the islands outside any EPCI, drawn in the file for completeness.
        for feature in collection.features {
            guard let code = feature.properties[key], !code.isEmpty else { continue }
            shapes[code] = feature.shape
        }
        return shapes
    }
}
