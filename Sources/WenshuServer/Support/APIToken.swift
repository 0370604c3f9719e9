import Crypto
import Foundation

/// What a token may do. Each `/v1` route family needs one scope.
public enum APIScope: String, Sendable, CaseIterable {
    case render, documents, deliveries, batches
}

/// A bearer token: a name for the logs, the secret's SHA-256 (the secret itself is not kept), and
/// its scopes.
public struct APIToken: Sendable {
    public var name: String
    public var scopes: Set<APIScope>
    let digest: [UInt8]

    public init(name: String, token: String, scopes: Set<APIScope>) {
        self.name = name
        self.scopes = scopes
        self.digest = Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// `name:token:scope1+scope2` entries (`*` = every scope), separated by `separator`; blank
    /// entries and `#` comments are skipped.
    public static func parseList(_ text: String, separator: Character, source: String) throws -> [APIToken] {
        var tokens: [APIToken] = []
        for (number, raw) in text.split(separator: separator, omittingEmptySubsequences: false).enumerated() {
            let entry = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            let parts = entry.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ServerConfigurationError("\(source): entry \(number + 1) is not name:token:scopes")
            }
            var scopes: Set<APIScope> = []
            for word in parts[2].split(separator: "+") {
                if word == "*" { scopes.formUnion(APIScope.allCases); continue }
                guard let scope = APIScope(rawValue: String(word)) else {
                    throw ServerConfigurationError("\(source): entry \(number + 1) ('\(parts[0])'): unknown scope '\(word.prefix(20))'; use render, documents, deliveries, batches or *")
                }
                scopes.insert(scope)
            }
            guard parts[1].count >= 16 else {
                throw ServerConfigurationError("\(source): the token of '\(parts[0])' is shorter than 16 characters")
            }
            tokens.append(APIToken(name: parts[0], token: parts[1], scopes: scopes))
        }
        return tokens
    }
}

/// Finds the token a request presents, in time that does not depend on how much of it matched.
struct TokenAuthenticator: Sendable {
    let tokens: [APIToken]

    /// The matching token, comparing SHA-256 digests byte by byte without early exit, against every
    /// configured token (so the time does not tell which entry came close either).
    func authenticate(_ presented: String) -> APIToken? {
        let digest = Array(SHA256.hash(data: Array(presented.utf8)))
        var found: APIToken?
        for token in tokens {
            var difference: UInt8 = 0
            for i in 0..<digest.count { difference |= digest[i] ^ token.digest[i] }
            if difference == 0 { found = token }
        }
        return found
    }
}
