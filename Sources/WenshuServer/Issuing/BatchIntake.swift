public import WenshuDiagnostics
import Foundation
import NIOCore
import WenshuDelivery

/// How a batch's documents are delivered: by email to the address at a data path, and/or kept in
/// the store under a prefix.
public struct BatchOptions: Sendable, Codable, Equatable {
    public var deliverTo: String?
    public var storePrefix: String?
    /// Protection of every document (``Protection``). A batch is kept in the registry until done,
    /// so it takes no password of the caller's: only `encryptGenerated`, one new password per
    /// document, each sent in its own second message.
    public var sign: Bool?
    public var archive: Bool?
    public var encryptGenerated: Bool?

    public init(deliverTo: String? = nil, storePrefix: String? = nil, sign: Bool? = nil, archive: Bool? = nil, encryptGenerated: Bool? = nil) {
        self.deliverTo = deliverTo; self.storePrefix = storePrefix; self.sign = sign; self.archive = archive
        self.encryptGenerated = encryptGenerated
    }

    var protection: Protection {
        Protection(sign: sign, archive: archive ?? false, encryption: encryptGenerated == true ? .generated : nil)
    }
}

/// Streams a JSON Lines body into chunks of the registry as it arrives: the body is never held in
/// memory whole, and chunks are claimable by any node's batch worker while the rest still uploads.
public final class BatchIntake: Sendable {
    let registry: any DocumentRegistry
    let chunkSize: Int
    /// One record's JSON at most (the template engine refuses larger data anyway).
    let maxRecordBytes: Int

    public init(registry: any DocumentRegistry, chunkSize: Int = 50, maxRecordBytes: Int = 8 << 20) {
        self.registry = registry; self.chunkSize = max(1, chunkSize); self.maxRecordBytes = maxRecordBytes
    }

    public struct RecordTooLarge: DiagnosticConvertible {
        public var record: Int
        public var message: String { "longer than the limit for one record" }
        public var location: String { "record \(record)" }
        public var diagnosticCode: String { Diagnostic.Code.limit }
        public var description: String { "record \(record) is longer than the limit for one record" }
    }

    public func receive<S: AsyncSequence>(template: String, options: BatchOptions, body: S) async throws -> BatchRecord
    where S.Element == ByteBuffer {
        let id = Identifiers.newBatchID()
        let encoded = String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
        try await registry.createBatch(id: id, template: template, options: encoded, now: Date())
        var line: [UInt8] = []
        var chunk: [[UInt8]] = []
        var record = 0, chunkIndex = 0, firstOfChunk = 1
        func take(_ bytes: [UInt8]) {
            record += 1
            // Blank lines keep their number (so failures name the line) and are skipped.
            if bytes.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) { chunk.append(bytes) } else { chunk.append([]) }
        }
        for try await buffer in body {
            for byte in buffer.readableBytesView {
                if byte == 0x0A {
                    take(line); line.removeAll(keepingCapacity: true)
                    if chunk.count == chunkSize {
                        try await registry.addChunk(batchID: id, index: chunkIndex, firstRecord: firstOfChunk, records: chunk)
                        chunkIndex += 1; firstOfChunk = record + 1; chunk.removeAll(keepingCapacity: true)
                    }
                } else {
                    line.append(byte)
                    if line.count > maxRecordBytes { throw RecordTooLarge(record: record + 1) }
                }
            }
        }
        if !line.isEmpty { take(line) }
        if !chunk.isEmpty { try await registry.addChunk(batchID: id, index: chunkIndex, firstRecord: firstOfChunk, records: chunk) }
        try await registry.closeBatch(id: id, total: record, now: Date())
        guard let batch = try await registry.batch(id: id) else { throw OutboxError("batch \(id) vanished") }
        return batch
    }
}
