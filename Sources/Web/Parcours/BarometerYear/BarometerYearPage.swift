import Accounts
import Cartography
import Foundation
import Parcours
import Referential
import Tabular

/// `/parcours/barometre/{annee}` and its A4 note (`…/note`): the yearly barometer of the diagnostics submitted in
/// a year, weighted by stratum (`YearlyBarometer`), with its charts, the method and the sample sizes in words.
struct BarometerYearPage {
    static let template = "barometre-annee"
    static let noteTemplate = "barometre-note"

    struct Figure {
        let label: String
        let value: String
    }

    struct StratumRow {
        let label: String
        let national: String
        let respondents: String
        let weight: String
        let status: String
    }

    struct ChangeRow {
        let answer: String
        let now: String
        let before: String
        let change: String
    }

    struct QuestionView {
        let id: String
        let text: String
        let chart: String
        let changes: [ChangeRow]
    }

    let year: Int
    let version: String
    let respondents: Int
    let figures: [Figure]
    let strata: [StratumRow]
    let unrepresented: String
    let questions: [QuestionView]
    let levelsChart: String
    let radar: String
    let previousYear: Int?
    let otherYears: [Int]
    let source: String
    /// The operator's note: its paragraphs, whether it is still a draft, and the form when the operator reads it.
    let editorial: [String]
    let editorialText: String
    let isDraft: Bool
    /// The year's page links to the note when the caller may read it (published, or the operator).
    let noteReadable: Bool
    let csrf: String?

    init(_ report: YearlyBarometer.Report, years: [Int], note: BarometerNote?, noteReadable: Bool, csrf: String?) {
        let b = report.barometer
        year = report.year
        version = Questionnaire.current.version
        respondents = b.respondents
        otherYears = years.filter { $0 != report.year }
        previousYear = report.previous == nil ? nil : report.year - 1
        source = "Diagnostics de maturité data envoyés sur la plateforme en \(report.year) (questionnaire \(version)), réponses combinées par collectivité ; "
            + "nombres nationaux de communes et d'intercommunalités : INSEE, Code officiel géographique 2024 et populations légales 2021, DGCL, EPCI au 1er janvier 2024."
        let overall = b.profiles.first { $0.group == .overall }
        var figures = [Figure(label: "collectivités ayant envoyé un diagnostic complet", value: Format.integer(b.respondents))]
        if let overall {
            figures.append(Figure(label: "score global moyen pondéré (sur 100)", value: Format.decimal(overall.meanGlobal, decimals: 0)))
            for level in [MaturityLevel.debutant, .intermediaire, .pionnier] {
                figures.append(Figure(label: "de collectivités au niveau « \(level.label) » (pondéré)", value: Self.percent(overall.levels[level] ?? 0)))
            }
        }
        self.figures = figures
        // A stratum under 5 counts in the totals but its size is not given either: « moins de 5 ».
        strata = Stratum.allCases.map { s in
            let shown = b.profiles.first { $0.group == .stratum(s) }?.respondents
            let represented = b.weights[s] != nil
            return StratumRow(label: s.label, national: Format.integer(report.national[s] ?? 0),
                              respondents: shown.map(Format.integer) ?? (represented ? "moins de 5" : "0"),
                              weight: b.weights[s].map { Format.decimal($0, decimals: 2) } ?? "—",
                              status: !represented ? "non représentée" : shown == nil ? "comptée dans les totaux, non affichée" : "affichée")
        }
        unrepresented = b.unrepresented.map(\.label).joined(separator: ", ")
        let change = report.previous.map { b.change(since: $0) } ?? [:]
        questions = report.questions.map { q in
            let parts = Self.parts(q)
            let rows = Self.chartGroups(b).compactMap { group, label -> (label: String, shares: [Double])? in
                let shares = b.shares(q.id, group: group)
                guard !shares.isEmpty else { return nil }
                return (label, parts.map { shares[$0.choice] ?? 0 })
            }
            let chart = Charts.stacked(rows, parts: parts.map(\.part), title: "\(q.id) — \(q.text) : réponses pondérées par groupe", id: "q-\(q.id)")
            let changes = (change[q.id] ?? [:]).sorted { $0.key < $1.key }.map { choice, delta in
                ChangeRow(answer: Self.answerLabel(choice, q), now: Self.percent(b.shares(q.id, group: .overall)[choice] ?? 0),
                          before: Self.percent(report.previous?.shares(q.id, group: .overall)[choice] ?? 0),
                          change: (delta >= 0 ? "+" : "−") + Format.decimal(abs(delta), decimals: 1) + " pt")
            }
            return QuestionView(id: q.id, text: q.text, chart: chart, changes: changes)
        }
        let levels: [(level: MaturityLevel, colour: String)] = [(.debutant, "#deebf7"), (.intermediaire, "#9ecae1"), (.pionnier, "#4292c6")]
        levelsChart = Charts.stacked(Self.chartGroups(b).compactMap { group, label in
            b.profiles.first { $0.group == group }.map { p in (label, levels.map { p.levels[$0.level] ?? 0 }) }
        }, parts: levels.map { Charts.Part(label: $0.level.label.capitalized, colour: $0.colour) },
        title: "Niveaux de maturité pondérés par groupe", id: "niveaux")
        radar = overall.map { o in
            Charts.radar(Dimension.allCases.map { ($0.label, o.meanScores[$0]) }, title: "Scores moyens pondérés par dimension, ensemble des collectivités", id: "radar-moyen")
        } ?? ""
        editorialText = note?.editorial ?? ""
        // A browser sends CRLF, a single Character in Swift: split on any newline.
        editorial = editorialText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        isDraft = !(note?.published ?? false)
        self.noteReadable = noteReadable
        self.csrf = csrf
    }

    /// The groups drawn in the charts, in order: the two totals, then each stratum (hidden ones have no line).
    static func chartGroups(_ b: WeightedBarometer) -> [(WeightedBarometer.Group, String)] {
        [(.overall, "Ensemble (pondéré)"), (.overallWithoutSmallCommunes, "Ensemble hors communes de moins de 3 500 habitants (pondéré)")]
            + Stratum.allCases.map { (.stratum($0), $0.label) }
    }

    /// The parts of a question's chart: its four answers from 0 to 3 points in blues light enough for dark figures,
    /// « je ne sais pas » apart in orange, « non concerné » in grey where it may be answered.
    static func parts(_ q: Question) -> [(choice: WeightedBarometer.Choice, part: Charts.Part)] {
        let blues = ["#deebf7", "#9ecae1", "#6baed6", "#4292c6"]
        var parts = (0..<4).map { p in (WeightedBarometer.Choice.points(p), Charts.Part(label: "\(q.choices[p]) (\(p) pt)", colour: blues[p])) }
        parts.append((.dontKnow, Charts.Part(label: "Je ne sais pas", colour: "#fdae6b")))
        if q.allowsNotApplicable { parts.append((.notApplicable, Charts.Part(label: "Non concerné", colour: "#d9d9d9"))) }
        return parts
    }

    static func answerLabel(_ choice: WeightedBarometer.Choice, _ q: Question) -> String {
        switch choice {
        case .points(let p): q.choices.indices.contains(p) ? q.choices[p] : "\(p) pt"
        case .dontKnow: "Je ne sais pas"
        case .notApplicable: "Non concerné"
        }
    }

    static func groupLabel(_ group: WeightedBarometer.Group, referential: Referential) -> String {
        switch group {
        case .overall: "Ensemble (pondéré)"
        case .overallWithoutSmallCommunes: "Ensemble hors communes de moins de 3 500 habitants (pondéré)"
        case .stratum(let s): s.label
        case .departement(let code): referential.departement(code).map { "Département : " + Format.departement($0.name, code) } ?? "Département \(code)"
        case .region(let code): referential.region(code).map { "Région : \($0.name) (\(code))" } ?? "Région \(code)"
        }
    }

    static func percent(_ value: Double) -> String { Format.decimal(value, decimals: 1) + " %" }

    /// The number of collectivités of each stratum in France, from the referential: communes by population class
    /// (the barometer's `Stratum` of their profile), and the EPCI.
    static func national(_ referential: Referential) -> [Stratum: Int] {
        var counts = Dictionary(grouping: referential.communes) { Stratum(Profile(isCommune: true, population: $0.population, isPVD: false)) }.mapValues(\.count)
        counts[.epci] = referential.epcis.count
        return counts
    }

    /// Where a collectivité sits, for the barometer: its profile, département and région.
    static func place(_ owner: String, referential: Referential) -> YearlyBarometer.Place? {
        guard let parsed = Owner(owner), let profile = ParcoursController.profile(for: parsed, in: referential) else { return nil }
        switch parsed {
        case .commune(let code):
            return referential.commune(code).map { YearlyBarometer.Place(profile: profile, departementCode: $0.departementCode, regionCode: $0.regionCode) }
        case .epci(let siren):
            guard let epci = referential.epci(siren) else { return nil }
            return YearlyBarometer.Place(profile: profile, departementCode: epci.departementCode,
                                         regionCode: referential.departement(epci.departementCode)?.regionCode ?? "")
        case .operateur: return nil
        }
    }

    /// The long table as a French Excel CSV: one line per question, group and answer, groups under 5 never there.
    static func csv(_ report: YearlyBarometer.Report, referential: Referential) -> String {
        let header = ["annee", "question", "libelle_question", "groupe", "reponse", "nombre", "repondants", "poids", "pourcentage_pondere"]
        let questions = Dictionary(uniqueKeysWithValues: report.questions.map { ($0.id, $0) })
        let rows = report.barometer.lines.map { line -> [FrenchCSV.Cell] in
            let q = questions[line.question]!
            return [.integer(report.year), .text(line.question), .text(q.text), .text(groupLabel(line.group, referential: referential)),
                    .text(answerLabel(line.choice, q)), .integer(line.count), .integer(line.respondents),
                    .number(line.weight, decimals: 4), .number(line.share, decimals: 2)]
        }
        return FrenchCSV.document(header: header, rows: rows)
    }
}

/// `GET /api/v1/parcours/barometre/{annee}`: the public aggregates of the year (groups under 5 never there).
struct BarometerYearDTO: Encodable {
    struct StratumDTO: Encodable {
        let strate: String, libelle: String, nombre_national: Int, poids: Double?, affichee: Bool
    }
    struct LineDTO: Encodable {
        let groupe: String, libelle_groupe: String, reponse: String, libelle_reponse: String, nombre: Int, repondants: Int, poids: Double
        let pourcentage_pondere: Double
    }
    struct QuestionDTO: Encodable {
        let id: String, libelle: String, lignes: [LineDTO]
        /// Change of each answer's weighted share overall since the previous year, in points.
        let evolution: [String: Double]?
    }
    struct ProfileDTO: Encodable {
        let groupe: String, libelle_groupe: String, repondants: Int, niveaux: [String: Double], scores_moyens: [String: Double], score_global_moyen: Double
    }

    let annee: Int, version_questionnaire: String, repondants: Int, annee_precedente: Int?
    let strates: [StratumDTO], non_representees: [String], questions: [QuestionDTO], profils: [ProfileDTO]
    let methode: String

    /// The answer's key in the JSON: its points, `nsp` or `nc`, as the questionnaire's API takes them.
    static func key(_ choice: WeightedBarometer.Choice) -> String {
        switch choice {
        case .points(let p): String(p)
        case .dontKnow: "nsp"
        case .notApplicable: "nc"
        }
    }

    init(_ report: YearlyBarometer.Report, referential: Referential) {
        let b = report.barometer
        annee = report.year
        version_questionnaire = Questionnaire.current.version
        repondants = b.respondents
        annee_precedente = report.previous == nil ? nil : report.year - 1
        strates = Stratum.allCases.map { s in
            StratumDTO(strate: s.rawValue, libelle: s.label, nombre_national: report.national[s] ?? 0, poids: b.weights[s],
                       affichee: b.profiles.contains { $0.group == .stratum(s) })
        }
        non_representees = b.unrepresented.map(\.rawValue)
        let change = report.previous.map { b.change(since: $0) } ?? [:]
        questions = report.questions.map { q in
            QuestionDTO(id: q.id, libelle: q.text, lignes: b.lines.filter { $0.question == q.id }.map { l in
                LineDTO(groupe: l.group.key, libelle_groupe: BarometerYearPage.groupLabel(l.group, referential: referential), reponse: Self.key(l.choice),
                        libelle_reponse: BarometerYearPage.answerLabel(l.choice, q), nombre: l.count, repondants: l.respondents, poids: l.weight,
                        pourcentage_pondere: l.share)
            }, evolution: change[q.id].map { Dictionary(uniqueKeysWithValues: $0.map { (Self.key($0.key), $0.value) }) })
        }
        profils = b.profiles.map { p in
            ProfileDTO(groupe: p.group.key, libelle_groupe: BarometerYearPage.groupLabel(p.group, referential: referential), repondants: p.respondents,
                       niveaux: Dictionary(uniqueKeysWithValues: p.levels.map { ($0.key.rawValue, $0.value) }),
                       scores_moyens: Dictionary(uniqueKeysWithValues: p.meanScores.map { ($0.key.rawValue, $0.value) }), score_global_moyen: p.meanGlobal)
        }
        methode = "Pondération par strate : poids = part de la strate parmi les collectivités de France ÷ part de la strate parmi les répondants, "
            + "sur les strates représentées. Pourcentage pondéré = somme des poids des collectivités ayant donné la réponse ÷ somme des poids de celles "
            + "qui ont répondu à la question. Aucun groupe de moins de \(Barometer.minimumGroup) collectivités n'est publié. Les répondants se sont "
            + "portés volontaires : la pondération corrige la composition de l'échantillon, pas cette auto-sélection."
    }
}
