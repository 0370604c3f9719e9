import Foundation
import Logging
import Testing
@testable import WenshuDelivery

enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// A fresh, empty store of each kind: a new SQLite file, or a new PostgreSQL database.
enum StoreFixtures {
    static let logger = Logger(label: "wenshu.tests") { _ in SwiftLogNoOpLogHandler() }

    static func url(_ kind: StoreKind) throws -> String {
        switch kind {
        case .sqlite:
            return "sqlite://" + temporaryDirectory("outbox") + "/outbox.db"
        case .postgres:
            let base = try TestServers.postgresURL.get()
            let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            try psql(base, "CREATE DATABASE \(name)")
            guard var components = URLComponents(string: base) else { throw TestServerError("bad url \(base)") }
            components.path = "/" + name
            return components.string!
        }
    }

    static func make(_ kind: StoreKind) async throws -> any OutboxStore {
        try await OutboxStores.open(url: try url(kind), logger: logger)
    }

    static func psql(_ url: String, _ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        try p.run()
        p.waitUntilExit()
        if p.terminationStatus != 0 { throw TestServerError("psql failed: \(sql)") }
    }

    static func request(_ key: String, channel: DeliveryChannel = .filesystem, target: String? = nil,
                        document: [UInt8] = Array("%PDF-1.7 test document".utf8)) -> DeliveryRequest {
        DeliveryRequest(
            idempotencyKey: key, channel: channel, target: target ?? (channel == .email ? "zhang.san@example.com" : "docs/\(key).pdf"),
            fileName: "电子保单-\(key).pdf", mediaType: "application/pdf", document: document,
            email: channel == .email ? EmailContent(subject: "您的电子保单 Your e-policy", text: "见附件", html: "<p>见附件</p>", recipientName: "张三") : nil,
            metadata: ["template": "epolicy"])
    }

    static func attempt(_ job: DeliveryJob, outcome: String = "delivered", owner: String = "w1") -> DeliveryAttempt {
        DeliveryAttempt(jobID: job.id, at: Date(), channel: job.channel, maskedTarget: "z***@example.com", outcome: outcome,
                        code: 250, reply: "OK", bytes: job.documentSize, durationMilliseconds: 3, worker: owner)
    }
}
