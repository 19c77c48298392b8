/// Numbers the distinct identifiers of a large file in one pass (the first time each is seen), several times
/// faster than a `Set<String>`: open addressing over 64-bit FNV-1a fingerprints, the texts compared only when
/// fingerprints match, byte for byte. The fingerprint starts from a random value, so a file cannot be made to collide on
/// purpose; the slot is taken from its high bits, which depend on every byte.
public struct IdentifierTable: Sendable {
    private var slots: [Int32]
    private var fingerprints: [UInt64] = []
    private var keys: [String] = []
    private let shift: UInt64
    private var seed = UInt64.random(in: .min ... .max)

    /// A table for up to `capacity` distinct identifiers.
    public init(capacity: Int) {
        var bits = 4
        while 1 << bits < capacity * 2 { bits += 1 }
        slots = [Int32](repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
        fingerprints.reserveCapacity(capacity)
        keys.reserveCapacity(capacity)
    }

    public var count: Int { keys.count }

    /// The number of `text`: the one given when it was first inserted (`inserted` false), or the next one.
    public mutating func insert(_ text: String) -> (inserted: Bool, number: Int) {
        if keys.count * 2 >= slots.count { grow() }
        let (fingerprint, slot, number) = find(text)
        if let number { return (false, number) }
        slots[slot] = Int32(keys.count + 1)
        fingerprints.append(fingerprint)
        keys.append(text)
        return (true, keys.count - 1)
    }

    /// The number of `text` if it was inserted.
    public func number(_ text: String) -> Int? { find(text).number }

    /// The text's fingerprint, and its number or the empty slot where it would go.
    private func find(_ text: String) -> (fingerprint: UInt64, slot: Int, number: Int?) {
        var hash = FNV1a(seed: seed)
        hash.add(text)
        let fingerprint = hash.value, mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: fingerprint >> shift)
        while slots[slot] != 0 {
            let number = Int(slots[slot]) - 1
            if fingerprints[number] == fingerprint && keys[number].utf8.elementsEqual(text.utf8) { return (fingerprint, slot, number) }
            slot = (slot + 1) & mask
        }
        return (fingerprint, slot, nil)
    }

    /// Twice the slots, every identifier placed again (only when more come than announced).
    private mutating func grow() {
        var larger = IdentifierTable(capacity: slots.count)
        larger.seed = seed
        for key in keys { _ = larger.insert(key) }
        self = larger
    }
}
