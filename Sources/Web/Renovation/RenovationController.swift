import Accounts
import Cartography
import Foundation
import Hummingbird
import NIOCore
import Referential
import Renovation
import Tabular

/// `/renovation`: a collectivité's public buildings, assessed (measured, from a DPE or estimated), ranked by
/// transparent weighted criteria, with a sheet per building, a map, exports and an import. The demo
/// inventory (`/renovation/demo`) is public; an inventory (`/renovation/inventaire`) is readable by its
/// collectivité only (and the operator), and written by its agents only.
struct RenovationController: Sendable {
    let referential: Referential
    let store: any BuildingStore
    let setup: Task<RenovationSetup, any Error>
    let maps: Maps
    let views: Views
    let demo: DemoInventory

    static let demoBase = "/renovation/demo"
    static let pageRows = 500
    static let ownBase = "/renovation/inventaire"

    func register(on router: Router<AppRequestContext>) {
        router.get("/renovation", use: landing)
        router.get(RouterPath(Self.demoBase)) { try await inventory($0, $1, demo: true) }
        router.get(RouterPath(Self.ownBase)) { try await inventory($0, $1, demo: false) }
        router.get(RouterPath("\(Self.demoBase)/batiments/{id}")) { try await sheet($0, $1, demo: true) }
        router.get(RouterPath("\(Self.ownBase)/batiments/{id}")) { try await sheet($0, $1, demo: false) }
        router.get(RouterPath("\(Self.demoBase)/batiments.csv")) { try await csv($0, $1, demo: true) }
        router.get(RouterPath("\(Self.ownBase)/batiments.csv")) { try await csv($0, $1, demo: false) }
        router.get(RouterPath("\(Self.demoBase)/batiments.geojson")) { try await geojson($0, $1, demo: true) }
        router.get(RouterPath("\(Self.ownBase)/batiments.geojson")) { try await geojson($0, $1, demo: false) }
        router.get("/renovation/import", use: importForm)
        router.post("/renovation/import", use: importPost)
        router.get("/api/v1/renovation/demo/batiments") { try await apiList($0, $1, demo: true) }
        router.get("/api/v1/renovation/batiments") { try await apiList($0, $1, demo: false) }
        router.get("/api/v1/renovation/batiments/{id}", use: apiBuilding)
        router.post("/api/v1/renovation/import", use: apiImport)
    }

    // MARK: Scope

    /// The buildings the caller may see: the demo, or their collectivité's inventory. An anonymous caller of a
    /// private inventory is sent to sign in (pages) or refused (API); the operator, who owns no buildings,
    /// reads the collectivité named by `?collectivite=`.
    private func scope(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> (owner: String, buildings: [Building]) {
        if demo { return (RenovationSetup.demoOwner, try await setup.value.demo) }
        guard let user = context.user else {
            throw WebError.unauthorized("Connectez-vous (ou utilisez un jeton d'API) pour lire l'inventaire de votre collectivité.")
        }
        var owner = user.owner
        if user.role == .operateur, let asked = try Query(request.uri.query)["collectivite"], let o = Owner(asked) { owner = o }
        guard user.canRead(owner), owner != .operateur else { throw WebError.notFound("Aucun inventaire de bâtiments pour ce compte.") }
        return (owner.description, try await store.buildings(owner: owner.description))
    }

    /// A weight of the query that was not used, in French: what was wrong, and what the page does instead.
    /// `allZero`: each weight was valid, together they rank nothing.
    struct RefusedWeight: Equatable {
        let problem: String, fallback: String
        var allZero = false
    }

    /// The weights of the query (the page's form, the API), each between 0 and 1000, and what was refused: a
    /// weight that is not such a number keeps its default, and all weights at zero (every building would score
    /// 0, the order would mean nothing) give the default weights.
    static func readWeights(_ query: Query) -> (weights: [Criterion: Double], refused: [RefusedWeight]) {
        var w = Criterion.defaultWeights, refused: [RefusedWeight] = []
        for c in Criterion.allCases {
            guard let text = query["w_\(c.rawValue)"] else { continue }
            guard let v = FrenchNumber.parse(text), v >= 0, v <= 1000 else {
                refused.append(.init(problem: "Poids « \(c.label) » (w_\(c.rawValue)) refusé : « \(text.prefix(20)) » n'est pas un nombre entre 0 et 1\u{202F}000.",
                                     fallback: "Son poids par défaut (\(weightText(c.defaultWeight))) est appliqué."))
                continue
            }
            w[c] = v
        }
        if w.values.allSatisfy({ $0 == 0 }) {
            refused.append(.init(problem: "Tous les poids sont à zéro : chaque bâtiment aurait le score 0 et l'ordre ne voudrait rien dire.",
                                 fallback: "Les poids par défaut sont appliqués.", allZero: true))
            w = Criterion.defaultWeights
        }
        return (w, refused)
    }

    /// The weights of an export, a building's sheet or the API: a weight that is not a number between 0 and
    /// 1,000 is a 400 rather than a ranking silently made with another weight than the one asked for; all at
    /// zero, each allowed by the API's document, rank with the default weights as the document says. The
    /// inventory page (`lenient`) says what it refused and ranks with the defaults instead.
    private func weights(_ query: Query, lenient: Bool = false) throws -> [Criterion: Double] {
        let (weights, refused) = Self.readWeights(query)
        let invalid = refused.filter { !$0.allZero }
        guard lenient || invalid.isEmpty else { throw WebError.badRequest(invalid.map(\.problem).joined(separator: " ")) }
        return weights
    }

    /// The filters of the query. An empty value is "all" (the form's first option); an unknown one is a 400.
    private struct Filters {
        var usage: Usage?, label: String?, provenance: Provenance?, commune: String?
        init(_ q: Query) throws {
            func value<T>(_ key: String, _ parse: (String) -> T?, expected: String) throws -> T? {
                guard let text = q[key], !text.isEmpty else { return nil }
                guard let parsed = parse(text) else {
                    throw WebError.badRequest("Valeur inconnue « \(text.prefix(20)) » pour « \(key) » ; valeurs possibles : \(expected).")
                }
                return parsed
            }
            usage = try value("usage", Usage.init(rawValue:), expected: Usage.allCases.map(\.rawValue).joined(separator: ", "))
            label = try value("etiquette", { LabelScale.letters.contains($0) ? $0 : nil }, expected: LabelScale.letters.joined(separator: ", "))
            provenance = try value("provenance", Provenance.init(rawValue:), expected: "mesure, dpe, estimation")
            commune = try value("commune", { InseeCode.isCommuneCode($0) ? $0 : nil }, expected: "un code INSEE de commune (5 caractères)")
        }
        func keep(_ r: RankedBuilding) -> Bool {
            (usage == nil || r.building.usage == usage) && (label == nil || r.assessment.label == label)
                && (provenance == nil || r.assessment.provenance == provenance) && (commune == nil || r.building.communeCode == commune)
        }
    }

    /// The query in one form, for the page's links and the demo's page cache: the weights that differ from
    /// the default, then the filters and, for an inventory, the operator's `collectivite`, in a fixed order; any
    /// other parameter is dropped. Equivalent addresses thus share one cached page.
    func canonicalQuery(_ query: Query, demo: Bool) throws -> String {
        let w = Self.readWeights(query).weights, filters = try Filters(query)
        var items: [(String, String)] = Criterion.allCases.compactMap { c in
            guard let v = w[c], v != c.defaultWeight else { return nil }
            return ("w_\(c.rawValue)", Self.weightText(v))
        }
        items += [("usage", filters.usage?.rawValue), ("etiquette", filters.label), ("provenance", filters.provenance?.rawValue),
                  ("commune", filters.commune), ("collectivite", demo ? nil : query["collectivite"])].compactMap { key, value in value.map { (key, $0) } }
        return items.isEmpty ? "" : "?" + items.map { "\($0)=\(Self.pathComponent($1))" }.joined(separator: "&")
    }

    /// A weight as a number field and the query carry it ("1000", "2.5"): no thousands separator, a point.
    static func weightText(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }

    func ranked(_ request: Request, _ context: AppRequestContext, demo: Bool, lenient: Bool = false) async throws
        -> (owner: String, all: [RankedBuilding], shown: [RankedBuilding], query: Query) {
        let (owner, buildings) = try await scope(request, context, demo: demo)
        let query = try Query(request.uri.query)
        let weights = try weights(query, lenient: lenient), setup = try await setup.value
        let all = demo ? Ranking.rank(buildings, try await self.demo.assessments.value, weights: weights, national: setup.national)
            : setup.ranked(buildings, weights: weights)
        let filters = try Filters(query)
        return (owner, all, all.filter(filters.keep), query)
    }

    // MARK: Pages

    @Sendable func landing(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let user = context.user, user.role != .operateur { return Response.redirect(to: Self.ownBase, type: .normal) }
        return Response.redirect(to: Self.demoBase, type: .normal)
    }


    /// Pages of a private inventory send an anonymous visitor to the sign-in page.
    private func mustSignIn(_ context: AppRequestContext, demo: Bool) -> Response? {
        demo || context.user != nil ? nil : .redirect(to: "/connexion", type: .normal)
    }

    @Sendable func inventory(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        if let signIn = mustSignIn(context, demo: demo) { return signIn }
        let query = try Query(request.uri.query)
        let canonical = try canonicalQuery(query, demo: demo)
        // The demo page depends on the query (data fixed at start-up), on what it invites the visitor to do and on
        // the menu around it: rendered once for each. A page that says what it refused is not kept (its canonical
        // query, without the refused weights, is another page's).
        if demo && Self.readWeights(query).refused.isEmpty {
            let key = "\(canonical)|\(DemoInvitation(context.user))|\(Audience.current)"
            return try await self.demo.pages.response(key, request: request) { try await inventoryHTML(request, context, demo: true, query: canonical) }
        }
        return .html(try await inventoryHTML(request, context, demo: demo, query: canonical))
    }

    /// The inventory page; its links carry `rawQuery`, the canonical form of the request's query.
    private func inventoryHTML(_ request: Request, _ context: AppRequestContext, demo: Bool, query rawQuery: String) async throws -> String {
        let (owner, all, shown, query) = try await ranked(request, context, demo: demo, lenient: true)
        let setup = try await setup.value
        let base = demo ? Self.demoBase : Self.ownBase
        // A page lists the first 500 of the ranking (the exports and the API give them all).
        let listed = shown.prefix(Self.pageRows)
        let rows = listed.map { r in
            InventoryPage.Row(
                rank: Format.integer(r.rank), id: r.building.id, name: r.building.name, href: "\(base)/batiments/\(Self.pathComponent(r.building.id))\(rawQuery)",
                commune: referential.communeLabel(r.building.communeCode), usage: r.building.usage.label, area: RenovationFormat.int(r.building.area),
                intensity: RenovationFormat.int(r.assessment.primaryPerM2), label: r.assessment.label,
                provenance: r.assessment.provenance.label, provenanceClass: r.assessment.provenance.rawValue,
                score: RenovationFormat.decimal(r.score), why: r.why,
                interval: r.assessment.provenance == .estimation ? r.assessment.expected.map { "\(RenovationFormat.int($0.low)) et \(RenovationFormat.int($0.high))" } : nil,
                ratio: r.assessment.ratioToExpected.map { "×\(RenovationFormat.decimal($0))" })
        }
        let (w, refused) = Self.readWeights(query)
        let communes = Set(all.map(\.building.communeCode)).sorted().map { InventoryPage.Option(value: $0, label: referential.communeLabel($0), selected: query["commune"] == $0) }
        let title = demo ? "Démonstration : bâtiments publics réels issus des DPE ADEME" : "Bâtiments de \(Owner(owner).map(referential.ownerLabel) ?? owner)"
        let (map, mapNote) = try await buildingMap(Array(listed), base: base, rawQuery: rawQuery)
        let invitation = DemoInvitation(context.user)
        let model = InventoryPage(
            title: title, isDemo: demo, canImport: !demo && (context.user?.canWrite(context.user!.owner) ?? false),
            inviteSignIn: invitation == .signIn, inviteImport: invitation == .importOwn, inviteRead: invitation == .readOwn, base: base,
            count: Format.integer(shown.count), listed: Format.integer(rows.count), total: Format.integer(all.count), rows: rows, truncated: rows.count < shown.count, isEmpty: all.isEmpty,
            weights: Criterion.allCases.map { .init(key: "w_\($0.rawValue)", label: $0.label, value: Self.weightText(w[$0] ?? 0)) },
            refusedWeights: refused.map { "\($0.problem) \($0.fallback)" },
            usages: Usage.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: query["usage"] == $0.rawValue) },
            labels: LabelScale.letters.map { .init(value: $0, label: $0, selected: query["etiquette"] == $0) },
            provenances: [Provenance.mesure, .dpe, .estimation].map { .init(value: $0.rawValue, label: $0.label, selected: query["provenance"] == $0.rawValue) },
            communes: communes, query: rawQuery, collectivite: demo ? nil : query["collectivite"], map: map, mapNote: mapNote,
            measured: Format.integer(all.filter { $0.assessment.provenance == .mesure }.count),
            estimated: Format.integer(all.filter { $0.assessment.provenance == .estimation }.count),
            fromDPE: Format.integer(all.filter { $0.assessment.provenance == .dpe }.count), modelMissing: setup.model == nil,
            absent: Self.absentData)
        return views.render("renovation", model, title: title, breadcrumbs: [Link.home], sources: [DataSources.dpeTertiaire, DataSources.degresJours])
    }

    /// Said on every inventory page: what the tool does not have.
    static let absentData = [
        "Consommations des compteurs Enedis et GRDF : non disponibles ici ; importez vos factures ou relevés.",
        "BDNB (CSTB) et déclarations OPERAT : non raccordées ; les références nationales viennent des seuls DPE tertiaires ADEME.",
        "Valeurs absolues « Cabs » du décret tertiaire : non chargées ; l'exposition au décret est signalée par la surface (≥ 1 000 m²).",
    ]

    static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? id
    }

    @Sendable func sheet(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        if let signIn = mustSignIn(context, demo: demo) { return signIn }
        let id = try context.parameters.decoded("id")
        let (_, all, _, _) = try await ranked(request, context, demo: demo)
        guard let r = all.first(where: { $0.building.id == id }) else { throw WebError.notFound("Aucun bâtiment « \(id.prefix(40)) » dans cet inventaire.") }
        // The ranking's assessment, now with the estimate's reasons.
        let b = r.building, a = try await setup.value.assess(b)
        let base = demo ? Self.demoBase : Self.ownBase
        func line(_ label: String, _ value: String?) -> BuildingPage.Line? { value.map { .init(label: label, value: $0) } }
        let identity = [
            line("Identifiant", b.id), line("Commune", referential.communeLabel(b.communeCode)), line("Adresse", b.address),
            line("Usage", "\(b.usage.label) — secteurs DPE : \(b.usage.dpeSectors)"), line("Surface", "\(RenovationFormat.int(b.area)) m²"),
            line("Année de construction", b.constructionYear.map(String.init) ?? "inconnue"),
            line("Énergie de chauffage", b.heatingEnergy?.label ?? "inconnue"),
            line("DPE existant", b.dpe.map { d in [d.number.map { "n° \($0)" }, d.kWhEPPerM2.map { "\(RenovationFormat.int($0)) kWhEP/m²/an" }, d.label.map { "étiquette \($0)" }]
                .compactMap { $0 }.joined(separator: ", ") }.flatMap { $0.isEmpty ? nil : $0 } ?? "aucun"),
            line("Patrimoine protégé", b.heritage ? "oui (modulation possible des objectifs du décret tertiaire)" : "non indiqué"),
            line("Source", b.source),
        ].compactMap { $0 }
        let figures = [
            line("Énergie primaire", "\(RenovationFormat.int(a.primaryKWh / 1000)) MWhEP/an (\(a.provenance.label))"),
            line("Intensité", "\(RenovationFormat.int(a.primaryPerM2)) kWhEP/m²/an"),
            line("Énergie finale", a.finalKWh.map { "\(RenovationFormat.int($0 / 1000)) MWh/an, \(RenovationFormat.int(a.finalPerM2!)) kWh/m²/an" }),
            line("Énergie finale corrigée du climat", a.climateCorrectedFinalPerM2.map { "\(RenovationFormat.int($0)) kWh/m²/an" }),
            line("Émissions de gaz à effet de serre", a.ghgKg.map { "\(RenovationFormat.decimal($0 / 1000)) tCO₂e/an, \(RenovationFormat.decimal($0 / b.area)) kgCO₂e/m²\(a.ghgPartial ? " (partiel)" : "")" }),
            line("Étiquette climat", a.ghgLabel),
            line("Année des consommations", a.year.map(String.init)),
        ].compactMap { $0 }
        var benchmarks: [BuildingPage.Line] = []
        if let p = r.localPercentile { benchmarks.append(.init(label: "Parmi les bâtiments « \(b.usage.label) » de l'inventaire", value: "plus consommateur que \(RenovationFormat.percent(p)) d'entre eux")) }
        if let p = r.nationalPercentile {
            let n = try await setup.value.national?.count(b.usage.rawValue) ?? 0
            benchmarks.append(.init(label: "Parmi \(RenovationFormat.int(Double(n))) DPE tertiaires ADEME du même usage", value: "plus consommateur que \(RenovationFormat.percent(p)) d'entre eux"))
        }
        let e = a.expected
        var flag: String?
        if let ratio = a.ratioToExpected, let e, a.primaryPerM2 > e.high {
            flag = "Consommation \(RenovationFormat.decimal(ratio)) fois supérieure à l'attendu pour ce type de bâtiment, au-delà de l'intervalle à 80 % (\(RenovationFormat.int(e.low)) à \(RenovationFormat.int(e.high)) kWhEP/m²/an) : à examiner en priorité."
        }
        let model = BuildingPage(
            name: b.name, isDemo: demo, base: base, provenance: a.provenance.label, provenanceClass: a.provenance.rawValue,
            isEstimate: a.provenance == .estimation, identity: identity, figures: figures, notes: a.notes, label: a.label, labelScale: b.usage.scale.label,
            estimate: e.map { RenovationFormat.int($0.kWhEPPerM2) }, interval: e.map { "\(RenovationFormat.int($0.low)) et \(RenovationFormat.int($0.high))" },
            reasons: e?.reasons.map { .init(text: $0.text) } ?? [], flag: flag, rank: Format.integer(r.rank), of: Format.integer(all.count), score: RenovationFormat.decimal(r.score),
            why: r.why, benchmarks: benchmarks,
            decret: b.area >= 1000 ? "Soumis au décret tertiaire (\(RenovationFormat.int(b.area)) m² ≥ 1 000 m²) : −40 % d'énergie finale en 2030, −50 % en 2040, −60 % en 2050 par rapport à une année de référence 2010-2019, déclaration annuelle sur OPERAT."
                : "Non soumis au décret tertiaire (moins de 1 000 m²) ; concerné par la loi DDADUE (−1,9 %/an d'énergie finale pour les organismes publics) s'il dépasse 250 m².")
        return views.page("renovation-batiment", model, title: b.name,
                          breadcrumbs: [Link.home, Link(label: demo ? "Démonstration rénovation" : "Bâtiments", href: base)],
                          sources: [DataSources.dpeTertiaire, DataSources.degresJours])
    }

    // MARK: Map

    private func buildingMap(_ shown: [RankedBuilding], base: String, rawQuery: String) async throws -> (String?, String?) {
        guard !shown.isEmpty else { return (nil, nil) }
        let departements = Set(shown.map(\.building.departement))
        let layer: Maps.Layer?
        if departements.count == 1, let d = departements.first { layer = try await maps.communeShapes(ofDepartement: d) } else { layer = try await maps.mainlandDepartements() }
        guard let layer else { return (nil, nil) }
        var approximate = 0, outside = 0
        var dots = ""
        for r in shown.reversed() {
            var point: GeoPoint?
            if let lat = r.building.latitude, let lon = r.building.longitude { point = GeoPoint(longitude: lon, latitude: lat) }
            else if let c = try await maps.communeCentre(r.building.communeCode) { point = c; approximate += 1 }
            guard let point else { outside += 1; continue }
            let (x, y) = layer.projection.project(point)
            guard x >= 0, y >= 0, x <= layer.projection.width, y <= layer.projection.height else { outside += 1; continue }
            let href = "\(base)/batiments/\(Self.pathComponent(r.building.id))\(rawQuery)"
            dots += "<a href=\"\(XML.escape(href))\"><circle class=\"batiment etiquette-\(r.assessment.label)\" cx=\"\(x)\" cy=\"\(y)\" r=\"\(r.rank <= 10 ? 6 : 4)\">"
            dots += "<title>\(XML.escape("\(r.rank). \(r.building.name) — étiquette \(r.assessment.label), \(RenovationFormat.int(r.assessment.primaryPerM2)) kWhEP/m²/an"))</title></circle></a>"
        }
        let svg = SVGMap.document(layers: ["<g class=\"fond\">", layer.paths, "</g><g>", dots, "</g>"], projection: layer.projection,
                                  title: "Carte des bâtiments", description: "Chaque point est un bâtiment, coloré selon son étiquette énergie ; les dix premiers du classement sont plus gros.",
                                  id: "carte-batiments")
        var notes: [String] = []
        if approximate > 0 { notes.append("\(approximate) bâtiment(s) sans coordonnées placé(s) au centre de leur commune") }
        if outside > 0 { notes.append("\(outside) bâtiment(s) hors du cadre de la carte (outre-mer) ou sans position") }
        return (svg, notes.isEmpty ? nil : notes.joined(separator: " ; ") + ".")
    }

    // MARK: Exports

    static let exportHeader = ["rang", "score", "identifiant", "nom", "commune", "usage", "surface_m2", "annee_construction", "provenance",
                               "energie_primaire_kwhep_an", "intensite_kwhep_m2_an", "etiquette", "attendu_kwhep_m2_an", "intervalle_bas", "intervalle_haut",
                               "ges_kgco2e_an", "pourquoi"]

    static func exportRow(_ r: RankedBuilding) -> [FrenchCSV.Cell] {
        let a = r.assessment, b = r.building
        func n(_ x: Double?, _ d: Int = 0) -> FrenchCSV.Cell { x.map { .number($0, decimals: d) } ?? .empty }
        return [.integer(r.rank), n(r.score, 1), .text(b.id), .text(b.name), .text(b.communeCode), .text(b.usage.rawValue), n(b.area),
                b.constructionYear.map(FrenchCSV.Cell.integer) ?? .empty, .text(a.provenance.rawValue), n(a.primaryKWh), n(a.primaryPerM2, 1),
                .text(a.label), n(a.expected?.kWhEPPerM2, 1), n(a.expected?.low, 1), n(a.expected?.high, 1), n(a.ghgKg),
                .text(r.why.joined(separator: " | "))]
    }

    @Sendable func csv(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        let (_, _, shown, _) = try await ranked(request, context, demo: demo)
        return Response.csv(FrenchCSV.document(header: Self.exportHeader, rows: shown.map(Self.exportRow)),
                            filename: demo ? "batiments-demonstration.csv" : "batiments.csv")
    }

    @Sendable func geojson(_ request: Request, _ context: AppRequestContext, demo: Bool) async throws -> Response {
        let (_, _, shown, _) = try await ranked(request, context, demo: demo)
        var features: [GeoFeature] = []
        for r in shown {
            var point: GeoPoint?, position: String?
            if let lat = r.building.latitude, let lon = r.building.longitude {
                (point, position) = (GeoPoint(longitude: lon, latitude: lat), "coordonnées du bâtiment")
            } else {
                point = try await maps.communeCentre(r.building.communeCode)
                position = point == nil ? nil : "centre de la commune"
            }
            // GIS tools read numbers as JSON numbers, not French text ("191,1").
            var properties = Dictionary(uniqueKeysWithValues: zip(Self.exportHeader, Self.exportRow(r).map { cell -> GeoFeature.Value in
                if let number = cell.number { return .number(number) }
                return cell.value.isEmpty ? .none : .text(cell.value)
            }))
            properties["position"] = position.map(GeoFeature.Value.text) ?? GeoFeature.Value.none
            features.append(GeoFeature(geometry: point.map { .init(coordinates: [$0.longitude, $0.latitude]) }, properties: properties))
        }
        var response = try Response.json(GeoCollection(features: features))
        response.headers[.contentType] = "application/geo+json; charset=utf-8"
        response.headers[.contentDisposition] = "attachment; filename=\"\(demo ? "batiments-demonstration" : "batiments").geojson\""
        return response
    }

    struct GeoCollection: Encodable { var type = "FeatureCollection"; let features: [GeoFeature] }
    struct GeoFeature: Encodable {
        struct Point: Encodable { var type = "Point"; let coordinates: [Double] }
        /// A property: a number, a text, or null when the building has no such value.
        enum Value: Encodable {
            case number(Double), text(String), none

            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .number(let n): try container.encode(n)
                case .text(let t): try container.encode(t)
                case .none: try container.encodeNil()
                }
            }
        }
        var type = "Feature"
        let geometry: Point?
        let properties: [String: Value]
    }
}
