import Foundation
import Renovation
import Tabular

/// The building-energy data shipped in `Data/batiments` (see the README): ADEME's tertiary DPEs, degree-days
/// and climate zones per département, and the intensity model trained from them.
public enum RenovationData {
    public static let modelFile = "batiments/modele_intensite.json.gz"

    static func table(_ file: String) throws -> CSVTable {
        try CSV.read(contentsOf: BundledData.url(file))
    }

    public static func climate() throws -> ClimateTable {
        let dju = try table("batiments/dju_annuel_departement_2018_2024.csv.gz")
        let summary = try table("batiments/departement_climate_summary.csv.gz")
        let (code, year, days, hdd, cdd) = try (dju.column("code_insee_departement"), dju.column("year"), dju.column("n_days"),
                                               dju.column("dju18_meteo"), dju.column("cdd22"))
        var heating: [String: [Int: Double]] = [:], cooling: [String: [Int: Double]] = [:]
        for r in dju.records {
            // Partial years (2024 stops in February) are left out.
            guard let y = Int(r[year]), let n = Int(r[days]), n >= 365, let h = FrenchNumber.parse(r[hdd]), let c = FrenchNumber.parse(r[cdd]) else { continue }
            heating[r[code], default: [:]][y] = h
            cooling[r[code], default: [:]][y] = c
        }
        let (sCode, zoneColumn) = try (summary.column("code"), summary.column("zone_rt2012_fcu"))
        let zones = Dictionary(summary.records.map { ($0[sCode], $0[zoneColumn]) }, uniquingKeysWith: { a, _ in a })
        return ClimateTable(departements: Dictionary(uniqueKeysWithValues: heating.map { d, days in
            (d, ClimateTable.Departement(degreeDays: days, coolingDegreeDays: cooling[d] ?? [:], zone: zones[d]))
        }))
    }

    public static let actionsFile = "batiments/actions_renovation.json"

    /// The works library: actions with their CEE fiches, costs, lifetimes and sources, energy prices.
    public static func actionLibrary() throws -> ActionLibrary {
        try JSONDecoder().decode(ActionLibrary.self, from: Data(contentsOf: BundledData.url(actionsFile)))
    }

    /// ADEME's extract (8,895 DPEs, the training data).
    public static func dpeExtract() throws -> [DPERecord] {
        try DPEData.read(table("batiments/dpe_tertiaire_v2_ademe_extrait.csv.gz"))
    }

    /// The DPEs in the format the open-data portal publishes (1,109, with addresses and coordinates).
    public static func dpePublished() throws -> [DPERecord] {
        try DPEData.read(table("batiments/dpe_tertiaire_v2_ademe_format_publie.csv.gz"))
    }

    /// The bundled model (or the one at `url`), nil when the file is absent (before the first `territoires train`).
    public static func model(at url: URL? = nil) throws -> IntensityModel? {
        let url = url ?? BundledData.url(modelFile)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(IntensityModel.self, from: Data(Gzip.decompress(contentsOf: url)))
    }

    /// Trains the model as shipped: on the cleaned extract minus the 20 % held out by DPE number.
    public static func trainModel(_ records: [DPERecord], climate: ClimateTable,
                                  parameters: GradientBoostedTrees.Parameters = .init()) -> (model: IntensityModel, heldOut: [DPERecord]) {
        let training = records.filter { !DPEData.isHeldOut($0.number) }
        let (samples, _, report) = DPEData.clean(training)
        let model = IntensityModel.train(samples, climate: climate,
                                         cleaning: report + ["20 % des DPE mis de côté pour l'évaluation (par empreinte du numéro de DPE)"],
                                         parameters: parameters)
        return (model, records.filter { DPEData.isHeldOut($0.number) })
    }
}

extension RenovationData {
    /// The rénovation setup from the bundled files. The demo inventory is made of the schools, administrations,
    /// sports halls, libraries, museums and multi-purpose halls among ADEME's published DPEs.
    public static func setup() throws -> RenovationSetup {
        let climate = try climate()
        let national = NationalReference(samples: DPEData.clean(try dpeExtract()).samples)
        let publicUsages: Set<Usage> = [.ecole, .administration, .gymnase, .culture, .sallePolyvalente]
        let names = try communeNames()
        let demo = try dpePublished().compactMap { record -> Building? in
            guard let usage = Usage(dpeSector: record.sector), publicUsages.contains(usage) else { return nil }
            return mended(record, names: names).building(owner: RenovationSetup.demoOwner, source: "DPE ADEME n° \(record.number)")
        }
        return RenovationSetup(climate: climate, model: try model(), national: national, demo: demo, library: try actionLibrary())
    }

    /// Names of communes and municipal arrondissements by code (COG 2024).
    static func communeNames() throws -> [String: String] {
        let cog = try table("referentiel/communes_cog2024.csv.gz")
        let (type, code, name) = try (cog.column("TYPECOM"), cog.column("COM"), cog.column("LIBELLE"))
        return Dictionary(cog.records.filter { ["COM", "ARM"].contains($0[type]) }.map { ($0[code], $0[name]) }, uniquingKeysWith: { a, _ in a })
    }

    /// ADEME's file lost characters of a few BAN commune names on the way ("Vand uvre-lès-Nancy", "Bray-et-LÃ"):
    /// such a name, in the building's name and at the end of its address, becomes the referential's name for its
    /// code. Other differences are kept as published ("Paris" for an arrondissement, "LOMME" under its postcode).
    static func mended(_ record: DPERecord, names: [String: String]) -> DPERecord {
        guard let code = record.communeCode, let published = record.communeName, let name = names[code], published != name,
              lostCharacters(published, of: name) else { return record }
        var mended = record
        mended.communeName = name
        if let address = record.address, address.hasSuffix(" " + published) { mended.address = address.dropLast(published.count) + name }
        return mended
    }

    /// `damaged` is `intact` with characters lost: the marks of a double encoding, or letters become spaces.
    static func lostCharacters(_ damaged: String, of intact: String) -> Bool {
        DPEData.isDamaged(damaged) || (damaged.count == intact.count && zip(damaged, intact).allSatisfy { $0 == $1 || $0 == " " })
    }
}
