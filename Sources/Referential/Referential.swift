/// The whole referential in memory, with the indexes the pages need. Built once at start-up from storage;
/// read-only afterwards, so it is shared freely between requests.
public struct Referential: Sendable {
    public let regions: [Region]
    public let departements: [Departement]
    public let epcis: [EPCI]
    /// Communes (TYPECOM = COM), sorted by code.
    public let communes: [Commune]
    public let search: CommuneSearch

    private let communeIndex: [String: Int]
    private let subCommuneParent: [String: String]
    private let regionIndex: [String: Int]
    private let departementIndex: [String: Int]
    private let epciIndex: [String: Int]
    private let communesByDepartement: [String: [Int]]

    public init(regions: [Region], departements: [Departement], epcis: [EPCI], communes: [Commune]) {
        let communes = communes.sorted { $0.code < $1.code }
        self.regions = regions.sorted { $0.code < $1.code }
        self.departements = departements.sorted { $0.code < $1.code }
        self.epcis = epcis.sorted { $0.siren < $1.siren }
        self.communes = communes
        communeIndex = Dictionary(uniqueKeysWithValues: self.communes.enumerated().map { ($1.code, $0) })
        regionIndex = Dictionary(uniqueKeysWithValues: self.regions.enumerated().map { ($1.code, $0) })
        departementIndex = Dictionary(uniqueKeysWithValues: self.departements.enumerated().map { ($1.code, $0) })
        epciIndex = Dictionary(uniqueKeysWithValues: self.epcis.enumerated().map { ($1.siren, $0) })
        communesByDepartement = Dictionary(grouping: self.communes.indices, by: { communes[$0].departementCode })
        var parents: [String: String] = [:]
        for commune in self.communes {
            // A commune déléguée often keeps the code of the commune nouvelle: the commune wins.
            for sub in commune.subCommunes where sub.code != commune.code { parents[sub.code] = commune.code }
        }
        subCommuneParent = parents
        search = CommuneSearch(communes: communes)
    }

    public func commune(_ code: String) -> Commune? { communeIndex[code].map { communes[$0] } }

    /// The position of a commune in `communes`, for data aligned on that order.
    public func communeIndex(_ code: String) -> Int? { communeIndex[code] }

    /// The commune a code of an arrondissement, commune déléguée or associée belongs to.
    public func parentCommune(ofSubCode code: String) -> Commune? { subCommuneParent[code].flatMap(commune) }

    public func region(_ code: String) -> Region? { regionIndex[code].map { regions[$0] } }
    public func departement(_ code: String) -> Departement? { departementIndex[code].map { departements[$0] } }
    public func epci(_ siren: String) -> EPCI? { epciIndex[siren].map { epcis[$0] } }

    public func communes(inDepartement code: String) -> [Commune] {
        (communesByDepartement[code] ?? []).map { communes[$0] }
    }

    public func departements(inRegion code: String) -> [Departement] {
        departements.filter { $0.regionCode == code }
    }

    public func epcis(inDepartement code: String) -> [EPCI] {
        epcis.filter { $0.departementCode == code }
    }

    public func members(of epci: EPCI) -> [Commune] { epci.memberCodes.compactMap(commune) }

    public func communes(in programme: Programme) -> [Commune] { communes.filter { $0.isMember(of: programme) } }

    public func population(ofDepartement code: String) -> Int {
        communes(inDepartement: code).reduce(0) { $0 + $1.population }
    }

    public func population(ofRegion code: String) -> Int {
        departements(inRegion: code).reduce(0) { $0 + population(ofDepartement: $1.code) }
    }
}
