import Foundation
import Testing

/// Unsafe memory stays inside the two modules whose speed needs it (Tabular, Renovation), behind safe types: no
/// declaration another module can call (public, package or open) names an unsafe pointer type, and no other module
/// touches memory unsafely at all. Scans the sources as written.
@Suite struct UnsafeConfinementTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")
    /// The modules allowed to hold unsafe code (CZlib is C).
    static let confined: Set<String> = ["Tabular", "Renovation", "CZlib"]
    /// Unsafe pointer types. (Word boundaries as in code: Unicode's would see `x.withUnsafeBytes` as one word.)
    static var pointer: Regex<Substring> { /\bUnsafe(?:Mutable)?(?:Raw)?(?:Buffer)?Pointer\b/.wordBoundaryKind(.simple) }
    /// Memory-unsafe code: pointer types, the standard library's pointer accessors, uninitialised buffers, values
    /// shared across threads unchecked, casts of raw memory. (PostgresNIO's `unsafeSQL` and GRDB's
    /// `allowsUnsafeTransactions` name SQL text and transactions, not memory.)
    static var unsafeCode: Regex<Substring> { /\bUnsafe\w*Pointer\b|\bwithUnsafe\w+|unsafeUninitializedCapacity|nonisolated\(unsafe\)|@unchecked|unsafeBitCast|\bUnmanaged\b|assumingMemoryBound|bindMemory|withMemoryRebound/.wordBoundaryKind(.simple) }

    /// Each declaration's signature: from its first line to the `{` (or the line's end when the parentheses close).
    static func signatures(in text: String) -> [(line: Int, text: String)] {
        var out: [(Int, String)] = []
        let lines = text.components(separatedBy: "\n")
        var k = 0
        while k < lines.count {
            let start = k
            var signature = lines[k], depth = 0
            func balance(_ s: String) { for c in s where c == "(" || c == ")" { depth += c == "(" ? 1 : -1 } }
            balance(lines[k])
            while depth > 0 && k + 1 < lines.count && !signature.contains("{") { k += 1; signature += " " + lines[k]; balance(lines[k]) }
            if let brace = signature.firstIndex(of: "{") { signature = String(signature[..<brace]) }
            out.append((start + 1, signature))
            k += 1
        }
        return out
    }

    static func files() throws -> [(module: String, path: String, text: String)] {
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        return try enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.map { url in
            let relative = String(url.path.dropFirst(sources.path.count + 1))
            return (String(relative.prefix { $0 != "/" }), relative, try String(contentsOf: url, encoding: .utf8))
        }
    }

    static func isComment(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespaces).hasPrefix("//") }

    @Test func noUnsafePointerInASignatureOtherModulesSee() throws {
        let files = try Self.files()
        #expect(files.count > 50)
        var leaks: [String] = []
        for file in files {
            for (line, signature) in Self.signatures(in: file.text) where !Self.isComment(signature) {
                if signature.contains(/\b(public|package|open)\b/) && signature.contains(Self.pointer) { leaks.append("\(file.path):\(line)") }
            }
        }
        #expect(leaks == [])
    }

    @Test func unsafeCodeOnlyInTabularAndRenovation() throws {
        let files = try Self.files()
        #expect(Set(files.map(\.module)).isSuperset(of: ["Storage", "Referential", "Web", "Tabular", "Renovation"]))
        var leaks: [String] = []
        for file in files where !Self.confined.contains(file.module) {
            for (k, line) in file.text.components(separatedBy: "\n").enumerated() where !Self.isComment(line) && line.contains(Self.unsafeCode) {
                leaks.append("\(file.path):\(k + 1)")
            }
        }
        #expect(leaks == [])
    }

    /// The scans see a signature written on several lines, ignore pointers in the bodies of internal code, and
    /// tell memory-unsafe code from names that only contain the word.
    @Test func scansSeeWhatTheyLookFor() {
        let text = "public func f(a: Int,\n              b: UnsafePointer<Int>) {\n    g()\n}\nfunc h() { p.withUnsafeBytes { _ in } }"
        let found = Self.signatures(in: text)
        #expect(found.first?.text.contains("UnsafePointer") == true && found.first?.line == 1)
        #expect(found.filter { $0.text.contains("public") }.count == 1 && !found[found.count - 1].text.contains("withUnsafe"))
        #expect("x.withUnsafeBufferPointer { $0 }".contains(Self.unsafeCode) && "nonisolated(unsafe) let p = q".contains(Self.unsafeCode))
        #expect("let p: UnsafeMutableRawPointer".contains(Self.pointer) && "p.baseAddress!.withMemoryRebound".contains(Self.pointer) == false)
        #expect(!"PostgresQuery(unsafeSQL: sql)".contains(Self.unsafeCode) && !"configuration.allowsUnsafeTransactions = true".contains(Self.unsafeCode))
    }
}
