import Foundation

/// A building's final energy per year, climate-corrected where the degree-days exist.
public struct YearlyConsumption: Sendable, Equatable {
    public var year: Int
    /// kWh of final energy as invoiced.
    public var raw: Double
    /// kWh with heating brought to the reference climate, nil when the year's degree-days are not known.
    public var corrected: Double?
    /// The figure compared: corrected when available, else raw.
    public var compared: Double { corrected ?? raw }
}

/// Where a building stands against the Décret tertiaire: −40 % in 2030, −50 % in 2040, −60 % in 2050 against a
/// reference year 2010–2019 (final energy, climate-corrected), or an absolute level Cabs when the owner gives one.
public struct TertiaryTrajectory: Sendable, Equatable {
    public struct Milestone: Sendable, Equatable {
        public var year: Int
        public var reduction: Double
        /// kWh the building may consume that year.
        public var target: Double
        /// kWh to save from the latest year (0 when already met).
        public var gap: Double
        /// True when the target is the absolute level (Cabs × area), lower in effort than the relative one.
        public var absolute: Bool
    }

    public var subject: Bool
    public var history: [YearlyConsumption]
    public var reference: YearlyConsumption?
    /// Why the reference is what it is (chosen, highest of 2010–2019, missing).
    public var referenceNote: String
    public var latest: YearlyConsumption?
    public var milestones: [Milestone]

    public static let reductions: [(year: Int, reduction: Double)] = [(2030, 0.40), (2040, 0.50), (2050, 0.60)]

    /// - Parameters:
    ///   - referenceYear: the owner's choice; by default the year of 2010–2019 with the highest consumption (the
    ///     choice the regulation leaves open, and the one that asks the least).
    ///   - cabs: the absolute level (kWh/m²/yr) per milestone year, when the owner has it from OPERAT.
    public static func of(_ b: Building, climate: ClimateTable, referenceYear: Int? = nil, cabs: [Int: Double] = [:]) -> TertiaryTrajectory {
        let history = YearlyConsumption.history(b, climate: climate)
        let candidates = history.filter { (2010...2019).contains($0.year) }
        var reference: YearlyConsumption?, note: String
        if let y = referenceYear, let r = candidates.first(where: { $0.year == y }) {
            reference = r
            note = "Année de référence \(y), choisie par la collectivité"
        } else if let r = candidates.max(by: { $0.compared < $1.compared }) {
            reference = r
            note = "Année de référence \(r.year) : la plus consommatrice des années 2010-2019 fournies (modifiable)"
        } else {
            note = "Aucune consommation 2010-2019 fournie : importez l'historique (une ligne par année et par énergie) pour fixer l'année de référence"
        }
        if let r = reference, r.corrected == nil {
            note += " ; non corrigée du climat (degrés-jours disponibles de 2018 à 2023 seulement)"
        }
        let latest = history.last
        let milestones: [Milestone] = reference.map { r in
            reductions.map { m in
                let relative = r.compared * (1 - m.reduction)
                let absolute = cabs[m.year].map { $0 * b.area }
                let target = max(relative, absolute ?? 0)
                return Milestone(year: m.year, reduction: m.reduction, target: target, gap: max(0, (latest?.compared ?? 0) - target),
                                 absolute: (absolute ?? 0) > relative)
            }
        } ?? []
        return TertiaryTrajectory(subject: DecretTertiaire.applies(toArea: b.area), history: history, reference: reference,
                                  referenceNote: note, latest: latest, milestones: milestones)
    }
}

extension YearlyConsumption {
    /// Every year of the building's consumption, oldest first; the heating carrier's part corrected with the
    /// département's degree-days when they exist for that year.
    public static func history(_ b: Building, climate: ClimateTable) -> [YearlyConsumption] {
        let years = Set(b.consumptions.map(\.year)).sorted()
        return years.map { year in
            let lines = b.consumptions.filter { $0.year == year }
            let raw = lines.reduce(0) { $0 + $1.kWh }
            let heatingCarrier = b.heatingEnergy ?? lines.max { $0.kWh < $1.kWh }!.carrier
            let heating = lines.filter { $0.carrier == heatingCarrier }.reduce(0) { $0 + $1.kWh }
            let corrected = climate.correction(departement: b.departement, year: year).map { raw - heating + heating * $0.factor }
            return YearlyConsumption(year: year, raw: raw, corrected: corrected)
        }
    }
}

/// The loi DDADUE (n° 2025-391, art. 25; Code de l'énergie L.235-1) for the whole stock of a public body:
/// final energy down 1.9 % a year against 2021, and 3 % of the floor area of buildings over 250 m² renovated to a
/// high performance level each year.
public struct StockTrajectory: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var year: Int
        public var target: Double
    }

    /// Final energy of the stock's base year: each building's 2021 consumption, or, without one, its first known
    /// year after 2021 (else its latest before): the law's base is 2021, the substitute is said (`proxied`).
    public var baseline2021: Double?
    /// Buildings with a consumption counted in the base.
    public var counted: [String]
    /// Those of them whose base is not 2021.
    public var proxied: [String]
    /// Each counted building's latest year, summed, and the range of those years.
    public var latest: Double?
    public var latestYears: ClosedRange<Int>?
    public var targets: [Point]
    /// Floor area of the buildings over 250 m², and the area to renovate each year (3 %).
    public var largeArea: Double
    public var yearlyHighPerformanceArea: Double

    public static let yearlyReduction = 0.019
    public static let renovationShare = 0.03

    /// The target of year y is base × (1 − 1.9 % × (y − 2021)): the reduction "each year when compared to 2021"
    /// read as a straight line from 2021 (the text does not say it compounds).
    public static func target(base: Double, year: Int) -> Double { base * (1 - yearlyReduction * Double(year - 2021)) }

    public static func of(_ buildings: [Building], years: ClosedRange<Int> = 2026...2050) -> StockTrajectory {
        var base = 0.0, latest = 0.0, counted: [String] = [], proxied: [String] = [], latestYears: [Int] = []
        for b in buildings {
            let years = Set(b.consumptions.map(\.year))
            guard let last = years.max() else { continue }
            counted.append(b.id)
            let baseYear = years.contains(2021) ? 2021 : (years.filter { $0 > 2021 }.min() ?? last)
            if baseYear != 2021 { proxied.append(b.id) }
            base += b.consumptions.filter { $0.year == baseYear }.reduce(0) { $0 + $1.kWh }
            latest += b.consumptions.filter { $0.year == last }.reduce(0) { $0 + $1.kWh }
            latestYears.append(last)
        }
        let large = buildings.filter { $0.area > 250 }.reduce(0) { $0 + $1.area }
        return StockTrajectory(
            baseline2021: counted.isEmpty ? nil : base, counted: counted, proxied: proxied,
            latest: counted.isEmpty ? nil : latest, latestYears: latestYears.min().map { $0...latestYears.max()! },
            targets: counted.isEmpty ? [] : years.map { Point(year: $0, target: target(base: base, year: $0)) },
            largeArea: large, yearlyHighPerformanceArea: large * renovationShare)
    }
}

/// The décret BACS (building automation and control): existing tertiary buildings whose heating or cooling
/// system exceeds 290 kW since 1 January 2025, from 70 kW on 1 January 2030.
public enum BACS {
    public enum Status: Sendable, Equatable {
        case notSubject
        case equipped
        case due(deadline: String, overdue: Bool)
        case unknownPower

        public var text: String {
            switch self {
            case .notSubject: "Non concerné par le décret BACS (puissance de chauffage ou de climatisation ≤ 70 kW)"
            case .equipped: "Équipé d'une GTB : obligation BACS remplie (classe B au moins à vérifier)"
            case .due(let deadline, let overdue): overdue
                ? "Décret BACS : GTB obligatoire depuis le \(deadline), non signalée — à installer"
                : "Décret BACS : GTB obligatoire au \(deadline)"
            case .unknownPower: "Décret BACS : indiquez la puissance de chauffage pour savoir si une GTB est obligatoire (> 290 kW depuis 2025, > 70 kW en 2030)"
            }
        }
    }

    public static func status(_ profile: WorksProfile, today: Int) -> Status {
        if profile.hasBACS == true { return .equipped }
        guard let p = profile.heatingPowerKW else { return .unknownPower }
        if p > 290 { return .due(deadline: "1er janvier 2025", overdue: today >= 2025) }
        if p > 70 { return .due(deadline: "1er janvier 2030", overdue: today >= 2030) }
        return .notSubject
    }
}
