import WenshuDiagnostics
import WenshuDocument
import WenshuPages

extension LayoutContext {
    /// Lays out `blocks` one below the other at `width` points.
    mutating func fragments(_ blocks: [Block], width: Double, numbers: PageNumbers? = nil) -> [Fragment] {
        // Most table cells hold one block: its fragments as they come (often the cache's own array).
        if blocks.count == 1, blocks[0].spaceBefore <= 0, blocks[0].spaceAfter <= 0 { return fragments(blocks[0], width: width, numbers: numbers) }
        var result: [Fragment] = []
        for block in blocks {
            if block.spaceBefore > 0 { result.append(spacer(block.spaceBefore)) }
            result += fragments(block, width: width, numbers: numbers)
            if block.spaceAfter > 0 { result.append(spacer(block.spaceAfter)) }
        }
        return result
    }

    mutating func fragments(_ block: Block, width: Double, numbers: PageNumbers?) -> [Fragment] {
        guard admitBlock(at: block.location) else { return [] }
        var result = fragmentsWithoutLocation(block, width: width, numbers: numbers)
        // Paragraph lines come from the cache with their location set: writing it again would copy them.
        for k in result.indices where result[k].location == nil { result[k].location = block.location }
        return result
    }

    private mutating func fragmentsWithoutLocation(_ block: Block, width: Double, numbers: PageNumbers?) -> [Fragment] {
        let at = block.location
        switch block.content {
        case .paragraph(let p):
            return paragraph(p, width: width, at: at, numbers: numbers)
        case .keyValue(let grid):
            return keyValue(grid, width: width, at: at, numbers: numbers)
        case .table(let table):
            return self.table(table, width: width, at: at, numbers: numbers)
        case .row(let row):
            return [self.row(row, width: width, numbers: numbers)]
        case .box(let box):
            return [self.box(box, width: width, at: at, numbers: numbers)]
        case .image(let image):
            return self.image(image, width: width, at: at).map { [$0] } ?? []
        case .qrCode(let qr):
            return qrCode(qr, width: width, at: at, numbers: numbers)
        case .barcode(let barcode):
            return self.barcode(barcode, width: width, at: at, numbers: numbers)
        case .signature(let signature):
            return self.signature(signature, width: width, at: at, numbers: numbers)
        case .seal(let seal):
            return self.seal(seal, width: width, at: at).map { [$0] } ?? []
        case .overlay(let overlay):
            let content = fragments(overlay.blocks, width: overlay.width, numbers: numbers).stacked()
            let group = GroupItem(transform: Transform(a: 1, b: 0, c: 0, d: 1, e: overlay.x, f: overlay.y),
                                  opacity: overlay.opacity, items: content.items)
            return [Fragment(height: 0, items: [.group(group)])]
        case .absolute(let box):
            let content = fragments(box.blocks, width: box.width, numbers: numbers).stacked()
            var fragment = Fragment(height: 0, items: content.items.map { $0.translated(dx: box.x, dy: box.y) })
            fragment.absolute = true
            return [fragment]
        case .rule(let rule):
            var path = Path()
            let y = rule.line.width / 2
            path.move(to: Point(0, y))
            path.line(to: Point(width, y))
            return [Fragment(height: rule.line.width, items: [.path(PathItem(path: path, stroke: stroke(rule.line)))])]
        case .spacer(let height):
            return [spacer(height)]
        case .pageBreak:
            var fragment = Fragment(height: 0)
            fragment.breakBefore = true
            return [fragment]
        case .keepTogether(let blocks):
            var result = fragments(blocks, width: width, numbers: numbers)
            for k in result.indices.dropLast() { result[k].keepWithNext = true }
            return result
        case .group(let blocks):
            return fragments(blocks, width: width, numbers: numbers)
        }
    }

    func spacer(_ height: Double) -> Fragment {
        var fragment = Fragment(height: height)
        fragment.discardableAtPageTop = true
        return fragment
    }

    func stroke(_ line: BorderLine) -> Stroke {
        Stroke(color: color(line.color), width: line.width, dash: line.dash)
    }

    func color(_ rgb: RGB) -> Color { Color(red: rgb.red, green: rgb.green, blue: rgb.blue) }

    /// x of a box `inner` wide placed in `outer` by `alignment`.
    func alignedX(_ inner: Double, in outer: Double, _ alignment: Alignment) -> Double {
        switch alignment {
        case .left, .justify: return 0
        case .center: return (outer - inner) / 2
        case .right: return outer - inner
        }
    }
}
