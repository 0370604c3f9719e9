import Foundation
import WenshuDocument

/// Table cells laid out on another thread while the table's own thread lays out the others: most of
/// a policy's layout is its schedule of cover, and the page waiting for it wants it soon.
///
/// The other thread works on a copy of the layout context. Its lines are used only when it met no
/// problem at all and drew no image; otherwise the table's thread lays those cells out again itself, so every error and
/// hint is found and worded as in an ordered layout.
final class CellsAhead: @unchecked Sendable {
    /// Fewer cells than this are laid out on one thread: the hand-off would cost more than it saves.
    static let minimumCells = 48

    private let done = DispatchGroup()
    private var result: [[Fragment]]?

    static func start(_ cells: [PlacedCell], widths: [Double], context: LayoutContext, numbers: PageNumbers?) -> CellsAhead? {
        guard cells.count * 2 >= minimumCells else { return nil }
        let ahead = CellsAhead()
        var copy = context
        copy.sideThreads = false
        copy.diagnostics = []
        DispatchQueue.global().async(group: ahead.done) { [copy] in
            var context = copy
            var lines: [[Fragment]] = []
            lines.reserveCapacity(cells.count)
            for (cell, width) in zip(cells, widths) {
                lines.append(context.fragments(cell.cell.blocks, width: width, numbers: numbers))
                if context.stopped || !context.diagnostics.isEmpty { return }
            }
            // An image counts against the document's pixel budget in the table's own context: leave
            // cells with images to it.
            guard context.imagePixels == copy.imagePixels else { return }
            ahead.result = lines
        }
        return ahead
    }

    /// The lines of the `k`th cell handed over, waiting for the other thread; nil when it met a problem.
    func lines(_ k: Int) -> [Fragment]? {
        done.wait()
        return result?[k]
    }
}
