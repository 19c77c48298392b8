import Parcours
import Testing

@Suite struct ParcoursTests {
    let questionnaire = Questionnaire.v2026

    /// Answers given as points per dimension, in question order.
    func answers(_ points: [Dimension: [Int]], useCase: String? = nil, priorities: Set<Priority> = []) -> Answers {
        var values: [String: Answer] = [:]
        for (dimension, list) in points {
            for (question, p) in zip(questionnaire.questions(in: dimension), list) { values[question.id] = .points(p) }
        }
        return Answers(values: values, priorities: priorities, useCase: useCase)
    }

    func uniform(_ p: Int) -> [Dimension: [Int]] {
        Dictionary(uniqueKeysWithValues: Dimension.allCases.map { ($0, Array(repeating: p, count: 5)) })
    }

    @Test func questionnaireHasSevenDimensionsAndStableIDs() {
        #expect(Set(questionnaire.questions.map(\.dimension)) == Set(Dimension.allCases))
        #expect(Set(questionnaire.questions.map(\.id)).count == questionnaire.questions.count)
        #expect(questionnaire.questions.count == 33)
        #expect(abs(Dimension.allCases.reduce(0) { $0 + $1.weight } - 1) < 1e-12)
        for d in Dimension.allCases { #expect((4...5).contains(questionnaire.questions(in: d).count)) }
    }

    @Test func smallCommuneWithNothingIsDebutant() {
        let result = DiagnosticRules.evaluate(answers(uniform(0)), profile: Profile(isCommune: true, population: 800, isPVD: false))
        #expect(result.level == .debutant)
        #expect(result.global == 0)
        #expect(result.levelReasons.contains("score global 0 < 35"))
        #expect(result.recommendations.map(\.id) == ["R1", "R1b", "R6a", "R9", "R10"])
        #expect(result.unanswered.isEmpty)
    }

    @Test func intermediateEPCI() throws {
        let given = answers([
            .strategie: [1, 1, 2, 1], .gouvernance: [2, 2, 1, 1, 1], .organisation: [1, 1, 2, 1, 2], .culture: [2, 1, 2, 2],
            .patrimoine: [1, 1, 1, 1, 1], .outils: [1, 1, 2, 2, 2], .usages: [2, 1, 1, 1, 1],
        ], useCase: "suivi des consommations des écoles")
        let result = DiagnosticRules.evaluate(given, profile: Profile(isCommune: false, population: 49_625, isPVD: false))
        #expect(result.level == .intermediaire)
        #expect(abs(result.score(.usages) - 40) < 1e-9)
        // 0.15 × (41.67 + 46.67 + 46.67 + 58.33 + 33.33 + 40) + 0.10 × 53.33
        #expect(abs(result.global - 45.333) < 0.01)
        let fired = result.recommendations.map(\.id)
        #expect(fired == ["R1", "R2", "R3", "R6a", "R6c", "R7"])
        // Said in words, the population written the French way, and what the obligation rests on.
        #expect(result.recommendations.first { $0.id == "R6c" }?.because
                == "Collectivité de 49\u{202F}625 habitants, soumise à l'obligation d'ouverture des données (dès 3 500 habitants et 50 agents ; nombre d'agents non renseigné : obligation présumée), avec peu de données publiées.")
        let r7 = try #require(result.recommendations.first { $0.id == "R7" })
        #expect(r7.brick == .formationAction)
        #expect(r7.because.contains("suivi des consommations des écoles"))
    }

    @Test func pioneer() {
        var points = uniform(3)
        points[.gouvernance] = [3, 3, 2, 2, 3]  // 13 ÷ 15 = 86,7 ; global 0,15 × (5 × 100 + 86,7) + 0,10 × 100 = 98
        let result = DiagnosticRules.evaluate(answers(points), profile: Profile(isCommune: true, population: 150_000, isPVD: false))
        #expect(result.level == .pionnier)
        #expect(result.levelReasons == ["score global 98 ≥ 65", "usages 100 ≥ 60", "7 dimensions sur 7 à 50 ou plus (5 au moins)"])
        #expect(result.recommendations.map(\.id) == ["R1", "R5", "R6a", "R8"])
        #expect(result.strengths.count == 7 && result.weaknesses.isEmpty)
    }

    @Test(arguments: [
        (65.0, 60.0, 5, MaturityLevel.pionnier),
        (64.99, 60.0, 5, .intermediaire),
        (65.0, 59.99, 5, .intermediaire),
        (65.0, 60.0, 4, .intermediaire),
        (35.0, 25.0, 0, .intermediaire),
        (34.99, 25.0, 0, .debutant),
        (35.0, 24.99, 0, .debutant),
        (90.0, 10.0, 6, .debutant),
    ])
    func levelBoundaries(global: Double, usages: Double, strongOthers: Int, expected: MaturityLevel) {
        var scores: [Dimension: Double] = [.usages: usages]
        // Other dimensions: `strongOthers` at 50 or more (counting usages when it is), the rest at 49.
        let others = Dimension.allCases.filter { $0 != .usages }
        let needed = max(0, strongOthers - (usages >= 50 ? 1 : 0))
        for (i, d) in others.enumerated() { scores[d] = i < needed ? 50 : 49 }
        #expect(DiagnosticRules.level(global: global, scores: scores).0 == expected)
    }

    @Test func dontKnowScoresZeroAndNotApplicableIsLeftOut() {
        var given = answers([.gouvernance: [3, 3, 3, 3]])
        given.values["D2.5"] = .notApplicable
        given.values["D1.1"] = .dontKnow
        given.values["D1.2"] = .points(3)
        let result = DiagnosticRules.evaluate(given, profile: Profile(isCommune: true, population: 5_000, isPVD: true))
        #expect(result.scores[.gouvernance] == 100)
        #expect(result.scores[.strategie] == 50)
        #expect(result.dontKnow == ["D1.1"])
        #expect(result.scores[.usages] == nil)
        #expect(result.unanswered.contains("D7.1"))
        #expect(result.recommendations.contains { $0.id == "R6b" })
    }

    /// The case: 3 answers out of 33 (strategy and governance only) for a commune of 16,206 inhabitants.
    @Test func threeAnswersOutOfThirtyThreeConcludeNothingFromSilence() throws {
        let given = Answers(values: ["D1.1": .points(1), "D1.2": .points(1), "D2.1": .points(2)])
        let result = DiagnosticRules.evaluate(given, profile: Profile(isCommune: true, population: 16_206, isPVD: false))
        #expect(!result.isComplete)
        // Culture, cybersecurity and open data were not answered: no R1b ("0 sur 100"), no R9 ("insuffisant"), no R6c.
        // R1 goes to everyone and R6a follows from the profile (the collectivité manages public buildings).
        #expect(result.recommendations.map(\.id) == ["R1", "R6a"])
        // Strategy (2 of 4 answered, 33 sur 100) is a weakness; the unanswered dimensions are not.
        #expect(result.weaknesses == [.strategie])
        #expect(!result.levelReasons.contains { $0.hasPrefix("usages 0") })
        #expect(result.levelReasons.contains("usages sans réponse : un usage réel n'est pas établi"))
        #expect(result.coverage[.outils] == Coverage(answered: 0, total: 5))
        #expect(result.missing.contains("Outils, infrastructures et cybersécurité : 5 questions sur 5 sans réponse ; répondez à 3 autres pour une recommandation sur cette dimension."))
        #expect(result.missing.contains("Question D6.4 sans réponse (« Comment jugez-vous votre niveau de cybersécurité ? ») : répondez-y pour savoir si la règle R9 s'applique."))
        // Strategy is 2 of 4 answered: enough, so it is not listed; governance 1 of 5 is.
        #expect(!result.missing.contains { $0.hasPrefix("Stratégie") })
        #expect(result.missing.contains("Gouvernance, conformité et éthique : 4 questions sur 5 sans réponse ; répondez à 2 autres pour une recommandation sur cette dimension."))
        #expect(result.missing.contains { $0.hasPrefix("Question D5.2 sans réponse") })
        // Open data (R6c) is not asked of a commune of 800 inhabitants: no obligation, nothing to answer for it.
        let small = DiagnosticRules.evaluate(given, profile: Profile(isCommune: true, population: 800, isPVD: false))
        #expect(!small.missing.contains { $0.hasPrefix("Question D5.2") } && small.missing.contains { $0.hasPrefix("Question D6.4") })
    }

    /// Half the questions of every dimension (2 of 4, 3 of 5) make a complete diagnostic; one fewer does not.
    @Test func aDiagnosticIsCompleteFromHalfTheQuestionsOfEveryDimension() {
        var half: [Dimension: [Int]] = [:]
        for d in Dimension.allCases { half[d] = Array(repeating: 0, count: (questionnaire.questions(in: d).count + 1) / 2) }
        let profile = Profile(isCommune: false, population: 40_000, isPVD: false)
        let complete = DiagnosticRules.evaluate(answers(half), profile: profile)
        #expect(complete.isComplete)
        #expect(complete.recommendations.map(\.id).contains("R1b"))
        half[.culture] = [0]
        let short = DiagnosticRules.evaluate(answers(half), profile: profile)
        #expect(!short.isComplete)
        #expect(!short.recommendations.map(\.id).contains("R1b"))
        #expect(short.missing.first == "Culture et acculturation : 3 questions sur 4 sans réponse ; répondez à une autre pour une recommandation sur cette dimension.")
    }

    /// "Je ne sais pas" is an answer (it scores 0), and R9 says it as such; silence fires nothing.
    @Test func cybersecurityIsRecommendedOnAnAnswerOnly() throws {
        var given = answers(uniform(2))
        let profile = Profile(isCommune: false, population: 40_000, isPVD: false)
        given.values["D6.4"] = .dontKnow
        let unknown = try #require(DiagnosticRules.evaluate(given, profile: profile).recommendations.first { $0.id == "R9" })
        #expect(unknown.because == "Niveau de cybersécurité inconnu (« je ne sais pas »).")
        given.values["D6.4"] = .points(1)
        #expect(DiagnosticRules.evaluate(given, profile: profile).recommendations.contains { $0.id == "R9" })
        given.values["D6.4"] = nil
        let silent = DiagnosticRules.evaluate(given, profile: profile)
        #expect(silent.isComplete)
        #expect(!silent.recommendations.contains { $0.id == "R9" })
        #expect(silent.missing == ["Question D6.4 sans réponse (« Comment jugez-vous votre niveau de cybersécurité ? ») : répondez-y pour savoir si la règle R9 s'applique."])
    }

    /// Five dimensions at the top and two unanswered reach the pionnier thresholds, but an incomplete diagnostic
    /// has no level to act on: no mentor role (R8).
    @Test func levelRulesWaitForACompleteDiagnostic() {
        var points = uniform(3)
        points[.culture] = nil
        points[.outils] = nil
        let result = DiagnosticRules.evaluate(answers(points), profile: Profile(isCommune: true, population: 150_000, isPVD: false))
        #expect(result.level == .pionnier)
        #expect(!result.isComplete)
        #expect(result.recommendations.map(\.id) == ["R1", "R5", "R6a"])
    }

    @Test func daysInWordsInParisTime() {
        #expect(FrenchDay.long(1_796_040_000) == "30 novembre 2026")  // 2026-11-30 12:00 UTC
        #expect(FrenchDay.long(1_796_081_400) == "1er décembre 2026")  // 23:30 UTC is past midnight in Paris
        #expect(FrenchDay.long(1_784_066_340) == "14 juillet 2026")  // 21:59 UTC, 23:59 in Paris (summer time)
    }

    @Test func severalRespondentsAreCombinedAndDisagreementsShown() {
        var a = Answers(values: ["D1.1": .points(0), "D1.2": .points(2), "D2.5": .notApplicable, "D3.1": .dontKnow], obstacles: [.argent])
        var b = Answers(values: ["D1.1": .points(3), "D1.2": .points(2), "D2.5": .notApplicable, "D3.1": .points(1)], obstacles: [.tempsCulture])
        a.useCase = ""
        b.useCase = "éclairage public"
        let c = Answers(values: ["D1.1": .points(1), "D1.2": .points(1)])
        let (combined, disagreements) = Answers.combine([a, b, c])
        #expect(combined.values["D1.1"] == .points(1))
        #expect(combined.values["D1.2"] == .points(2))
        #expect(combined.values["D2.5"] == .notApplicable)
        #expect(combined.values["D3.1"] == .points(1))
        #expect(disagreements == ["D1.1"])
        #expect(combined.obstacles == [.argent, .tempsCulture])
        #expect(combined.useCase == "éclairage public")
    }
}

@Suite struct UseCaseCatalogueTests {
    @Test func atLeastThirtySourcedUseCases() {
        let all = UseCaseCatalogue.all
        #expect(all.count >= 30)
        #expect(Set(all.map(\.id)).count == all.count)
        #expect(all.allSatisfy { !$0.sources.isEmpty && $0.sources.allSatisfy { $0.hasPrefix("https://") } })
        #expect(Set(all.map(\.level)) == [.debutant, .intermediaire, .pionnier])
    }

    @Test func filtersByThemeAndReachableLevel() {
        // Expected values counted in UseCases.swift: 30 use cases, 12 for beginners, 14 intermediate, 4 for pioneers.
        #expect(UseCaseCatalogue.filtered(theme: .energie, level: nil).map(\.id)
                == ["prioriser-renovation", "comparer-consommations", "suivi-energie-eclairage", "cartographie-eclairage"])
        let beginner = UseCaseCatalogue.filtered(theme: nil, level: .debutant)
        #expect(beginner.count == 12 && beginner.allSatisfy { $0.level == .debutant })
        // A level reaches the use cases of the levels below it.
        #expect(UseCaseCatalogue.filtered(theme: nil, level: .intermediaire).count == 26)
        #expect(UseCaseCatalogue.filtered(theme: nil, level: .pionnier).count == 30)
        #expect(UseCaseCatalogue.filtered(theme: .energie, level: .debutant).map(\.id) == ["prioriser-renovation", "comparer-consommations"])
    }
}

@Suite struct BarometerTests {
    func result(_ points: Int) -> DiagnosticResult {
        var answers = Answers()
        for q in Questionnaire.v2026.questions { answers.values[q.id] = .points(points) }
        return DiagnosticRules.evaluate(answers, profile: Profile(isCommune: true, population: 1_000, isPVD: false))
    }

    @Test func strataFollowTheNationalBarometer() {
        #expect(Stratum(Profile(isCommune: true, population: 3_499, isPVD: false)) == .communeMoins3500)
        #expect(Stratum(Profile(isCommune: true, population: 3_500, isPVD: false)) == .commune3500a10000)
        #expect(Stratum(Profile(isCommune: true, population: 100_000, isPVD: false)) == .communePlus100000)
        #expect(Stratum(Profile(isCommune: false, population: 10, isPVD: false)) == .epci)
    }

    @Test func groupsUnderFiveAreNeverShown() {
        let four = (0..<4).map { _ in (Stratum.epci, result(3)) }
        #expect(Barometer.groups(four).isEmpty)
        let five = four + [(Stratum.epci, result(0))]
        let groups = Barometer.groups(five + [(Stratum.communeMoins3500, result(1))])
        #expect(groups.count == 1)
        #expect(groups[0].stratum == .epci && groups[0].count == 5)
        #expect(abs(groups[0].meanGlobal - 80) < 1e-9)  // (4 × 100 + 0) ÷ 5
        #expect(groups[0].levels == [.pionnier: 4, .debutant: 1])
    }
}

/// Rules C1 and C2: what the validator saw of the collectivité's files corrects the declared use of standards.
@Suite struct ConformityEvidenceTests {
    let profile = Profile(isCommune: true, population: 5_000, isPVD: false)
    let day: Double = 86_400
    let now: Double = 1_800_000_000

    func check(_ schema: String, errors: Int, daysAgo: Double, rows: Int = 10) -> ConformityRecord {
        ConformityRecord(schema: schema, title: schema, version: "1", file: "f.csv", rows: rows, errors: errors, login: "a", checkedAt: now - daysAgo * day)
    }

    func patrimoine(d53: Int?, _ checks: [ConformityRecord]) -> (score: Double, evidence: [String]) {
        var answers = Answers(values: ["D5.1": .points(1), "D5.2": .points(1), "D5.4": .points(1), "D5.5": .points(1)])
        if let d53 { answers.values["D5.3"] = .points(d53) }
        let r = DiagnosticRules.evaluate(answers, profile: profile, conformity: ConformitySummary(checks, now: now))
        return (r.score(.patrimoine), r.evidence)
    }

    @Test func theLatestCheckOfEachStandardWithinTwelveMonthsCounts() {
        let summary = ConformitySummary([check("subventions", errors: 2, daysAgo: 10), check("subventions", errors: 0, daysAgo: 3),
                                         check("budget", errors: 0, daysAgo: 365), check("catalogue", errors: 0, daysAgo: 366)], now: now)
        #expect(summary.latest.map(\.schema) == ["subventions", "budget"])
        #expect(summary.conforming.count == 2)
        // A header-only file conforms to nothing.
        #expect(!check("budget", errors: 0, daysAgo: 1, rows: 0).conforms)
    }

    @Test func aConformingFileRaisesTheUseOfStandardsToTwo() {
        let raised = patrimoine(d53: 0, [check("subventions", errors: 0, daysAgo: 3)])
        #expect(raised.score == 100 * 6 / 15)  // 1 + 1 + 2 + 1 + 1 points out of 15
        #expect(raised.evidence.count == 1 && raised.evidence[0].hasPrefix("C1 : D5.3 compté « Appliqués à un ou deux jeux »"))
        // Unanswered counts too; an answer of 2 or 3 is left as it is.
        #expect(patrimoine(d53: nil, [check("subventions", errors: 0, daysAgo: 3)]).score == 100 * 6 / 15)
        #expect(patrimoine(d53: 2, [check("subventions", errors: 0, daysAgo: 3)]) == (100 * 6 / 15, []))
        #expect(patrimoine(d53: 3, [check("subventions", errors: 0, daysAgo: 3)]) == (100 * 7 / 15, []))
    }

    @Test func systematicValidationIsNotBelievedWhenEveryCheckedFileHasErrors() {
        let lowered = patrimoine(d53: 3, [check("subventions", errors: 4, daysAgo: 3), check("budget", errors: 1, daysAgo: 30)])
        #expect(lowered.score == 100 * 6 / 15)
        #expect(lowered.evidence == ["C2 : D5.3 compté 2 au lieu de 3 : les 2 standard(s) contrôlé(s) au validateur ont encore 5 erreur(s)."])
        // Below 3 the answer stands; older checks, or none at all, say nothing.
        #expect(patrimoine(d53: 1, [check("subventions", errors: 4, daysAgo: 3)]) == (100 * 5 / 15, []))
        #expect(patrimoine(d53: 3, [check("subventions", errors: 4, daysAgo: 400)]) == (100 * 7 / 15, []))
        #expect(patrimoine(d53: 3, []) == (100 * 7 / 15, []))
        // A file fixed since counts as fixed.
        #expect(patrimoine(d53: 3, [check("subventions", errors: 0, daysAgo: 1), check("subventions", errors: 4, daysAgo: 3)]).evidence == [])
    }
}
