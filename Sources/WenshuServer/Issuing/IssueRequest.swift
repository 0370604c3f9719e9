import Foundation
import WenshuDelivery
import WenshuDiagnostics

/// Where an issued document goes besides the registry: an email, or a key in the configured store.
public struct DeliverySpec: Sendable, Codable, Equatable {
    /// `email` or `store`.
    public var channel: String
    /// The recipient, for `email`.
    public var to: String?
    /// The storage key, for `store`; default `<template>/<document id>.pdf`.
    public var key: String?

    public init(channel: String, to: String? = nil, key: String? = nil) { self.channel = channel; self.to = to; self.key = key }
}

public struct IssueRequest: Sendable {
    public var template: String
    /// The JSON data.
    public var data: [UInt8]
    public var deliver: [DeliverySpec]
    /// Issuing again with the same key returns the first document; nil derives one from template,
    /// data and deliveries, so an identical request is never issued twice.
    public var idempotencyKey: String?
    public var batchID: String?
    public var batchRecord: Int?
    /// Signature, archive form and encrypted email copies.
    public var protection: Protection

    public init(template: String, data: [UInt8], deliver: [DeliverySpec] = [], idempotencyKey: String? = nil,
                batchID: String? = nil, batchRecord: Int? = nil, protection: Protection = Protection()) {
        self.template = template; self.data = data; self.deliver = deliver; self.idempotencyKey = idempotencyKey
        self.batchID = batchID; self.batchRecord = batchRecord; self.protection = protection
    }
}

public struct IssuedDocument: Sendable {
    public var record: DocumentRecord
    /// False when the idempotency key had been issued before (nothing was rendered or sent again).
    public var created: Bool
    public var deliveries: [DeliveryJob]
    public var warnings: [Diagnostic]
}

public enum IssueError: DiagnosticConvertible, Sendable {
    /// Bad data or template (422), or an unknown template (404: `isUnknownTemplate`).
    case invalid(DiagnosticError)
    /// The render pool is full (503 with Retry-After).
    case saturated
    /// Storage or database trouble (500); nothing was recorded.
    case failed(String)
    /// No such policy in the registry (404).
    case notFound(String)
    /// The request cannot apply to the policy as it stands, e.g. it is cancelled (409).
    case conflict(String)

    public var isUnknownTemplate: Bool {
        guard case .invalid(let e) = self else { return false }
        return e.diagnostics.contains { $0.message.hasPrefix("template '") && $0.message.hasSuffix("' not found") }
    }

    public var message: String {
        switch self {
        case .invalid(let e): return e.description
        case .saturated: return "the render pool is full"
        case .failed(let message), .notFound(let message), .conflict(let message): return message
        }
    }

    /// An invalid request's own diagnostics; one made from ``message`` for the other cases.
    public var diagnostics: [Diagnostic] {
        if case .invalid(let e) = self { return e.diagnostics }
        if case .saturated = self { return [Diagnostic(.error, message, at: location, code: Diagnostic.Code.limit)] }
        return [Diagnostic(.error, message, at: location)]
    }
}
