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
        [.text(b.owner), .text(b.id), .int(position), .text(b.communeCode), .text(b.usage.rawValue), .text(b.name), .text(b.address),
         .double(b.latitude), .double(b.longitude), .double(b.area), .int(b.constructionYear), .text(b.heatingEnergy?.rawValue),
         .int(b.heritage ? 1 : 0), .text(b.source), .text(b.dpe?.number), .double(b.dpe?.kWhEPPerM2), .text(b.dpe?.label),
         .text(encode(b.consumptions))]
    }

    static func encode(_ lines: [Consumption]) -> String {
        lines.map { l in
            let original = String(l.original.map { $0 == "\t" || $0 == "\n" ? " " : $0 })
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
