import Foundation
import Renovation
import Synchronization
import Tabular

/// An inventory as both databases keep it: the collectivité's buildings in file order, cut into parts of up to
/// `partSize` buildings, each part one compact binary document. The product always reads and replaces an
/// inventory whole (a ranking is relative to the whole inventory, an import replaces it all or nothing), so a
/// row per building bought nothing but cost: half a million rows took 5 s to write, the documents take a
/// tenth of it, and reading a whole inventory back is a decode instead of a row-by-row fetch.
enum BuildingDocuments {
    static let partSize = 2_048
    /// The first byte of every part: the encoding's version. Version 1 wrote usages and energies as their names;
    /// version 2 writes them as one byte each (a quarter less to write for a national inventory); version 3 adds
    /// the arrondissement (or commune déléguée) after the commune. All are read.
    static let version: UInt8 = 3

    /// The one-byte codes of version 2, fixed: a new case is added at the end, never in between.
    static let usageCodes: [Usage] = [.ecole, .administration, .gymnase, .piscine, .culture, .sallePolyvalente, .santeSocial, .autre]
    static let carrierCodes: [EnergyCarrier] = [.electricite, .gazNaturel, .fioul, .gpl, .bois, .reseauChaleur, .charbon, .autre]

    struct DocumentError: Error, CustomStringConvertible {
        let description: String
    }

    /// The parts of `owner`'s inventory, encoded on all cores. Identifiers are unique within an inventory (the
    /// document keeps that invariant, as a unique index would); every building must be the owner's.
    static func encode(_ buildings: [Building], owner: String) throws -> [[UInt8]] {
        let count = (buildings.count + partSize - 1) / partSize
        let parts = Mutex([[UInt8]](repeating: [], count: count))
        let duplicate = Mutex<String?>(nil)
        // The identifiers are checked on one core while the parts are encoded on the others.
        DispatchQueue.concurrentPerform(iterations: count + 1) { k in
            if k == count {
                var seen = IdentifierTable(capacity: buildings.count)
                for i in buildings.indices {
                    precondition(buildings[i].owner == owner, "a building of another owner")
                    if !seen.insert(buildings[i].id).inserted {
                        duplicate.withLock { $0 = buildings[i].id }
                        break
                    }
                }
                return
            }
            let part = encode(buildings[(k * partSize)..<min((k + 1) * partSize, buildings.count)])
            parts.withLock { $0[k] = part }
        }
        if let id = duplicate.withLock({ $0 }) { throw DocumentError(description: "identifiant de bâtiment en double : « \(id) »") }
        return parts.withLock { $0 }
    }

    static func encode(_ buildings: ArraySlice<Building>) -> [UInt8] {
        var w = Writer()
        w.bytes.reserveCapacity(buildings.count * 96)
        w.bytes.append(version)
        w.varint(UInt64(buildings.count))
        var previousSource: String?
        // Each building borrowed in place from the span: passing it by value would copy it (a retain and release
        // per string).
        let span = buildings.span
        for i in span.indices { w.building(span[i], previousSource: &previousSource) }
        return w.bytes
    }

    /// The buildings of all parts, in order, decoded on all cores.
    static func decode(_ parts: [[UInt8]], owner: String) throws -> [Building] {
        let decoded = Mutex([Result<[Building], any Error>](repeating: .success([]), count: parts.count))
        DispatchQueue.concurrentPerform(iterations: parts.count) { k in
            let result = Result { try decode(parts[k], owner: owner) }
            decoded.withLock { $0[k] = result }
        }
        return try decoded.withLock { $0 }.flatMap { try $0.get() }
    }

    static func decode(_ bytes: [UInt8], owner: String) throws -> [Building] {
        var r = Reader(bytes: bytes)
        let version = try r.byte()
        guard (1...3).contains(version) else { throw DocumentError(description: "inventaire enregistré dans un format inconnu") }
        func usage() throws -> Usage { version == 1 ? Usage(rawValue: try r.text()) ?? .autre : try r.code(in: usageCodes) }
        func carrier() throws -> EnergyCarrier? {
            if version == 1 { return try r.string().flatMap(EnergyCarrier.init(rawValue:)) }
            let code = try r.byte()
            return code == 0 ? nil : try r.code(code, in: carrierCodes)
        }
        let count = Int(try r.varint())
        var buildings: [Building] = []
        buildings.reserveCapacity(count)
        var source = ""
        for _ in 0..<count {
            let id = try r.text(), name = try r.text(), commune = try r.text(), part = version >= 3 ? try r.string() : nil, address = try r.string()
            let latitude = try r.double(), longitude = try r.double(), usage = try usage(), area = try r.double() ?? 0
            let year = try r.int(), heating = try carrier(), heritage = try r.byte() == 1
            if try r.byte() == 1 { source = try r.text() }
            var dpe: ExistingDPE?
            if try r.byte() == 1 { dpe = ExistingDPE(number: try r.string(), kWhEPPerM2: try r.double(), label: try r.string()) }
            var consumptions: [Consumption] = []
            let lines = Int(try r.varint())
            consumptions.reserveCapacity(lines)
            for _ in 0..<lines {
                guard let known = try carrier() else { throw DocumentError(description: "consommation sans énergie") }
                let consumptionYear = try r.int() ?? 0, kWh = try r.double() ?? 0, original = try r.text()
                consumptions.append(Consumption(carrier: known, year: consumptionYear, kWh: kWh, original: original))
            }
            buildings.append(Building(id: id, owner: owner, name: name, communeCode: commune, communePart: part, address: address, latitude: latitude,
                                      longitude: longitude, usage: usage, area: area, constructionYear: year,
                                      heatingEnergy: heating, consumptions: consumptions, dpe: dpe,
                                      heritage: heritage, source: source))
        }
        guard r.position == bytes.count else { throw DocumentError(description: "inventaire enregistré tronqué ou corrompu") }
        return buildings
    }

    /// The buildings kept one row per building before the documents (migration v6, read once by v8), from
    /// the columns `legacyColumns` in that order.
    static let legacyColumns = "owner, id, commune, usage, name, address, latitude, longitude, area, construction_year, heating, heritage, source, dpe_number, dpe_value, dpe_label, consumptions"

    static func legacy(owner: String, id: String, commune: String, usage: String, name: String, address: String?, latitude: Double?,
                       longitude: Double?, area: Double, constructionYear: Int?, heating: String?, heritage: Bool, source: String,
                       dpeNumber: String?, dpeValue: Double?, dpeLabel: String?, consumptions: String) -> Building {
        // Consumptions were lines "carrier⇥year⇥kWh⇥original".
        let lines: [Consumption] = consumptions.split(separator: "\n").compactMap { line in
            let f = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard f.count == 4, let carrier = EnergyCarrier(rawValue: String(f[0])), let year = Int(f[1]), let kWh = Double(f[2]) else { return nil }
            return Consumption(carrier: carrier, year: year, kWh: kWh, original: String(f[3]))
        }
        let dpe = dpeNumber != nil || dpeValue != nil || dpeLabel != nil ? ExistingDPE(number: dpeNumber, kWhEPPerM2: dpeValue, label: dpeLabel) : nil
        return Building(id: id, owner: owner, name: name, communeCode: commune, address: address, latitude: latitude, longitude: longitude,
                        usage: Usage(rawValue: usage) ?? .autre, area: area, constructionYear: constructionYear,
                        heatingEnergy: heating.flatMap(EnergyCarrier.init(rawValue:)), consumptions: lines, dpe: dpe, heritage: heritage, source: source)
    }

    /// Strings as varint(length + 1) and UTF-8 (0 for nil), integers as zig-zag varints (+1, 0 for nil), doubles
    /// as a presence byte and their 8 bytes.
    struct Writer {
        var bytes: [UInt8] = []

        /// A case as 1 + its place in `codes` (0 stays free for "none").
        mutating func code<T: Equatable>(_ value: T, in codes: [T]) { bytes.append(UInt8(codes.firstIndex(of: value)! + 1)) }

        mutating func building(_ b: borrowing Building, previousSource: inout String?) {
            string(b.id); string(b.name); string(b.communeCode); string(b.communePart); string(b.address)
            double(b.latitude); double(b.longitude); code(b.usage, in: BuildingDocuments.usageCodes)
            double(b.area); int(b.constructionYear)
            if let heating = b.heatingEnergy { code(heating, in: BuildingDocuments.carrierCodes) } else { bytes.append(0) }
            bytes.append(b.heritage ? 1 : 0)
            // Every building of an import has the same source file: written once per part.
            if b.source == previousSource { bytes.append(0) } else {
                bytes.append(1)
                string(b.source)
                previousSource = b.source
            }
            if let dpe = b.dpe {
                bytes.append(1); string(dpe.number); double(dpe.kWhEPPerM2); string(dpe.label)
            } else { bytes.append(0) }
            varint(UInt64(b.consumptions.count))
            for c in b.consumptions {
                code(c.carrier, in: BuildingDocuments.carrierCodes); int(c.year); double(c.kWh); string(c.original)
            }
        }

        mutating func varint(_ value: UInt64) {
            var v = value
            while v >= 0x80 {
                bytes.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            bytes.append(UInt8(v))
        }

        mutating func string(_ text: String?) {
            guard let text else { return bytes.append(0) }
            varint(UInt64(text.utf8.count) + 1)
            bytes.append(contentsOf: text.utf8)
        }

        mutating func int(_ value: Int?) {
            guard let value else { return bytes.append(0) }
            varint((UInt64(bitPattern: Int64(value) << 1) ^ UInt64(bitPattern: Int64(value) >> 63)) + 1)
        }

        mutating func double(_ value: Double?) {
            guard let value else { return bytes.append(0) }
            bytes.append(1)
            PackedDoubles.append(value, to: &bytes)
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0

        mutating func byte() throws -> UInt8 {
            guard position < bytes.count else { throw DocumentError(description: "inventaire enregistré tronqué") }
            defer { position += 1 }
            return bytes[position]
        }

        /// A case written by `Writer.code`.
        mutating func code<T>(in codes: [T]) throws -> T { try code(try byte(), in: codes) }

        func code<T>(_ code: UInt8, in codes: [T]) throws -> T {
            guard code >= 1 && Int(code) <= codes.count else { throw DocumentError(description: "code \(code) inconnu dans l'inventaire enregistré") }
            return codes[Int(code) - 1]
        }

        mutating func varint() throws -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                let b = try byte()
                value |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
                guard shift < 64 else { throw DocumentError(description: "entier illisible") }
            }
        }

        mutating func string() throws -> String? {
            let length = Int(try varint())
            guard length > 0 else { return nil }
            guard position + length - 1 <= bytes.count else { throw DocumentError(description: "texte tronqué") }
            defer { position += length - 1 }
            return String(decoding: bytes[position..<(position + length - 1)], as: UTF8.self)
        }

        mutating func text() throws -> String {
            guard let s = try string() else { throw DocumentError(description: "texte obligatoire absent") }
            return s
        }

        mutating func int() throws -> Int? {
            let v = try varint()
            guard v > 0 else { return nil }
            let z = v - 1
            return Int(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
        }

        mutating func double() throws -> Double? {
            guard try byte() == 1 else { return nil }
            guard position + 8 <= bytes.count else { throw DocumentError(description: "nombre tronqué") }
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
            position += 8
            return Double(bitPattern: bits)
        }
    }
}

/// A database that keeps inventories as `BuildingDocuments` parts: reading them is the same for both.
protocol BuildingDocumentStore: BuildingStore {
    /// The owner's parts, in order.
    func parts(owner: String) async throws -> [[UInt8]]
}

extension BuildingDocumentStore {
    public func buildings(owner: String) async throws -> [Building] {
        try BuildingDocuments.decode(try await parts(owner: owner), owner: owner)
    }

    public func building(owner: String, id: String) async throws -> Building? {
        // Parts are decoded in order until the building is found: an inventory has one part or a few.
        for part in try await parts(owner: owner) {
            if let found = try BuildingDocuments.decode(part, owner: owner).first(where: { $0.id == id }) { return found }
        }
        return nil
    }
}
