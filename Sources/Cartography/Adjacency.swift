/// Which shapes touch. The simplified outlines of neighbouring communes were simplified separately, so their
/// shared border does not always keep identical vertices: two shapes are neighbours when a vertex of one lies
/// within `tolerance` degrees of a vertex of the other. A grid of cells of that size makes it linear.
public enum Adjacency {
    public static func neighbours(of shapes: [String: Shape], tolerance: Double = 0.0015) -> [String: [String]] {
        struct Cell: Hashable { let x: Int, y: Int }
        struct Vertex { let x: Double, y: Double, owner: Int }
        let codes = shapes.keys.sorted()
        var grid: [Cell: [Vertex]] = [:]
        for (owner, code) in codes.enumerated() {
            for polygon in shapes[code]!.polygons {
                for ring in polygon {
                    for p in ring {
                        let cell = Cell(x: Int((p.longitude / tolerance).rounded(.down)), y: Int((p.latitude / tolerance).rounded(.down)))
                        grid[cell, default: []].append(Vertex(x: p.longitude, y: p.latitude, owner: owner))
                    }
                }
            }
        }
        var pairs = Set<Int>()  // owner pairs packed as a * count + b, a < b
        let count = codes.count
        for (cell, vertices) in grid {
            // Each cell against itself and the four "forward" neighbours, so each pair of cells is seen once.
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1), (1, -1)] {
                guard let others = dx == 0 && dy == 0 ? vertices : grid[Cell(x: cell.x + dx, y: cell.y + dy)] else { continue }
                for v in vertices {
                    for w in others where w.owner != v.owner && abs(v.x - w.x) <= tolerance && abs(v.y - w.y) <= tolerance {
                        pairs.insert(min(v.owner, w.owner) * count + max(v.owner, w.owner))
                    }
                }
            }
        }
        var result: [String: [String]] = [:]
        for pair in pairs {
            let a = codes[pair / count], b = codes[pair % count]
            result[a, default: []].append(b)
            result[b, default: []].append(a)
        }
        return result.mapValues { $0.sorted() }
    }
}
