/// A compact binary form of a shape for storage: coordinates at 1e-5 degree (about 1 m, the precision of the
/// source files), delta-encoded as zig-zag varints. A commune of ~50 points takes ~200 bytes instead of ~1.5 KB
/// of GeoJSON text, which keeps the database small and reads fast.
public enum ShapeCodec {
    static let scale = 100_000.0

    public static func encode(_ shape: Shape) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(shape.pointCount * 4 + 8)
        writeVarint(UInt64(shape.polygons.count), &out)
        var lastX: Int64 = 0, lastY: Int64 = 0
        for polygon in shape.polygons {
            writeVarint(UInt64(polygon.count), &out)
            for ring in polygon {
                writeVarint(UInt64(ring.count), &out)
                for point in ring {
                    let x = Int64((point.longitude * scale).rounded()), y = Int64((point.latitude * scale).rounded())
                    writeVarint(zigzag(x - lastX), &out)
                    writeVarint(zigzag(y - lastY), &out)
                    lastX = x
                    lastY = y
                }
            }
        }
        return out
    }

    public struct DecodingError: Error {}

    public static func decode(_ bytes: [UInt8]) throws -> Shape {
        var position = 0
        func next() throws -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard position < bytes.count, shift < 64 else { throw DecodingError() }
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }
        var lastX: Int64 = 0, lastY: Int64 = 0
        var polygons: [[[GeoPoint]]] = []
        let polygonCount = try next()
        for _ in 0..<polygonCount {
            var rings: [[GeoPoint]] = []
            let ringCount = try next()
            for _ in 0..<ringCount {
                let pointCount = Int(try next())
                guard pointCount <= bytes.count else { throw DecodingError() }
                var ring: [GeoPoint] = []
                ring.reserveCapacity(pointCount)
                for _ in 0..<pointCount {
                    lastX += unzigzag(try next())
                    lastY += unzigzag(try next())
                    ring.append(GeoPoint(longitude: Double(lastX) / scale, latitude: Double(lastY) / scale))
                }
                rings.append(ring)
            }
            polygons.append(rings)
        }
        return Shape(polygons: polygons)
    }

    private static func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }
    private static func unzigzag(_ v: UInt64) -> Int64 { Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1) }

    private static func writeVarint(_ value: UInt64, _ out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}
