import Foundation
import Parcours

/// `GET /api/v1/validation/controles`: one of the collectivité's recorded checks.
struct ConformityCheckDTO: Encodable {
    let schema: String, version: String, file: String, rows: Int, errors: Int, conforms: Bool, login: String, checkedAt: Date

    init(_ r: ConformityRecord) {
        (schema, version, file, rows, errors, conforms) = (r.schema, r.version, r.file, r.rows, r.errors, r.conforms)
        (login, checkedAt) = (r.login, Date(timeIntervalSince1970: r.checkedAt))
    }
}
