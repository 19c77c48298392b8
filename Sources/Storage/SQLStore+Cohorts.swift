import Foundation
import Parcours

/// Formation-action cohorts: a call in one row with its sessions and attendance beside it; an application in one
/// row, its decisions and milestone updates appended in `cohort_entry`. A change runs the domain's rule inside the
/// transaction that reads the call `FOR UPDATE`, so two selections in one call are counted one after the other.
extension SQLStore {
    private static var callColumns: String { "id, title, theme, deadline, starts_on, ends_on, capacity, max_population, levels, state, published, created_at" }
    private static var applicationColumns: String { "id, call_id, owner, metier, donnees, use_case_id, own_use_case, motivation, state, created_at" }

    /// The calls of these rows with their sessions and attendance, two more queries for all of them.
    private static func loadCalls(_ rows: [SQLRow], _ db: any SQLExecutor) async throws -> [CohortCall] {
        let ids = try rows.map { try $0.int64(0) }
        var presences: [Int64: [Int: [String: CohortCall.Presence]]] = [:]
        for r in try await db.rows(forKeys: ids, { "SELECT call_id, seq, login, presence FROM cohort_attendance WHERE call_id IN (\($0))" }) {
            guard let presence = CohortCall.Presence(rawValue: try r.string(3)) else { throw StorageError("présence illisible") }
            presences[try r.int64(0), default: [:]][try r.int(1), default: [:]][try r.string(2)] = presence
        }
        var sessions: [Int64: [CohortCall.Session]] = [:]
        for r in try await db.rows(forKeys: ids, { "SELECT call_id, seq, day, topic, place, mode FROM cohort_session WHERE call_id IN (\($0)) ORDER BY call_id, day, seq" }) {
            let (call, seq) = (try r.int64(0), try r.int(1))
            guard let mode = CohortCall.Mode(rawValue: try r.string(5)) else { throw StorageError("séance \(seq) illisible") }
            sessions[call, default: []].append(.init(id: seq, day: try r.string(2), topic: try r.string(3), place: try r.string(4), mode: mode,
                                                     attendance: presences[call]?[seq] ?? [:]))
        }
        return try rows.map { row in
            let id = try row.int64(0)
            let names = try row.string(8).split(separator: ",")
            let levels = names.compactMap { MaturityLevel(rawValue: String($0)) }
            guard let state = CohortCall.State(rawValue: try row.string(9)), levels.count == names.count else { throw StorageError("appel \(id) illisible") }
            return CohortCall(id: id, title: try row.string(1), theme: try row.string(2), deadline: try row.string(3), startsOn: try row.string(4),
                              endsOn: try row.string(5), capacity: try row.int(6),
                              eligibility: .init(maxPopulation: try row.optionalInt64(7).map(Int.init), levels: Set(levels)), state: state,
                              published: try row.bool(10), createdAt: try row.double(11), sessions: sessions[id] ?? [])
        }
    }

    /// The applications of these rows with their histories, one more query for all of them.
    private static func loadApplications(_ rows: [SQLRow], _ db: any SQLExecutor) async throws -> [CohortApplication] {
        var histories: [Int64: [CohortApplication.Entry]] = [:]
        let select = { (p: String) in
            "SELECT application_id, kind, at, author, actor, from_state, to_state, milestone, status, text, evidence FROM cohort_entry WHERE application_id IN (\(p)) ORDER BY application_id, seq"
        }
        for e in try await db.rows(forKeys: try rows.map { try $0.int64(0) }, select) {
            let id = try e.int64(0)
            guard let kind = CohortApplication.Entry.Kind(rawValue: try e.string(1)), let actor = CohortApplication.Actor(rawValue: try e.string(4))
            else { throw StorageError("entrée de la candidature \(id) illisible") }
            histories[id, default: []].append(.init(kind: kind, at: try e.double(2), author: try e.string(3), actor: actor,
                                                    from: try e.optionalString(5).flatMap(CohortApplication.State.init),
                                                    to: try e.optionalString(6).flatMap(CohortApplication.State.init),
                                                    milestone: try e.optionalString(7).flatMap(CohortApplication.Milestone.init),
                                                    status: try e.optionalString(8).flatMap(CohortApplication.MilestoneStatus.init),
                                                    text: try e.string(9), evidence: try e.string(10)))
        }
        return try rows.map { row in
            let id = try row.int64(0)
            guard let state = CohortApplication.State(rawValue: try row.string(8)) else { throw StorageError("candidature \(id) illisible") }
            return CohortApplication(id: id, callID: try row.int64(1), owner: try row.string(2), metier: try row.string(3), donnees: try row.string(4),
                                     useCaseID: try row.optionalString(5), ownUseCase: try row.string(6), motivation: try row.string(7), state: state,
                                     createdAt: try row.double(9), entries: histories[id] ?? [])
        }
    }

    private static func lockedCall(_ id: Int64, _ tx: any SQLExecutor) async throws -> CohortCall {
        guard let call = try await loadCalls(try await tx.rows("SELECT \(callColumns) FROM cohort_call WHERE id = ?\(tx.forUpdate)", id), tx).first
        else { throw CohortError.unknownCall(id) }
        return call
    }

    /// The call's sessions and attendance written again whole (a cohort has a few dozen sessions at most).
    private static func writeSessions(of call: CohortCall, _ tx: any SQLExecutor) async throws {
        try await tx.execute("DELETE FROM cohort_attendance WHERE call_id = ?", call.id)
        try await tx.execute("DELETE FROM cohort_session WHERE call_id = ?", call.id)
        for s in call.sessions {
            try await tx.execute("INSERT INTO cohort_session (call_id, seq, day, topic, place, mode) VALUES (?, ?, ?, ?, ?, ?)",
                                 call.id, s.id, s.day, s.topic, s.place, s.mode.rawValue)
            for (login, presence) in s.attendance.sorted(by: { $0.key < $1.key }) {
                try await tx.execute("INSERT INTO cohort_attendance (call_id, seq, login, presence) VALUES (?, ?, ?, ?)", call.id, s.id, login, presence.rawValue)
            }
        }
    }

    private static func levels(_ call: CohortCall) -> String { call.eligibility.levels.sorted().map(\.rawValue).joined(separator: ",") }

    private static func append(_ entries: ArraySlice<CohortApplication.Entry>, to id: Int64, _ tx: any SQLExecutor) async throws {
        for (seq, e) in zip(entries.indices, entries) {
            try await tx.execute("""
                INSERT INTO cohort_entry (application_id, seq, kind, at, author, actor, from_state, to_state, milestone, status, text, evidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, id, seq, e.kind.rawValue, e.at, e.author, e.actor.rawValue, e.from?.rawValue, e.to?.rawValue, e.milestone?.rawValue,
                e.status?.rawValue, e.text, e.evidence)
        }
    }

    private static func scope(_ owner: String?) -> (sql: String, binds: [any SQLBindable]) {
        owner.map { (" AND owner = ?", [$0]) } ?? ("", [])
    }

    public func createCohortCall(_ c: CohortCall, actor: String) async throws -> CohortCall {
        try await sql.transaction { tx in
            let inserted = try await tx.row("""
                INSERT INTO cohort_call (title, theme, deadline, starts_on, ends_on, capacity, max_population, levels, state, published, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, c.title, c.theme, c.deadline, c.startsOn, c.endsOn, c.capacity, c.eligibility.maxPopulation, Self.levels(c), c.state.rawValue,
                c.published, c.createdAt)
            guard let id = try inserted?.int64(0) else { throw StorageError("appel non enregistré") }
            let call = CohortCall(id: id, title: c.title, theme: c.theme, deadline: c.deadline, startsOn: c.startsOn, endsOn: c.endsOn, capacity: c.capacity,
                                  eligibility: c.eligibility, state: c.state, published: c.published, createdAt: c.createdAt, sessions: c.sessions)
            try await Self.writeSessions(of: call, tx)
            try await tx.audit(actor: actor, owner: "", .cohortCallSaved, detail: "appel n° \(id) ouvert : \(c.title)")
            return call
        }
    }

    public func cohortCalls() async throws -> [CohortCall] {
        try await sql.read { db in try await Self.loadCalls(try await db.rows("SELECT \(Self.callColumns) FROM cohort_call ORDER BY deadline DESC, id DESC"), db) }
    }

    public func cohortCall(id: Int64) async throws -> CohortCall? {
        try await sql.read { db in try await Self.loadCalls(try await db.rows("SELECT \(Self.callColumns) FROM cohort_call WHERE id = ?", id), db).first }
    }

    public func updateCohortCall(id: Int64, actor: String, _ change: @Sendable (inout CohortCall) throws -> Void) async throws -> CohortCall {
        try await sql.transaction { tx in
            let before = try await Self.lockedCall(id, tx)
            var after = before
            try change(&after)
            try await tx.execute("""
                UPDATE cohort_call SET title = ?, theme = ?, deadline = ?, starts_on = ?, ends_on = ?, capacity = ?, max_population = ?, levels = ?,
                state = ?, published = ? WHERE id = ?
                """, after.title, after.theme, after.deadline, after.startsOn, after.endsOn, after.capacity, after.eligibility.maxPopulation,
                Self.levels(after), after.state.rawValue, after.published, id)
            if after.sessions != before.sessions { try await Self.writeSessions(of: after, tx) }
            var what: [String] = []
            if after.state != before.state { what.append("\(before.state.label) → \(after.state.label)") }
            if after.published != before.published { what.append(after.published ? "restitution publiée" : "restitution retirée") }
            if after.sessions.count != before.sessions.count { what.append("séance ajoutée") } else if after.sessions != before.sessions { what.append("présences") }
            try await tx.audit(actor: actor, owner: "", .cohortCallSaved, detail: "appel n° \(id) : " + (what.isEmpty ? "modification" : what.joined(separator: ", ")))
            return after
        }
    }

    public func createCohortApplication(callID: Int64, owner: String, actor: String,
                                        _ make: @Sendable (CohortCall) throws -> CohortApplication) async throws -> CohortApplication {
        try await sql.transaction { tx in
            let call = try await Self.lockedCall(callID, tx)
            guard try await tx.row("SELECT id FROM cohort_application WHERE call_id = ? AND owner = ?", callID, owner) == nil else { throw CohortError.alreadyApplied }
            let a = try make(call)
            let inserted = try await tx.row("""
                INSERT INTO cohort_application (call_id, owner, metier, donnees, use_case_id, own_use_case, motivation, state, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, callID, owner, a.metier, a.donnees, a.useCaseID, a.ownUseCase, a.motivation, a.state.rawValue, a.createdAt)
            guard let id = try inserted?.int64(0) else { throw StorageError("candidature non enregistrée") }
            try await Self.append(a.entries[...], to: id, tx)
            try await tx.audit(actor: actor, owner: owner, .cohortApplied, detail: "candidature n° \(id) à l'appel n° \(callID) : binôme \(a.metier), \(a.donnees)")
            return try await Self.loadApplications(try await tx.rows("SELECT \(Self.applicationColumns) FROM cohort_application WHERE id = ?", id), tx)[0]
        }
    }

    public func cohortApplications(callID: Int64?, owner: String?) async throws -> [CohortApplication] {
        try await sql.read { db in
            let scope = Self.scope(owner)
            let call: (sql: String, binds: [any SQLBindable]) = callID.map { (" AND call_id = ?", [$0]) } ?? ("", [])
            return try await Self.loadApplications(try await db.rows("SELECT \(Self.applicationColumns) FROM cohort_application WHERE 1 = 1\(call.sql)\(scope.sql) ORDER BY created_at, id",
                                                                     call.binds + scope.binds), db)
        }
    }

    public func cohortApplication(id: Int64, owner: String?) async throws -> CohortApplication? {
        try await sql.read { db in
            let scope = Self.scope(owner)
            return try await Self.loadApplications(try await db.rows("SELECT \(Self.applicationColumns) FROM cohort_application WHERE id = ?\(scope.sql)",
                                                                     [id] + scope.binds), db).first
        }
    }

    public func updateCohortApplication(id: Int64, owner: String?, actor: String,
                                        _ change: @Sendable (inout CohortApplication, CohortCall, Int) throws -> Void) async throws -> CohortApplication {
        try await sql.transaction { tx in
            let scope = Self.scope(owner)
            guard let callID = try await tx.rows("SELECT call_id FROM cohort_application WHERE id = ?\(scope.sql)", [id] + scope.binds).first?.int64(0)
            else { throw CohortError.unknownApplication(id) }
            let call = try await Self.lockedCall(callID, tx)
            guard let before = try await Self.loadApplications(try await tx.rows("SELECT \(Self.applicationColumns) FROM cohort_application WHERE id = ?\(tx.forUpdate)", id), tx).first
            else { throw CohortError.unknownApplication(id) }
            let selected = try await tx.row("SELECT COUNT(*) FROM cohort_application WHERE call_id = ? AND state = ? AND id <> ?",
                                            callID, CohortApplication.State.retenue.rawValue, id)?.int(0) ?? 0
            var after = before
            try change(&after, call, selected)
            try await tx.execute("UPDATE cohort_application SET state = ? WHERE id = ?", after.state.rawValue, id)
            let added = after.entries[before.entries.count...]
            try await Self.append(added, to: id, tx)
            let what = added.map { e in e.kind == .transition ? "\(e.from?.label ?? "") → \(e.to?.label ?? "")" : "\(e.milestone?.label ?? "") : \(e.status?.label ?? "")" }
            try await tx.audit(actor: actor, owner: before.owner, .cohortProjectUpdated,
                               detail: "candidature n° \(id) : " + (what.isEmpty ? "modification" : what.joined(separator: ", ")))
            return after
        }
    }
}
