import Referential

/// The JSON shapes of the API (documented in Public/openapi.json). Properties are named in English as the code
/// is, and written in French by `APIJSON` (`name` is `nom`); values as in the sources; every response names its sources.
enum API {
    /// An optional field written as null when absent (a plain optional is left out), so clients always find the key.
    struct Nullable<Wrapped: Encodable>: Encodable {
        let wrapped: Wrapped?

        init(_ wrapped: Wrapped?) { self.wrapped = wrapped }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let wrapped { try container.encode(wrapped) } else { try container.encodeNil() }
        }
    }

    struct Reference: Encodable {
        let code: String
        let name: String
    }

    struct SourceRef: Encodable {
        let id: String
        let citation: String
        let licence: String
        let url: String

        init(_ source: DataSource) {
            id = source.id
            citation = source.citation
            licence = source.licence
            url = source.url
        }
    }

    struct CommuneSummary: Encodable {
        let code: String
        let name: String
        let departement: String
        let population: Int
        let pvd: Bool
        let url: String

        init(_ c: Commune) {
            code = c.code
            name = c.name
            departement = c.departementCode
            population = c.population
            pvd = c.isPVD
            url = "/api/v1/communes/\(c.code)"
        }
    }

    struct SearchHit: Encodable {
        let commune: CommuneSummary
        let departementName: String?
        let matched: SubCommuneDTO?
    }

    struct SearchResult: Encodable {
        let query: String
        let count: Int
        let results: [SearchHit]
    }

    struct CommuneList: Encodable {
        let total: Int
        let page: Int
        let perPage: Int
        let communes: [CommuneSummary]
        let sources: [SourceRef]
    }

    struct Population: Encodable {
        let municipale: Int
        let totale: Int?
        let vintage: String
    }

    struct ProgrammeDTO: Encodable {
        let code: String
        let label: String
        let identifiers: [String]
    }

    struct SubCommuneDTO: Encodable {
        let kind: String
        let code: String
        let name: String
        let population: Int?

        init(_ s: SubCommune) {
            kind = s.kind.rawValue
            code = s.code
            name = s.name
            population = s.population
        }
    }

    struct EPCIRef: Encodable {
        let siren: String
        let name: String
        let nature: String
    }

    struct CommuneDetail: Encodable {
        let code: String
        let name: String
        let departement: Reference?
        let region: Reference?
        let epci: EPCIRef?
        let population: Population
        let programmes: [ProgrammeDTO]
        let ort: ORT?
        let townHall: TownHall?
        let neighbours: [Reference]
        let subCommunes: [SubCommuneDTO]
        let page: String
        let map: String
        let sources: [SourceRef]
    }

    struct EPCIDetail: Encodable {
        let siren: String
        let name: String
        let nature: String
        let natureLabel: String
        let taxRegime: String
        let departement: Reference?
        let population: Int
        let members: [CommuneSummary]
        let page: String
        let sources: [SourceRef]
    }

    struct DepartementDetail: Encodable {
        let code: String
        let name: String
        let region: Reference?
        let chefLieu: Reference?
        let population: Int
        let communeCount: Int
        let pvdCount: Int
        let epcis: [EPCIRef]
        let communes: [CommuneSummary]
        let page: String
        let sources: [SourceRef]
    }

    struct RegionDetail: Encodable {
        let code: String
        let name: String
        let chefLieu: Reference?
        let population: Int
        let departements: [Reference]
        let page: String
        let sources: [SourceRef]
    }

    struct ProgrammeCount: Encodable {
        let code: String
        let label: String
        let communes: Int
    }
}
