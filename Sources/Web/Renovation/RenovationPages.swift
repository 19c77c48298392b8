import Foundation
import Renovation

/// The view models of the rénovation pages: numbers formatted the French way, labels in plain words.
enum RenovationFormat {
    static func int(_ x: Double) -> String { Format.integer(Int(x.rounded())) }
    static func decimal(_ x: Double, _ digits: Int = 1) -> String { Format.decimal(x, decimals: digits) }
    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded())) %" }
}

struct InventoryPage {
    struct Row {
        let rank: String, id: String, name: String, href: String, commune: String, usage: String, area: String
        let intensity: String, label: String, provenance: String, provenanceClass: String, score: String, why: [String]
        let interval: String?, ratio: String?
    }
    struct Weight { let key: String, label: String, value: String }
    struct Option { let value: String, label: String, selected: Bool }

    let title: String
    let isDemo: Bool
    let canImport: Bool
    let base: String
    /// Counts written with their thousands separated, as every figure of the page.
    let count: String
    let listed: String
    let total: String
    let rows: [Row]
    let truncated: Bool
    let isEmpty: Bool
    let weights: [Weight]
    /// The weights of the query that were not used, and what was used instead.
    let refusedWeights: [String]
    let usages: [Option]
    let labels: [Option]
    let provenances: [Option]
    let communes: [Option]
    let query: String
    /// The collectivité the operator is looking at, kept by the filter form.
    let collectivite: String?
    let map: String?
    let mapNote: String?
    let measured: String, estimated: String, fromDPE: String
    let modelMissing: Bool
    let absent: [String]
}

struct BuildingPage {
    struct Line { let label: String, value: String }
    struct Reason { let text: String }
    let name: String
    let isDemo: Bool
    let base: String
    let provenance: String
    let provenanceClass: String
    let isEstimate: Bool
    let identity: [Line]
    let figures: [Line]
    let notes: [String]
    let label: String
    let labelScale: String
    let estimate: String?
    let interval: String?
    let reasons: [Reason]
    let flag: String?
    let rank: String
    let of: String
    let score: String
    let why: [String]
    let benchmarks: [Line]
    let decret: String
}

struct ImportPage {
    struct Problem { let line: String, column: String, value: String, reason: String, hint: String }
    struct Column { let index: Int, header: String, options: [InventoryPage.Option], unit: String }
    struct Preview { let id: String, name: String, commune: String, usage: String, area: String, consumption: String }
    let hasReport: Bool
    let file: String
    let encoding: String
    let rows: Int
    let valid: Bool
    let problems: [Problem]
    let problemCount: Int
    let columns: [Column]
    let preview: [Preview]
    let buildingCount: Int
    /// The conversions applied, joined ("1 MWh = 1 000 kWh ; …"), nil when none.
    let conversions: String?
    let content: String
    let filename: String
    let csrf: String?
    let existing: Int
    let hasExisting: Bool
}
