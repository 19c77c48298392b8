/// A column of figures stored as one blob: each double's 8 bytes, little-endian, one after the other. Read and
/// written by copying memory (tens of thousands of values per column, hundreds of columns per load), behind a
/// safe signature so that the stores never touch a pointer.
public enum PackedDoubles {
    public static func bytes(_ values: [Double]) -> [UInt8] {
        values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { Array($0) }
    }

    /// Appends one value's 8 bytes to a buffer being written (a stored document's figures).
    @inlinable public static func append(_ value: Double, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// The values of `bytes`; a trailing part shorter than 8 bytes is no value.
    public static func values(_ bytes: [UInt8]) -> [Double] {
        bytes.withUnsafeBytes { raw in
            (0..<raw.count / 8).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
        }
    }
}
