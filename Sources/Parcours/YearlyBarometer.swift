/// The operator's note de conjoncture for a year: an editorial text, a draft until published.
public struct BarometerNote: Sendable, Equatable {
    public let year: Int
    public let editorial: String
    public let published: Bool
    public let updatedAt: Double
    public let updatedBy: String

    public init(year: Int, editorial: String, published: Bool, updatedAt: Double = 0, updatedBy: String = "") {
        self.year = year
        self.editorial = editorial
        self.published = published
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

/// Where the barometer's years are kept: each person's last submitted answers of each calendar year (UTC), which a
/// later year's submission does not overwrite, and the operator's notes.
public protocol BarometerStore: Sendable {
    /// `DiagnosticStore.saveAnswers` at a given time (seconds since 1970), which says the year a submission counts
    /// for: the barometer's generated test sets and the stores' tests date their submissions.
    func saveAnswers(owner: String, login: String, answers: Answers, submitted: Bool, at: Double) async throws
    /// Every collectivité's answers submitted during the year (each person's last of that year), by owner.
    func submissions(year: Int, version: String) async throws -> [String: [Answers]]
    /// The years with at least one submission, oldest first.
    func submissionYears() async throws -> [Int]
    func barometerNote(year: Int) async throws -> BarometerNote?
    /// Writes the year's note (created or replaced) with its audit line.
    func saveBarometerNote(_ note: BarometerNote, actor: String) async throws
}

/// The use case of the yearly barometer: the complete diagnostics submitted in a year, weighted by the national
/// count of each stratum, with the previous year's for the change. A submission is the collectivité's when
/// `place` knows its owner (its profile, département and région: the web layer reads them from the referential).
public struct YearlyBarometer: Sendable {
    public struct Place: Sendable {
        public let profile: Profile
        public let departementCode: String
        public let regionCode: String

        public init(profile: Profile, departementCode: String, regionCode: String) {
            self.profile = profile
            self.departementCode = departementCode
            self.regionCode = regionCode
        }
    }

    public struct Report: Sendable {
        public let year: Int
        public let barometer: WeightedBarometer
        /// The previous year's, when it had complete diagnostics.
        public let previous: WeightedBarometer?
        public let national: [Stratum: Int]
        public let questions: [Question]
    }

    public let questionnaire: Questionnaire
    let store: any BarometerStore
    let place: @Sendable (String) -> Place?
    let national: [Stratum: Int]

    public init(questionnaire: Questionnaire = .v2026, store: any BarometerStore, national: [Stratum: Int],
                place: @escaping @Sendable (String) -> Place?) {
        self.questionnaire = questionnaire
        self.store = store
        self.national = national
        self.place = place
    }

    /// The year's respondents: each known collectivité's referents combined, complete diagnostics only (one resting
    /// on silence is published nowhere). The validator's corrections (C1-C2) are left out: they depend on the day
    /// of reading, a year's note must not.
    public func respondents(_ year: Int) async throws -> [WeightedBarometer.Respondent] {
        try await store.submissions(year: year, version: questionnaire.version).sorted { $0.key < $1.key }.compactMap { owner, answers in
            guard let place = place(owner) else { return nil }
            let combined = Answers.combine(answers).answers
            let result = DiagnosticRules.evaluate(combined, profile: place.profile, questionnaire: questionnaire)
            guard result.isComplete else { return nil }
            return WeightedBarometer.Respondent(owner: owner, stratum: Stratum(place.profile), departementCode: place.departementCode,
                                                regionCode: place.regionCode, answers: combined, result: result)
        }
    }

    /// The year's report; nil when nobody submitted a complete diagnostic that year.
    public func report(_ year: Int) async throws -> Report? {
        let questions = questionnaire.questions.filter(\.barometer)
        let now = try await respondents(year)
        guard !now.isEmpty else { return nil }
        let before = try await respondents(year - 1)
        return Report(year: year, barometer: WeightedBarometer(now, national: national, questions: questions),
                      previous: before.isEmpty ? nil : WeightedBarometer(before, national: national, questions: questions),
                      national: national, questions: questions)
    }
}
