import Foundation

/// A Table Schema (frictionless data, as schema.data.gouv.fr publishes the local-data standards): the fields a
/// CSV must have, their types and constraints, and the custom checks Validata adds.
public struct TableSchema: Sendable {
    public enum FieldType: Sendable {
        case string, number, integer, date
        case boolean(trueValues: [String], falseValues: [String])
    }

    public struct Field: Sendable {
        public let name: String
        public let title: String
        public let type: FieldType
        public var required = false
        public var pattern: String?
        public var enumValues: [String]?
        public var maxLength: Int?
        public var minimum: Double?
        public var maximum: Double?
        public var unique = false
    }

    public enum CustomCheck: Sendable {
        /// The column holds a SIRET whose check digit (Luhn) is right.
        case frenchSIRET(String)
        /// At least one of two columns is filled on each row.
        case oneOfRequired(String, String)
        /// A period "AAAA/AAAA" goes forward (a single year is allowed).
        case yearInterval(String)
        /// These columns are filled together or left empty together.
        case cohesive([String])
        /// The first column's value is at least the second's (dates or numbers), when both are filled.
        case atLeast(String, String)
        /// The first column equals the sum of the others, when all are filled.
        case sum(String, [String])
    }

    public let name: String
    public let title: String
    public let version: String
    /// Where the standard is published.
    public let source: String
    public let fields: [Field]
    public let checks: [CustomCheck]
}

/// The standards of the Socle commun des données locales the validator knows. Their content (fields, types,
/// constraints) follows the published schemas; see `source` for each.
public enum LocalDataSchemas {
    static func field(_ name: String, _ title: String, _ type: TableSchema.FieldType, required: Bool = false, pattern: String? = nil,
                      enumValues: [String]? = nil, maxLength: Int? = nil, minimum: Double? = nil, maximum: Double? = nil) -> TableSchema.Field {
        var f = TableSchema.Field(name: name, title: title, type: type)
        f.required = required
        f.pattern = pattern
        f.enumValues = enumValues
        f.maxLength = maxLength
        f.minimum = minimum
        f.maximum = maximum
        return f
    }

    /// SCDL « Subventions » 2.1.1 (OpenDataFrance, décret 2017-779).
    public static let subventions = TableSchema(
        name: "subventions", title: "Subventions", version: "2.1.1",
        source: "https://schema.data.gouv.fr/scdl/subventions/2.1.1/",
        fields: [
            field("nomAttribuant", "Nom de l'attribuant", .string, required: true),
            field("idAttribuant", "SIRET de l'attribuant", .string, required: true, pattern: "^\\d{14}$"),
            field("dateConvention", "Date de la convention", .date, required: true),
            field("referenceDecision", "Référence de la décision", .string),
            field("nomBeneficiaire", "Nom du bénéficiaire", .string, required: true),
            field("idBeneficiaire", "SIRET du bénéficiaire", .string),
            field("rnaBeneficiaire", "RNA du bénéficiaire", .string, pattern: "^W\\d{9}$"),
            field("objet", "Objet de la subvention", .string, required: true, maxLength: 256),
            field("montant", "Montant total", .number, required: true),
            field("nature", "Nature de la subvention", .string, required: true,
                  enumValues: ["aide en numéraire", "aide en nature", "aide en numéraire;aide en nature", "aide en nature;aide en numéraire"]),
            field("conditionsVersement", "Conditions de versement", .string, required: true, maxLength: 256),
            field("datesPeriodeVersement", "Date ou période de versement", .string, required: true,
                  pattern: "^[0-9]{4}\\-[0-9]{2}\\-[0-9]{2}(\\/[0-9]{4}\\-[0-9]{2}\\-[0-9]{2})?$"),
            field("idRAE", "Identifiant RAE", .string, maxLength: 5),
            field("notificationUE", "Aide notifiée à la Commission européenne", .boolean(trueValues: ["oui"], falseValues: ["non"]), required: true),
            field("pourcentageSubvention", "Pourcentage attribué au bénéficiaire", .number, required: true, minimum: 0.01, maximum: 1),
            field("dispositifAide", "Dispositif d'aide", .string),
        ],
        checks: [.frenchSIRET("idAttribuant"), .frenchSIRET("idBeneficiaire"), .oneOfRequired("idBeneficiaire", "rnaBeneficiaire")])

    /// SCDL « Délibérations » 2.1.5 (OpenDataFrance). The check that `DELIB_MATIERE_NOM` follows the ACTES
    /// nomenclature is not made: the nomenclature is not bundled.
    public static let deliberations = TableSchema(
        name: "deliberations", title: "Délibérations", version: "2.1.5",
        source: "https://schema.data.gouv.fr/scdl/deliberations/2.1.5/",
        fields: [
            field("COLL_NOM", "Nom de la collectivité", .string, required: true),
            field("COLL_SIRET", "Code SIRET de la collectivité", .string, required: true, pattern: "^\\d{14}$"),
            field("DELIB_ID", "Identifiant de la délibération", .string, required: true),
            field("DELIB_DATE", "Date d'adoption de la délibération", .date, required: true),
            field("DELIB_MATIERE_CODE", "Code de matière de la nomenclature ACTES", .string, required: true, pattern: "^\\d\\.\\d{1,2}$"),
            field("DELIB_MATIERE_NOM", "Nom de matière", .string, required: true),
            field("DELIB_OBJET", "Objet de la délibération", .string, required: true),
            field("BUDGET_ANNEE", "Année du budget", .string, pattern: "^[0-9]{4}(\\/[0-9]{4})?$"),
            field("BUDGET_NOM", "Nom du budget", .string),
            field("PREF_ID", "Identifiant de l'entité exerçant le contrôle de légalité", .string),
            field("PREF_DATE", "Date d'enregistrement au contrôle de légalité", .date),
            field("VOTE_EFFECTIF", "Effectif théorique des votants", .integer),
            field("VOTE_REEL", "Effectif réel des votants", .integer),
            field("VOTE_POUR", "Pour", .integer),
            field("VOTE_CONTRE", "Contre", .integer),
            field("VOTE_ABSTENTION", "Abstention", .integer),
            field("DELIB_URL", "Lien vers le document de la délibération", .string),
        ],
        checks: [.frenchSIRET("COLL_SIRET"), .yearInterval("BUDGET_ANNEE"), .cohesive(["BUDGET_ANNEE", "BUDGET_NOM"]),
                 .cohesive(["VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"]),
                 .atLeast("PREF_DATE", "DELIB_DATE"), .atLeast("VOTE_EFFECTIF", "VOTE_REEL"), .atLeast("VOTE_REEL", "VOTE_POUR"),
                 .atLeast("VOTE_REEL", "VOTE_CONTRE"), .atLeast("VOTE_REEL", "VOTE_ABSTENTION"),
                 .sum("VOTE_REEL", ["VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"])])

    public static let all = [subventions, deliberations]

    public static func named(_ name: String) -> TableSchema? { all.first { $0.name == name } }
}
