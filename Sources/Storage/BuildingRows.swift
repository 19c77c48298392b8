import Renovation

/// A building as both databases store it: one column per attribute (what a query filters on, and faster to
/// write than a JSON document for half a million rows), consumptions as lines "carrier⇥year⇥kWh⇥original".
enum BuildingRows {
    static let columns = ["owner", "id", "position", "commune", "usage", "name", "address", "latitude", "longitude", "area",
                          "construction_year", "heating", "heritage", "source", "dpe_number", "dpe_value", "dpe_label", "consumptions"]

    enum Value {
        case text(String?), double(Double?), int(Int?)
    }

    static func values(_ b: Building, position: Int) -> [Value] {
        var values: [Value] = []
        visit(b, position: position) { values.append($0) }
        return values
    }

    /// The values in the order of `columns`, handed one by one (SQLite binds them without an intermediate array).
    static func visit(_ b: Building, position: Int, _ body: (Value) -> Void) {
        body(.text(b.owner)); body(.text(b.id)); body(.int(position)); body(.text(b.communeCode)); body(.text(b.usage.rawValue))
        body(.text(b.name)); body(.text(b.address)); body(.double(b.latitude)); body(.double(b.longitude)); body(.double(b.area))
        body(.int(b.constructionYear)); body(.text(b.heatingEnergy?.rawValue)); body(.int(b.heritage ? 1 : 0)); body(.text(b.source))
        body(.text(b.dpe?.number)); body(.double(b.dpe?.kWhEPPerM2)); body(.text(b.dpe?.label)); body(.text(encode(b.consumptions)))
    }

    static func encode(_ lines: [Consumption]) -> String {
        lines.map { l in
            // Tabs and line breaks separate the fields: none may stay inside the text.
            let original = l.original.utf8.contains(where: { $0 == 9 || $0 == 10 }) ? String(l.original.map { $0 == "\t" || $0 == "\n" ? " " : $0 }) : l.original
            return "\(l.carrier.rawValue)\t\(l.year)\t\(l.kWh)\t\(original)"
        }.joined(separator: "\n")
    }

    static func decode(_ text: String) -> [Consumption] {
        text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard f.count == 4, let carrier = EnergyCarrier(rawValue: String(f[0])), let year = Int(f[1]), let kWh = Double(f[2]) else { return nil }
            return Consumption(carrier: carrier, year: year, kWh: kWh, original: String(f[3]))
        }
    }

    /// The building from a row's columns, in the order of `columns` minus position.
    static func building(owner: String, id: String, commune: String, usage: String, name: String, address: String?, latitude: Double?,
                         longitude: Double?, area: Double, constructionYear: Int?, heating: String?, heritage: Bool, source: String,
                         dpeNumber: String?, dpeValue: Double?, dpeLabel: String?, consumptions: String) -> Building {
        let dpe = dpeNumber != nil || dpeValue != nil || dpeLabel != nil ? ExistingDPE(number: dpeNumber, kWhEPPerM2: dpeValue, label: dpeLabel) : nil
        return Building(id: id, owner: owner, name: name, communeCode: commune, address: address, latitude: latitude, longitude: longitude,
                        usage: Usage(rawValue: usage) ?? .autre, area: area, constructionYear: constructionYear,
                        heatingEnergy: heating.flatMap(EnergyCarrier.init(rawValue:)), consumptions: decode(consumptions), dpe: dpe,
                        heritage: heritage, source: source)
    }

    static let selectList = columns.filter { $0 != "position" }.joined(separator: ", ")
}
