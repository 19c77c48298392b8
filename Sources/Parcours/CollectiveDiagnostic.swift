import Foundation

/// A collectivité's diagnostic, as the programme knows it: its referents' submitted answers combined (median per
/// question, disagreements named), scored with its routing profile and what the validator saw of its files.
/// Owners are the stores' owner texts; `profile` says which of them are collectivités the referential knows
/// (nil for the operator or an unknown code: such answers are nobody's diagnostic).
public struct CollectiveDiagnostic: Sendable {
    public let questionnaire: Questionnaire
    let store: any DiagnosticStore & ConformityStore
    let profile: @Sendable (String) -> Profile?
    /// Seconds since 1970: the validator's checks count for a year.
    let now: @Sendable () -> Double

    public init(questionnaire: Questionnaire = .v2026, store: any DiagnosticStore & ConformityStore, profile: @escaping @Sendable (String) -> Profile?,
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.questionnaire = questionnaire
        self.store = store
        self.profile = profile
        self.now = now
    }

    /// One collectivité's combined diagnostic.
    public struct Combined: Sendable {
        public let submitted: [SavedAnswers]
        public let answers: Answers
        /// Question ids where the referents' points differ by 2 or more.
        public let disagreements: [String]
        public let profile: Profile
        public let conformity: ConformitySummary
        public let result: DiagnosticResult
    }

    /// The collectivité's diagnostic; nil before any submitted answer.
    public func of(_ owner: String) async throws -> Combined? {
        let submitted = try await store.answers(owner: owner, version: questionnaire.version).filter(\.submitted)
        guard !submitted.isEmpty, let profile = profile(owner) else { return nil }
        let (answers, disagreements) = Answers.combine(submitted.map(\.answers))
        let conformity = ConformitySummary(try await store.conformity(owner: owner), now: now())
        return Combined(submitted: submitted, answers: answers, disagreements: disagreements, profile: profile, conformity: conformity,
                        result: DiagnosticRules.evaluate(answers, profile: profile, questionnaire: questionnaire, conformity: conformity))
    }

    /// One line of the operator's table.
    public struct Entry: Sendable {
        public let owner: String
        public let stratum: Stratum
        public let respondents: Int
        public let result: DiagnosticResult
    }

    /// Every known collectivité's diagnostic, complete or not, ordered by owner: the operator's table.
    public func all() async throws -> [Entry] {
        let checks = try await store.allConformity()
        let now = now()
        return try await store.allSubmitted(version: questionnaire.version).compactMap { owner, answers in
            guard let profile = profile(owner) else { return nil }
            let result = DiagnosticRules.evaluate(Answers.combine(answers).answers, profile: profile, questionnaire: questionnaire,
                                                  conformity: ConformitySummary(checks[owner] ?? [], now: now))
            return Entry(owner: owner, stratum: Stratum(profile), respondents: answers.count, result: result)
        }.sorted { $0.owner < $1.owner }
    }

    /// The barometer's groups: complete diagnostics only (one resting on silence is published nowhere), by stratum.
    public func barometer() async throws -> (groups: [Barometer.Group], respondents: Int) {
        let complete = try await all().filter(\.result.isComplete)
        return (Barometer.groups(complete.map { ($0.stratum, $0.result) }), complete.count)
    }

    /// What `POST` of the questionnaire did with one person's answers.
    public enum Outcome: Sendable {
        /// Computed only: the person does not write the collectivité's diagnostic.
        case computed(DiagnosticResult)
        /// Kept as a draft at the person's request.
        case draft
        /// Complete: now part of the collectivité's diagnostic.
        case submitted
        /// Incomplete: kept as a draft, so a diagnostic resting on silence is never the collectivité's.
        case incomplete(DiagnosticResult)
    }

    /// One person's answers scored with `profile`; saved for `owner` when given (a referent's own collectivité):
    /// as a draft when asked or incomplete, else submitted.
    public func answer(_ answers: Answers, profile: Profile, savingFor owner: (owner: String, login: String)?, draft: Bool) async throws -> Outcome {
        let result = DiagnosticRules.evaluate(answers, profile: profile, questionnaire: questionnaire)
        guard let owner else { return .computed(result) }
        try await store.saveAnswers(owner: owner.owner, login: owner.login, answers: answers, submitted: !draft && result.isComplete)
        if draft { return .draft }
        return result.isComplete ? .submitted : .incomplete(result)
    }
}

extension UseCaseCatalogue {
    /// Use cases within reach of the level, those of the stated priorities first, the most demanding the level
    /// allows first (a pioneer is not sent to beginner cases), six at most; none for an incomplete diagnostic.
    public static func suggestions(for result: DiagnosticResult, priorities: Set<Priority>) -> [UseCase] {
        guard result.isComplete else { return [] }
        let preferred: Set<UseCase.Theme> = priorities.contains(.energie) ? [.energie] : []
        return filtered(theme: nil, level: result.level)
            .sorted { a, b in
                let pa = preferred.contains(a.theme), pb = preferred.contains(b.theme)
                if pa != pb { return pa }
                if a.level != b.level { return a.level > b.level }
                return a.id < b.id
            }
            .prefix(6).map { $0 }
    }
}
