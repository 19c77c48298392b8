import Foundation
import Tabular
import Synchronization

/// One year of one carrier's consumption, as the owner supplied it.
public struct Consumption: Codable, Sendable, Equatable {
    public let carrier: EnergyCarrier
    public let year: Int
    /// Final energy, kWh.
    public let kWh: Double
    /// What was read, before conversion ("12 500 m³"), for the provenance line.
    public let original: String
    /// The row of the imported file it was read on, while the import is checked (not stored).
    public let row: Int?

    public init(carrier: EnergyCarrier, year: Int, kWh: Double, original: String, row: Int? = nil) {
        self.carrier = carrier
        self.year = year
        self.kWh = kWh
        self.original = original
        self.row = row
    }

    /// The row is where a value came from, not part of it.
    public static func == (a: Consumption, b: Consumption) -> Bool {
        a.carrier == b.carrier && a.year == b.year && a.kWh == b.kWh && a.original == b.original
    }
    /// `original` with its number written the French way ("1224244,8 kWh" → "1 224 244,8 kWh", its decimals
    /// kept); as read when it does not start with a number.
    public var shown: String {
        guard let match = original.prefixMatch(of: /(-?[0-9][0-9 \u{A0}\u{202F}]*)(?:[,.]([0-9]+))?(?=\s|$)/),
              let value = FrenchNumber.parse(String(match.output.0)) else { return original }
        return Figures.decimal(value, match.output.2?.count ?? 0) + original[match.range.upperBound...]
    }
}

/// A DPE already issued for the building.
public struct ExistingDPE: Codable, Sendable, Equatable {
    public let number: String?
    public let kWhEPPerM2: Double?
    public let label: String?

    public init(number: String?, kWhEPPerM2: Double?, label: String?) {
        self.number = number
        self.kWhEPPerM2 = kWhEPPerM2
        self.label = label
    }
}

/// A public building of a collectivité's inventory. `owner` is the collectivité ("commune:29019"), so every
/// record is scoped to it.
public struct Building: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var owner: String
    public var name: String
    public var communeCode: String
    /// The municipal arrondissement (Paris, Lyon, Marseille) or commune déléguée the file gave, within the commune.
    public var communePart: String?
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    public var usage: Usage
    /// Floor area, m².
    public var area: Double
    public var constructionYear: Int?
    public var heatingEnergy: EnergyCarrier?
    public var consumptions: [Consumption]
    public var dpe: ExistingDPE?
    public var heritage: Bool
    /// Where the record comes from: the imported file, or the DPE it was taken from.
    public var source: String

    public init(id: String, owner: String, name: String, communeCode: String, communePart: String? = nil, address: String? = nil, latitude: Double? = nil,
                longitude: Double? = nil, usage: Usage, area: Double, constructionYear: Int? = nil, heatingEnergy: EnergyCarrier? = nil,
                consumptions: [Consumption] = [], dpe: ExistingDPE? = nil, heritage: Bool = false, source: String) {
        self.id = id
        self.owner = owner
        self.name = name
        self.communeCode = communeCode
        self.communePart = communePart
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.usage = usage
        self.area = area
        self.constructionYear = constructionYear
        self.heatingEnergy = heatingEnergy
        self.consumptions = consumptions
        self.dpe = dpe
        self.heritage = heritage
        self.source = source
    }

    /// The département of the commune ("2A", "971", "29").
    public var departement: String { Self.departement(ofCommune: communeCode) }

    static func departement(ofCommune code: String) -> String {
        // On the bytes: the codes are ASCII, and this runs for every building of a ranking.
        let utf8 = code.utf8
        return String(decoding: utf8.prefix(utf8.starts(with: "97".utf8) ? 3 : 2), as: UTF8.self)
    }
}

/// Inventories of owned buildings. Every method is scoped by the owner: callers pass the caller's
/// collectivité, never a building's id alone.
public protocol BuildingStore: Sendable {
    func buildings(owner: String) async throws -> [Building]
    func building(owner: String, id: String) async throws -> Building?
    /// Replaces the owner's inventory in one transaction (an import is all or nothing).
    func replaceBuildings(owner: String, with buildings: [Building], actor: String, detail: String) async throws
}

/// Everything the rénovation pages need besides the store: the climate table, the model, the national
/// reference and the demo inventory (real public-type buildings from ADEME's published DPEs).
public struct RenovationSetup: Sendable {
    public let climate: ClimateTable
    public let model: IntensityModel?
    public let national: NationalReference?
    public let demo: [Building]
    /// The works library (actions, costs, prices), nil when not loaded (the Travaux tab then says so).
    public let library: ActionLibrary?

    public init(climate: ClimateTable, model: IntensityModel?, national: NationalReference?, demo: [Building], library: ActionLibrary? = nil) {
        self.climate = climate
        self.model = model
        self.national = national
        self.demo = demo
        self.library = library
    }

    public static let empty = RenovationSetup(climate: ClimateTable(departements: [:]), model: nil, national: nil, demo: [])

    /// The owner key of the demo inventory: no account belongs to it.
    public static let demoOwner = "demonstration"

    /// Every building assessed (without the estimate's reasons, see `assess`) then ranked with `weights`.
    public func ranked(_ buildings: [Building], weights: [Criterion: Double] = Criterion.defaultWeights) -> [RankedBuilding] {
        Ranking.rank(buildings, assessAll(buildings), weights: weights, national: national)
    }

    public func assess(_ b: Building) -> Assessment { Assessor.assess(b, climate: climate, model: model) }

    /// The assessments in the buildings' order, computed on all cores: the model dominates for large inventories.
    /// Each chunk asks the model for its buildings' estimates in one batch.
    public func assessAll(_ buildings: [Building]) -> [Assessment] {
        let (climate, model) = (climate, model)
        return [Assessment](parallel: buildings.count, minimumChunk: 2_000) { range in
            (first: range.lowerBound, estimates: model?.estimates(buildings[range], climate: climate))
        } _: { chunk, i in
            Assessor.assess(buildings[i], climate: climate, model: model, explain: false, estimate: chunk.estimates?[i - chunk.first])
        }
    }
}
