import Parcours
import Testing

/// Diagnostics, help requests and the answer parser as the web layer calls them, without HTTP: the stores are
/// kept in memory.
actor MemoryStore: DiagnosticStore, ConformityStore, HelpRequestStore {
    var saved: [String: [SavedAnswers]] = [:]
    var requests: [HelpRequest] = []
    var checks: [String: [ConformityRecord]] = [:]

    func saveAnswers(owner: String, login: String, answers: Answers, submitted: Bool) async throws {
        saved[owner, default: []].removeAll { $0.login == login }
        saved[owner, default: []].append(SavedAnswers(login: login, answers: answers, submitted: submitted, updatedAt: 1_000))
    }
    func answers(owner: String, version: String) async throws -> [SavedAnswers] { saved[owner] ?? [] }
    func allSubmitted(version: String) async throws -> [String: [Answers]] {
        saved.mapValues { $0.filter(\.submitted).map(\.answers) }.filter { !$0.value.isEmpty }
    }
    func recordConformity(owner: String, _ record: ConformityRecord) async throws { checks[owner, default: []].insert(record, at: 0) }
    func conformity(owner: String) async throws -> [ConformityRecord] { checks[owner] ?? [] }
    func allConformity() async throws -> [String: [ConformityRecord]] { checks }
    func createRequest(_ request: HelpRequest) async throws -> HelpRequest {
        if requests.contains(where: { $0.owner == request.owner && $0.rule == request.rule && $0.isOpen }) { throw HelpRequestError.alreadyOpen(rule: request.rule) }
        let created = HelpRequest(id: Int64(requests.count + 1), owner: request.owner, rule: request.rule, brick: request.brick, title: request.title,
                                  because: request.because, message: request.message, login: request.login, createdAt: request.createdAt)
        requests.append(created)
        return created
    }
    func requests(owner: String) async throws -> [HelpRequest] { requests.filter { $0.owner == owner } }
    func allRequests() async throws -> [HelpRequest] { requests }
    func updateRequest(id: Int64, status: HelpRequest.Status, answer: String, actor: String) async throws -> HelpRequest {
        guard let index = requests.firstIndex(where: { $0.id == id }) else { throw HelpRequestError.unknown(id: id) }
        requests[index].status = status
        requests[index].answer = answer
        return requests[index]
    }
}

@Suite struct AnswerParserTests {
    let questionnaire = Questionnaire.v2026

    @Test func formAndJSONValuesBecomeTheSameAnswers() throws {
        let answers = try questionnaire.answers(AnswerInput(values: ["D1.1": .points(2), "D1.2": .text("nsp"), "D2.5": .text("nc")],
                                                            priorities: ["energie"], obstacles: [], useCase: "  Éclairage public \n"))
        #expect(answers.values == ["D1.1": .points(2), "D1.2": .dontKnow, "D2.5": .notApplicable])
        #expect(answers.priorities == [.energie])
        #expect(answers.useCase == "Éclairage public")
        #expect(answers.version == "2026-1")
        #expect(try questionnaire.answers(AnswerInput(useCase: String(repeating: "a", count: 250))).useCase == String(repeating: "a", count: 200))
        #expect(try questionnaire.answers(AnswerInput(useCase: "   ")).useCase == nil)
    }

    @Test func whatTheQuestionDoesNotOfferIsRefusedInOneSentence() {
        #expect(throws: AnswerError.invalidAnswer(question: "D1.1")) { try questionnaire.answers(AnswerInput(values: ["D1.1": .points(4)])) }
        #expect(throws: AnswerError.invalidAnswer(question: "D1.1")) { try questionnaire.answers(AnswerInput(values: ["D1.1": .points(-1)])) }
        // A number sent as text in JSON is not a number; "nc" only where the question allows it (D2.5 does, D1.1 does not).
        #expect(throws: AnswerError.invalidAnswer(question: "D1.1")) { try questionnaire.answers(AnswerInput(values: ["D1.1": .text("2")])) }
        #expect(throws: AnswerError.invalidAnswer(question: "D1.1")) { try questionnaire.answers(AnswerInput(values: ["D1.1": .text("nc")])) }
        #expect(throws: AnswerError.unknownQuestion("D9.9")) { try questionnaire.answers(AnswerInput(values: ["D9.9": .points(1), "D1.1": .points(9)])) }
        #expect(throws: AnswerError.unknownPriority("tourisme")) { try questionnaire.answers(AnswerInput(priorities: ["tourisme"])) }
        #expect(AnswerError.invalidAnswer(question: "D1.1").description == "Réponse invalide à la question D1.1 : 0 à 3, « nsp » ou « nc ».")
        #expect(AnswerError.unknownQuestion("D9.9").description == "Question inconnue « D9.9 ».")
    }
}

@Suite struct CollectiveDiagnosticTests {
    static let small = Profile(isCommune: true, population: 800, isPVD: false)
    static let epci = Profile(isCommune: false, population: 200_000, isPVD: false)

    static func uniform(_ p: Int, except: [String: Int] = [:]) -> Answers {
        var values: [String: Answer] = [:]
        for question in Questionnaire.v2026.questions { values[question.id] = .points(except[question.id] ?? p) }
        return Answers(values: values)
    }

    /// Owners "commune:1"… "commune:9" are small communes, "epci:1" an EPCI; anything else is unknown.
    func diagnostics(_ store: MemoryStore) -> CollectiveDiagnostic {
        CollectiveDiagnostic(store: store, profile: { owner in
            owner.hasPrefix("commune:") ? Self.small : owner == "epci:1" ? Self.epci : nil
        }, now: { 1_000 })
    }

    @Test func referentsSubmittedAnswersAreCombinedDraftsAreNot() async throws {
        let store = MemoryStore()
        let diagnostics = diagnostics(store)
        #expect(try await diagnostics.of("epci:1") == nil)
        try await store.saveAnswers(owner: "epci:1", login: "a", answers: Self.uniform(1, except: ["D1.1": 0]), submitted: true)
        try await store.saveAnswers(owner: "epci:1", login: "b", answers: Self.uniform(1, except: ["D1.1": 3]), submitted: true)
        try await store.saveAnswers(owner: "epci:1", login: "c", answers: Self.uniform(3), submitted: false)
        let combined = try #require(try await diagnostics.of("epci:1"))
        #expect(combined.submitted.map(\.login) == ["a", "b"])
        // 0 and 3 differ by 3 points: a disagreement; the median of two is the lower one.
        #expect(combined.disagreements == ["D1.1"])
        #expect(combined.answers.values["D1.1"] == .points(0) && combined.answers.values["D1.2"] == .points(1))
        #expect(combined.profile == Self.epci)
        #expect(combined.result.isComplete)
        #expect(combined.result.recommendations.map(\.id).contains("R9"))
    }

    @Test func theOperatorsTableListsEveryKnownCollectiviteAndTheBarometerOnlyCompleteOnes() async throws {
        let store = MemoryStore()
        for k in 1...5 { try await store.saveAnswers(owner: "commune:\(k)", login: "r", answers: Self.uniform(1), submitted: true) }
        // Submitted partial (before drafts existed): listed for the operator, published nowhere.
        try await store.saveAnswers(owner: "commune:6", login: "r", answers: Answers(values: ["D1.1": .points(3)]), submitted: true)
        try await store.saveAnswers(owner: "inconnu:1", login: "r", answers: Self.uniform(3), submitted: true)
        try await store.saveAnswers(owner: "epci:1", login: "r", answers: Self.uniform(3), submitted: false)
        let diagnostics = diagnostics(store)
        let all = try await diagnostics.all()
        #expect(all.map(\.owner) == ["commune:1", "commune:2", "commune:3", "commune:4", "commune:5", "commune:6"])
        #expect(all.map(\.result.isComplete) == [true, true, true, true, true, false])
        #expect(all.allSatisfy { $0.respondents == 1 && $0.stratum == .communeMoins3500 })
        let (groups, respondents) = try await diagnostics.barometer()
        #expect(respondents == 5)
        #expect(groups.map(\.stratum) == [.communeMoins3500] && groups.first?.count == 5)
        // One point of three on every question: a third of the way, 33.3 on 100.
        #expect(abs((groups.first?.meanGlobal ?? 0) - 100.0 / 3) < 1e-9)
    }

    @Test func aReferentsAnswersAreSavedOnlyWhenCompleteOrAskedAsADraft() async throws {
        let store = MemoryStore()
        let diagnostics = diagnostics(store)
        let partial = Answers(values: ["D1.1": .points(1)])
        guard case .computed = try await diagnostics.answer(Self.uniform(1), profile: Self.small, savingFor: nil, draft: false) else { Issue.record("computed"); return }
        #expect(try await store.saved.isEmpty)
        guard case .draft = try await diagnostics.answer(Self.uniform(1), profile: Self.small, savingFor: ("commune:1", "r"), draft: true) else { Issue.record("draft"); return }
        #expect(try await store.answers(owner: "commune:1", version: "2026-1").map(\.submitted) == [false])
        guard case .incomplete(let result) = try await diagnostics.answer(partial, profile: Self.small, savingFor: ("commune:1", "r"), draft: false) else {
            Issue.record("incomplete"); return
        }
        #expect(!result.isComplete)
        #expect(try await store.answers(owner: "commune:1", version: "2026-1").map(\.submitted) == [false])
        guard case .submitted = try await diagnostics.answer(Self.uniform(1), profile: Self.small, savingFor: ("commune:1", "r"), draft: false) else { Issue.record("submitted"); return }
        #expect(try await store.answers(owner: "commune:1", version: "2026-1").map(\.submitted) == [true])
    }

    @Test func suggestionsPutTheStatedPriorityFirstAndWaitForACompleteDiagnostic() {
        let beginner = DiagnosticRules.evaluate(Self.uniform(0), profile: Self.small)
        // The catalogue has two energy use cases at the débutant level, and more than six débutant ones in all.
        let suggested = UseCaseCatalogue.suggestions(for: beginner, priorities: [.energie])
        #expect(suggested.count == 6)
        #expect(suggested.prefix(2).allSatisfy { $0.theme == .energie } && suggested.dropFirst(2).allSatisfy { $0.theme != .energie })
        #expect(suggested.allSatisfy { $0.level == .debutant })
        let incomplete = DiagnosticRules.evaluate(Answers(values: ["D1.1": .points(3)]), profile: Self.small)
        #expect(UseCaseCatalogue.suggestions(for: incomplete, priorities: [.energie]).isEmpty)
    }
}

@Suite struct HelpDeskTests {
    func desk(_ store: MemoryStore) -> HelpDesk {
        HelpDesk(requests: store, diagnostics: CollectiveDiagnosticTests().diagnostics(store), now: { 2_000 })
    }

    @Test func aRecommendationOfTheDiagnosticIsAskedOnceAtATime() async throws {
        let store = MemoryStore()
        let desk = desk(store)
        await #expect(throws: HelpDeskError.noDiagnostic) { try await desk.ask(rule: "R9", message: "", owner: "epci:1", login: "r") }
        try await store.saveAnswers(owner: "epci:1", login: "r", answers: CollectiveDiagnosticTests.uniform(1), submitted: true)
        #expect(try await desk.desk(owner: "epci:1").askable.map(\.id).contains("R9"))
        let asked = try await desk.ask(rule: "R9", message: "  Contact : DSI \n", owner: "epci:1", login: "r")
        #expect(asked.message == "Contact : DSI" && asked.status == .nouvelle && asked.createdAt == 2_000 && asked.title == "Prérequis de cybersécurité avant tout projet d'IA")
        let (requests, askable) = try await desk.desk(owner: "epci:1")
        #expect(requests.map(\.rule) == ["R9"] && !askable.map(\.id).contains("R9"))
        await #expect(throws: HelpRequestError.alreadyOpen(rule: "R9")) { try await desk.ask(rule: "R9", message: "", owner: "epci:1", login: "r") }
        // R8 (mentor role) is a pioneer's: not in this diagnostic.
        do {
            _ = try await desk.ask(rule: "R8", message: "", owner: "epci:1", login: "r")
            Issue.record("R8 asked")
        } catch let HelpDeskError.notRecommended(rule, fired) {
            #expect(rule == "R8" && fired.contains("R9") && !fired.contains("R8"))
        }
        #expect(String(repeating: "x", count: 1_500).count > HelpDesk.maxText)
        #expect(try await desk.ask(rule: "R1", message: String(repeating: "x", count: 1_500), owner: "epci:1", login: "r").message.count == 1_000)
    }

    @Test func theOperatorFollowsUpAndARefusalSaysWhy() async throws {
        let store = MemoryStore()
        let desk = desk(store)
        try await store.saveAnswers(owner: "epci:1", login: "r", answers: CollectiveDiagnosticTests.uniform(1), submitted: true)
        let asked = try await desk.ask(rule: "R9", message: "", owner: "epci:1", login: "r")
        await #expect(throws: HelpDeskError.refusalWithoutAnswer) { try await desk.follow(id: asked.id, status: .refusee, answer: "  ", operator: "op") }
        await #expect(throws: HelpRequestError.unknown(id: 99)) { try await desk.follow(id: 99, status: .traitee, answer: "", operator: "op") }
        let done = try await desk.follow(id: asked.id, status: .traitee, answer: " Planifié ", operator: "op")
        #expect(done.status == .traitee && done.answer == "Planifié")
        // Done: the rule can be asked for again.
        #expect(try await desk.desk(owner: "epci:1").askable.map(\.id).contains("R9"))
    }
}
