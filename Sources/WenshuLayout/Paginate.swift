/// Places fragments on pages, top to bottom.
///
/// Rules: a fragment that does not fit starts a new page together with the fragments it is kept with
/// (headings with what follows, first two and last two lines of a paragraph, a table's header with its
/// first row); spacing is dropped at the top of a page; a table continuing on a new page repeats its
/// header rows; a page is only started to hold something, so no page is blank.
struct Paginator {
    let contentHeight: Double

    func paginate(_ fragments: [Fragment]) -> [[(Fragment, Double)]] {
        var pages: [[(Fragment, Double)]] = []
        var current: [(Fragment, Double)] = []
        var y = 0.0
        var hasFlowContent = false

        func newPage() {
            pages.append(current)
            current = []
            y = 0
            hasFlowContent = false
        }

        var i = 0
        while i < fragments.count {
            let fragment = fragments[i]
            defer { i += 1 }
            if fragment.absolute {
                current.append((fragment, 0))
                continue
            }
            if fragment.breakBefore {
                if hasFlowContent { newPage() }
                continue
            }
            if fragment.discardableAtPageTop && !hasFlowContent { continue }

            // Height of this fragment and those chained to it by keep-with-next.
            var needed = fragment.height
            var keep = fragment.keepWithNext
            var k = i
            while keep && k + 1 < fragments.count {
                k += 1
                // Spacing and absolute boxes are transparent: a heading keeps with the text after its gap.
                if fragments[k].absolute || fragments[k].discardableAtPageTop { continue }
                needed += fragments[k].height
                keep = fragments[k].keepWithNext
                if needed > contentHeight { break }
            }
            if needed > contentHeight { needed = fragment.height }  // cannot keep together: split the chain here

            if hasFlowContent && y + needed > contentHeight + 0.01 {
                newPage()
                if let header = fragment.repeatedHeader {
                    for row in header {
                        current.append((row, y))
                        y += row.height
                    }
                }
            }
            current.append((fragment, y))
            y += fragment.height
            if !fragment.discardableAtPageTop { hasFlowContent = true }
        }
        if hasFlowContent || !current.isEmpty { pages.append(current) }
        return pages
    }
}
