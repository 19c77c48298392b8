import Accounts
import Foundation
import Parcours

/// The barometer's years: each person's last submission of each year (written with the answers, in
/// `saveAnswers`), read back for aggregates only, and the operator's note of each year.
extension SQLStore {
    /// Keeps the person's submission for the year of `at` (UTC), replacing an earlier one of the same year only.
    static func recordSubmission(_ tx: any SQLExecutor, owner: String, login: String, answers: Answers, json: String, at: Double) async throws {
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date(timeIntervalSince1970: at)).year!
        try await tx.execute("""
            INSERT INTO diagnostic_submission (owner, login, year, version, answers, submitted_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (owner, login, year) DO UPDATE SET version = excluded.version, answers = excluded.answers,
            submitted_at = excluded.submitted_at
            """, owner, login, year, answers.version, json, at)
    }

    public func submissions(year: Int, version: String) async throws -> [String: [Answers]] {
        try await sql.read { db in
            var result: [String: [Answers]] = [:]
            for row in try await db.rows("SELECT owner, answers FROM diagnostic_submission WHERE year = ? AND version = ? ORDER BY owner, login",
                                         year, version) {
                result[try row.string(0), default: []].append(try JSONDecoder().decode(Answers.self, from: Data(try row.string(1).utf8)))
            }
            return result
        }
    }

    public func submissionYears() async throws -> [Int] {
        try await sql.read { db in
            try await db.rows("SELECT DISTINCT year FROM diagnostic_submission ORDER BY year").map { Int(try $0.int64(0)) }
        }
    }

    public func barometerNote(year: Int) async throws -> BarometerNote? {
        try await sql.read { db in
            try await db.row("SELECT editorial, published, updated_at, updated_by FROM barometer_note WHERE year = ?", year).map {
                BarometerNote(year: year, editorial: try $0.string(0), published: try $0.bool(1), updatedAt: try $0.double(2), updatedBy: try $0.string(3))
            }
        }
    }

    public func saveBarometerNote(_ note: BarometerNote, actor: String) async throws {
        try await sql.transaction { tx in
            try await tx.execute("""
                INSERT INTO barometer_note (year, editorial, published, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (year) DO UPDATE SET editorial = excluded.editorial, published = excluded.published,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """, note.year, note.editorial, note.published, Date().timeIntervalSince1970, actor)
            try await tx.audit(actor: actor, owner: Owner.operateur.description, .barometerNoteSaved,
                               detail: "note \(note.year) : \(note.published ? "publiée" : "brouillon")")
        }
    }
}
