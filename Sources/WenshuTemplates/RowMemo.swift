internal import Foundation
internal import WenshuDocument
internal import WenshuDomain

/// The rows an `each:` table row made from items it has seen before, by everything they print.
///
/// A schedule of cover repeats the same rows in every policy of a product: building each row's cells,
/// spans and filters again was most of the template's time on such a policy. A row is kept only when
/// all it prints comes from the loop's own item and `loop` (its cells are text, every binding starts
/// at the alias or at `loop`), so the row is a function of the item's value and JSON path, the loop's
/// index and count (all `loop` holds), and the money values the validator resolved for its filtered bindings (a sum
/// insured takes its currency from elsewhere in the data). Those make the key; a row that met any
/// problem while it was built is never kept, so a document that should fail still fails.
///
/// Rows are kept the second time their key is seen (``SeenOnce``, as ``TableRowCache`` keeps them),
/// and the memo starts over past ``capacity`` rows: one record's own rows (its insured people) never crowd it.
final class RowMemo: @unchecked Sendable {
    typealias Key = ContentKey

    static let capacity = 1024

    /// Bindings whose printed text also depends on a resolved money value (those with filters).
    let filtered: [Binding]
    private let lock = NSLock()
    private var rows: [Key: TableRow] = [:]
    private let seen = SeenOnce(capacity: RowMemo.capacity)

    /// A memo for the row printing `texts` in a loop over `alias`, or nil when something it prints
    /// comes from outside the item (the data's root, an outer loop) or a cell holds blocks.
    init?(texts: [CompiledText]?, alias: String) {
        guard let texts else { return nil }
        var filtered: [Binding] = []
        for text in texts {
            for piece in text.pieces {
                switch piece {
                case .literal: continue
                case .page, .pages: return nil
                case .binding(let binding, _, _):
                    guard binding.path.head == alias || binding.path.head == "loop" else { return nil }
                    if !binding.filters.isEmpty { filtered.append(binding) }
                }
            }
        }
        self.filtered = filtered
    }

    func get(_ key: Key) -> TableRow? {
        lock.lock()
        defer { lock.unlock() }
        return rows[key]
    }

    /// Keeps `row` if its key was seen before.
    func put(_ key: Key, _ row: TableRow) {
        guard seen.seenBefore(key) else { return }
        lock.lock()
        defer { lock.unlock() }
        if rows.count >= RowMemo.capacity { rows.removeAll(keepingCapacity: true) }
        rows[key] = row
    }
}

extension RenderContext {
    /// The key of the row about to be built for the current item of the loop over `alias`.
    func rowMemoKey(_ memo: RowMemo, alias: String) -> RowMemo.Key? {
        guard let item = vars[alias], let position = loopPosition, let value = item.value else { return nil }
        var w = ContentKeyWriter()
        w.append(item.jsonPath)
        w.append(value)
        w.append(position.index)
        w.append(position.count)
        for binding in memo.filtered {
            let bound = resolve(binding.path, in: root, vars: vars)
            guard let resolved = money[bound.jsonPath] else { w.append(0); continue }
            switch resolved.limit {
            case .amount(let m): w.append(1); w.append(Int(m.minorUnits)); w.append(m.currency.rawValue)
            case .included: w.append(2)
            case .unlimited: w.append(3)
            }
            w.append(resolved.currency?.rawValue ?? "")
        }
        return w.key()
    }
}

extension ContentKeyWriter {
    /// The value exactly as parsed (numbers as written, keys in order), each part tagged: two values
    /// write the same bytes only when they are the same.
    mutating func append(_ value: JSONValue) {
        switch value {
        case .null: append(0x10)
        case .bool(let b): append(b ? 0x11 : 0x12)
        case .number(let n): append(0x13); append(n)
        case .string(let s): append(0x14); append(s)
        case .array(let items):
            append(0x15); append(items.count)
            for item in items { append(item) }
        case .object(let pairs):
            append(0x16); append(pairs.count)
            for pair in pairs { append(pair.key); append(pair.value) }
        }
    }
}
