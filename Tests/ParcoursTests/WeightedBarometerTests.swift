import Parcours
import Testing

/// Generated test data, labelled as such: made-up respondents whose weighted results are known by hand.
/// With all members of a stratum giving the same answer, an answer's weighted share is its stratum's national
/// share among the represented strata — which is what the weighting is for.
@Suite struct WeightedBarometerTests {
    static let questionnaire = Questionnaire.v2026

    static func respondent(_ n: Int, _ stratum: Stratum, departement: String, answer: Answer, d13: Answer? = nil) -> WeightedBarometer.Respondent {
        var answers = Answers()
        for q in questionnaire.questions { answers.values[q.id] = answer }
        if let d13 { answers.values["D1.3"] = d13 }
        let profile = Profile(isCommune: stratum != .epci, population: stratum == .communeMoins3500 ? 1_000 : 5_000, isPVD: false)
        return .init(owner: "test:\(stratum.rawValue)-\(n)", stratum: stratum, departementCode: departement, regionCode: "53", answers: answers,
                     result: DiagnosticRules.evaluate(answers, profile: profile))
    }

    /// 10 small communes answer 0 everywhere (Finistère), 6 communes of 3,500-10,000 answer 3 (Morbihan),
    /// 3 EPCI answer 2 and « je ne sais pas » to D1.3 (Ille-et-Vilaine). France (made up): 30,000 small communes,
    /// 2,000 of 3,500-10,000, 900 of 10,000-100,000, 40 above, 1,000 EPCI.
    static let sample = (0..<10).map { respondent($0, .communeMoins3500, departement: "29", answer: .points(0)) }
        + (0..<6).map { respondent($0, .commune3500a10000, departement: "56", answer: .points(3)) }
        + (0..<3).map { respondent($0, .epci, departement: "35", answer: .points(2), d13: .dontKnow) }
    static let national: [Stratum: Int] = [.communeMoins3500: 30_000, .commune3500a10000: 2_000, .commune10000a100000: 900,
                                           .communePlus100000: 40, .epci: 1_000]

    let barometer = WeightedBarometer(sample, national: national, questions: questionnaire.questions.filter(\.barometer))

    @Test func weightsMakeEachStratumCountByItsNationalShare() throws {
        // Represented: 33,000 collectivités, 19 respondents. Small communes: (30,000 ÷ 33,000) ÷ (10 ÷ 19).
        let small: Double = (30_000.0 / 33_000) / (10.0 / 19), epci: Double = (1_000.0 / 33_000) / (3.0 / 19)
        #expect(abs(barometer.weights[.communeMoins3500]! - small) < 1e-12)
        #expect(abs(barometer.weights[.epci]! - epci) < 1e-12)
        #expect(barometer.unrepresented == [.commune10000a100000, .communePlus100000])
        let shares = barometer.shares("D1.3", group: .overall)
        #expect(abs(shares[.points(0)]! - 100 * 30_000.0 / 33_000) < 1e-9)  // 90.91 %, against 10 of 19 raw (52.6 %)
        #expect(abs(shares[.points(3)]! - 100 * 2_000.0 / 33_000) < 1e-9)
        #expect(abs(shares[.dontKnow]! - 100 * 1_000.0 / 33_000) < 1e-9)
        #expect(shares[.points(2)] == nil)
        let line = try #require(barometer.lines.first { $0.question == "D1.3" && $0.group == .overall && $0.choice == .points(0) })
        #expect(line.count == 10 && line.respondents == 19)
    }

    @Test func theTotalWithoutSmallCommunesReweights() {
        // Without small communes: 3,000 collectivités represented, 9 respondents.
        let shares = barometer.shares("D1.3", group: .overallWithoutSmallCommunes)
        #expect(abs(shares[.points(3)]! - 100 * 2_000.0 / 3_000) < 1e-9)
        #expect(abs(shares[.dontKnow]! - 100 * 1_000.0 / 3_000) < 1e-9)
        #expect(shares[.points(0)] == nil)
    }

    @Test func groupsUnderFiveRespondentsAreNeverShown() {
        // The 3 EPCI (and their département) are hidden; they still count in the totals.
        #expect(barometer.shares("D1.3", group: .stratum(.epci)).isEmpty)
        #expect(barometer.shares("D1.3", group: .departement("35")).isEmpty)
        #expect(!barometer.profiles.contains { $0.group == .stratum(.epci) || $0.group == .departement("35") })
        #expect(barometer.shares("D1.3", group: .stratum(.commune3500a10000)) == [.points(3): 100])
        #expect(barometer.shares("D1.3", group: .departement("29")) == [.points(0): 100])
        #expect(barometer.profiles.map(\.group).contains(.region("53")))
    }

    @Test func levelsAndRadarAreWeightedToo() throws {
        let overall = try #require(barometer.profiles.first { $0.group == .overall })
        #expect(overall.respondents == 19)
        #expect(abs(overall.levels.values.reduce(0, +) - 100) < 1e-9)
        // Every small commune answered 0 everywhere: débutant, weighing 30,000 ÷ 33,000.
        #expect(overall.levels[.debutant]! >= 100 * 30_000.0 / 33_000 - 1e-9)
        let medium = try #require(barometer.profiles.first { $0.group == .stratum(.commune3500a10000) })
        #expect(abs(medium.meanScores[.strategie]! - 100) < 1e-9)
        // The radar's mean: small communes 0, medium 100, EPCI their own score, each by its national weight.
        let epci = Self.sample[16].result.score(.strategie)
        #expect(epci > 0 && epci < 100)
        let expected: Double = (2_000.0 * 100 + 1_000.0 * epci) / 33_000
        #expect(abs(overall.meanScores[.strategie]! - expected) < 1e-9)
    }

    @Test func yearOnYearComparesQuestionsAskedBothYears() throws {
        // Last year, only the small communes answered: 100 % « 0 » for D1.3.
        let previous = WeightedBarometer(Array(Self.sample.prefix(10)), national: Self.national, questions: Self.questionnaire.questions.filter(\.barometer))
        let change = try #require(barometer.change(since: previous)["D1.3"])
        let expected: Double = 100.0 * 30_000 / 33_000 - 100
        #expect(abs(change[.points(0)]! - expected) < 1e-9)
        #expect(abs(change[.points(3)]! - 100 * 2_000.0 / 33_000) < 1e-9)
    }
}
