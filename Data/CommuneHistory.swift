import Tabular

/// INSEE's table of changes to communes (merges, restorations, renamings), to carry data published on an
/// older geography to the 2024 one.
struct CommuneHistory {
    let table: CSVTable

    /// For each code that is no longer a commune, the commune it is part of today (following merges).
    func successors(current: Set<String>) throws -> [String: String] {
        let c = try table.columns("TYPECOM_AV", "COM_AV", "TYPECOM_AP", "COM_AP", "DATE_EFF")
        var next: [String: (String, String)] = [:]  // old code → (new code, date)
        for r in table.records where r[c[0]] == "COM" && r[c[2]] == "COM" && r[c[1]] != r[c[3]] && !current.contains(r[c[1]]) {
            // Keep the most recent move of a code.
            if let existing = next[r[c[1]]], existing.1 >= r[c[4]] { continue }
            next[r[c[1]]] = (r[c[3]], r[c[4]])
        }
        var result: [String: String] = [:]
        for old in next.keys {
            var code = old
            var steps = 0
            while !current.contains(code), let step = next[code], steps < 20 {
                code = step.0
                steps += 1
            }
            if current.contains(code) { result[old] = code }
        }
        return result
    }

    /// Communes whose territory was cut by a restoration (a former commune becoming a commune again) on or
    /// after `date`: both the restored communes and those they left. Data of an older vintage does not
    /// describe their current territory.
    func restored(since date: String) throws -> Set<String> {
        let c = try table.columns("MOD", "DATE_EFF", "COM_AV", "COM_AP", "TYPECOM_AV", "TYPECOM_AP")
        var codes = Set<String>()
        for r in table.records where r[c[0]] == "21" && r[c[1]] >= date && r[c[4]] == "COM" && r[c[5]] == "COM" {
            codes.insert(r[c[2]])
            codes.insert(r[c[3]])
        }
        return codes
    }
}
