import Accounts
import Cartography
import Observatoire
import Parcours
import Foundation
import Renovation
import Referential
import Storage
import TestSupport
import Testing

/// The storage contract, run on both backends: SQLite always, PostgreSQL when `TERRITOIRES_TEST_PG_URL` names
/// a server (scripts/test.sh starts one). Where PostgreSQL is expected (`CI=true`, or
/// `TERRITOIRES_TEST_REQUIRE_PG=1` as scripts/test.sh sets) but no server is named, each PostgreSQL case fails
/// instead of being left out, so a green run has tested both engines. One test at a time: the PostgreSQL
/// tests share a database, which each test empties first.
@Suite(.serialized) struct StoreContractTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }

        static var available: [Backend] { available(in: ProcessInfo.processInfo.environment) }

        static func available(in environment: [String: String]) -> [Backend] {
            let expected = environment["CI"] == "true" || environment["TERRITOIRES_TEST_REQUIRE_PG"] == "1"
            return environment["TERRITOIRES_TEST_PG_URL"] == nil && !expected ? [.sqlite] : [.sqlite, .postgres]
        }

        /// An empty store of this kind.
        func empty() async throws -> any ApplicationStore {
            switch self {
            case .sqlite: return try SQLiteStore.inMemory()
            case .postgres:
                guard let url = ProcessInfo.processInfo.environment["TERRITOIRES_TEST_PG_URL"] else { throw PostgresMissing() }
                let store = try await PostgresStore(url: url)
                try await store.dropEverything()
                return store
            }
        }

        struct PostgresMissing: Error, CustomStringConvertible {
            var description: String {
                "PostgreSQL attendu (CI=true ou TERRITOIRES_TEST_REQUIRE_PG=1) mais TERRITOIRES_TEST_PG_URL n'est pas défini : lancez scripts/test.sh"
            }
        }

        func loaded() async throws -> any ApplicationStore {
            let store = try await empty()
            try await store.replaceReferential(Fixtures.referential, townHalls: Fixtures.townHalls, shapes: Fixtures.shapes,
                                               sources: Fixtures.sources, fingerprint: "fixtures")
            return store
        }
    }

    @Test(arguments: Backend.available) func roundTripsTheReferential(_ backend: Backend) async throws {
        let store = try await backend.loaded()
        let loaded = try await store.referential()
        #expect(loaded.communes == Fixtures.referential.communes)
        #expect(loaded.regions == Fixtures.referential.regions)
        #expect(loaded.departements == Fixtures.referential.departements)
        // Members are rebuilt from the communes' EPCI, so they must match the fixture's declaration.
        #expect(loaded.epcis == Fixtures.referential.epcis)
        #expect(try await store.dataFingerprint() == "fixtures")
        #expect(try await store.townHall(of: "29019") == Fixtures.townHalls["29019"])
        #expect(try await store.townHall(of: "29103") == nil)
        #expect(try await store.sourceTable() == Fixtures.sources)
    }

    @Test(arguments: Backend.available) func readsShapesByKindAndCode(_ backend: Backend) async throws {
        let store = try await backend.loaded()
        let shapes = try await store.shapes(.commune, codes: ["29019", "29103", "00000"])
        #expect(Set(shapes.keys) == ["29019", "29103"])
        #expect(shapes["29019"]?.boundingBox == Fixtures.shapes[.commune]!["29019"]!.boundingBox)
        #expect(try await store.shapes(.region, codes: ["53"]).count == 1)
        #expect(try await store.shapes(.commune, codes: []).isEmpty)
    }

    @Test(arguments: Backend.available) func aFailedLoadLeavesThePreviousDataIntact(_ backend: Backend) async throws {
        let store = try await backend.loaded()
        // A commune in a département that does not exist violates a foreign key half-way through the load.
        let broken = Referential(
            regions: Fixtures.regions, departements: Fixtures.departements, epcis: [],
            communes: [Fixtures.commune("01001", "L'Abergement-Clémenciat", dep: "01", reg: "84", epci: nil, population: 1)])
        await #expect(throws: (any Error).self) {
            try await store.replaceReferential(broken, townHalls: [:], shapes: [:], sources: Fixtures.sources, fingerprint: "broken")
        }
        #expect(try await store.dataFingerprint() == "fixtures")
        #expect(try await store.referential().communes.count == Fixtures.communes.count)
        #expect(try await store.shapes(.commune, codes: ["29019"]).count == 1)
    }

    @Test(arguments: Backend.available) func accountsSessionsTokensAndAudit(_ backend: Backend) async throws {
        let store = try await backend.loaded()
        let brest = try await store.createUser(login: "agent.brest", name: "Agent", owner: .commune("29019"), role: .agent,
                                               passwordHash: "hash-a", actor: "test")
        let landerneau = try await store.createUser(login: "agent.landerneau", name: "Agent", owner: .commune("29103"), role: .agent,
                                                    passwordHash: "hash-b", actor: "test")
        await #expect(throws: AccountError.loginTaken("agent.brest")) {
            _ = try await store.createUser(login: "agent.brest", name: "X", owner: .operateur, role: .operateur, passwordHash: "h", actor: "test")
        }
        await #expect(throws: AccountError.invalidLogin("Agent Brest")) {
            _ = try await store.createUser(login: "Agent Brest", name: "X", owner: .operateur, role: .operateur, passwordHash: "h", actor: "test")
        }
        let (found, hash) = try #require(try await store.userWithPasswordHash(login: "agent.brest"))
        #expect(found == brest && hash == "hash-a")
        #expect(try await store.users().map(\.login) == ["agent.brest", "agent.landerneau"])

        let now = Date()
        try await store.createSession(tokenHash: "s1", user: brest, csrfToken: "c1", expiresAt: now.addingTimeInterval(60))
        #expect(try await store.session(tokenHash: "s1", now: now)?.user == brest)
        #expect(try await store.session(tokenHash: "s1", now: now.addingTimeInterval(61)) == nil)
        #expect(try await store.session(tokenHash: "s2", now: now) == nil)

        let token = try await store.createToken(user: brest, label: "tableur", tokenHash: "t1")
        #expect(try await store.user(forTokenHash: "t1", now: now) == brest)
        #expect(try await store.tokens(of: brest).first?.lastUsedAt != nil)
        #expect(try await store.tokens(of: landerneau).isEmpty)
        // Another account cannot revoke it; its owner can.
        #expect(try await store.revokeToken(id: token.id, of: landerneau) == false)
        #expect(try await store.user(forTokenHash: "t1", now: now) == brest)
        #expect(try await store.revokeToken(id: token.id, of: brest) == true)
        #expect(try await store.user(forTokenHash: "t1", now: now) == nil)

        // Disabling ends the sessions and revokes the tokens, which re-enabling does not revive; the password
        // change is audited.
        _ = try await store.createToken(user: brest, label: "tableur", tokenHash: "t2")
        try await store.setDisabled(login: "agent.brest", disabled: true, actor: "operateur")
        #expect(try await store.session(tokenHash: "s1", now: now) == nil)
        try await store.setDisabled(login: "agent.brest", disabled: false, actor: "operateur")
        #expect(try await store.user(forTokenHash: "t2", now: now) == nil)
        #expect(try await store.tokens(of: brest).isEmpty)
        try await store.setPassword(login: "agent.landerneau", passwordHash: "hash-c", actor: "operateur")
        #expect(try await store.userWithPasswordHash(login: "agent.landerneau")?.1 == "hash-c")
        await #expect(throws: AccountError.unknownLogin("personne")) { try await store.setDisabled(login: "personne", disabled: true, actor: "x") }
        let actions = try await store.auditLog(limit: 20).map(\.action)
        #expect(actions.prefix(3) == ["compte.mot_de_passe", "compte.reactivation", "compte.desactivation"])
        #expect(actions.contains("jeton.creation") && actions.contains("jeton.revocation") && actions.contains("session.ouverture"))
        #expect(actions.filter { $0 == "compte.creation" }.count == 2)
        // A line the web layer writes on its own (a refused login) is stored in the same spelling.
        try await store.audit(actor: "inconnu", owner: "", action: .loginFailed, detail: "203.0.113.9")
        let line = try #require(try await store.auditLog(limit: 1).first)
        #expect([line.actor, line.owner, line.action, line.detail] == ["inconnu", "", "connexion.echec", "203.0.113.9"])
    }

    @Test(arguments: Backend.available) func diagnosticsAreKeptPerCollectivite(_ backend: Backend) async throws {
        let store = try await backend.empty()
        let draft = Answers(values: ["D1.1": .points(2), "D2.5": .notApplicable], priorities: [.energie], useCase: "éclairage")
        try await store.saveAnswers(owner: "epci:242900314", login: "referent.a", answers: draft, submitted: false)
        try await store.saveAnswers(owner: "epci:242900314", login: "referent.b", answers: Answers(values: ["D1.1": .dontKnow]), submitted: true)
        try await store.saveAnswers(owner: "commune:29103", login: "referent.c", answers: draft, submitted: true)
        var mine = try await store.answers(owner: "epci:242900314", version: draft.version)
        #expect(mine.map(\.login) == ["referent.a", "referent.b"])
        #expect(mine[0].answers == draft && mine[0].submitted == false)
        // Saving again replaces the person's answers.
        try await store.saveAnswers(owner: "epci:242900314", login: "referent.a", answers: draft, submitted: true)
        mine = try await store.answers(owner: "epci:242900314", version: draft.version)
        #expect(mine.count == 2 && mine[0].submitted)
        #expect(try await store.answers(owner: "commune:29103", version: draft.version).map(\.login) == ["referent.c"])
        #expect(try await store.answers(owner: "epci:242900314", version: "1999-1").isEmpty)
        #expect(try await store.auditLog(limit: 10).map(\.action).filter { $0.hasPrefix("diagnostic.") }.count == 4)
        let all = try await store.allSubmitted(version: draft.version)
        #expect(all.keys.sorted() == ["commune:29103", "epci:242900314"])
        #expect(all["epci:242900314"]?.count == 2)
    }

    @Test(arguments: Backend.available) func helpRequestsAreFollowedUp(_ backend: Backend) async throws {
        let store = try await backend.empty()
        func ask(_ owner: String, _ rule: String) -> HelpRequest {
            HelpRequest(id: 0, owner: owner, rule: rule, brick: .ingenierie, title: "Étude", because: "Parce que", message: "Contact : 02 98",
                        login: "referent.a", createdAt: 1_000)
        }
        let first = try await store.createRequest(ask("epci:242900314", "R2"))
        #expect(first.id > 0 && first.status == .nouvelle)
        _ = try await store.createRequest(ask("commune:29103", "R2"))
        // One open request per rule: a second click is refused, another rule is not.
        await #expect(throws: HelpRequestError.alreadyOpen(rule: "R2")) { try await store.createRequest(ask("epci:242900314", "R2")) }
        _ = try await store.createRequest(ask("epci:242900314", "R9"))
        #expect(try await store.requests(owner: "epci:242900314").map(\.rule).sorted() == ["R2", "R9"])
        #expect(try await store.allRequests().count == 3)
        let done = try await store.updateRequest(id: first.id, status: .traitee, answer: "Étude lancée le 3 mars", actor: "operateur")
        #expect(done.status == .traitee && done.answer == "Étude lancée le 3 mars" && done.message == "Contact : 02 98")
        #expect(try await store.requests(owner: "epci:242900314").first { $0.id == first.id } == done)
        // Once done, the rule may be asked for again.
        _ = try await store.createRequest(ask("epci:242900314", "R2"))
        await #expect(throws: HelpRequestError.unknown(id: 999_999)) { try await store.updateRequest(id: 999_999, status: .enCours, answer: "", actor: "operateur") }
        #expect(try await store.auditLog(limit: 20).filter { $0.action.hasPrefix("demande.") }.count == 5)
    }

    @Test(arguments: Backend.available) func ownSeriesStayWithTheirCollectivite(_ backend: Backend) async throws {
        let store = try await backend.empty()
        func point(_ period: String, _ value: Double, area: String = "") throws -> OwnPoint {
            OwnPoint(period: try #require(OwnPeriod(period)), area: area, value: value)
        }
        let shops = OwnSeries(owner: "commune:29103", catalogueKey: "vacance_commerciale_centre", label: "Vacance commerciale",
                              definition: "Locaux vides ÷ locaux", unit: "%", source: "Relevé des services, juin",
                              points: [try point("2024", 12.5), try point("2023", 14), try point("2024", 9.5, area: "centre-ville")])
        let saved = try await store.saveOwnSeries(shops, actor: "agent.landerneau")
        #expect(saved.id > 0 && saved.updatedBy == "agent.landerneau" && !saved.isPublic)
        // Points come back sorted by period, then sub-area.
        #expect(saved.points.map { "\($0.period) \($0.area) \($0.value)" } == ["2023  14.0", "2024  12.5", "2024 centre-ville 9.5"])
        #expect(try await store.ownSeries(owner: "commune:29103") == [saved])
        // Another collectivité finds nothing, cannot overwrite nor delete it.
        #expect(try await store.ownSeries(owner: "commune:29019").isEmpty)
        #expect(try await store.ownSeries(id: saved.id, owner: "commune:29019") == nil)
        let stolen = OwnSeries(id: saved.id, owner: "commune:29019", label: "x", definition: "", unit: "", source: "", points: [])
        await #expect(throws: OwnSeriesError.unknown(id: saved.id)) { try await store.saveOwnSeries(stolen, actor: "agent.brest") }
        await #expect(throws: OwnSeriesError.unknown(id: saved.id)) { try await store.deleteOwnSeries(id: saved.id, owner: "commune:29019", actor: "agent.brest") }
        #expect(try await store.ownSeries(id: saved.id, owner: "commune:29103")?.points.count == 3)
        // Private until published; a save replaces every point at once.
        #expect(try await store.publishedOwnSeries(catalogueKey: "vacance_commerciale_centre").isEmpty)
        var published = saved
        published.isPublic = true
        let quarter = try point("2025-T1", 11)
        published.points = [quarter]
        let updated = try await store.saveOwnSeries(published, actor: "agent.landerneau")
        #expect(updated.id == saved.id && updated.points == [quarter])
        #expect(try await store.publishedOwnSeries(catalogueKey: "vacance_commerciale_centre").map(\.owner) == ["commune:29103"])
        try await store.deleteOwnSeries(id: saved.id, owner: "commune:29103", actor: "agent.landerneau")
        #expect(try await store.ownSeries(owner: "commune:29103").isEmpty)
        #expect(try await store.auditLog(limit: 20).filter { $0.action.hasPrefix("donnees_propres.") }.map(\.owner)
                == ["commune:29103", "commune:29103", "commune:29103"])
    }

    /// A building's characteristics, its user-built scenarios and the collectivité's settings stay with their
    /// collectivité: another one with the same building id reads nothing and deletes nothing.
    @Test(arguments: Backend.available) func worksStayWithTheirCollectivite(_ backend: Backend) async throws {
        let store = try await backend.empty()
        let (brest, landerneau) = ("commune:29019", "commune:29103")
        let profile = WorksProfile(levels: 2, roof: .combles, wallsInsulated: false, wallArea: 900, singleGlazingArea: 120, ventilation: .naturelle,
                                   heatingPowerKW: 150, referenceYear: 2015, cabs: [2030: 95.5])
        try await store.saveProfile(owner: brest, building: "E", profile, actor: "agent.brest")
        #expect(try await store.profiles(owner: brest) == ["E": profile])
        #expect(try await store.profiles(owner: landerneau).isEmpty)
        var changed = profile
        changed.hasBACS = true
        try await store.saveProfile(owner: brest, building: "E", changed, actor: "agent.brest")
        #expect(try await store.profiles(owner: brest) == ["E": changed])

        let attic = ScenarioSpec(id: "s1", kind: .personnalise, name: "Combles", actions: [ActionChoice(action: "combles", costLow: 20_000, costHigh: 25_000)])
        let floor = ScenarioSpec(id: "s2", kind: .personnalise, name: "Plancher", actions: [ActionChoice(action: "plancher_bas", quantity: 600)])
        try await store.saveScenario(owner: brest, building: "E", attic, actor: "agent.brest")
        try await store.saveScenario(owner: brest, building: "E", floor, actor: "agent.brest")
        try await store.saveScenario(owner: brest, building: "M", floor, actor: "agent.brest")
        // Replacing the first keeps its place: oldest first.
        var renamed = attic
        renamed.name = "Combles (devis)"
        try await store.saveScenario(owner: brest, building: "E", renamed, actor: "agent.brest")
        #expect(try await store.scenarios(owner: brest, building: "E") == [renamed, floor])
        #expect(try await store.allScenarios(owner: brest) == ["E": [renamed, floor], "M": [floor]])
        // Landerneau, asking for the same building and scenario ids, finds nothing and deletes nothing.
        #expect(try await store.scenarios(owner: landerneau, building: "E").isEmpty)
        #expect(try await store.allScenarios(owner: landerneau).isEmpty)
        #expect(try await store.deleteScenario(owner: landerneau, building: "E", id: "s1", actor: "agent.landerneau") == false)
        #expect(try await store.scenarios(owner: brest, building: "E").count == 2)
        #expect(try await store.deleteScenario(owner: brest, building: "E", id: "s1", actor: "agent.brest"))
        #expect(try await store.deleteScenario(owner: brest, building: "E", id: "s1", actor: "agent.brest") == false)
        #expect(try await store.scenarios(owner: brest, building: "E") == [floor])

        #expect(try await store.settings(owner: brest) == nil)
        let settings = WorksSettings(economics: EconomicSettings(prices: [.gazNaturel: 0.12, .electricite: 0.25], discountRate: 0.03, horizon: 25),
                                     yearlyBudget: 300_000, excluded: ["M"], fixed: ["E": .init(scenario: "objectif-40", year: 2028)])
        try await store.saveSettings(owner: brest, settings, actor: "agent.brest")
        #expect(try await store.settings(owner: brest) == settings)
        #expect(try await store.settings(owner: landerneau) == nil)
        // Each write journaled for its collectivité; the refused delete wrote nothing.
        let journal = try await store.auditLog(limit: 20).filter { $0.action.hasPrefix("travaux.") }
        #expect(journal.count == 8 && journal.allSatisfy { $0.owner == brest })
    }

    /// A submission counts for the year (UTC) it was made in; a later year's, or a draft, does not take it away.
    @Test(arguments: Backend.available) func barometerYearsKeepEachYearsSubmissions(_ backend: Backend) async throws {
        let store = try await backend.empty()
        let version = Questionnaire.v2026.version
        let old = Answers(values: ["D1.1": .points(1)]), new = Answers(values: ["D1.1": .points(3)])
        try await store.saveAnswers(owner: "commune:29103", login: "ref.a", answers: old, submitted: true, at: 1_767_225_599)  // 2025-12-31 23:59:59 UTC
        try await store.saveAnswers(owner: "commune:29103", login: "ref.a", answers: new, submitted: true, at: 1_767_225_600)  // 2026-01-01 00:00:00 UTC
        try await store.saveAnswers(owner: "commune:29103", login: "ref.a", answers: old, submitted: false, at: 1_772_323_200)  // draft, 2026-03-01
        try await store.saveAnswers(owner: "epci:242900314", login: "ref.b", answers: old, submitted: false, at: 1_748_736_000)  // draft only, 2025
        try await store.saveAnswers(owner: "commune:29019", login: "ref.c", answers: Answers(version: "2025-1"), submitted: true, at: 1_748_736_000)
        #expect(try await store.submissions(year: 2025, version: version) == ["commune:29103": [old]])
        #expect(try await store.submissions(year: 2026, version: version) == ["commune:29103": [new]])
        #expect(try await store.submissions(year: 2024, version: version).isEmpty)
        #expect(try await store.submissionYears() == [2025, 2026])
        // The collectivité's current diagnostic is the draft's: nothing submitted now.
        #expect(try await store.allSubmitted(version: version)["commune:29103"] == nil)
        // The operator's note: a draft, then published, replaced in place.
        #expect(try await store.barometerNote(year: 2026) == nil)
        try await store.saveBarometerNote(BarometerNote(year: 2026, editorial: "Première version", published: false), actor: "operateur")
        try await store.saveBarometerNote(BarometerNote(year: 2026, editorial: "Édito « définitif »", published: true), actor: "operateur")
        let note = try #require(try await store.barometerNote(year: 2026))
        #expect(note.editorial == "Édito « définitif »" && note.published && note.updatedBy == "operateur" && note.updatedAt > 1_767_225_600)
        #expect(try await store.barometerNote(year: 2025) == nil)
        #expect(try await store.auditLog(limit: 1).first?.action == "barometre.note")
    }

    @Test(arguments: Backend.available) func engineeringRequestsKeepTheirWholeHistory(_ backend: Backend) async throws {
        let store = try await backend.empty()
        var draft = EngineeringRequest(owner: "commune:29103", kind: .journeesConseil, topic: .gouvernance, need: "Charte de la donnée",
                                       contact: "DGS", createdAt: 1_000)
        try draft.say("Premier contact", by: "referent.landerneau", as: .collectivite, at: 1_000)
        let created = try await store.createEngineering(draft)
        #expect(created.id > 0 && created.state == .brouillon && created.entries.count == 1)
        // Another collectivité neither reads nor changes it; the operator (owner nil) sees it.
        #expect(try await store.engineering(id: created.id, owner: "commune:29019") == nil)
        await #expect(throws: EngineeringError.unknown(id: created.id)) {
            try await store.updateEngineering(id: created.id, owner: "commune:29019", actor: "agent.brest") {
                try $0.move(to: .deposee, by: "agent.brest", as: .collectivite, comment: "", at: 1_001)
            }
        }
        #expect(try await store.engineeringRequests(owner: nil).map(\.id) == [created.id])
        _ = try await store.updateEngineering(id: created.id, owner: "commune:29103", actor: "referent.landerneau") {
            try $0.move(to: .deposee, by: "referent.landerneau", as: .collectivite, comment: "", at: 1_100)
        }
        // An illegal move changes nothing, on either engine.
        await #expect(throws: EngineeringError.notYours(to: .enInstruction, actor: .collectivite)) {
            try await store.updateEngineering(id: created.id, owner: "commune:29103", actor: "referent.landerneau") {
                try $0.move(to: .enInstruction, by: "referent.landerneau", as: .collectivite, comment: "", at: 1_150)
            }
        }
        for (state, grant) in [(EngineeringRequest.State.enInstruction, nil), (.acceptee, EngineeringRequest.Grant(days: 4, consultant: "Cabinet B")),
                               (.enCours, nil)] {
            _ = try await store.updateEngineering(id: created.id, owner: nil, actor: "operateur") {
                try $0.move(to: state, by: "operateur", as: .operateur, comment: "étape", grant: grant, at: 1_200)
            }
        }
        _ = try await store.updateEngineering(id: created.id, owner: nil, actor: "operateur") {
            try $0.consume(days: 1.5, by: "operateur", at: 1_300)
            try $0.deliver(title: "Charte", date: "2027-03-01", link: "https://exemple.fr/charte.pdf", by: "operateur", at: 1_300)
            $0.assign(to: "operateur.bretagne", by: "operateur", at: 1_300)
        }
        let delivered = try await store.updateEngineering(id: created.id, owner: nil, actor: "operateur") {
            try $0.move(to: .livree, by: "operateur", as: .operateur, comment: "", at: 1_400)
        }
        let reread = try #require(try await store.engineering(id: created.id, owner: "commune:29103"))
        #expect(reread == delivered)
        #expect(reread.state == .livree && reread.grant == .init(days: 4, consultant: "Cabinet B") && reread.daysConsumed == 1.5)
        #expect(reread.assignee == "operateur.bretagne")
        #expect(reread.entries.map(\.kind.rawValue) == ["message", "transition", "transition", "transition", "transition", "consumption",
                                                        "deliverable", "assignment", "transition"])
        #expect(reread.entries.first { $0.kind == .deliverable }?.link == "https://exemple.fr/charte.pdf")
        #expect(try await store.auditLog(limit: 30).filter { $0.action.hasPrefix("ingenierie.") }.count == 7)

        // The desk reads every history at once, in chunks of 500 requests: 600 more, each with its own message.
        for k in 0..<600 {
            var r = EngineeringRequest(owner: "commune:29019", kind: .etudeCofinancee, topic: .autre, need: "n", contact: "c", createdAt: Double(2_000 + k))
            try r.say("message \(k)", by: "agent.brest", as: .collectivite, at: Double(2_000 + k))
            _ = try await store.createEngineering(r)
        }
        let all = try await store.engineeringRequests(owner: "commune:29019")
        #expect(all.count == 600)
        #expect(all.allSatisfy { $0.entries.count == 1 && $0.entries[0].text == "message \(Int($0.createdAt) - 2_000)" })
    }

    @Test(arguments: Backend.available) func activationLinksSetAPasswordOnce(_ backend: Backend) async throws {
        let store = try await backend.empty()
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let user = try await store.createPendingUser(login: "agent.guipavas", name: "Agent", owner: .commune("29075"), role: .agent,
                                                     activationHash: "lien-1", expiresAt: now.addingTimeInterval(600), actor: "operateur")
        // Waiting: no password (the sign-in compares with a decoy), the link valid until it expires.
        #expect(try await store.userWithPasswordHash(login: "agent.guipavas")?.1 == "")
        #expect(try await store.accountStatuses() == [AccountStatus(user: user, createdAt: try await store.accountStatuses()[0].createdAt,
                                                                    pendingActivation: true, activationExpiresAt: now.addingTimeInterval(600))])
        #expect(try await store.activation(tokenHash: "lien-1", now: now) == .valid(user))
        #expect(try await store.activation(tokenHash: "lien-1", now: now.addingTimeInterval(600)) == .expired)
        #expect(try await store.activation(tokenHash: "autre", now: now) == .unknown)
        // A new link ends the earlier one.
        try await store.renewActivation(login: "agent.guipavas", activationHash: "lien-2", expiresAt: now.addingTimeInterval(900), actor: "operateur")
        #expect(try await store.activation(tokenHash: "lien-1", now: now) == .unknown)
        #expect(try await store.accountStatuses()[0].activationExpiresAt == now.addingTimeInterval(900))
        // A disabled account's link does not work; enabled again, it does.
        try await store.setDisabled(login: "agent.guipavas", disabled: true, actor: "operateur")
        #expect(try await store.activate(tokenHash: "lien-2", passwordHash: "hash-x", now: now) == .disabled)
        try await store.setDisabled(login: "agent.guipavas", disabled: false, actor: "operateur")
        // Used once, then spent: the second use changes nothing.
        #expect(try await store.activate(tokenHash: "lien-2", passwordHash: "hash-a", now: now) == .valid(user))
        #expect(try await store.activate(tokenHash: "lien-2", passwordHash: "hash-b", now: now) == .used)
        #expect(try await store.userWithPasswordHash(login: "agent.guipavas")?.1 == "hash-a")
        let status = try #require(try await store.accountStatuses().first)
        #expect(!status.pendingActivation && status.activationExpiresAt == nil)
        // An account with a password never gets a link (whoever held it would take the account).
        await #expect(throws: AccountError.alreadyActivated("agent.guipavas")) {
            try await store.renewActivation(login: "agent.guipavas", activationHash: "lien-3", expiresAt: now.addingTimeInterval(900), actor: "operateur")
        }
        _ = try await store.createUser(login: "agent.brest", name: "A", owner: .commune("29019"), role: .agent, passwordHash: "h", actor: "cli")
        await #expect(throws: AccountError.alreadyActivated("agent.brest")) {
            try await store.renewActivation(login: "agent.brest", activationHash: "lien-4", expiresAt: now.addingTimeInterval(900), actor: "operateur")
        }
        await #expect(throws: AccountError.loginTaken("agent.brest")) {
            _ = try await store.createPendingUser(login: "agent.brest", name: "B", owner: .commune("29019"), role: .elu, activationHash: "lien-5",
                                                  expiresAt: now, actor: "operateur")
        }
        #expect(try await store.activation(tokenHash: "lien-5", now: now) == .unknown)
        let actions = try await store.auditLog(limit: 10).map(\.action)
        #expect(actions.contains("compte.lien_activation") && actions.contains("compte.activation"))
        #expect(try await store.auditLog(limit: 10).contains { $0.detail == "agent.guipavas (agent), en attente d'activation" })
    }

    @Test(arguments: Backend.available) func noticesReachTheirAccountsOnly(_ backend: Backend) async throws {
        let store = try await backend.empty()
        var users: [String: User] = [:]
        for (login, owner) in [("agent.brest", Owner.commune("29019")), ("elu.brest", .commune("29019")), ("agent.landerneau", .commune("29103"))] {
            users[login] = try await store.createUser(login: login, name: login, owner: owner, role: .agent, passwordHash: "h", actor: "test")
        }
        let (agent, elu, landerneau) = (users["agent.brest"]!.id, users["elu.brest"]!.id, users["agent.landerneau"]!.id)
        // To a collectivité: each of its accounts gets its own copy; to one account: that one only.
        #expect(try await store.postNotice(.init(title: "Séance programmée", text: "Le 3", link: "/cohortes/1"), to: .collectivite("commune:29019"), at: 100) == 2)
        #expect(try await store.postNotice(.init(title: "Candidature retenue"), to: .account("agent.brest"), at: 200) == 1)
        #expect(try await store.postNotice(.init(title: "Personne"), to: .account("inconnu"), at: 300) == 0)
        #expect(try await store.notices(account: agent, limit: 10).map(\.content.title) == ["Candidature retenue", "Séance programmée"])
        #expect(try await store.notices(account: elu, limit: 10).map(\.content) == [.init(title: "Séance programmée", text: "Le 3", link: "/cohortes/1")])
        #expect(try await store.notices(account: landerneau, limit: 10).isEmpty)
        #expect(try await store.unreadNoticeCount(account: agent) == 2)
        // Another account's notice is not found and stays unread.
        let eluNotice = try #require(try await store.notices(account: elu, limit: 1).first)
        #expect(try await store.markNoticeRead(id: eluNotice.id, account: agent, at: 400) == false)
        #expect(try await store.unreadNoticeCount(account: elu) == 1)
        #expect(try await store.markNoticeRead(id: eluNotice.id, account: elu, at: 400) == true)
        #expect(try await store.notices(account: elu, limit: 1).first?.readAt == 400)
        #expect(try await store.markAllNoticesRead(account: agent, at: 500) == 2)
        #expect(try await store.unreadNoticeCount(account: agent) == 0)

        // The operator's follow-up of a help request, and its acts on an ingénierie request, reach the collectivité's accounts
        // in the transaction that records them; the collectivité's own acts and the operator's internal ones post nothing.
        let help = try await store.createRequest(HelpRequest(id: 0, owner: "commune:29103", rule: "R2", brick: .ingenierie, title: "Étude",
                                                             because: "", message: "", login: "agent.landerneau", createdAt: 1_000))
        _ = try await store.updateRequest(id: help.id, status: .enCours, answer: "Nous vous appelons lundi.", actor: "operateur")
        #expect(try await store.notices(account: landerneau, limit: 10).map(\.content)
                == [.init(title: "Demande d'accompagnement n° \(help.id) (Étude) : en cours", text: "Nous vous appelons lundi.", link: "/parcours/demandes")])
        var draft = EngineeringRequest(owner: "commune:29103", kind: .journeesConseil, topic: .gouvernance, need: "Charte", contact: "DGS", createdAt: 1_000)
        try draft.move(to: .deposee, by: "agent.landerneau", as: .collectivite, comment: "", at: 1_000)
        let request = try await store.createEngineering(draft)
        _ = try await store.updateEngineering(id: request.id, owner: nil, actor: "operateur") {
            try $0.move(to: .enInstruction, by: "operateur", as: .operateur, comment: "Dossier complet", at: 1_100)
            $0.assign(to: "operateur", by: "operateur", at: 1_100)
        }
        _ = try await store.updateEngineering(id: request.id, owner: "commune:29103", actor: "agent.landerneau") {
            try $0.say("Merci", by: "agent.landerneau", as: .collectivite, at: 1_200)
        }
        _ = try await store.updateEngineering(id: request.id, owner: nil, actor: "operateur") {
            try $0.say("Pouvez-vous préciser le périmètre ?", by: "operateur", as: .operateur, at: 1_300)
        }
        let titles = try await store.notices(account: landerneau, limit: 10).map(\.content.title)
        #expect(titles.sorted() == ["Demande d'accompagnement n° \(help.id) (Étude) : en cours", "Demande d'ingénierie n° \(request.id) : en instruction",
                                    "Demande d'ingénierie n° \(request.id) : nouveau message de l'opérateur"])
        #expect(try await store.notices(account: agent, limit: 10).count == 2)
    }

    @Test(arguments: Backend.available) func validatorChecksAreKeptPerCollectivite(_ backend: Backend) async throws {
        let store = try await backend.empty()
        func check(_ schema: String, errors: Int, at: Double) -> ConformityRecord {
            ConformityRecord(schema: schema, title: schema.capitalized, version: "1.0", file: "\(schema).csv", rows: 12, errors: errors,
                             login: "agent.a", checkedAt: at)
        }
        try await store.recordConformity(owner: "commune:29103", check("subventions", errors: 3, at: 1_000))
        try await store.recordConformity(owner: "commune:29103", check("subventions", errors: 0, at: 2_000))
        try await store.recordConformity(owner: "epci:242900314", check("budget", errors: 1, at: 1_500))
        let mine = try await store.conformity(owner: "commune:29103")
        #expect(mine == [check("subventions", errors: 0, at: 2_000), check("subventions", errors: 3, at: 1_000)])
        #expect(try await store.conformity(owner: "epci:242900314").map(\.schema) == ["budget"])
        #expect(try await store.conformity(owner: "commune:29019").isEmpty)
        let all = try await store.allConformity()
        #expect(all.keys.sorted() == ["commune:29103", "epci:242900314"])
        #expect(all["commune:29103"] == mine)
        #expect(try await store.auditLog(limit: 10).filter { $0.action == "validation.fichier" }.count == 3)
    }

    @Test(arguments: Backend.available) func buildingsAreKeptPerCollectiviteAndReplacedWhole(_ backend: Backend) async throws {
        let store = try await backend.empty()
        let school = Building(id: "ECO-01", owner: "commune:29019", name: "École ; « Jean\tMoulin »", communeCode: "29019", address: "1 rue X",
                              latitude: 48.39, longitude: -4.49, usage: .ecole, area: 1250.5, constructionYear: 1962, heatingEnergy: .gazNaturel,
                              consumptions: [Consumption(carrier: .gazNaturel, year: 2023, kWh: 106_400, original: "9 500,0\tm³"),
                                             Consumption(carrier: .electricite, year: 2023, kWh: 48_200.5, original: "48 200,5 kWh")],
                              dpe: ExistingDPE(number: "2129E0000000X", kWhEPPerM2: 180.5, label: "C"), heritage: true, source: "inventaire.csv")
        // An arrondissement code kept within its commune (as the import reads Paris 75115).
        let hall = Building(id: "MAI-01", owner: "commune:29019", name: "Mairie", communeCode: "75056", communePart: "75115", usage: .administration,
                            area: 2300, source: "inventaire.csv")
        try await store.replaceBuildings(owner: "commune:29019", with: [school, hall], actor: "agent.brest", detail: "2 bâtiments")
        try await store.replaceBuildings(owner: "commune:29103", with: [Building(id: "ECO-01", owner: "commune:29103", name: "École de Landerneau",
                                                                                  communeCode: "29103", usage: .ecole, area: 800, source: "x")],
                                         actor: "agent.landerneau", detail: "1")
        // Everything comes back as it went in.
        #expect(try await store.buildings(owner: "commune:29019") == [school, hall])
        #expect(try await store.building(owner: "commune:29019", id: "MAI-01") == hall)
        // The same identifier elsewhere is another building; nobody reads across owners.
        #expect(try await store.building(owner: "commune:29103", id: "ECO-01")?.name == "École de Landerneau")
        #expect(try await store.building(owner: "commune:29103", id: "MAI-01") == nil)
        // An import that fails (two buildings with one identifier) leaves the previous inventory intact.
        await #expect(throws: (any Error).self) {
            try await store.replaceBuildings(owner: "commune:29019", with: [hall, hall], actor: "agent.brest", detail: "doublon")
        }
        #expect(try await store.buildings(owner: "commune:29019").map(\.id) == ["ECO-01", "MAI-01"])
        try await store.replaceBuildings(owner: "commune:29019", with: [hall], actor: "agent.brest", detail: "1")
        #expect(try await store.buildings(owner: "commune:29019").map(\.id) == ["MAI-01"])
        #expect(try await store.auditLog(limit: 10).filter { $0.action == "batiments.import" }.count == 3)
    }

    static func handMade(_ i: Int) -> Building {
        let consumptions: [Consumption] = (0..<(i % 3)).map { k in
            Consumption(carrier: k == 0 ? .electricite : .gazNaturel, year: 2020 + k, kWh: Double(i) * 10.5, original: "\(i) kWh")
        }
        let dpe: ExistingDPE? = i % 6 == 0 ? ExistingDPE(number: "DPE\(i)", kWhEPPerM2: i % 12 == 0 ? nil : Double(i), label: "D") : nil
        let latitude: Double? = i % 5 == 0 ? nil : 48 + Double(i) / 10_000
        let longitude: Double? = i % 5 == 0 ? nil : -4.5
        let year: Int? = i % 7 == 0 ? nil : 1900 + i % 120
        let heating: EnergyCarrier? = i % 4 == 0 ? nil : .fioul
        return Building(id: "B\(i)", owner: "commune:29019", name: "Bâtiment \(i)", communeCode: i % 2 == 0 ? "29019" : "29103",
                        address: i % 3 == 0 ? nil : "\(i) rue de la Paix", latitude: latitude, longitude: longitude,
                        usage: Usage.allCases[i % Usage.allCases.count], area: 100 + Double(i) / 4, constructionYear: year, heatingEnergy: heating,
                        consumptions: consumptions, dpe: dpe, heritage: i % 11 == 0, source: i < 3_000 ? "inventaire-2023.csv" : "complément.xlsx")
    }

    @Test(arguments: Backend.available) func largeInventoriesAreKeptInOrderAcrossParts(_ backend: Backend) async throws {
        let store = try await backend.empty()
        // 5,000 hand-made buildings: three documents; sources change mid-way, optional values come and go.
        let buildings = (0..<5_000).map(Self.handMade)
        try await store.replaceBuildings(owner: "commune:29019", with: buildings, actor: "agent.brest", detail: "5000")
        #expect(try await store.buildings(owner: "commune:29019") == buildings)
        #expect(try await store.building(owner: "commune:29019", id: "B4999") == buildings[4999])
        #expect(try await store.building(owner: "commune:29019", id: "B5000") == nil)
        #expect(try await store.buildings(owner: "commune:29103").isEmpty)
    }

    @Test(arguments: Backend.available) func loginFailuresAreCountedPerKeyAndWindow(_ backend: Backend) async throws {
        let store = try await backend.empty()
        let start = Date(timeIntervalSince1970: 2_000_000_000)
        for i in 0..<3 { try await store.recordLoginFailure(keys: ["compte:a", "adresse:1"], at: start.addingTimeInterval(Double(i) * 60)) }
        try await store.recordLoginFailure(keys: ["compte:b", "adresse:1"], at: start.addingTimeInterval(200))
        #expect(try await store.loginFailures(key: "compte:a", since: start) == 3)
        #expect(try await store.loginFailures(key: "compte:a", since: start.addingTimeInterval(61)) == 1)
        #expect(try await store.loginFailures(key: "adresse:1", since: start) == 4)
        try await store.clearLoginFailures(key: "compte:a")
        #expect(try await store.loginFailures(key: "compte:a", since: start) == 0)
        #expect(try await store.loginFailures(key: "compte:b", since: start) == 1)
    }
}

@Suite struct SQLiteFileTests {
    @Test func reopensAFileWithoutReloading() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("territoires-test-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        do {
            let store = try SQLiteStore(path: path)
            #expect(try await store.dataFingerprint() == nil)
            try await store.replaceReferential(Fixtures.referential, townHalls: [:], shapes: [:], sources: Fixtures.sources, fingerprint: "v1")
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.dataFingerprint() == "v1")
        #expect(try await reopened.referential().commune("29019")?.population == 139_619)
    }
}

@Suite struct BackupTests {
    @Test func copiesAConsistentDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("territoires-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try SQLiteStore(path: directory.appendingPathComponent("base.sqlite").path)
        try await source.replaceReferential(Fixtures.referential, townHalls: Fixtures.townHalls, shapes: Fixtures.shapes,
                                            sources: Fixtures.sources, fingerprint: "v1")
        let copyPath = directory.appendingPathComponent("copie.sqlite").path
        try await source.backup(to: copyPath)
        let copy = try SQLiteStore(path: copyPath)
        #expect(try await copy.dataFingerprint() == "v1")
        #expect(try await copy.referential().communes == Fixtures.referential.communes)
        #expect(try await copy.sourceTable() == Fixtures.sources)
        await #expect(throws: (any Error).self) { try await source.backup(to: copyPath) }
    }
}
