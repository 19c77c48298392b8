import Parcours
import Referential

/// GENERATED TEST DATA, NOT REAL: a made-up France of 55 communes and 10 intercommunalités « d'essai » and
/// diagnostics submitted by some of them in 2025 and 2026, whose weighted barometer is known by hand. Only ever
/// written into a test database (`submit(into:)`), never into the bundled data.
///
/// France here: 40 communes under 3,500 inhabitants, 10 of 3,500-10,000, 5 of 10,000-100,000, 10 EPCI.
/// In 2026, 10 small communes answer 0 to every question, 6 communes of 3,500-10,000 answer 3, 3 EPCI answer 2
/// (and « je ne sais pas » to D1.3). Represented strata: 40 + 10 + 10 = 60 collectivités, so overall a 0 weighs
/// 40/60 = 66.7 % (10 of 19 raw: 52.6 %), a 3 and a 2 each 10/60 = 16.7 %; without the small communes, 50 % each.
/// The EPCI stratum (3 respondents) is never shown; the 10,000-100,000 stratum is not represented. In 2025 the
/// same collectivités answered the same, except the small communes, who answered 1.
public enum BarometerTestData {
    public static let label = "données d'essai générées"

    static func commune(_ n: Int, population: Int) -> Commune {
        Fixtures.commune(String(29_500 + n), "Commune d'essai \(n) (\(label))", dep: "29", reg: "53", epci: nil, population: population)
    }

    public static let smallCommunes = (0..<40).map { commune($0, population: 1_000) }
    public static let mediumCommunes = (40..<50).map { commune($0, population: 5_000) }
    public static let largeCommunes = (50..<55).map { commune($0, population: 20_000) }
    public static let epcis = (0..<10).map {
        EPCI(siren: "2000990\(10 + $0)", name: "Intercommunalité d'essai \($0) (\(label))", nature: .communauteDeCommunes,
             taxRegime: "FPU", departementCode: "29", memberCodes: [], population: 30_000)
    }

    public static var referential: Referential {
        Referential(regions: Fixtures.regions, departements: Fixtures.departements, epcis: epcis,
                    communes: smallCommunes + mediumCommunes + largeCommunes)
    }

    static func uniform(_ answer: Answer, d13: Answer? = nil) -> Answers {
        var answers = Answers()
        for q in Questionnaire.v2026.questions { answers.values[q.id] = answer }
        if let d13 { answers.values["D1.3"] = d13 }
        return answers
    }

    /// 1 June of the year, UTC.
    static func june(_ year: Int) -> Double { year == 2025 ? 1_748_736_000 : 1_780_272_000 }

    /// Writes the 2025 and 2026 submissions (one referent each, login `essai.barometre`).
    public static func submit(into store: any BarometerStore) async throws {
        for (year, small) in [(2025, Answer.points(1)), (2026, .points(0))] {
            var all: [(String, Answers)] = []
            all += smallCommunes.prefix(10).map { ("commune:\($0.code)", uniform(small)) }
            all += mediumCommunes.prefix(6).map { ("commune:\($0.code)", uniform(.points(3))) }
            all += epcis.prefix(3).map { ("epci:\($0.siren)", uniform(.points(2), d13: .dontKnow)) }
            for (owner, answers) in all {
                try await store.saveAnswers(owner: owner, login: "essai.barometre", answers: answers, submitted: true, at: june(year))
            }
        }
    }
}
