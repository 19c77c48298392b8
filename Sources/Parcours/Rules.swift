import Foundation

/// Scoring, levels and routing: every rule of the diagnostic in one place.
///
/// - Dimension score: `100 × Σ points ÷ (3 × questions answered)`; "je ne sais pas" counts 0, "non concerné" is
///   left out.
/// - Global score: the weighted mean of the dimension scores (weights renormalised over the dimensions that
///   have one).
/// - Pionnier: global ≥ 65, usages ≥ 60 and at least 5 dimensions ≥ 50. Intermédiaire: global ≥ 35 and usages
///   ≥ 25 (at least one real use). Débutant otherwise.
/// - Evidence from the validator (files the collectivité checked in the last 12 months) on D5.3, "Utilisez-vous
///   les standards ?": C1, at least one conforming file → counted at least 2 ("appliqués à un ou deux jeux");
///   C2, files checked and none conforming while the answer is 3 ("systématiques et validés") → counted 2.
/// - Routing: rules R1 to R10 below. A rule never concludes from silence: it reads a dimension's score only when
///   at least half the dimension's questions are answered, and a question only when it is answered; otherwise it
///   does not fire and `missing` says what to answer. The level-based rules (R2, R7, R8) need a complete
///   diagnostic (every dimension at least half answered), as does the collectivité's result.
public enum DiagnosticRules {
    public static func evaluate(_ declared: Answers, profile: Profile, questionnaire: Questionnaire = .v2026,
                                conformity: ConformitySummary? = nil) -> DiagnosticResult {
        var answers = declared
        let evidence = conformity.map { apply($0, to: &answers) } ?? []
        var scores: [Dimension: Double] = [:]
        var coverage: [Dimension: Coverage] = [:]
        var dontKnow: [String] = [], unanswered: [String] = []
        for dimension in Dimension.allCases {
            var points = 0, answered = 0, silent = 0
            let questions = questionnaire.questions(in: dimension)
            for question in questions {
                switch answers.values[question.id] {
                case .points(let p)?: points += min(max(p, 0), 3); answered += 1
                case .dontKnow?: answered += 1; dontKnow.append(question.id)
                case .notApplicable?: continue
                case nil: unanswered.append(question.id); silent += 1
                }
            }
            if answered > 0 { scores[dimension] = 100 * Double(points) / Double(3 * answered) }
            coverage[dimension] = Coverage(answered: questions.count - silent, total: questions.count)
        }
        let weight = scores.keys.reduce(0) { $0 + $1.weight }
        let global = weight > 0 ? scores.reduce(0) { $0 + $1.key.weight * $1.value } / weight : 0
        let (level, reasons) = level(global: global, scores: scores)
        let result = DiagnosticResult(version: questionnaire.version, scores: scores, global: global, level: level, levelReasons: reasons,
                                      recommendations: [], dontKnow: dontKnow, unanswered: unanswered, evidence: evidence,
                                      coverage: coverage, missing: [])
        return DiagnosticResult(version: result.version, scores: scores, global: global, level: level, levelReasons: reasons,
                                recommendations: route(result, answers: answers, profile: profile), dontKnow: dontKnow, unanswered: unanswered,
                                evidence: evidence, coverage: coverage,
                                missing: missing(result, answers: answers, profile: profile, questionnaire: questionnaire))
    }

    /// The questions a rule reads on their own (not through a dimension's score), with the rule.
    static let questionInputs = [("D3.3", "R7"), ("D5.2", "R6c"), ("D6.4", "R9"), ("D7.2", "R5")]

    /// What to answer for the rules that could not be examined: each dimension answered below half, then each
    /// unanswered question a rule reads (D5.2 only for a collectivité the open-data obligation applies to).
    static func missing(_ r: DiagnosticResult, answers: Answers, profile: Profile, questionnaire: Questionnaire) -> [String] {
        let dimensions = Dimension.allCases.compactMap { d -> String? in
            guard let c = r.coverage[d], !c.isEnough else { return nil }
            let needed = (c.total + 1) / 2 - c.answered
            return "\(d.label) : \(c.unanswered) question\(c.unanswered > 1 ? "s" : "") sur \(c.total) sans réponse ; "
                + "répondez à \(needed == 1 ? "une autre" : "\(needed) autres") pour une recommandation sur cette dimension."
        }
        let questions = questionInputs.compactMap { id, rule -> String? in
            guard answers.values[id] == nil, rule != "R6c" || obliged(profile), let q = questionnaire.question(id) else { return nil }
            return "Question \(id) sans réponse (« \(q.text) ») : répondez-y pour savoir si la règle \(rule) s'applique."
        }
        return dimensions + questions
    }

    /// Rules C1 and C2: what the validator saw corrects the declared use of standards (D5.3). Returns what was
    /// corrected and why, in plain words.
    static func apply(_ conformity: ConformitySummary, to answers: inout Answers) -> [String] {
        guard !conformity.isEmpty else { return [] }
        let declared = points(answers, "D5.3")
        let conforming = conformity.conforming
        if let first = conforming.first, (declared ?? 0) < 2 {
            answers.values["D5.3"] = .points(2)
            let names = conforming.map { "\($0.title) \($0.version)" }.joined(separator: ", ")
            return ["C1 : D5.3 compté « Appliqués à un ou deux jeux » (2 sur 3) : \(conforming.count) fichier(s) conforme(s) au validateur (\(names)), le dernier le \(first.checkedOn)."]
        }
        if conforming.isEmpty && declared == 3 {
            answers.values["D5.3"] = .points(2)
            let errors = conformity.latest.reduce(0) { $0 + $1.errors }
            return ["C2 : D5.3 compté 2 au lieu de 3 : les \(conformity.latest.count) standard(s) contrôlé(s) au validateur ont encore \(errors) erreur(s)."]
        }
        return []
    }

    static func format(_ v: Double) -> String { String(Int(v.rounded())) }

    public static func level(global: Double, scores: [Dimension: Double]) -> (MaturityLevel, [String]) {
        let usages = scores[.usages] ?? 0
        let strong = scores.values.filter { $0 >= 50 }.count
        if global >= 65 && usages >= 60 && strong >= 5 {
            return (.pionnier, ["score global \(format(global)) ≥ 65", "usages \(format(usages)) ≥ 60",
                                "\(strong) dimensions sur 7 à 50 ou plus (5 au moins)"])
        }
        var reasons: [String] = []
        if global >= 65 {
            if usages < 60 { reasons.append("pas pionnier : usages \(format(usages)) < 60") }
            if strong < 5 { reasons.append("pas pionnier : \(strong) dimensions à 50 ou plus, 5 au moins sont nécessaires") }
        }
        if global >= 35 && usages >= 25 {
            return (.intermediaire, ["score global \(format(global)) ≥ 35", "usages \(format(usages)) ≥ 25 : au moins un usage réel"] + reasons)
        }
        if global < 35 { reasons.append("score global \(format(global)) < 35") }
        if scores[.usages] == nil {
            reasons.append("usages sans réponse : un usage réel n'est pas établi")
        } else if usages < 25 {
            reasons.append("usages \(format(usages)) < 25 : pas encore d'usage réel")
        }
        return (.debutant, reasons)
    }

    /// The open-data obligation (rule R6c): from 3,500 inhabitants and 50 agents (assumed when unknown).
    static func obliged(_ profile: Profile) -> Bool { profile.population >= 3_500 && (profile.agents.map { $0 >= 50 } ?? true) }

    static func points(_ answers: Answers, _ id: String) -> Int? {
        if case .points(let p)? = answers.values[id] { return p }
        return nil
    }

    public static func route(_ r: DiagnosticResult, answers: Answers, profile: Profile) -> [Recommendation] {
        var out: [Recommendation] = []
        func add(_ id: String, _ brick: Brick, _ title: String, _ because: String) {
            out.append(Recommendation(id: id, brick: brick, title: title, because: because))
        }
        // Scores the rules may read (nil when the dimension is answered below half): no rule concludes from silence.
        let culture = r.established(.culture), strategie = r.established(.strategie), gouvernance = r.established(.gouvernance)
        let usages = r.established(.usages)
        add("R1", .sensibilisation, "Note de conjoncture annuelle et webinaires", "Recommandé à toutes les collectivités.")
        if let culture, culture < 40 {
            add("R1b", .sensibilisation, "Kit d'acculturation aux données, en premier", "Culture et acculturation à \(format(culture)) sur 100 (moins de 40).")
        } else if answers.obstacles.contains(.tempsCulture) {
            add("R1b", .sensibilisation, "Kit d'acculturation aux données, en premier", "Le manque de temps ou de culture de la donnée est cité comme obstacle.")
        }
        if r.isComplete, r.level >= .intermediaire, let strategie, strategie < 50 {
            add("R2", .ingenierie, "Étude « stratégie data » cofinancée",
                "Niveau \(r.level.label) mais stratégie et portage à \(format(strategie)) sur 100 (moins de 50).")
        }
        if let gouvernance, let usages, gouvernance < 50 && usages >= 40 {
            add("R3", .ingenierie, "Étude « gouvernance des données »",
                "Des usages existent (\(format(usages)) sur 100) mais la gouvernance est à \(format(gouvernance)) (moins de 50).")
        }
        let binome = (points(answers, "D3.3") ?? 0) >= 2
        let useCase = !(answers.useCase ?? "").isEmpty
        if let usages, let culture, usages < 25 && culture >= 25 {
            add("R4", .ingenierie, binome && useCase ? "Premier cas d'usage : en formation-action (voir R7)" : "Étude « premier cas d'usage »",
                "Pas encore d'usage réel (usages à \(format(usages))) mais une culture suffisante pour en lancer un (\(format(culture))).")
        }
        if let usages, usages >= 50 && (points(answers, "D7.2") ?? 0) >= 2 {
            add("R5", .ingenierie, "Deuxième cas d'usage, industrialisation",
                "Usages à \(format(usages)) et un tableau de bord en production.")
        }
        if answers.priorities.contains(.energie) || profile.managesPublicBuildings {
            add("R6a", .outils, "Rénovation des bâtiments publics : priorisation et scénarios",
                answers.priorities.contains(.energie) ? "L'énergie fait partie de vos priorités." : "La collectivité gère des bâtiments publics.")
        }
        if profile.isPVD {
            add("R6b", .outils, "Observatoire Petites Villes de Demain", "La commune est labellisée Petites Villes de Demain.")
        }
        if obliged(profile) && answers.values["D5.2"] != nil && (points(answers, "D5.2") ?? 0) <= 1 {
            add("R6c", .outils, "Publication au Socle commun des données locales et validateur CSV",
                "Collectivité de \(Self.inhabitants(profile.population)) habitants, soumise à l'obligation d'ouverture des données "
                    + (profile.agents == nil ? "(dès 3 500 habitants et 50 agents ; nombre d'agents non renseigné : obligation présumée)" : "(dès 3 500 habitants et 50 agents)")
                    + ", avec peu de données publiées.")
        }
        if r.isComplete && profile.population < 200_000 && binome && useCase && (r.level == .intermediaire || (r.level == .debutant && r.global >= 25)) {
            add("R7", .formationAction, "Candidater à une formation-action",
                "Un binôme référent métier et référent données est disponible et un cas d'usage est nommé (« \(answers.useCase!) »).")
        }
        if r.isComplete && r.level == .pionnier {
            add("R8", .sensibilisation, "Rôle de mentor et témoignages ; partage de données et gouvernance de l'IA",
                "Niveau pionnier : votre expérience peut servir aux autres collectivités.")
        }
        switch answers.values["D6.4"] {
        case .dontKnow?:
            add("R9", .ingenierie, "Prérequis de cybersécurité avant tout projet d'IA", "Niveau de cybersécurité inconnu (« je ne sais pas »).")
        case .points(let p)? where p <= 1:
            add("R9", .ingenierie, "Prérequis de cybersécurité avant tout projet d'IA",
                "Niveau de cybersécurité jugé « pas identifié » ou « insuffisant ».")
        default: break
        }
        if profile.isCommune && profile.population < 3_500 {
            add("R10", .ingenierie, "Passer par l'intercommunalité ou l'opérateur public de services numériques (mutualisation)",
                "Commune de moins de 3 500 habitants (\(Self.inhabitants(profile.population))).")
        }
        return out
    }

    /// A population as French text writes it: "49 625" (narrow no-break space).
    static func inhabitants(_ count: Int) -> String { count.formatted(.number.locale(Locale(identifier: "fr_FR"))) }
}
