import Accounts
import Foundation
import Observatoire
import Validation

/// `/espace/donnees`: the collectivité's own series (private or public, latest value, period, source), the
/// file import with its report, and the links to create, edit, publish or delete a series.
struct OwnDataPage {
    static let template = "espace-donnees"

    struct Item {
        let id: Int64
        let label: String
        let catalogue: String?
        let isPublic: Bool
        let visibility: String
        let latest: String
        let period: String
        let values: Int
        let source: String
        let updated: String
        let editHref: String
    }

    struct Issue {
        let place: String
        let message: String
        let hint: String
        let isError: Bool
    }

    /// What the last file gave: refused with its errors, or imported (or only checked) with its series.
    struct Report {
        let title: String
        let isValid: Bool
        let issues: [Issue]
        let series: [String]
    }

    let owner: String
    let canWrite: Bool
    let csrf: String
    let items: [Item]
    let dashboardHref: String?
    let schemaHref = OwnDataImport.schemaHref
    let schemaFields: [String]
    let catalogue: [Option]
    let report: Report?
    let notice: String?

    init(_ series: [OwnSeries], user: User, ownerLabel: OwnerLabel, csrf: String, report: Report? = nil, notice: String? = nil) {
        owner = ownerLabel.label
        canWrite = user.canWrite(user.owner)
        self.csrf = csrf
        items = series.map { s in
            Item(id: s.id, label: s.label, catalogue: s.catalogueKey.flatMap(OwnCatalogue.entry)?.label, isPublic: s.isPublic,
                 visibility: s.isPublic ? "publique" : "privée",
                 latest: s.latest.map { "\(Format.own($0.value)) \(s.unit)" } ?? "—",
                 period: s.latest.map { $0.period.label + ($0.area.isEmpty ? "" : " (\($0.area))") } ?? "—",
                 values: s.points.count, source: s.source, updated: Format.day(Date(timeIntervalSince1970: s.updatedAt)),
                 editHref: "/espace/donnees/\(s.id)")
        }
        if case .commune(let code) = user.owner { dashboardHref = "/observatoire/\(code)" } else { dashboardHref = nil }
        schemaFields = OwnDataImport.schema.fields.map { "\($0.name) : \($0.title)\($0.required ? "" : " (facultatif)")" }
        catalogue = OwnCatalogue.entries.map { Option(value: $0.key, label: "\($0.key) — \($0.label) (\($0.unit))") }
        self.report = report
        self.notice = notice
    }

    /// The report of a file: where each problem is (line, column) in the words of the validator page.
    static func report(_ outcome: OwnDataImport.Outcome, imported: Bool) -> Report {
        let issues = outcome.issues.map { i in
            let place = [i.line.map { "ligne \($0)" }, i.column.map { "colonne \($0)" }, i.field.map { "« \($0) »" }].compactMap { $0 }.joined(separator: ", ")
            return Issue(place: place.isEmpty ? "fichier" : place, message: i.message, hint: i.hint, isError: i.severity == .error)
        }
        let title = !outcome.isValid
            ? "Fichier refusé : \(outcome.errors) erreur\(outcome.errors > 1 ? "s" : "") ; rien n'a été enregistré"
            : imported ? "Fichier importé : \(outcome.values) valeur\(outcome.values > 1 ? "s" : "") dans \(outcome.series.count) indicateur\(outcome.series.count > 1 ? "s" : "")"
            : "Fichier vérifié, sans erreur : \(outcome.values) valeur\(outcome.values > 1 ? "s" : "") dans \(outcome.series.count) indicateur\(outcome.series.count > 1 ? "s" : "") (rien n'est encore enregistré)"
        return Report(title: title, isValid: outcome.isValid, issues: issues,
                      series: outcome.series.map { "\($0.label) (\($0.unit)) : \($0.points.count) valeur\($0.points.count > 1 ? "s" : "")\($0.id == 0 ? ", nouvel indicateur" : ", mise à jour")" })
    }
}

extension Format {
    /// A collectivité's figure as it gave it: no decimals for a count, up to two otherwise.
    static func own(_ value: Double) -> String {
        let decimals = (0...2).first { d in let f = Foundation.pow(10, Double(d)); return (value * f).rounded() == value * f } ?? 2
        return decimal(value, decimals: decimals)
    }
}
