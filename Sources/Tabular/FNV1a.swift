import Foundation

/// A fast non-cryptographic fingerprint (FNV-1a, 64-bit, over 8-byte words): detects changed bundled data and
/// makes ETags. Not for secrets (see `Secrets.digest`).
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// A fingerprint starting from `seed` instead of the standard offset basis.
    public init(seed: UInt64) { value = seed }

    /// The bytes of a file or buffer (`Data`, `[UInt8]`).
    public mutating func add(_ bytes: some ContiguousBytes) { bytes.withUnsafeBytes { add(raw: $0) } }

    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(raw: UnsafeRawBufferPointer($0)) }
    }

    private mutating func add(raw bytes: UnsafeRawBufferPointer) {
        let words = bytes.count / 8
        for i in 0..<words { mix(bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
        for i in (words * 8)..<bytes.count { mix(UInt64(bytes[i])) }
    }

    private mutating func mix(_ word: UInt64) { value = (value ^ word) &* 0x100_0000_01b3 }

    /// Hex text of the fingerprint.
    public var hex: String { String(value, radix: 16) }
}
