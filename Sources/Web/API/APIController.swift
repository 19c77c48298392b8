import Hummingbird
import Referential

/// `/api/v1/…`: the same facts as the pages, as JSON.
struct APIController<Context: RequestContext>: Sendable {
    let referential: Referential
    let store: any ReferentialStore
    let files: StaticFiles

    func register(on router: Router<Context>) {
        router.get("/api/openapi.json") { request, _ in try files.response("openapi.json", request: request) }
        let api = router.group("/api/v1")
        api.get("recherche", use: search)
        api.get("communes", use: communes)
        api.get("communes/{code}", use: commune)
        api.get("epci", use: epcis)
        api.get("epci/{siren}", use: epci)
        api.get("departements", use: departements)
        api.get("departements/{code}", use: departement)
        api.get("regions", use: regions)
        api.get("regions/{code}", use: region)
        api.get("programmes", use: programmes)
    }

    private func reference(_ d: Departement?) -> API.Reference? { d.map { API.Reference(code: $0.code, name: $0.name) } }
    private func reference(_ r: Region?) -> API.Reference? { r.map { API.Reference(code: $0.code, name: $0.name) } }
    private func reference(_ c: Commune?) -> API.Reference? { c.map { API.Reference(code: $0.code, name: $0.name) } }
    private func epciRef(_ e: EPCI) -> API.EPCIRef { API.EPCIRef(siren: e.siren, name: e.name, nature: e.nature.rawValue) }

    @Sendable func search(_ request: Request, context: Context) async throws -> Response {
        let query = try Query(request.uri.query)
        guard let text = try query.searchText() else {
            throw WebError.badRequest("Le paramètre « q » (nom ou code INSEE de la commune) est obligatoire.")
        }
        let limit = try query.integer("limit", in: 1...100) ?? 20
        let hits = referential.search.find(text, limit: limit)
        return try .json(API.SearchResult(query: text, count: hits.count, results: hits.map {
            API.SearchHit(commune: API.CommuneSummary($0.commune),
                          departementName: referential.departement($0.commune.departementCode)?.name,
                          matched: $0.matchedSubCommune.map(API.SubCommuneDTO.init))
        }))
    }

    /// All communes, filtered by programme, département, région or EPCI, a page at a time.
    @Sendable func communes(_ request: Request, context: Context) async throws -> Response {
        let query = try Query(request.uri.query)
        var selected = referential.communes
        if let code = query["programme"] {
            guard let programme = Programme(rawValue: code) else {
                throw WebError.badRequest("Programme inconnu « \(code.prefix(20)) » ; valeurs possibles : \(Programme.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            selected = selected.filter { $0.isMember(of: programme) }
        }
        // A malformed code is a 400 (as on the code's own route), an unknown one an empty list.
        if let typed = query["departement"] {
            let departement = try TypedCode.departement(typed)
            selected = selected.filter { $0.departementCode == departement }
        }
        if let typed = query["region"] {
            let region = try TypedCode.region(typed)
            selected = selected.filter { $0.regionCode == region }
        }
        if let typed = query["epci"] {
            let epci = try TypedCode.siren(typed)
            selected = selected.filter { $0.epciSiren == epci }
        }
        let perPage = try query.integer("per_page", in: 1...1000) ?? 100
        let page = try query.integer("page", in: 1...100_000) ?? 1
        let start = min((page - 1) * perPage, selected.count)
        let slice = selected[start..<min(start + perPage, selected.count)]
        return try .json(API.CommuneList(total: selected.count, page: page, perPage: perPage, communes: slice.map(API.CommuneSummary.init),
                                         sources: [DataSources.cog, DataSources.populations, DataSources.programmes].map(API.SourceRef.init)))
    }

    @Sendable func commune(_ request: Request, context: Context) async throws -> Response {
        let (c, subCommune) = try referential.commune(typed: try context.parameters.require("code"))
        // The API answers for communes only, and says which commune a sub-commune belongs to.
        if let code = subCommune { throw WebError.notFound("\(code) n'est pas une commune mais fait partie de \(c.name) (\(c.code)).") }
        let detail = API.CommuneDetail(
            code: c.code, name: c.name,
            departement: reference(referential.departement(c.departementCode)), region: reference(referential.region(c.regionCode)),
            epci: c.epciSiren.flatMap(referential.epci).map(epciRef),
            population: API.Population(municipale: c.population, totale: c.populationTotale, vintage: "2021 (en vigueur au 1er janvier 2024)"),
            programmes: c.programmes.map { API.ProgrammeDTO(code: $0.programme.rawValue, label: $0.programme.label, identifiers: $0.identifiers) },
            ort: c.ort, townHall: try await store.townHall(of: c.code),
            neighbours: c.neighbours.compactMap { reference(referential.commune($0)) },
            subCommunes: c.subCommunes.map(API.SubCommuneDTO.init),
            page: "/communes/\(c.code)", map: "/cartes/communes/\(c.code)",
            sources: CommunePage.sources.map(API.SourceRef.init))
        return try .json(detail)
    }

    @Sendable func epcis(_ request: Request, context: Context) async throws -> Response {
        try .json(referential.epcis.map(epciRef))
    }

    @Sendable func epci(_ request: Request, context: Context) async throws -> Response {
        let siren = try TypedCode.siren(try context.parameters.require("siren"))
        guard let e = referential.epci(siren) else { throw WebError.notFound("Aucun EPCI ne porte le SIREN \(siren).") }
        return try .json(API.EPCIDetail(
            siren: e.siren, name: e.name, nature: e.nature.rawValue, natureLabel: e.nature.label, taxRegime: e.taxRegime,
            departement: reference(referential.departement(e.departementCode)), population: e.population,
            members: referential.members(of: e).map(API.CommuneSummary.init), page: "/epci/\(e.siren)",
            sources: [DataSources.epci, DataSources.populations].map(API.SourceRef.init)))
    }

    @Sendable func departements(_ request: Request, context: Context) async throws -> Response {
        try .json(referential.departements.map { API.Reference(code: $0.code, name: $0.name) })
    }

    @Sendable func departement(_ request: Request, context: Context) async throws -> Response {
        let code = try TypedCode.departement(try context.parameters.require("code"))
        guard let d = referential.departement(code) else { throw WebError.notFound("Aucun département ne porte le code \(code).") }
        let communes = referential.communes(inDepartement: code)
        return try .json(API.DepartementDetail(
            code: d.code, name: d.name, region: reference(referential.region(d.regionCode)),
            chefLieu: reference(referential.commune(d.chefLieu)),
            population: communes.reduce(0) { $0 + $1.population }, communeCount: communes.count,
            pvdCount: communes.filter(\.isPVD).count, epcis: referential.epcis(inDepartement: code).map(epciRef),
            communes: communes.map(API.CommuneSummary.init), page: "/departements/\(code)",
            sources: [DataSources.cog, DataSources.populations, DataSources.epci, DataSources.programmes].map(API.SourceRef.init)))
    }

    @Sendable func regions(_ request: Request, context: Context) async throws -> Response {
        try .json(referential.regions.map { API.Reference(code: $0.code, name: $0.name) })
    }

    @Sendable func region(_ request: Request, context: Context) async throws -> Response {
        let code = try TypedCode.region(try context.parameters.require("code"))
        guard let r = referential.region(code) else { throw WebError.notFound("Aucune région ne porte le code \(code).") }
        return try .json(API.RegionDetail(
            code: r.code, name: r.name, chefLieu: reference(referential.commune(r.chefLieu)),
            population: referential.population(ofRegion: code),
            departements: referential.departements(inRegion: code).map { API.Reference(code: $0.code, name: $0.name) },
            page: "/regions/\(code)", sources: [DataSources.cog, DataSources.populations].map(API.SourceRef.init)))
    }

    @Sendable func programmes(_ request: Request, context: Context) async throws -> Response {
        try .json(Programme.allCases.map { API.ProgrammeCount(code: $0.rawValue, label: $0.label, communes: referential.communes(in: $0).count) })
    }
}
