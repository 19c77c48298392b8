import Accounts
import Referential
import Renovation

/// `/renovation/demo` and `/renovation/inventaire`: an inventory ranked with the query's weights, filtered, with
/// its map; the first `pageRows` of the ranking are listed (the exports and the API give them all).
struct InventoryPage {
    static let template = "renovation"
    static let pageRows = 500

    struct Row {
        let rank: String, id: String, name: String, href: String, commune: String, usage: String, area: String
        let intensity: String, label: String, provenance: String, provenanceClass: String, score: String, why: [String]
        let interval: String?, ratio: String?
    }
    struct Weight { let key: String, label: String, value: String }

    let title: String
    let isDemo: Bool
    let canImport: Bool
    let inviteSignIn: Bool, inviteImport: Bool, inviteRead: Bool
    let base: String
    /// Counts written with their thousands separated, as every figure of the page.
    let count: String
    let listed: String
    let total: String
    let rows: [Row]
    let truncated: Bool
    let isEmpty: Bool
    let weights: [Weight]
    /// The weights of the query that were not used, and what was used instead.
    let refusedWeights: [String]
    let usages: [Option]
    let labels: [Option]
    let provenances: [Option]
    let communes: [Option]
    let query: String
    /// The collectivité the operator is looking at, kept by the filter form.
    let collectivite: String?
    let map: String?
    let mapNote: String?
    let measured: String, estimated: String, fromDPE: String
    let modelMissing: Bool
    let absent: [String]

    /// Said on every inventory page: what the tool does not have.
    static let absentData = [
        "Consommations des compteurs Enedis et GRDF : non disponibles ici ; importez vos factures ou relevés.",
        "BDNB (CSTB) et déclarations OPERAT : non raccordées ; les références nationales viennent des seuls DPE tertiaires ADEME.",
        "Valeurs absolues « Cabs » du décret tertiaire : non chargées ; l'exposition au décret est signalée par la surface (≥ 1 000 m²).",
    ]

    /// The buildings of the page: the first `pageRows` shown.
    static func listed(_ ranking: InventoryRanking) -> [RankedBuilding] { Array(ranking.shown.prefix(pageRows)) }

    /// `rawQuery`: the canonical form of the request's query, carried by the page's links.
    init(_ ranking: InventoryRanking, asked: InventoryQuery, query: Query, rawQuery: String, owner: String, demo: Bool, user: User?,
         map: BuildingMap, modelMissing: Bool, referential: Referential) {
        let base = demo ? RenovationController.demoBase : RenovationController.ownBase
        rows = Self.listed(ranking).map { r in
            Row(rank: Format.integer(r.rank), id: r.building.id, name: r.building.name,
                href: "\(base)/batiments/\(RenovationController.pathComponent(r.building.id))\(rawQuery)",
                commune: referential.communeLabel(r.building.communeCode), usage: r.building.usage.label, area: RenovationFormat.int(r.building.area),
                intensity: RenovationFormat.int(r.assessment.primaryPerM2), label: r.assessment.label,
                provenance: r.assessment.provenance.label, provenanceClass: r.assessment.provenance.rawValue,
                score: RenovationFormat.decimal(r.score), why: r.why,
                interval: r.assessment.provenance == .estimation ? r.assessment.expected.map { "\(RenovationFormat.int($0.low)) et \(RenovationFormat.int($0.high))" } : nil,
                ratio: r.assessment.ratioToExpected.map { "×\(RenovationFormat.decimal($0))" })
        }
        title = demo ? "Démonstration : bâtiments publics réels issus des DPE ADEME" : "Bâtiments de \(Owner(owner).map(referential.ownerLabel) ?? owner)"
        let invitation = DemoInvitation(user)
        isDemo = demo
        canImport = !demo && (user.map { $0.canWrite($0.owner) } ?? false)
        (inviteSignIn, inviteImport, inviteRead) = (invitation == .signIn, invitation == .importOwn, invitation == .readOwn)
        self.base = base
        count = Format.integer(ranking.shown.count)
        listed = Format.integer(rows.count)
        total = Format.integer(ranking.all.count)
        truncated = rows.count < ranking.shown.count
        isEmpty = ranking.all.isEmpty
        weights = Criterion.allCases.map { Weight(key: "w_\($0.rawValue)", label: $0.label, value: InventoryQuery.weightText(asked.weights[$0] ?? 0)) }
        refusedWeights = asked.refused.map { "\($0.problem) \($0.fallback)" }
        usages = Usage.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: query["usage"] == $0.rawValue) }
        labels = LabelScale.letters.map { Option(value: $0, label: $0, selected: query["etiquette"] == $0) }
        provenances = [Provenance.mesure, .dpe, .estimation].map { Option(value: $0.rawValue, label: $0.label, selected: query["provenance"] == $0.rawValue) }
        communes = Set(ranking.all.map(\.building.communeCode)).sorted().map { Option(value: $0, label: referential.communeLabel($0), selected: query["commune"] == $0) }
        self.query = rawQuery
        collectivite = demo ? nil : query["collectivite"]
        (self.map, mapNote) = (map.svg, map.note)
        measured = Format.integer(ranking.count(.mesure))
        estimated = Format.integer(ranking.count(.estimation))
        fromDPE = Format.integer(ranking.count(.dpe))
        self.modelMissing = modelMissing
        absent = Self.absentData
    }
}
