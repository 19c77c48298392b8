import CZlib
import Foundation

/// Gzip decompression, for the datasets bundled compressed in the repository.
public enum Gzip {
    public struct Error: Swift.Error, CustomStringConvertible {
        public let description: String
    }

    /// Inflates a gzip (or zlib) stream. Data that is not compressed is returned as is, so a dataset may be
    /// shipped plain or compressed without the callers knowing.
    public static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        guard input.count >= 2, input[0] == 0x1F, input[1] == 0x8B else { return input }
        do {
            // 15 + 32: detect gzip or zlib headers automatically.
            return try Inflation.inflate(input[...], windowBits: 15 + 32, reserve: input.count * 4)
        } catch Inflation.Failure.damaged(let status) {
            throw Error(description: "flux gzip invalide (code zlib \(status))")
        }
    }

    /// Compresses to a gzip stream (level 9): for files the tools write beside the bundled data.
    public static func compress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: a gzip header rather than zlib's.
        guard deflateInit2_(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Error(description: "initialisation de zlib impossible")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 64)
        var input = input
        let written: Int = input.withUnsafeMutableBufferPointer { inPtr in
            output.withUnsafeMutableBufferPointer { outPtr in
                stream.next_in = inPtr.baseAddress
                stream.avail_in = UInt32(inPtr.count)
                stream.next_out = outPtr.baseAddress
                stream.avail_out = UInt32(outPtr.count)
                return deflate(&stream, Z_FINISH) == Z_STREAM_END ? outPtr.count - Int(stream.avail_out) : -1
            }
        }
        guard written >= 0 else { throw Error(description: "compression gzip impossible") }
        return Array(output.prefix(written))
    }

    public static func decompress(contentsOf url: URL) throws -> [UInt8] {
        try decompress([UInt8](Data(contentsOf: url)))
    }
}

/// zlib's inflation in chunks, shared by the bundled gzip files and the parts of Excel workbooks.
enum Inflation {
    enum Failure: Error { case damaged(Int32), tooLarge }

    /// `windowBits` as zlib takes them: -15 for raw deflate (as zip stores it), 15 + 32 for a gzip or zlib
    /// header, whose concatenated members (as `cat a.gz b.gz` makes) are read one after the other. Stops with
    /// `tooLarge` as soon as more than `limit` bytes come out, whatever size was announced; a stream cut short
    /// or damaged is `damaged`.
    static func inflate(_ input: ArraySlice<UInt8>, windowBits: Int32, limit: Int = .max, reserve: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw Failure.damaged(Z_VERSION_ERROR) }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(min(reserve, limit))
        let chunk = 1 << 18
        var buffer = [UInt8](repeating: 0, count: chunk)
        var status: Int32 = Z_OK
        try input.withUnsafeBufferPointer { inPtr in
            stream.next_in = UnsafeMutablePointer(mutating: inPtr.baseAddress)
            stream.avail_in = UInt32(inPtr.count)
            repeat {
                // A stream cut short ends in Z_BUF_ERROR: no input left, no progress possible.
                try buffer.withUnsafeMutableBufferPointer { outPtr in
                    stream.next_out = outPtr.baseAddress
                    stream.avail_out = UInt32(chunk)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END else { throw Failure.damaged(status) }
                    output.append(contentsOf: outPtr[0..<(chunk - Int(stream.avail_out))])
                }
                guard output.count <= limit else { throw Failure.tooLarge }
                if status == Z_STREAM_END && stream.avail_in > 0 && windowBits > 0 {
                    inflateReset(&stream)
                    status = Z_OK
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
