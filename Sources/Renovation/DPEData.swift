import Foundation
import Tabular

/// One tertiary DPE from ADEME's open data, read from either the project's extract (snake_case columns) or
/// the format the open-data portal publishes (accented columns such as `N°DPE`, `Conso_kWhep/m²/an`).
public struct DPERecord: Sendable, Equatable {
    public var number: String
    public var line: Int
    public var sector: String
    public var method: String
    public var heatingEnergy: EnergyCarrier?
    public var mainEnergy: EnergyCarrier?
    public var kWhEPPerM2: Double?
    public var surface: Double?
    /// `Surface_utile` = 100 is a placeholder in most DPEs; `betterSurface` is the implied or SHON surface.
    public var surfaceIsPlaceholder: Bool
    public var betterSurface: Double?
    public var constructionYear: Int?
    public var label: String?
    public var departement: String
    public var communeCode: String?
    public var communeName: String?
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    public var consumptions: [Consumption]
    /// Total final energy (kWh/an) in the extract's format.
    public var finalEnergy: Double?

    /// The model's usage group for the DPE's sector.
    public var group: String {
        if let usage = Usage(dpeSector: sector) { return usage.rawValue }
        let code = sector.split(separator: ":").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        switch code {
        case "M", "T": return "commerce"
        case "N": return "restauration"
        case "O", "OA", "GHO": return "hebergement"
        case "GHZ": return "mixte"
        default:
            if sector.hasPrefix("locaux d'entreprise") { return "bureaux_prives" }
            if sector.hasPrefix("autres tertiaires non ERP") { return "non_erp" }
            return Usage.autre.rawValue
        }
    }

    public var isEmptyDPE: Bool { method.contains("vierge") || (kWhEPPerM2 ?? 0) <= 1 }
}

public enum DPEData {
    public static let source = "ADEME, DPE tertiaire (v2), open data, DPE établis de mi-2021 à début 2024 — Licence Ouverte 2.0"

    public static func read(_ table: CSVTable) throws -> [DPERecord] {
        let h = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        func col(_ names: String...) -> Int? { names.lazy.compactMap { h[$0] }.first }
        guard let numberColumn = col("n_dpe", "N°DPE"), let intensity = col("conso_kwhep_m2_an", "Conso_kWhep/m²/an"),
              let sector = col("secteur_activite", "Secteur_activité") else {
            throw FileError(file: table.file, line: 1, message: "ce fichier n'est pas au format des DPE tertiaires ADEME : colonnes n_dpe / N°DPE, conso_kwhep_m2_an / Conso_kWhep/m²/an et secteur_activite / Secteur_activité attendues")
        }
        let method = col("methode_du_dpe", "Méthode_du_DPE"), heating = col("type_energie_principale_chauffage", "Type_énergie_principale_chauffage")
        let main = col("type_energie_n_1", "Type_énergie_n°1"), surface = col("surface_utile", "Surface_utile")
        let implied = col("surface_implied_m2"), shon = col("Surface_(SHON)"), year = col("annee_construction", "Année_construction")
        let label = col("etiquette_dpe", "Etiquette_DPE"), insee = col("Code_INSEE_(BAN)"), commune = col("Nom__commune_(BAN)")
        let address = col("Adresse_(BAN)"), geopoint = col("_geopoint"), dept = col("N°_département_(BAN)"), final = col("conso_finale_energie")
        let energies = [("Type_énergie_n°1", "Conso_é_finale_énergie_n°1", "Année_relève_conso_énergie_n°1"),
                        ("Type_énergie_n°2", "Conso_é_finale_énergie_n°2", "Année_relève_conso_énergie_n°2"),
                        ("Type_énergie_n°3", "Conso_é_finale_énergie_n°3", "Année_relève_conso_énergie_n°3")]
            .compactMap { t, c, y in h[t].flatMap { t in h[c].flatMap { c in h[y].map { (t, c, $0) } } } }
        func text(_ r: CSVRecord, _ i: Int?) -> String? {
            guard let i else { return nil }
            let v = r[i].trimmingCharacters(in: .whitespacesAndNewlines)
            return v.isEmpty ? nil : v
        }
        func value(_ r: CSVRecord, _ i: Int?) -> Double? { text(r, i).flatMap(FrenchNumber.parse) }
        return table.records.map { r in
            let n = r[numberColumn]
            let code = text(r, insee)
            let departement: String = {
                if let code { return code.hasPrefix("97") ? String(code.prefix(3)) : String(code.prefix(2)) }
                if let d = text(r, dept) { return d.count == 1 ? "0" + d : d }
                let digits = n.dropFirst(2).prefix(2)
                return digits == "20" ? "2A" : String(digits)
            }()
            let s = value(r, surface)
            let placeholder = s == 100
            let better = [value(r, implied), value(r, shon)].compactMap { $0 }.first { $0 > 0 }
            var lat: Double?, lon: Double?
            if let point = text(r, geopoint) {
                let parts = point.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                if parts.count == 2 { lat = parts[0]; lon = parts[1] }
            }
            let lines: [Consumption] = energies.compactMap { t, c, y in
                guard let carrier = text(r, t).flatMap(EnergyCarrier.init(text:)), let kWh = value(r, c), kWh > 1, kWh < 1e15,
                      let year = value(r, y).flatMap { BuildingImport.year($0, workbook: false) }, year > 1990 else { return nil }
                return Consumption(carrier: carrier, year: year, kWh: kWh, original: "\(Int(kWh.rounded())) kWh (DPE \(n))")
            }
            return DPERecord(number: n, line: r.line, sector: text(r, sector) ?? "", method: text(r, method) ?? "",
                             heatingEnergy: text(r, heating).flatMap(EnergyCarrier.init(text:)), mainEnergy: text(r, main).flatMap(EnergyCarrier.init(text:)),
                             kWhEPPerM2: value(r, intensity), surface: s, surfaceIsPlaceholder: placeholder, betterSurface: better,
                             constructionYear: value(r, year).flatMap { BuildingImport.year($0, workbook: false) }, label: text(r, label), departement: departement,
                             communeCode: code, communeName: text(r, commune).map(repairDoubleEncoding), address: text(r, address).map(repairDoubleEncoding),
                             latitude: lat, longitude: lon,
                             consumptions: lines, finalEnergy: value(r, final))
        }
    }

    /// ADEME's published file holds names and addresses that were UTF-8 read as Windows-1252 and written again as
    /// UTF-8 ("Rue dâ€™Angleterre", "Chambray-lÃ¨s-Tours"): undone when the round trip gives valid UTF-8. Where
    /// a byte was lost on the way ("Vand uvre-lès-Nancy", "Bray-et-LÃ") it cannot be undone: `isDamaged` says so.
    public static func repairDoubleEncoding(_ text: String) -> String {
        guard isDamaged(text), let bytes = text.data(using: .windowsCP1252), let repaired = String(data: bytes, encoding: .utf8) else { return text }
        return repaired
    }

    /// Text that still shows the marks of UTF-8 read as Windows-1252: "Ã" (no French word has it), "â€" (a
    /// typographic sign), "Å" before anything but a letter ("Barœul" became "BarÅ ul").
    public static func isDamaged(_ text: String) -> Bool {
        text.contains("Ã") || text.contains("â€") || text.contains(/Å(\P{L}|$)/)
    }

    /// The documented cleaning: empty DPEs, placeholder surfaces without a better one, implausible surfaces
    /// and intensities are left out; each rule's count is reported.
    public static func clean(_ records: [DPERecord]) -> (samples: [(ModelInput, Double)], kept: [DPERecord], report: [String]) {
        var empty = 0, noSurface = 0, badSurface = 0, outliers = 0
        var samples: [(ModelInput, Double)] = [], kept: [DPERecord] = []
        for r in records {
            if r.isEmptyDPE { empty += 1; continue }
            let area = r.surfaceIsPlaceholder ? r.betterSurface : (r.surface ?? r.betterSurface)
            guard let area else { noSurface += 1; continue }
            guard (10...200_000).contains(area) else { badSurface += 1; continue }
            guard let v = r.kWhEPPerM2, (10...3000).contains(v) else { outliers += 1; continue }
            samples.append((ModelInput(group: r.group, area: area, constructionYear: r.constructionYear.flatMap { (1700...2030).contains($0) ? $0 : nil },
                                       energy: r.heatingEnergy ?? r.mainEnergy, departement: r.departement), v))
            kept.append(r)
        }
        let report = [
            "\(records.count) DPE lus",
            "\(empty) DPE vides écartés (méthode « vierge » ou consommation ≤ 1 kWhEP/m², affichés A à tort)",
            "\(noSurface) écartés : surface de remplissage (100 m²) sans surface déduite ni SHON",
            "\(badSurface) écartés : surface hors de 10 à 200 000 m²",
            "\(outliers) écartés : consommation hors de 10 à 3 000 kWhEP/m²/an (valeurs aberrantes, jusqu'à 490 248 dans le fichier)",
            "surface de remplissage (100 m²) remplacée par la surface déduite (énergie primaire ÷ consommation au m²) ou la SHON",
            "énergie : celle du chauffage, sinon l'énergie n°1 du DPE",
            "\(samples.count) DPE retenus",
        ]
        return (samples, kept, report)
    }

    /// Splits cleaned rows by a hash of the DPE number: the same DPE always falls on the same side.
    public static func isHeldOut(_ number: String, percent: Int = 20) -> Bool {
        var hash = FNV1a()
        hash.add(number)
        return Int(hash.value % 100) < percent
    }
}
