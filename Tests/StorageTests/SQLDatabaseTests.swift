import Accounts
import Foundation
import Parcours
@testable import Storage
import Testing

/// The layer both stores are written against, on both engines. Nested in the contract suite, whose tests run
/// one at a time: both empty the one PostgreSQL database.
extension StoreContractTests {
    @Suite struct SQLDatabaseTests {
        /// An empty store's database layer; the store is kept too (a PostgreSQL store's connections live with it).
        private func database(_ backend: Backend) async throws -> (store: any SQLStore, any SQLDatabase) {
            let store = try #require(try await backend.empty() as? any SQLStore)
            return (store, store.sql)
        }

        @Test(arguments: Backend.available) func aFailingTransactionLeavesNothing(_ backend: Backend) async throws {
            let (store, db) = try await database(backend)
            defer { withExtendedLifetime(store) {} }
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await db.transaction { tx in
                    try await tx.audit(actor: "a", owner: "o", .sessionOpened, detail: "écrit puis annulé")
                    throw Refused()
                }
            }
            #expect(try await db.read { try await $0.rows("SELECT count(*) FROM audit_log") }.first?.int(0) == 0)
            // The connection is usable again: the next transaction commits.
            try await db.transaction { tx in try await tx.audit(actor: "a", owner: "o", .sessionOpened, detail: "gardé") }
            #expect(try await db.read { try await $0.rows("SELECT detail FROM audit_log") }.map { try $0.string(0) } == ["gardé"])
        }

        /// Text with a quote and a question mark, a fraction, a boolean and a generated id read back the same on
        /// both engines (SQLite keeps the boolean as 1, PostgreSQL as a boolean).
        @Test(arguments: Backend.available) func valuesComeBackAsTheyWent(_ backend: Backend) async throws {
            let (store, db) = try await database(backend)
            defer { withExtendedLifetime(store) {} }
            let row = try await db.transaction { tx in
                try #require(try await tx.row("""
                    INSERT INTO user_account (login, name, owner, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    RETURNING id, name, disabled, created_at
                    """, "agent.a", "l'agent ? « A »", "operateur", "operateur", "h", true, 1_000.5))
            }
            #expect(try row.int64(0) > 0)
            #expect(try row.string(1) == "l'agent ? « A »")
            #expect(try row.bool(2) == true)
            #expect(try row.double(3) == 1_000.5)
            #expect(throws: StorageError.self) { try row.string(2) }
        }

        /// Sixteen clicks at once on "ask for help", for each of five rules: one request per rule is created, the
        /// others are refused.
        @Test(arguments: Backend.available) func concurrentRequestsKeepOneOpenPerRule(_ backend: Backend) async throws {
            let store = try await backend.empty()
            for rule in ["R1", "R2", "R3", "R4", "R5"] {
                let request = HelpRequest(id: 0, owner: "epci:242900314", rule: rule, brick: .ingenierie, title: "Étude", because: "", message: "",
                                          login: "referent.a", createdAt: 1_000)
                let outcomes = await withTaskGroup(of: String.self) { group in
                    for _ in 0..<16 {
                        group.addTask {
                            do { _ = try await store.createRequest(request); return "créée" } catch { return String(describing: error) }
                        }
                    }
                    return await group.reduce(into: [String]()) { $0.append($1) }
                }
                let refused = HelpRequestError.alreadyOpen(rule: rule).description
                #expect(outcomes.sorted() == (["créée"] + Array(repeating: refused, count: 15)).sorted())
            }
            #expect(try await store.requests(owner: "epci:242900314").count == 5)
        }

        /// Sixteen operators accept the same request at once, each naming another consultant: exactly one
        /// acceptance is recorded, the others are checked against the state it left and refused.
        @Test(arguments: Backend.available) func concurrentEngineeringMovesAreCheckedOneAfterTheOther(_ backend: Backend) async throws {
            let store = try await backend.empty()
            var draft = EngineeringRequest(owner: "commune:29103", kind: .journeesConseil, topic: .strategie, need: "n", contact: "c", createdAt: 1)
            try draft.move(to: .deposee, by: "referent", as: .collectivite, comment: "", at: 1)
            try draft.move(to: .enInstruction, by: "operateur", as: .operateur, comment: "", at: 2)
            let id = try await store.createEngineering(draft).id
            let outcomes = await withTaskGroup(of: String?.self) { group in
                for k in 0..<16 {
                    group.addTask {
                        do {
                            _ = try await store.updateEngineering(id: id, owner: nil, actor: "operateur\(k)") {
                                try $0.move(to: .acceptee, by: "operateur\(k)", as: .operateur, comment: "", grant: .init(days: 3, consultant: "Cabinet \(k)"), at: 3)
                            }
                            return "Cabinet \(k)"
                        } catch { return nil }
                    }
                }
                return await group.reduce(into: [String?]()) { $0.append($1) }
            }
            let winners = outcomes.compactMap { $0 }
            #expect(winners.count == 1)
            let request = try #require(try await store.engineering(id: id, owner: nil))
            #expect(request.entries.filter { $0.kind == .transition }.count == 3)
            #expect(request.state == .acceptee && request.grant?.consultant == winners.first)
        }

        @Test func placeholdersAreNumberedOutsideLiterals() {
            #expect(PostgresDatabase.Executor.numbered("SELECT ? , '?' FROM t WHERE a = ? AND b IN ('x?', ?)")
                    == "SELECT $1 , '?' FROM t WHERE a = $2 AND b IN ('x?', $3)")
        }

        /// Where PostgreSQL is expected, it is among the backends even without a server, so its cases fail.
        @Test func postgresIsExpectedOnCIAndWhenRequired() {
            #expect(Backend.available(in: [:]) == [.sqlite])
            #expect(Backend.available(in: ["CI": "true"]) == [.sqlite, .postgres])
            #expect(Backend.available(in: ["TERRITOIRES_TEST_REQUIRE_PG": "1"]) == [.sqlite, .postgres])
            #expect(Backend.available(in: ["TERRITOIRES_TEST_PG_URL": "postgres://x@h/db"]) == [.sqlite, .postgres])
        }
    }
}
