import Foundation
import WenshuDocument
import WenshuPages
import WenshuText

/// Laid-out table rows by everything that decides them: the key of the font book's `table-rows`
/// cache (``RenderCaches``).
///
/// A schedule of cover prints the same rows in every policy. The `positioned-lines` cache already
/// saves shaping their cells; this one also saves placing each cell's lines, its fills and its
/// borders, which cost a row as much again as looking its cells up.
///
/// Rows are admitted the second time they are laid out (``SeenOnce``). Only a row that is a group
/// of its own (no rowspan reaches into or out of it) and whose cells are each empty or one
/// paragraph, with no borders of their own, is cached. Its key holds, for every
/// cell, its span, fill, padding, alignment and what decides its paragraph (text, styles as given,
/// links, places), and for the row the column edges, padding, alignment, fill, the table's border
/// strokes and the document's base style: the fragment is a function of these alone (each cell's
/// place and width follow from them).
enum TableRowCache {
    static let stripes = 16
}

extension LayoutContext {
    /// The cache key of the one-row group `row`, or nil when the row is not of the kind the cache
    /// holds (it is then laid out every time).
    func rowKey(_ row: TableRow, geometry: TableRowCache.Geometry, fill: RGB?) -> ContentKey? {
        guard let part = engine.rowParts.part(of: row.cells) else { return nil }
        var w = ContentKeyWriter()
        geometry.write(into: &w)
        w.append(fill)
        w.append(base)
        part.withUnsafeBytes { w.append(bytes: $0) }
        return w.key()
    }
}

extension TableRowCache {
    /// What a row's cells decide of it, as they are given: where each lands and how wide it is follow
    /// from these and the table's geometry (a row that is a group of its own has no rowspan reaching
    /// into it). Nil when a cell is not of the kind the cache holds.
    static func cellsPart(_ cells: [TableCell]) -> [UInt8]? {
        var w = ContentKeyWriter()
        w.append(cells.count)
        for cell in cells {
            guard cell.borders == nil, cell.rowspan == 1 else { return nil }
            w.append(cell.colspan)
            w.append(cell.fill)
            w.append(cell.padding)
            w.append(cell.verticalAlignment.map { TableRowCache.Geometry.code($0) } ?? -1)
            if cell.blocks.isEmpty {
                w.append(-2)
                continue
            }
            guard cell.blocks.count == 1, case .paragraph(let p) = cell.blocks[0].content,
                  cell.blocks[0].spaceBefore <= 0, cell.blocks[0].spaceAfter <= 0 else { return nil }
            // The styles as given, not resolved: with the document's base style they decide the
            // resolved ones, and writing them costs a fraction of resolving them.
            let location = cell.blocks[0].location
            w.append(location); w.append(p.properties)
            w.append(p.spans.count)
            for k in p.spans.indices {
                w.append(p.spans[k].text)
                w.append(p.spans[k].kind == .text ? 0 : p.spans[k].kind == .pageNumber ? 1 : 2)
                w.append(p.spans[k].properties)
                w.append(p.spans[k].link ?? "\u{0}")
                w.append(p.spans[k].location, fileOf: location)
            }
        }
        return w.finish()
    }
}

/// The cells' part of row keys by the identity of the row's cells array: the template hands a row
/// it kept (its `each:` row memo) to every document as the same array, whose part is then written
/// once. Each entry holds its array, so no other array can take its address while it is here, and
/// the array cannot change under it (a shared array is copied before it is written).
final class RowParts: @unchecked Sendable {
    private struct Entry {
        var cells: [TableCell]
        var part: [UInt8]?
    }

    static let capacity = 1024
    private let lock = NSLock()
    private var entries: [UnsafeRawPointer: Entry] = [:]

    func part(of cells: [TableCell]) -> [UInt8]? {
        guard !cells.isEmpty, let id = cells.withUnsafeBufferPointer({ $0.baseAddress.map { UnsafeRawPointer($0) } }) else {
            return TableRowCache.cellsPart(cells)
        }
        lock.lock()
        if let entry = entries[id] {
            lock.unlock()
            return entry.part
        }
        lock.unlock()
        let part = TableRowCache.cellsPart(cells)
        lock.lock()
        if entries.count >= RowParts.capacity { entries.removeAll(keepingCapacity: true) }
        entries[id] = Entry(cells: cells, part: part)
        lock.unlock()
        return part
    }
}

extension TableRowCache {
    /// What a table gives all its rows: column edges, padding, vertical alignment, border strokes.
    struct Geometry {
        var xs: [Double]
        var padding: Insets
        var alignment: VerticalAlignment
        var strokes: [Stroke?]

        init(_ table: Table, xs: [Double], strokes: LayoutContext.TableStrokes) {
            self.xs = xs
            padding = table.padding
            alignment = table.verticalAlignment
            self.strokes = [strokes.top, strokes.right, strokes.bottom, strokes.left]
        }

        func write(into w: inout ContentKeyWriter) {
            w.append(xs.count)
            for x in xs { w.append(x) }
            w.append(padding)
            w.append(Geometry.code(alignment))
            for stroke in strokes {
                guard let stroke else { w.append(-1); continue }
                w.append(stroke.color.red); w.append(stroke.color.green); w.append(stroke.color.blue); w.append(stroke.width)
                w.append(stroke.dash.count)
                for d in stroke.dash { w.append(d) }
                w.append(stroke.cap == .butt ? 0 : stroke.cap == .round ? 1 : 2)
                w.append(stroke.join == .miter ? 0 : stroke.join == .round ? 1 : 2)
            }
        }

        static func code(_ alignment: VerticalAlignment) -> Int {
            switch alignment {
            case .top: 0
            case .middle: 1
            case .bottom: 2
            }
        }
    }
}
