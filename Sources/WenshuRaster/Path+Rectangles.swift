import WenshuPages

extension Path {
    /// The rectangles the path is made of, when it is nothing but axis-aligned rectangles, each a
    /// subpath of four corners in either direction (`move`, three `line`s, an optional `line` back to
    /// the start, and `close`), as `Path.addRect` builds them and as QR modules are drawn; else nil.
    var axisAlignedRectangles: [Rect]? {
        var rects: [Rect] = []
        var corners: [Point] = []
        func finish() -> Bool {
            if corners.count == 5, corners[4] == corners[0] { corners.removeLast() }
            guard corners.count == 4 else { return corners.isEmpty }
            for k in 0..<4 {
                let a = corners[k], b = corners[(k + 1) % 4]
                guard (a.x == b.x) != (a.y == b.y) else { return false }  // exactly one coordinate changes
            }
            // Alternating edges: the first edge's direction must differ from the second's.
            guard (corners[0].x == corners[1].x) != (corners[1].x == corners[2].x) else { return false }
            let xs = corners.map(\.x), ys = corners.map(\.y)
            let minX = xs.min()!, minY = ys.min()!
            rects.append(Rect(x: minX, y: minY, width: xs.max()! - minX, height: ys.max()! - minY))
            corners = []
            return true
        }
        for element in elements {
            switch element {
            case .move(let p):
                guard finish() else { return nil }
                corners = [p]
            case .line(let p):
                guard !corners.isEmpty else { return nil }
                corners.append(p)
            case .cubic:
                return nil
            case .close:
                guard !corners.isEmpty, finish() else { return nil }
            }
        }
        guard finish(), !rects.isEmpty else { return nil }
        return rects
    }
}
