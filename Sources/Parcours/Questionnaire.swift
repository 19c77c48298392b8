/// The data-maturity questionnaire, as data. Versioned: answers keep the version they answered, and question
/// ids are stable within a version. Wording follows the Data Publica barometer where it exists (`barometer`),
/// so results stay comparable with the national survey. Every scored question is worth 0 to 3 points.
public enum Dimension: String, Sendable, CaseIterable, Codable {
    case strategie = "D1", gouvernance = "D2", organisation = "D3", culture = "D4", patrimoine = "D5", outils = "D6", usages = "D7"

    public var label: String {
        switch self {
        case .strategie: "Stratégie et portage"
        case .gouvernance: "Gouvernance, conformité et éthique"
        case .organisation: "Organisation et compétences"
        case .culture: "Culture et acculturation"
        case .patrimoine: "Patrimoine de données et qualité"
        case .outils: "Outils, infrastructures et cybersécurité"
        case .usages: "Usages et valeur"
        }
    }

    /// Weight in the global score (sums to 1).
    public var weight: Double { self == .outils ? 0.10 : 0.15 }
}

public struct Question: Sendable, Identifiable {
    public let id: String
    public let dimension: Dimension
    public let text: String
    /// The four answers, worth 0, 1, 2 and 3 points.
    public let choices: [String]
    public let barometer: Bool
    /// Whether "not applicable" may be answered (the collectivité is not concerned).
    public let allowsNotApplicable: Bool

    init(_ id: String, _ dimension: Dimension, _ text: String, _ choices: [String], barometer: Bool = false, allowsNotApplicable: Bool = false) {
        precondition(choices.count == 4, "question \(id): four answers, 0 to 3 points")
        self.id = id
        self.dimension = dimension
        self.text = text
        self.choices = choices
        self.barometer = barometer
        self.allowsNotApplicable = allowsNotApplicable
    }
}

public struct Questionnaire: Sendable {
    public let version: String
    public let questions: [Question]

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }

    public func questions(in dimension: Dimension) -> [Question] { questions.filter { $0.dimension == dimension } }

    /// Version 2026-1: 7 dimensions, 33 scored questions, plus the unscored priorities and obstacles.
    /// The version collectivités answer now: the form, the operator's table, the barometer and the programme
    /// view's « communes accompagnées » all read it here.
    public static var current: Questionnaire { v2026 }

    public static let v2026 = Questionnaire(version: "2026-1", questions: [
        Question("D1.1", .strategie, "Votre collectivité a-t-elle une stratégie data, ou un volet data dans sa stratégie numérique ?",
                 ["Non", "À l'étude", "Rédigée", "Adoptée par délibération, avec des objectifs suivis"]),
        Question("D1.2", .strategie, "Un ou une élue porte-t-il le sujet des données ?",
                 ["Non", "Ponctuellement", "Oui, avec une délégation identifiée", "Oui, délégation et décisions budgétaires régulières"]),
        Question("D1.3", .strategie, "Quelle est l'implication de la direction générale sur les données ?",
                 ["Aucune", "Implication ponctuelle", "Implication forte", "Fonction leader"], barometer: true),
        Question("D1.4", .strategie, "Un budget est-il consacré aux projets data ?",
                 ["Aucun", "Ponctuel, projet par projet", "Une ligne annuelle", "Pluriannuel (PPI)"]),
        Question("D2.1", .gouvernance, "Êtes-vous en conformité avec le RGPD ?",
                 ["Non, pas encore", "Non, pas complètement", "Oui, partiellement", "Oui, tout à fait"], barometer: true),
        Question("D2.2", .gouvernance, "Avez-vous désigné un délégué à la protection des données (DPO) ?",
                 ["Non", "En cours de désignation", "Oui, mutualisé ou externe", "Oui, en interne"], barometer: true),
        Question("D2.3", .gouvernance, "Combien de règles de gouvernance avez-vous (charte, politique interne, conventions partenariales, clauses data des prestataires) ?",
                 ["Aucune", "Une", "Deux", "Trois ou plus"], barometer: true),
        Question("D2.4", .gouvernance, "Vos marchés publics et DSP comportent-ils des clauses sur les données (RGPD, propriété, ouverture, standards) ?",
                 ["Aucune", "Une sorte de clause", "Deux sortes", "Trois sortes ou plus"], barometer: true),
        Question("D2.5", .gouvernance, "Où en êtes-vous des obligations d'ouverture des données (loi pour une République numérique) et de transparence des algorithmes ?",
                 ["Je ne les connais pas", "Connues", "Mises en œuvre en partie", "Mises en œuvre"], barometer: true, allowsNotApplicable: true),
        Question("D3.1", .organisation, "Quelles fonctions data existent (comité data, réseau de référents, direction de la donnée, administrateur général des données) ?",
                 ["Aucune", "Prévue dans les 12 mois", "Une existe", "Deux ou plus"], barometer: true),
        Question("D3.2", .organisation, "Qui peut construire une analyse ou un tableau de bord en interne ?",
                 ["Personne", "Un agent SIG ou DSI, ponctuellement", "Une petite équipe", "Une équipe data ou un réseau de référents"]),
        Question("D3.3", .organisation, "Pouvez-vous nommer un binôme (référent métier et référent données) pour un projet ?",
                 ["Non", "Une seule personne", "Oui, avec peu de temps", "Oui, avec du temps dédié"]),
        Question("D3.4", .organisation, "Des formations aux données ont-elles eu lieu ces 24 derniers mois ?",
                 ["Aucune", "Quelques agents", "Un plan de formation", "Un plan, et des élus formés"]),
        Question("D3.5", .organisation, "Combien de partenaires mobilisez-vous (AMO, opérateur public de services numériques, plateforme régionale, EPCI, association, État) ?",
                 ["Aucun", "Un", "Deux", "Trois ou plus"], barometer: true),
        Question("D4.1", .culture, "Comment jugez-vous l'acculturation aux données de vos agents et élus ?",
                 ["Pas identifiée", "Insuffisante", "Correcte", "Bonne"], barometer: true),
        Question("D4.2", .culture, "À quelle fréquence des indicateurs sont-ils présentés en comité de direction ou en bureau municipal ?",
                 ["Jamais", "Une fois par an", "Chaque trimestre", "Chaque mois ou plus"]),
        Question("D4.3", .culture, "Les données sont-elles réutilisées d'un service à l'autre ?",
                 ["Jamais", "Sur demande", "Échanges réguliers de fichiers", "Par un espace partagé ou un catalogue"]),
        Question("D4.4", .culture, "Des décisions récentes se sont-elles appuyées sur des données ?",
                 ["Aucune", "Une", "Plusieurs", "Systématiquement au-delà d'un seuil d'enjeu"]),
        Question("D5.1", .patrimoine, "Avez-vous un inventaire ou un catalogue de vos données ?",
                 ["Non", "Une liste partielle", "Un inventaire tenu à jour", "Un catalogue publié (schéma SCDL catalogue)"]),
        Question("D5.2", .patrimoine, "Publiez-vous des données ouvertes ?",
                 ["Non", "Quelques jeux ponctuels", "Des jeux réguliers", "Au moins un jeu conforme au SCDL, mis à jour automatiquement"]),
        Question("D5.3", .patrimoine, "Utilisez-vous les standards (schema.data.gouv.fr, identifiants SIRET, COG, BAL) ?",
                 ["Je ne les connais pas", "Connus", "Appliqués à un ou deux jeux", "Systématiques et validés"]),
        Question("D5.4", .patrimoine, "Contrôlez-vous la qualité de vos données ?",
                 ["Non", "À la main, ponctuellement", "Règles documentées", "Contrôles automatisés"]),
        Question("D5.5", .patrimoine, "Accédez-vous aux données de tiers (délégataires, Enedis et GRDF, LOVAC…) ?",
                 ["Non", "Demandes ponctuelles", "Flux réguliers dans un domaine", "Clauses et flux réguliers dans plusieurs domaines"]),
        Question("D6.1", .outils, "Quels outils de données utilisez-vous ?",
                 ["Le tableur seulement", "Un outil décisionnel ou un SIG", "Plusieurs, dont un catalogue ou une plateforme", "Une plateforme de données intégrée"], barometer: true),
        Question("D6.2", .outils, "Vos achats comportent-ils des critères de réversibilité et d'interopérabilité ?",
                 ["Jamais", "Parfois", "Souvent", "Systématiquement"], barometer: true),
        Question("D6.3", .outils, "Utilisez-vous des technologies mutualisées (opérateur public de services numériques, plateforme régionale, EPCI) ?",
                 ["Aucune", "Prévu", "Une", "Plusieurs"], barometer: true),
        Question("D6.4", .outils, "Comment jugez-vous votre niveau de cybersécurité ?",
                 ["Pas identifié", "Insuffisant", "Correct", "Bon : stratégie et budget dédié"], barometer: true),
        Question("D6.5", .outils, "Combien de mesures de cybersécurité sont en place (formation, RSSI, stratégie, hébergement souverain, clauses, outils réseau…) ?",
                 ["Aucune", "Une ou deux", "Trois ou quatre", "Cinq ou plus"], barometer: true),
        Question("D7.1", .usages, "Dans combien de domaines avez-vous mené un projet data ces deux dernières années ?",
                 ["Aucun", "Un", "Deux ou trois", "Quatre ou plus"], barometer: true),
        Question("D7.2", .usages, "Un tableau de bord est-il utilisé en production par les élus ou la direction ?",
                 ["Non", "Un prototype", "Un en production", "Plusieurs, mis à jour automatiquement"]),
        Question("D7.3", .usages, "Mesurez-vous l'effet de vos projets (kWh, euros, heures) ?",
                 ["Non", "Qualitativement", "Chiffré pour un projet", "Systématiquement"]),
        Question("D7.4", .usages, "Où en êtes-vous de l'intelligence artificielle ?",
                 ["Aucun usage", "Usages individuels non encadrés", "Expérimentation encadrée", "En production, avec un cadre (charte, transparence)"], barometer: true),
        Question("D7.5", .usages, "Partagez-vous des données avec les acteurs du territoire (plateforme, échanges ponctuels, échanges de cas d'usage) ?",
                 ["Non", "Un mode de partage", "Deux modes", "Les trois"], barometer: true),
    ])
}

/// The unscored questions used for routing.
public enum Priority: String, Sendable, CaseIterable, Codable {
    case efficacite, evaluation, nouveauxServices, relationCitoyens, economie, energie

    public var label: String {
        switch self {
        case .efficacite: "Efficacité du service public"
        case .evaluation: "Évaluation des politiques publiques"
        case .nouveauxServices: "Nouveaux services"
        case .relationCitoyens: "Relation aux citoyens"
        case .economie: "Retombées économiques"
        case .energie: "Énergie et bâtiments publics"
        }
    }
}

public enum Obstacle: String, Sendable, CaseIterable, Codable {
    case competences, formations, recrutement, argent, tempsCulture

    public var label: String {
        switch self {
        case .competences: "Manque de compétences"
        case .formations: "Peu de formations"
        case .recrutement: "Difficultés de recrutement"
        case .argent: "Manque de moyens financiers"
        case .tempsCulture: "Manque de temps ou de culture de la donnée"
        }
    }
}
