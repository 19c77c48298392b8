import Parcours
import Testing

@Suite struct EngineeringTests {
    static func study(_ owner: String = "commune:29103", at: Double = 1_000) -> EngineeringRequest {
        EngineeringRequest(owner: owner, kind: .etudeCofinancee, topic: .strategie, need: "Une stratégie de la donnée votée en 2027",
                           contact: "DGS, 02 98 00 00 00", createdAt: at)
    }

    @Test func aRequestGoesThroughEveryStateByTheRoleAllowed() throws {
        var r = Self.study()
        #expect(r.allowedNext(for: .collectivite) == [.deposee, .abandonnee])
        #expect(r.allowedNext(for: .operateur).isEmpty)
        try r.move(to: .deposee, by: "referent.landerneau", as: .collectivite, comment: "", at: 1_100)
        try r.move(to: .enInstruction, by: "operateur", as: .operateur, comment: "Reçue", at: 1_200)
        let grant = EngineeringRequest.Grant(rate: 0.5, amount: 12_000, consultant: "Cabinet A")
        try r.move(to: .acceptee, by: "operateur", as: .operateur, comment: "Comité du 3 mars", grant: grant, at: 1_300)
        try r.move(to: .enCours, by: "operateur", as: .operateur, comment: "", at: 1_400)
        try r.deliver(title: "Stratégie de la donnée", date: "2027-02-01", link: "strategie.pdf", by: "operateur", at: 1_500)
        try r.move(to: .livree, by: "operateur", as: .operateur, comment: "", at: 1_600)
        #expect(r.state == .livree && r.grant == grant)
        let transitions = r.entries.filter { $0.kind == .transition }
        #expect(transitions.map { "\($0.from!.rawValue)>\($0.to!.rawValue) \($0.author)" } == [
            "brouillon>deposee referent.landerneau", "deposee>en_instruction operateur", "en_instruction>acceptee operateur",
            "acceptee>en_cours operateur", "en_cours>livree operateur"])
        #expect(transitions.map(\.at) == [1_100, 1_200, 1_300, 1_400, 1_600])
        #expect(r.allowedNext(for: .operateur).isEmpty && r.allowedNext(for: .collectivite).isEmpty)
    }

    @Test func illegalMovesAreRefusedWithTheirReason() throws {
        var r = Self.study()
        #expect(throws: EngineeringError.notYours(to: .deposee, actor: .operateur)) {
            try r.move(to: .deposee, by: "operateur", as: .operateur, comment: "", at: 1)
        }
        #expect(throws: EngineeringError.impossible(from: .brouillon, to: .acceptee)) {
            try r.move(to: .acceptee, by: "operateur", as: .operateur, comment: "", at: 1)
        }
        var empty = Self.study()
        empty.need = "  "
        #expect(throws: EngineeringError.incomplete) { try empty.move(to: .deposee, by: "a", as: .collectivite, comment: "", at: 1) }
        try r.move(to: .deposee, by: "referent", as: .collectivite, comment: "", at: 2)
        #expect(throws: EngineeringError.notYours(to: .enInstruction, actor: .collectivite)) {
            try r.move(to: .enInstruction, by: "referent", as: .collectivite, comment: "", at: 3)
        }
        try r.move(to: .enInstruction, by: "operateur", as: .operateur, comment: "", at: 3)
        // A refusal keeps its reason; an acceptance needs a grant that fits a study (rate and amount).
        #expect(throws: EngineeringError.reasonNeeded(.refusee)) { try r.move(to: .refusee, by: "operateur", as: .operateur, comment: " ", at: 4) }
        #expect(throws: EngineeringError.grantNeeded(.etudeCofinancee)) {
            try r.move(to: .acceptee, by: "operateur", as: .operateur, comment: "", grant: .init(days: 5, consultant: "A"), at: 4)
        }
        #expect(throws: EngineeringError.grantNeeded(.etudeCofinancee)) {
            try r.move(to: .acceptee, by: "operateur", as: .operateur, comment: "", grant: .init(rate: 1.5, amount: 10, consultant: "A"), at: 4)
        }
        #expect(r.state == .enInstruction && r.entries.count == 2)  // nothing recorded by a refused move
        try r.move(to: .acceptee, by: "operateur", as: .operateur, comment: "", grant: .init(rate: 0.8, amount: 8_000, consultant: "A"), at: 5)
        try r.move(to: .enCours, by: "operateur", as: .operateur, comment: "", at: 6)
        #expect(throws: EngineeringError.deliverableNeeded) { try r.move(to: .livree, by: "operateur", as: .operateur, comment: "", at: 7) }
        #expect(throws: EngineeringError.deliverableDate("01/02/2027")) {
            try r.deliver(title: "Note", date: "01/02/2027", link: "", by: "operateur", at: 7)
        }
        #expect(throws: EngineeringError.deliverableDate("2027-02-30")) {
            try r.deliver(title: "Note", date: "2027-02-30", link: "", by: "operateur", at: 7)
        }
        // The collectivité may withdraw a started request, saying why.
        try r.move(to: .abandonnee, by: "referent", as: .collectivite, comment: "Projet reporté après les élections", at: 8)
        #expect(r.entries.last?.text == "Projet reporté après les élections")
    }

    @Test func consultingDaysAreGrantedThenConsumedWithinTheGrant() throws {
        var r = EngineeringRequest(owner: "epci:242900801", kind: .journeesConseil, topic: .premierCasUsage, need: "Tableau de bord des déchets",
                                   contact: "Chargée de mission", createdAt: 1)
        try r.move(to: .deposee, by: "referent", as: .collectivite, comment: "", at: 2)
        try r.move(to: .enInstruction, by: "operateur", as: .operateur, comment: "", at: 3)
        #expect(throws: EngineeringError.grantNeeded(.journeesConseil)) {
            try r.move(to: .acceptee, by: "operateur", as: .operateur, comment: "", grant: .init(days: 0, consultant: "B"), at: 4)
        }
        try r.move(to: .acceptee, by: "operateur", as: .operateur, comment: "", grant: .init(days: 5, consultant: "B"), at: 4)
        #expect(throws: EngineeringError.notStarted) { try r.consume(days: 1, by: "operateur", at: 5) }
        try r.move(to: .enCours, by: "operateur", as: .operateur, comment: "", at: 5)
        try r.consume(days: 2, by: "operateur", at: 6)
        try r.consume(days: 2.5, by: "operateur", at: 7)
        #expect(throws: EngineeringError.tooManyDays(granted: 5, used: 4.5)) { try r.consume(days: 1, by: "operateur", at: 8) }
        #expect(r.daysConsumed == 4.5)
        try r.say("Prochaine séance le 12 ?", by: "referent", as: .collectivite, at: 9)
        try r.say("Oui, 14 h", by: "operateur", as: .operateur, at: 10)
        #expect(r.entries.filter { $0.kind == .message }.map(\.text) == ["Prochaine séance le 12 ?", "Oui, 14 h"])
        #expect(throws: EngineeringError.emptyMessage) { try r.say(" \n", by: "referent", as: .collectivite, at: 11) }
    }

    @Test func theDeskTotalsMatchAHandCount() throws {
        // Four requests: an accepted study of 10,000 € (Bretagne, débutant), a 5-day request started then
        // abandoned with 2 days used (Bretagne, no diagnostic), a 3-day request refused (Normandie, débutant),
        // a 4-day request accepted (Normandie, intermédiaire).
        var study = Self.study("commune:29103", at: 1)
        for (state, actor) in [(EngineeringRequest.State.deposee, EngineeringRequest.Actor.collectivite), (.enInstruction, .operateur)] {
            try study.move(to: state, by: "x", as: actor, comment: "", at: 1)
        }
        try study.move(to: .acceptee, by: "op", as: .operateur, comment: "", grant: .init(rate: 0.5, amount: 10_000, consultant: "A"), at: 2)
        func days(_ owner: String, _ granted: Double) throws -> EngineeringRequest {
            var r = EngineeringRequest(owner: owner, kind: .journeesConseil, topic: .gouvernance, need: "n", contact: "c", createdAt: 5)
            try r.move(to: .deposee, by: "x", as: .collectivite, comment: "", at: 1)
            try r.move(to: .enInstruction, by: "op", as: .operateur, comment: "", at: 1)
            try r.move(to: .acceptee, by: "op", as: .operateur, comment: "", grant: .init(days: granted, consultant: "B"), at: 2)
            return r
        }
        var abandoned = try days("commune:29019", 5)
        try abandoned.move(to: .enCours, by: "op", as: .operateur, comment: "", at: 3)
        try abandoned.consume(days: 2, by: "op", at: 4)
        try abandoned.move(to: .abandonnee, by: "op", as: .operateur, comment: "Départ du chef de projet", at: 5)
        var refused = EngineeringRequest(owner: "commune:14118", kind: .journeesConseil, topic: .autre, need: "n", contact: "c", createdAt: 9)
        try refused.move(to: .deposee, by: "x", as: .collectivite, comment: "", at: 1)
        try refused.move(to: .refusee, by: "op", as: .operateur, comment: "Hors programme", at: 2)
        let accepted = try days("commune:76540", 4)
        let context: [String: EngineeringDesk.Context] = [
            "commune:29103": .init(regionCode: "53", level: .debutant), "commune:29019": .init(regionCode: "53", level: nil),
            "commune:14118": .init(regionCode: "28", level: .debutant), "commune:76540": .init(regionCode: "28", level: .intermediaire)]
        let all = [study, abandoned, refused, accepted]
        let totals = EngineeringDesk.totals(all) { context[$0] }
        #expect(totals.all == .init(requests: 4, daysGranted: 9, daysConsumed: 2, amountCommitted: 10_000))
        #expect(totals.byRegion["53"] == .init(requests: 2, daysGranted: 5, daysConsumed: 2, amountCommitted: 10_000))
        #expect(totals.byRegion["28"] == .init(requests: 2, daysGranted: 4, daysConsumed: 0, amountCommitted: 0))
        #expect(totals.byLevel["debutant"] == .init(requests: 2, daysGranted: 0, daysConsumed: 0, amountCommitted: 10_000))
        #expect(totals.byLevel[""]?.daysGranted == 5)
        var filter = EngineeringDesk.Filter()
        filter.regionCode = "28"
        filter.states = [.acceptee, .enCours]
        #expect(EngineeringDesk.select(all, filter) { context[$0] }.map(\.owner) == ["commune:76540"])
        filter = EngineeringDesk.Filter()
        filter.level = .debutant
        filter.from = 6
        #expect(EngineeringDesk.select(all, filter) { context[$0] }.map(\.owner) == ["commune:14118"])
    }

    /// The collectivité reads a notice for each act of the operator it should know of (a change of state with its
    /// comment, a message, a deliverable), none for its own acts nor for the operator's internal ones.
    @Test func theOperatorsActsBecomeNoticesForTheCollectivite() throws {
        var r = EngineeringRequest(id: 7, owner: "commune:29103", kind: .journeesConseil, topic: .strategie, need: "Stratégie", contact: "DGS", createdAt: 1_000)
        try r.move(to: .deposee, by: "referent.landerneau", as: .collectivite, comment: "", at: 1_100)
        let before = r.entries.count
        try r.move(to: .enInstruction, by: "operateur", as: .operateur, comment: "Dossier complet", at: 1_200)
        r.assign(to: "operateur.bretagne", by: "operateur", at: 1_200)
        try r.say("Quel périmètre ?", by: "operateur", as: .operateur, at: 1_300)
        try r.say("Les écoles", by: "referent.landerneau", as: .collectivite, at: 1_400)
        #expect(r.notices(for: r.entries[..<before]).isEmpty)
        #expect(r.notices(for: r.entries[before...]) == [
            Notice.Content(title: "Demande d'ingénierie n° 7 : en instruction", text: "Dossier complet", link: "/parcours/ingenierie/7"),
            Notice.Content(title: "Demande d'ingénierie n° 7 : nouveau message de l'opérateur", text: "Quel périmètre ?", link: "/parcours/ingenierie/7#fil"),
        ])
        // A long message is cut: the notice points to the request, where the whole thread is.
        try r.say(String(repeating: "a", count: 800), by: "operateur", as: .operateur, at: 1_500)
        #expect(r.notices(for: r.entries.suffix(1)).first?.text.count == 500)
    }
}
