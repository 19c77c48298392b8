import Foundation

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
    ]

    public static func url(_ file: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent(file)
    }

    /// A fingerprint of the bundled files' bytes: when it changes, the database is reloaded. FNV-1a over
    /// 64-bit words, which reads the ~12 MB of compressed data in a few milliseconds.
    public static func fingerprint() throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for file in files {
            let data = try Data(contentsOf: url(file), options: .mappedIfSafe)
            for byte in file.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            data.withUnsafeBytes { raw in
                let words = raw.count / 8
                for i in 0..<words {
                    hash = (hash ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x100_0000_01b3
                }
                for i in (words * 8)..<raw.count { hash = (hash ^ UInt64(raw[i])) &* 0x100_0000_01b3 }
            }
        }
        return String(hash, radix: 16)
    }
}
