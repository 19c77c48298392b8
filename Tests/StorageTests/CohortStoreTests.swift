import Parcours
import Storage
import Testing

/// The cohort store on both engines: calls with their sessions and attendance, applications scoped by collectivité,
/// one application per collectivité and call, decisions and milestones appended, the capacity kept under concurrency.
extension StoreContractTests {
    @Suite struct CohortStoreTests {
        static func call(capacity: Int = 10) -> CohortCall {
            CohortCall(title: "Mobiliser la data", theme: "Tableaux de bord", deadline: "2027-02-28", startsOn: "2027-03-15", endsOn: "2027-10-15",
                       capacity: capacity, eligibility: .init(maxPopulation: 200_000, levels: [.debutant, .intermediaire]), createdAt: 1_000)
        }

        static func apply(_ store: any ApplicationStore, call: CohortCall, owner: String) async throws -> CohortApplication {
            try await store.createCohortApplication(callID: call.id, owner: owner, actor: "agent") { c in
                try CohortApplication.apply(to: c, owner: owner, population: 16_000, level: .debutant, members: ["m.\(owner)", "d.\(owner)"],
                                            metier: "m.\(owner)", donnees: "d.\(owner)", useCaseID: nil, ownUseCase: "Fréquentation ; « marché »",
                                            motivation: "Parce que", at: 2_000)
            }
        }

        @Test(arguments: Backend.available) func callsAndApplicationsKeepTheirWholeHistory(_ backend: Backend) async throws {
            let store = try await backend.empty()
            let opened = try await store.createCohortCall(Self.call(), actor: "operateur")
            #expect(opened.id > 0)
            #expect(try await store.cohortCall(id: opened.id) == opened)
            // Sessions and attendance are written with the call and read back as they went.
            let scheduled = try await store.updateCohortCall(id: opened.id, actor: "operateur") {
                try $0.schedule(day: "2027-03-15", topic: "Lancement", place: "Paris", mode: .presentiel)
                try $0.schedule(day: "2027-03-22", topic: "Données ouvertes", place: "", mode: .visio)
                try $0.record(session: 1, ["m.commune:29103": .present, "d.commune:29103": .excuse], participants: ["m.commune:29103", "d.commune:29103"])
            }
            let reread = try #require(try await store.cohortCall(id: opened.id))
            #expect(reread == scheduled && reread.sessions.count == 2 && reread.sessions[0].attendance["d.commune:29103"] == .excuse)
            #expect(reread.eligibility.levels == [.debutant, .intermediaire] && reread.eligibility.maxPopulation == 200_000)

            let a = try await Self.apply(store, call: opened, owner: "commune:29103")
            #expect(a.ownUseCase == "Fréquentation ; « marché »" && a.state == .deposee)
            // One application per collectivité and call.
            await #expect(throws: CohortError.alreadyApplied) { try await Self.apply(store, call: opened, owner: "commune:29103") }
            let b = try await Self.apply(store, call: opened, owner: "commune:29019")
            // Another collectivité neither reads nor changes it; the operator (owner nil) sees both.
            #expect(try await store.cohortApplication(id: a.id, owner: "commune:29019") == nil)
            #expect(try await store.cohortApplications(callID: nil, owner: "commune:29019").map(\.id) == [b.id])
            #expect(try await store.cohortApplications(callID: opened.id, owner: nil).map(\.id) == [a.id, b.id])
            await #expect(throws: CohortError.unknownApplication(a.id)) {
                try await store.updateCohortApplication(id: a.id, owner: "commune:29019", actor: "agent") { app, _, _ in
                    try app.decide(.retiree, by: "agent", as: .collectivite, reason: "x", call: opened, selected: 0, at: 3_000)
                }
            }
            _ = try await store.updateCohortApplication(id: a.id, owner: nil, actor: "operateur") { app, call, selected in
                try app.decide(.retenue, by: "operateur", as: .operateur, reason: "", call: call, selected: selected, at: 3_000)
            }
            let updated = try await store.updateCohortApplication(id: a.id, owner: "commune:29103", actor: "m.commune:29103") { app, _, _ in
                try app.update(.cadrage, status: .fait, evidence: "https://exemple.fr/cadrage.pdf", comment: "Validé", by: "m.commune:29103",
                               as: .collectivite, at: 4_000)
            }
            // A refused change writes nothing.
            await #expect(throws: CohortError.notInPair) {
                try await store.updateCohortApplication(id: a.id, owner: "commune:29103", actor: "elu") { app, _, _ in
                    try app.update(.prototype, status: .enCours, evidence: "", comment: "", by: "elu", as: .collectivite, at: 5_000)
                }
            }
            let project = try #require(try await store.cohortApplication(id: a.id, owner: "commune:29103"))
            #expect(project == updated && project.state == .retenue)
            #expect(project.entries.map { "\($0.kind.rawValue) \($0.to?.rawValue ?? $0.milestone!.rawValue)" } == ["transition retenue", "milestone cadrage"])
            #expect(project.milestones[0].progress.evidence == "https://exemple.fr/cadrage.pdf")
            #expect(try await store.auditLog(limit: 20).filter { $0.action.hasPrefix("cohorte.") }.count == 6)
        }

        /// Twelve applications selected at once in a call of ten places: exactly ten are selected, the others refused.
        @Test(arguments: Backend.available) func concurrentSelectionsNeverExceedTheCapacity(_ backend: Backend) async throws {
            let store = try await backend.empty()
            let call = try await store.createCohortCall(Self.call(capacity: 10), actor: "operateur")
            var ids: [Int64] = []
            for k in 0..<12 { ids.append(try await Self.apply(store, call: call, owner: "commune:\(29100 + k)").id) }
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for id in ids {
                    group.addTask {
                        do {
                            _ = try await store.updateCohortApplication(id: id, owner: nil, actor: "operateur") { app, call, selected in
                                try app.decide(.retenue, by: "operateur", as: .operateur, reason: "", call: call, selected: selected, at: 3_000)
                            }
                            return true
                        } catch { return false }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 10)
            #expect(try await store.cohortApplications(callID: call.id, owner: nil).filter { $0.state == .retenue }.count == 10)
        }
    }
}
