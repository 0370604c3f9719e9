import Foundation
import WenshuDocument

/// The document's QR matrices, encoded on another thread while the layout starts: the verification
/// code that every document prints sits near its end. (Scoring the eight masks was a twentieth of
/// a two-page policy's render through libqrencode's own loops; `QRMaskSearch` made it about 2 %.)
final class QRPrefetch: @unchecked Sendable {
    struct Key: Hashable {
        var payload: String
        var level: QRCodeBlock.Level
    }

    private let lock = NSLock()
    private var matrices: [Key: QRMatrix?] = [:]
    private let group = DispatchGroup()

    /// Starts encoding every distinct QR code of `blocks`; nil when there is none.
    static func start(_ blocks: [[Block]]) -> QRPrefetch? {
        var keys: [Key] = []
        for list in blocks { collect(list, into: &keys) }
        guard !keys.isEmpty else { return nil }
        let prefetch = QRPrefetch()
        for key in Set(keys) {
            DispatchQueue.global().async(group: prefetch.group) {
                let matrix = QRMatrix(payload: key.payload, level: key.level)
                prefetch.lock.lock()
                prefetch.matrices[key] = .some(matrix)
                prefetch.lock.unlock()
            }
        }
        return prefetch
    }

    /// The matrix (nil when the payload does not fit), waiting for its encoding; nil as the outer
    /// value when this code was not prefetched.
    func matrix(_ payload: String, level: QRCodeBlock.Level) -> QRMatrix?? {
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        return matrices[Key(payload: payload, level: level)]
    }

    private static func collect(_ blocks: [Block], into keys: inout [Key]) {
        for block in blocks {
            switch block.content {
            case .qrCode(let qr): keys.append(Key(payload: qr.payload, level: qr.level))
            case .table(let table):
                for row in table.header + table.rows { for cell in row.cells { collect(cell.blocks, into: &keys) } }
            case .row(let row): for column in row.columns { collect(column.blocks, into: &keys) }
            case .box(let box): collect(box.blocks, into: &keys)
            case .overlay(let overlay): collect(overlay.blocks, into: &keys)
            case .absolute(let box): collect(box.blocks, into: &keys)
            case .keepTogether(let list), .group(let list): collect(list, into: &keys)
            default: break
            }
        }
    }
}
