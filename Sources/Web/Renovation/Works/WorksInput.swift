import Foundation
import Renovation
import Tabular

/// A building's characteristics as the API writes them (`PUT …/profil`, and in every answer), and as the form's
/// fields are read into: one parser, `profile()`, for both.
struct WorksProfileDTO: Codable, Equatable, KnownFields {
    static let fields: Set<String> = ["niveaux", "toiture", "murs_isoles", "surface_murs_m2", "plancher_sur_local_non_chauffe", "surface_simple_vitrage_m2", "gtb",
                                      "reseau_chaleur_proche", "ventilation", "puissance_chauffage_kw", "annee_reference", "cabs_kwh_m2"]

    var niveaux: Int?
    var toiture: WorksProfile.Roof?
    var murs_isoles: Bool?
    var surface_murs_m2: Double?
    var plancher_sur_local_non_chauffe: Bool?
    var surface_simple_vitrage_m2: Double?
    var gtb: Bool?
    var reseau_chaleur_proche: Bool?
    var ventilation: WorksProfile.Ventilation?
    var puissance_chauffage_kw: Double?
    var annee_reference: Int?
    /// The absolute level (kWh/m²/an) by milestone year ("2030").
    var cabs_kwh_m2: [String: Double]?

    init(_ p: WorksProfile) {
        niveaux = p.levels; toiture = p.roof; murs_isoles = p.wallsInsulated; surface_murs_m2 = p.wallArea
        plancher_sur_local_non_chauffe = p.floorOverUnheated; surface_simple_vitrage_m2 = p.singleGlazingArea; gtb = p.hasBACS
        reseau_chaleur_proche = p.heatNetworkNearby; ventilation = p.ventilation; puissance_chauffage_kw = p.heatingPowerKW
        annee_reference = p.referenceYear
        cabs_kwh_m2 = p.cabs.map { Dictionary(uniqueKeysWithValues: $0.map { (String($0.key), $0.value) }) }
    }

    /// The form's fields; a value that cannot be read is kept as a problem.
    init(form field: (String) -> String?, problems: inout [String]) {
        func text(_ name: String) -> String? { field(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
        func number(_ name: String, _ label: String) -> Double? {
            guard let t = text(name) else { return nil }
            guard let v = FrenchNumber.parse(t) else { problems.append("\(label) : « \(t.prefix(40)) » n'est pas un nombre"); return nil }
            return v
        }
        func yesNo(_ name: String) -> Bool? { text(name).flatMap { ["oui": true, "non": false][$0] } }
        niveaux = number("niveaux", "Nombre de niveaux").map { Int($0.rounded()) }
        toiture = text("toiture").flatMap(WorksProfile.Roof.init(rawValue:))
        murs_isoles = yesNo("murs_isoles")
        surface_murs_m2 = number("surface_murs_m2", "Surface des murs")
        plancher_sur_local_non_chauffe = yesNo("plancher_sur_local_non_chauffe")
        surface_simple_vitrage_m2 = number("surface_simple_vitrage_m2", "Surface de simple vitrage")
        gtb = yesNo("gtb")
        reseau_chaleur_proche = yesNo("reseau_chaleur_proche")
        ventilation = text("ventilation").flatMap(WorksProfile.Ventilation.init(rawValue:))
        puissance_chauffage_kw = number("puissance_chauffage_kw", "Puissance de chauffage")
        annee_reference = number("annee_reference", "Année de référence").map { Int($0.rounded()) }
        var cabs: [String: Double] = [:]
        for (year, _) in TertiaryTrajectory.reductions { if let v = number("cabs_\(year)", "Cabs \(year)") { cabs[String(year)] = v } }
        cabs_kwh_m2 = cabs.isEmpty ? nil : cabs
    }

    /// The profile, or every value out of its range said in French.
    func profile() -> Result<WorksProfile, WorksInputError> {
        var problems: [String] = []
        func within(_ v: Double?, _ range: ClosedRange<Double>, _ what: String) {
            if let v, !(v.isFinite && range.contains(v)) { problems.append("\(what) : entre \(Figures.integer(range.lowerBound)) et \(Figures.integer(range.upperBound))") }
        }
        within(niveaux.map(Double.init), 1...60, "Nombre de niveaux")
        within(surface_murs_m2, 0...1_000_000, "Surface des murs (m²)")
        within(surface_simple_vitrage_m2, 0...1_000_000, "Surface de simple vitrage (m²)")
        within(puissance_chauffage_kw, 0...100_000, "Puissance de chauffage (kW)")
        if let y = annee_reference, !(2010...2019).contains(y) { problems.append("Année de référence : entre 2010 et 2019, comme le décret tertiaire le demande") }
        for (key, value) in cabs_kwh_m2 ?? [:] {
            guard let year = Int(key), TertiaryTrajectory.reductions.contains(where: { $0.year == year }) else {
                problems.append("Cabs : années 2030, 2040 ou 2050, pas « \(key.prefix(10)) »"); continue
            }
            within(value, 0...5_000, "Cabs \(year) (kWh/m²/an)")
        }
        guard problems.isEmpty else { return .failure(WorksInputError(problems: problems)) }
        return .success(asSent)
    }

    /// The values as sent, unchecked: what a refused form shows again.
    var asSent: WorksProfile {
        WorksProfile(levels: niveaux, roof: toiture, wallsInsulated: murs_isoles, wallArea: surface_murs_m2, floorOverUnheated: plancher_sur_local_non_chauffe,
                     singleGlazingArea: surface_simple_vitrage_m2, hasBACS: gtb, heatNetworkNearby: reseau_chaleur_proche, ventilation: ventilation,
                     heatingPowerKW: puissance_chauffage_kw, referenceYear: annee_reference,
                     cabs: cabs_kwh_m2.map { Dictionary($0.compactMap { k, v in Int(k).map { ($0, v) } }, uniquingKeysWith: { a, _ in a }) })
    }
}

/// A request body that names only the fields it declares: the API refuses a field it would not read (a typo
/// such as `toitures` would otherwise be dropped without a word), as its document's closed schemas say.
protocol KnownFields: Decodable {
    /// The fields, as the decoder sees them (after `APIJSON.fieldNames`: `nom` is `name`).
    static var fields: Set<String> { get }
}

struct Closed<T: KnownFields>: Decodable {
    private struct Key: CodingKey {
        let stringValue: String
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
    let value: T

    init(from decoder: any Decoder) throws {
        let unknown = try decoder.container(keyedBy: Key.self).allKeys.map(\.stringValue).filter { !T.fields.contains($0) }
        guard unknown.isEmpty else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "champ inconnu : \(unknown.joined(separator: ", "))"))
        }
        value = try T(from: decoder)
    }
}

/// What the forms and the API sent that cannot be kept, each problem in one French sentence.
struct WorksInputError: Error {
    let problems: [String]
    var description: String { problems.joined(separator: " ; ") }
}

/// A user-built scenario as the API's body writes it (`POST …/scenarios`) and as the form's fields are read into.
struct ScenarioInput: KnownFields {
    static let fields: Set<String> = ["name", "actions"]
    struct Choice: KnownFields {
        static let fields: Set<String> = ["action", "quantite", "cout_bas_eur", "cout_haut_eur"]
        var action: String
        var quantite: Double?
        var cout_bas_eur: Double?
        var cout_haut_eur: Double?
    }
    /// `nom` on the wire (`APIJSON.fieldNames`).
    var name: String
    var actions: [Choice]

    private enum CodingKeys: String, CodingKey { case name, actions }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        actions = try c.decode([Closed<Choice>].self, forKey: .actions).map(\.value)
    }

    /// A building keeps this many scenarios of its own at most.
    static let limit = 20

    /// The ticked actions of the form, in the library's order, with their optional quantity and quote.
    init(form field: (String) -> String?, library: ActionLibrary, problems: inout [String]) {
        name = field("nom")?.trimmingCharacters(in: .whitespaces) ?? ""
        actions = library.actions.compactMap { a in
            guard field("action_\(a.id)") != nil else { return nil }
            func number(_ name: String, _ what: String) -> Double? {
                guard let t = field("\(name)_\(a.id)")?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
                guard let v = FrenchNumber.parse(t) else { problems.append("\(a.label) — \(what) : « \(t.prefix(40)) » n'est pas un nombre"); return nil }
                return v
            }
            return Choice(action: a.id, quantite: number("quantite", "quantité"), cout_bas_eur: number("cout_bas", "devis bas"),
                          cout_haut_eur: number("cout_haut", "devis haut"))
        }
    }

    /// The scenario to keep under `id`, or every problem.
    func spec(id: String, library: ActionLibrary) -> Result<ScenarioSpec, WorksInputError> {
        var problems: [String] = []
        let name = name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { problems.append("Donnez un nom au scénario") }
        if name.count > 120 { problems.append("Nom du scénario : 120 caractères au plus") }
        if actions.isEmpty { problems.append("Cochez au moins une action") }
        var seen: Set<String> = []
        for c in actions {
            guard let a = library.action(c.action) else { problems.append("Action « \(c.action.prefix(40)) » inconnue de la bibliothèque"); continue }
            if !seen.insert(c.action).inserted { problems.append("\(a.label) : cochée deux fois") }
            for (v, what) in [(c.quantite, "quantité"), (c.cout_bas_eur, "devis bas"), (c.cout_haut_eur, "devis haut")] {
                if let v, !(v.isFinite && v >= 0 && v <= 1e9) { problems.append("\(a.label) — \(what) : un nombre positif, un milliard au plus") }
            }
            if let low = c.cout_bas_eur, let high = c.cout_haut_eur, low > high { problems.append("\(a.label) : le devis bas dépasse le devis haut") }
        }
        guard problems.isEmpty else { return .failure(WorksInputError(problems: problems)) }
        return .success(ScenarioSpec(id: id, kind: .personnalise, name: name, actions: actions.map {
            ActionChoice(action: $0.action, quantity: $0.quantite, costLow: $0.cout_bas_eur, costHigh: $0.cout_haut_eur)
        }))
    }
}

/// The economic settings' form: a price per carrier (€/kWh; empty leaves the carrier out of the bill), the
/// discount rate in % and the horizon in years.
enum EconomicsInput {
    static func settings(_ field: (String) -> String?, year: Int) -> Result<EconomicSettings, WorksInputError> {
        var problems: [String] = []
        func number(_ name: String, _ what: String, _ range: ClosedRange<Double>) -> Double? {
            guard let t = field(name)?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
            guard let v = FrenchNumber.parse(t), v.isFinite, range.contains(v) else {
                problems.append("\(what) : un nombre entre \(Figures.decimal(range.lowerBound, 0)) et \(Figures.decimal(range.upperBound, 0))"); return nil
            }
            return v
        }
        var prices: [EnergyCarrier: Double] = [:]
        for c in EnergyCarrier.allCases { prices[c] = number("prix_\(c.rawValue)", "Prix « \(c.label) » (€/kWh)", 0...10) }
        let rate = number("taux_actualisation", "Taux d'actualisation (%)", 0...20)
        let horizon = number("duree_ans", "Durée (ans)", 1...50)
        if rate == nil { problems.append("Taux d'actualisation (%) : obligatoire") }
        if horizon == nil { problems.append("Durée (ans) : obligatoire") }
        guard problems.isEmpty, let rate, let horizon else { return .failure(WorksInputError(problems: problems)) }
        return .success(EconomicSettings(prices: prices, discountRate: rate / 100, horizon: Int(horizon.rounded()), year: year))
    }
}
