import WenshuDiagnostics
import WenshuPages

/// A vertical slice of laid-out content that never splits across pages: a line of a paragraph, a
/// table row group, an image. Items are relative to the fragment's top-left corner.
struct Fragment {
    var height: Double
    var items: [PageItem] = []
    /// Stay on the same page as the next fragment (headings, first and last lines of paragraphs).
    var keepWithNext = false
    /// Spacing that is dropped when it would stand at the top of a page.
    var discardableAtPageTop = false
    /// Start a new page before this fragment.
    var breakBefore = false
    /// Header rows to repeat above this fragment when it starts a page (table body rows).
    var repeatedHeader: [Fragment]? = nil
    /// Items placed in page coordinates, outside the flow (absolute boxes).
    var absolute = false
    /// The block this fragment comes from, for errors found at pagination (a row taller than a page).
    var location: SourceLocation? = nil

    init(height: Double, items: [PageItem] = []) {
        self.height = height
        self.items = items
    }
}

extension Array where Element == Fragment {
    /// The fragments stacked into one (for a table cell or a column of a row), height summed.
    func stacked() -> Fragment {
        // Most table cells are one line: its items need no moving or copying.
        if count == 1, !self[0].absolute { return Fragment(height: self[0].height, items: self[0].items) }
        var result = Fragment(height: 0)
        for fragment in self {
            if fragment.absolute { continue }
            result.items.reserveCapacity(result.items.count + fragment.items.count)
            for item in fragment.items { result.items.append(item.translated(dx: 0, dy: result.height)) }
            result.height += fragment.height
        }
        return result
    }
}

extension PageItem {
    /// The item moved by (dx, dy) points.
    func translated(dx: Double, dy: Double) -> PageItem {
        if dx == 0 && dy == 0 { return self }
        switch self {
        case .glyphs(var run):
            run.origin.x += dx; run.origin.y += dy
            return .glyphs(run)
        case .path(var p):
            p.path = p.path.translated(dx: dx, dy: dy)
            return .path(p)
        case .image(var image):
            image.rect.x += dx; image.rect.y += dy
            if var clip = image.clip { clip.x += dx; clip.y += dy; image.clip = clip }
            return .image(image)
        case .link(var link):
            link.rect.x += dx; link.rect.y += dy
            return .link(link)
        case .group(var group):
            // Children stay in their own coordinates; the group's transform moves them all.
            group.transform.e += dx; group.transform.f += dy
            return .group(group)
        case .seal(var seal):
            seal.frame.x += dx; seal.frame.y += dy
            return .seal(seal)
        }
    }
}

extension Path {
    func translated(dx: Double, dy: Double) -> Path {
        func t(_ p: Point) -> Point { Point(p.x + dx, p.y + dy) }
        return Path(elements.map { element in
            switch element {
            case .move(let p): return .move(t(p))
            case .line(let p): return .line(t(p))
            case .cubic(let a, let b, let p): return .cubic(t(a), t(b), t(p))
            case .close: return .close
            }
        })
    }
}
