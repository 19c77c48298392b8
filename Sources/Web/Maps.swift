import Cartography
import Referential
import Synchronization

/// Server-rendered SVG maps. Drawing a département means projecting a few hundred outlines; that base layer
/// is the same for every commune of the département, so it is drawn once and kept, and a commune's card only
/// adds its own outline and its neighbours' on top.
final class Maps: Sendable {
    private let referential: Referential
    private let store: any ShapeStore

    struct Layer: Sendable {
        let projection: Projection
        let paths: String
        let shapes: [String: Shape]
    }

    private let layers = Mutex<[String: Layer]>([:])

    init(referential: Referential, store: any ShapeStore) {
        self.referential = referential
        self.store = store
    }

    private func cached(_ key: String, build: () async throws -> Layer?) async throws -> Layer? {
        if let layer = layers.withLock({ $0[key] }) { return layer }
        guard let layer = try await build() else { return nil }
        layers.withLock { $0[key] = layer }
        return layer
    }

    /// All communes of a département, each linked to its card, in the département's frame.
    private func departementLayer(_ code: String, highlightPVD: Bool) async throws -> Layer? {
        try await cached("\(highlightPVD ? "pvd" : "base"):\(code)") {
            let communes = referential.communes(inDepartement: code)
            let shapes = try await store.shapes(.commune, codes: communes.map(\.code))
            guard let box = Shape.boundingBox(of: shapes.values) else { return nil }
            let projection = Projection(fitting: box, width: 640, maxHeight: 560)
            let features = communes.compactMap { c in
                shapes[c.code].map {
                    MapFeature(shape: $0, cssClass: highlightPVD && c.isPVD ? "commune pvd" : "commune",
                               label: highlightPVD && c.isPVD ? "\(c.name) (Petites Villes de Demain)" : c.name,
                               href: "/communes/\(c.code)")
                }
            }
            return Layer(projection: projection, paths: SVGMap.paths(features, projection), shapes: shapes)
        }
    }

    /// The outlines and frame of a département's communes (for choropleths).
    func communeShapes(ofDepartement code: String) async throws -> Layer? {
        try await departementLayer(code, highlightPVD: false)
    }

    /// The Petites Villes de Demain of mainland France, over the outlines of the mainland départements.
    func mainlandPVDShapes() async throws -> Layer? {
        try await cached("pvd-metropole") {
            let pvd = referential.communes(in: .petitesVillesDeDemain).filter { !$0.departementCode.hasPrefix("97") }
            let shapes = try await store.shapes(.commune, codes: pvd.map(\.code))
            let mainland = referential.departements.filter { !$0.code.hasPrefix("97") }
            let outlines = try await store.shapes(.departement, codes: mainland.map(\.code))
            guard let box = Shape.boundingBox(of: outlines.values) else { return nil }
            let projection = Projection(fitting: box, width: 640, maxHeight: 640)
            let background = SVGMap.paths(mainland.compactMap { d in outlines[d.code].map { MapFeature(shape: $0, cssClass: "departement", label: d.name) } }, projection)
            return Layer(projection: projection, paths: background, shapes: shapes)
        }
    }

    /// The outlines of all départements (overseas moved near the mainland).
    func departementShapes() async throws -> Layer? {
        try await cached("departements") {
            let shapes = try await store.shapes(.departement, codes: referential.departements.map(\.code))
            guard let box = Shape.boundingBox(of: shapes.values) else { return nil }
            return Layer(projection: Projection(fitting: box, width: 640, maxHeight: 600), paths: "", shapes: shapes)
        }
    }

    /// The outlines of mainland départements, for maps of points spread over France.
    func mainlandDepartements() async throws -> Layer? {
        try await cached("metropole") {
            let mainland = referential.departements.filter { !$0.code.hasPrefix("97") }
            let outlines = try await store.shapes(.departement, codes: mainland.map(\.code))
            guard let box = Shape.boundingBox(of: outlines.values) else { return nil }
            let projection = Projection(fitting: box, width: 640, maxHeight: 640)
            let paths = SVGMap.paths(mainland.compactMap { d in outlines[d.code].map { MapFeature(shape: $0, cssClass: "departement", label: d.name) } }, projection)
            return Layer(projection: projection, paths: paths, shapes: [:])
        }
    }

    /// The centre of a commune's outline (of its bounding box), for things located only by their commune.
    func communeCentre(_ code: String) async throws -> GeoPoint? {
        try await store.shapes(.commune, codes: [code])[code].flatMap { Shape.boundingBox(of: [$0])?.center }
    }

    /// Draws every département's base layer ahead of the first visitor.
    func warm() async throws {
        for departement in referential.departements {
            _ = try await departementLayer(departement.code, highlightPVD: false)
        }
    }

    /// The commune in its département, with its neighbours (also those across the département's border).
    func commune(_ commune: Commune, standalone: Bool = false) async throws -> String? {
        guard let base = try await departementLayer(commune.departementCode, highlightPVD: false),
              let shape = base.shapes[commune.code] else { return nil }
        let outside = commune.neighbours.filter { base.shapes[$0] == nil }
        let outsideShapes = try await store.shapes(.commune, codes: outside)
        let neighbours = commune.neighbours.compactMap { code -> MapFeature? in
            guard let n = referential.commune(code), let s = base.shapes[code] ?? outsideShapes[code] else { return nil }
            return MapFeature(shape: s, cssClass: "commune voisine", label: "\(n.name) (commune limitrophe)", href: "/communes/\(code)")
        }
        let highlight = SVGMap.paths(neighbours + [MapFeature(shape: shape, cssClass: "commune choisie", label: commune.name)],
                                     base.projection)
        let departement = referential.departement(commune.departementCode)?.name ?? commune.departementCode
        return SVGMap.document(
            layers: ["<g class=\"fond\">", base.paths, "</g><g>", highlight, "</g>"], projection: base.projection,
            title: "\(commune.name) dans le département \(departement)",
            description: "Carte des communes du département \(departement) ; \(commune.name) est en couleur foncée, ses \(neighbours.count) communes limitrophes en couleur claire.",
            id: "carte-\(commune.code)", style: standalone ? SVGMap.standaloneStyle : nil)
    }

    /// A département's communes, Petites Villes de Demain highlighted.
    func departement(_ departement: Departement) async throws -> String? {
        guard let layer = try await departementLayer(departement.code, highlightPVD: true) else { return nil }
        return SVGMap.document(
            layers: [layer.paths], projection: layer.projection, title: "Communes du département \(departement.name)",
            description: "Carte des communes du département \(departement.name) ; les communes Petites Villes de Demain sont en couleur.",
            id: "carte-dep-\(departement.code)")
    }

    /// An EPCI's member communes in the EPCI's frame, PVD highlighted; their outlines kept for choropleths.
    private func epciLayer(_ epci: EPCI) async throws -> Layer? {
        try await cached("epci:\(epci.siren)") {
            let shapes = try await store.shapes(.commune, codes: epci.memberCodes)
            guard let box = Shape.boundingBox(of: shapes.values) else { return nil }
            let projection = Projection(fitting: box, width: 640, maxHeight: 560)
            let features = referential.members(of: epci).compactMap { c in
                shapes[c.code].map { MapFeature(shape: $0, cssClass: c.isPVD ? "commune pvd" : "commune", label: c.name, href: "/communes/\(c.code)") }
            }
            return Layer(projection: projection, paths: SVGMap.paths(features, projection), shapes: shapes)
        }
    }

    /// The outlines and frame of an EPCI's member communes (for choropleths).
    func communeShapes(ofEPCI epci: EPCI) async throws -> Layer? {
        try await epciLayer(epci)
    }

    /// An EPCI's member communes.
    func epci(_ epci: EPCI) async throws -> String? {
        guard let layer = try await epciLayer(epci) else { return nil }
        return SVGMap.document(
            layers: [layer.paths], projection: layer.projection, title: "Communes membres de \(epci.name)",
            description: "Carte des \(epci.memberCodes.count) communes membres ; les communes Petites Villes de Demain sont en couleur.",
            id: "carte-epci-\(epci.siren)")
    }

    /// Outlines of départements (ANCT, overseas moved near mainland) linked to their pages.
    private func departementsLayer(_ key: String, _ departements: [Departement]) async throws -> Layer? {
        try await cached(key) {
            let shapes = try await store.shapes(.departement, codes: departements.map(\.code))
            guard let box = Shape.boundingBox(of: shapes.values) else { return nil }
            let projection = Projection(fitting: box, width: 640, maxHeight: 600)
            let features = departements.compactMap { d in
                shapes[d.code].map { MapFeature(shape: $0, cssClass: "departement", label: "\(d.name) (\(d.code))", href: "/departements/\(d.code)") }
            }
            return Layer(projection: projection, paths: SVGMap.paths(features, projection), shapes: [:])
        }
    }

    func region(_ region: Region) async throws -> String? {
        guard let layer = try await departementsLayer("reg:\(region.code)", referential.departements(inRegion: region.code)) else { return nil }
        return SVGMap.document(layers: [layer.paths], projection: layer.projection, title: "Départements de la région \(region.name)",
                               description: "Carte des départements de la région \(region.name), chacun menant à sa page.",
                               id: "carte-reg-\(region.code)")
    }

    func france() async throws -> String? {
        guard let layer = try await departementsLayer("france", referential.departements) else { return nil }
        return SVGMap.document(layers: [layer.paths], projection: layer.projection, title: "Départements de France",
                               description: "Carte des 101 départements, les départements d'outre-mer rapprochés de la métropole ; chacun mène à sa page.",
                               id: "carte-france")
    }
}
