import Parcours
import Testing

@Suite struct CohortTests {
    static func call(capacity: Int = 2, eligibility: CohortCall.Eligibility = .init(maxPopulation: 200_000)) -> CohortCall {
        CohortCall(id: 7, title: "Mobiliser la data", theme: "Tableaux de bord", deadline: "2027-02-28", startsOn: "2027-03-15",
                   endsOn: "2027-10-15", capacity: capacity, eligibility: eligibility, createdAt: 1)
    }

    static func application(_ owner: String = "commune:29103", call: CohortCall = call()) throws -> CohortApplication {
        try CohortApplication.apply(to: call, owner: owner, population: 16_206, level: .debutant, members: ["agent.a", "referent.b"],
                                    metier: "agent.a", donnees: "referent.b", useCaseID: "suivi-energie-eclairage", ownUseCase: "",
                                    motivation: "Nos factures d'énergie", at: 10)
    }

    @Test func eligibilityReadsPopulationAndLevel() {
        let both = CohortCall.Eligibility(maxPopulation: 200_000, levels: [.debutant, .intermediaire])
        #expect(both.admits(population: 199_999, level: .debutant))
        #expect(!both.admits(population: 200_000, level: .debutant))
        #expect(!both.admits(population: 16_000, level: .pionnier))
        // No complete diagnostic: no level, not admitted when levels are named; no population known: not under a threshold.
        #expect(!both.admits(population: 16_000, level: nil))
        #expect(!CohortCall.Eligibility(maxPopulation: 10).admits(population: nil, level: nil))
        #expect(CohortCall.Eligibility().admits(population: nil, level: nil))
        #expect(both.label == "moins de 200\u{202F}000 habitants, diagnostic complet de niveau débutant ou intermédiaire")
    }

    @Test func theOperatorWritesACallWithReadableDaysInOrder() throws {
        var call = Self.call()
        call.title = "  "
        #expect(throws: CohortError.titleNeeded) { try call.validated() }
        call = Self.call()
        call.startsOn = "15/03/2027"
        #expect(throws: CohortError.badDay("15/03/2027")) { try call.validated() }
        call = Self.call()
        call.endsOn = "2027-03-01"
        #expect(throws: CohortError.daysOutOfOrder) { try call.validated() }
        call = Self.call(capacity: 0)
        #expect(throws: CohortError.badCapacity) { try call.validated() }
        #expect(try Self.call(capacity: CohortCall.defaultCapacity).validated().capacity == 10)
        call = Self.call()
        try call.close()
        #expect(throws: CohortError.alreadyClosed) { try call.close() }
        try call.reopen()
        #expect(call.state == .ouvert)
    }

    @Test func aPairIsTwoAccountsOfTheApplicant() throws {
        func apply(metier: String, donnees: String, members: Set<String> = ["agent.a", "referent.b"], population: Int? = 16_206,
                   useCase: String? = nil, own: String = "Fréquentation du marché", motivation: String = "Oui", call: CohortCall = CohortTests.call()) throws -> CohortApplication {
            try CohortApplication.apply(to: call, owner: "commune:29103", population: population, level: nil, members: members, metier: metier,
                                        donnees: donnees, useCaseID: useCase, ownUseCase: own, motivation: motivation, at: 1)
        }
        #expect(throws: CohortError.notMember("agent.brest")) { try apply(metier: "agent.a", donnees: "agent.brest") }
        #expect(CohortError.notMember("agent.brest").description
                == "« agent.brest » n'est pas un compte de votre collectivité : les deux personnes du binôme en font partie.")
        #expect(throws: CohortError.samePerson) { try apply(metier: "agent.a", donnees: "agent.a") }
        #expect(throws: CohortError.pairIncomplete) { try apply(metier: "agent.a", donnees: " ") }
        #expect(throws: CohortError.useCaseNeeded) { try apply(metier: "agent.a", donnees: "referent.b", own: " ") }
        #expect(throws: CohortError.unknownUseCase("inconnu")) { try apply(metier: "agent.a", donnees: "referent.b", useCase: "inconnu") }
        #expect(throws: CohortError.motivationNeeded) { try apply(metier: "agent.a", donnees: "referent.b", motivation: "") }
        #expect(throws: CohortError.notEligible("moins de 200\u{202F}000 habitants")) { try apply(metier: "agent.a", donnees: "referent.b", population: 200_001) }
        var closed = Self.call()
        try closed.close()
        #expect(throws: CohortError.callClosed) { try apply(metier: "agent.a", donnees: "referent.b", call: closed) }
        let own = try apply(metier: "agent.a", donnees: "referent.b")
        #expect(own.useCaseTitle == "Fréquentation du marché" && own.state == .deposee && own.pair == ["agent.a", "referent.b"])
        #expect(try Self.application().useCaseTitle == "Suivre les consommations d'énergie et l'éclairage public")
    }

    @Test func theOperatorSelectsWithinCapacityAndRefusesWithAReason() throws {
        let call = Self.call(capacity: 2)
        var a = try Self.application()
        #expect(a.allowedNext(for: .collectivite) == [.retiree] && a.allowedNext(for: .operateur) == [.retenue, .refusee])
        #expect(throws: CohortError.notYours(.retenue)) {
            try a.decide(.retenue, by: "agent.a", as: .collectivite, reason: "", call: call, selected: 0, at: 2)
        }
        // Two already selected for two places: the third is refused, the application unchanged.
        #expect(throws: CohortError.full(capacity: 2)) { try a.decide(.retenue, by: "operateur", as: .operateur, reason: "", call: call, selected: 2, at: 2) }
        #expect(a.state == .deposee && a.entries.isEmpty)
        #expect(throws: CohortError.reasonNeeded(.refusee)) { try a.decide(.refusee, by: "operateur", as: .operateur, reason: " ", call: call, selected: 0, at: 2) }
        try a.decide(.retenue, by: "operateur", as: .operateur, reason: "", call: call, selected: 1, at: 3)
        #expect(a.state == .retenue)
        #expect(throws: CohortError.impossible(from: .retenue, to: .refusee)) {
            try a.decide(.refusee, by: "operateur", as: .operateur, reason: "Trop tard", call: call, selected: 2, at: 4)
        }
        var b = try Self.application("commune:29019")
        try b.decide(.refusee, by: "operateur", as: .operateur, reason: "Projet sans données disponibles", call: call, selected: 1, at: 5)
        #expect(b.entries.map { "\($0.from!.rawValue)>\($0.to!.rawValue) \($0.author) \($0.text)" } == ["deposee>refusee operateur Projet sans données disponibles"])
    }

    @Test func milestonesAreUpdatedByThePairAndTheOperatorOnceSelected() throws {
        var a = try Self.application()
        #expect(throws: CohortError.notSelected) { try a.update(.cadrage, status: .enCours, evidence: "", comment: "", by: "agent.a", as: .collectivite, at: 2) }
        try a.decide(.retenue, by: "operateur", as: .operateur, reason: "", call: Self.call(), selected: 0, at: 3)
        // Another account of the same collectivité reads but does not update.
        #expect(throws: CohortError.notInPair) { try a.update(.cadrage, status: .enCours, evidence: "", comment: "", by: "elu.x", as: .collectivite, at: 4) }
        #expect(throws: CohortError.evidenceNeeded(.cadrage)) { try a.update(.cadrage, status: .fait, evidence: "", comment: "", by: "agent.a", as: .collectivite, at: 4) }
        try a.update(.cadrage, status: .enCours, evidence: "Note de cadrage v1", comment: "Atelier du 2 avril", by: "agent.a", as: .collectivite, at: 5)
        // Done without new evidence: the evidence given before stands.
        try a.update(.cadrage, status: .fait, evidence: "", comment: "Validé en comité", by: "operateur", as: .operateur, at: 6)
        try a.update(.accesDonnees, status: .bloque, evidence: "", comment: "Convention avec le syndicat d'énergie en attente", by: "referent.b",
                     as: .collectivite, at: 7)
        let m = Dictionary(uniqueKeysWithValues: a.milestones.map { ($0.milestone, $0.progress) })
        #expect(m[.cadrage]?.status == .fait && m[.cadrage]?.evidence == "Note de cadrage v1")
        #expect(m[.cadrage]?.updates.map(\.text) == ["Atelier du 2 avril", "Validé en comité"])
        #expect(m[.accesDonnees]?.status == .bloque && m[.prototype]?.status == .aFaire && m[.restitution]?.updates.isEmpty == true)
    }

    @Test func sessionsAreNumberedAndAttendanceIsForTheCohortsPeople() throws {
        var call = Self.call()
        #expect(throws: CohortError.badDay("demain")) { try call.schedule(day: "demain", topic: "Lancement", place: "", mode: .presentiel) }
        try call.schedule(day: "2027-04-01", topic: "Données ouvertes", place: "", mode: .visio)
        try call.schedule(day: "2027-03-15", topic: "Lancement", place: "Hub des Territoires, Paris", mode: .presentiel)
        #expect(call.sessions.map(\.id) == [2, 1] && call.sessions.map(\.day) == ["2027-03-15", "2027-04-01"])
        #expect(throws: CohortError.notParticipant("intrus")) { try call.record(session: 2, ["intrus": .present], participants: ["agent.a"]) }
        #expect(throws: CohortError.unknownSession(9)) { try call.record(session: 9, ["agent.a": .present], participants: ["agent.a"]) }
        try call.record(session: 2, ["agent.a": .present, "referent.b": .excuse], participants: ["agent.a", "referent.b"])
        try call.record(session: 2, ["referent.b": .absent], participants: ["agent.a", "referent.b"])
        #expect(call.sessions[0].attendance == ["agent.a": .present, "referent.b": .absent])
    }
}
