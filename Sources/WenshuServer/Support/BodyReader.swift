import Foundation
import Hummingbird
import WenshuDiagnostics
import NIOCore

/// Reads request bodies with the service's limits and media-type rules.
enum BodyReader {
    /// The body as bytes, refusing more than `limit` (413) and, when the request says what it is, any
    /// media type but JSON (415). A missing `Content-Type` is taken as JSON.
    static func json(_ request: Request, limit: Int) async throws -> [UInt8] {
        try requireMediaType(request, accepted: ["application/json"], suffix: "+json", expected: "application/json")
        return try await collect(request, limit: limit)
    }

    static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw Problem.tooLarge(limit: limit) }
        var request = request
        var bytes: [UInt8] = []
        for try await buffer in request.body {
            guard bytes.count + buffer.readableBytes <= limit else { throw Problem.tooLarge(limit: limit) }
            bytes.append(contentsOf: buffer.readableBytesView)
        }
        _ = request
        return bytes
    }

    /// 415 unless the `Content-Type` (ignoring parameters) is one of `accepted` or ends with `suffix`.
    static func requireMediaType(_ request: Request, accepted: Set<String>, suffix: String?, expected: String) throws {
        guard let raw = request.headers[.contentType] else { return }
        let type = raw.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if accepted.contains(type) { return }
        if let suffix, type.hasSuffix(suffix) { return }
        throw Problem.unsupportedMediaType(expected)
    }
}

/// Template names in URLs are folder names only: the loader also accepts paths, which a client must
/// never reach.
enum TemplateName {
    static func check(_ name: String) throws -> String {
        let ok = (1...64).contains(name.utf8.count) && name.utf8.first.map { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: ".") } == true
            && name.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || $0 == 45 || $0 == 95 }
        guard ok else {
            throw Problem(.notFound, code: "unknown-template", detail: "there is no template by that name",
                          diagnostics: [.init(.error, "template names are letters, digits, '-' and '_'", at: "template")])
        }
        return name
    }
}
