import Foundation
import Tabular

/// The real datasets shipped in `Data/` (see its README for producers, vintages and licence).
public enum BundledData {
    /// Every bundled file, by its path under `Data/`.
    public static let files: [String] = [
        "referentiel/regions_cog2024.csv.gz",
        "referentiel/departements_cog2024.csv.gz",
        "referentiel/communes_cog2024.csv.gz",
        "referentiel/mouvements_communes.csv.gz",
        "referentiel/populations_legales_2021.csv.gz",
        "referentiel/epci_composition_2024.csv.gz",
        "referentiel/programmes_anct_cog2023.csv.gz",
        "referentiel/ort_suivi_2023.csv.gz",
        "referentiel/mairies_2025.csv.gz",
        "geo/communes_simplifiees_2025.geojson.gz",
        "geo/epci_anct_drom_rapproches.geojson.gz",
        "geo/departements_anct_drom_rapproches.geojson.gz",
        "geo/regions_anct_drom_rapproches.geojson.gz",
        "indicateurs/insee_comparateur_2022.csv.gz",
        "indicateurs/communes_insee_2021.csv.gz",
        "indicateurs/apl_medecins_generalistes_2022_2023_drees.csv.gz",
        "indicateurs/eloignement_equipements_2021_insee.csv.gz",
    ]

    public static func url(_ file: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent(file)
    }

    /// A fingerprint of the bundled files' names and bytes: when it changes, the database is reloaded. Reads
    /// the ~16 MB of compressed data in a few milliseconds.
    public static func fingerprint() throws -> String {
        var hash = FNV1a()
        for file in files {
            hash.add(file)
            let data = try Data(contentsOf: url(file), options: .mappedIfSafe)
            data.withUnsafeBytes { hash.add($0) }
        }
        return hash.hex
    }
}
