import Parcours
import Referential
import Validation

/// One check of a collectivité's file as its pages list it (the validator's form, the diagnostic's result).
struct CheckView {
    let day: String, standard: String, file: String, rows: String, errors: String, conforms: Bool

    init(_ r: ConformityRecord) {
        (day, standard, file) = (r.checkedOn, "\(r.title) \(r.version)", r.file)
        (rows, errors, conforms) = (Format.integer(r.rows), Format.integer(r.errors), r.conforms)
    }
}

/// `GET /validateur`: the standards to choose from and, for a signed-in collectivité, its latest checks.
struct ValidationFormPage {
    static let template = "validateur"

    let schemas: [Option]
    let csrf: String?
    /// The signed-in collectivité's checks (latest first), when there is one.
    let territory: String?
    let checks: [CheckView]
    let hasChecks: Bool

    init(territory: String?, checks: [ConformityRecord], csrf: String?) {
        schemas = LocalDataSchemas.all.map { Option(value: $0.name, label: "\($0.title) \($0.version)") }
        self.csrf = csrf
        self.territory = territory
        self.checks = checks.prefix(20).map(CheckView.init)
        hasChecks = !checks.isEmpty
    }
}
