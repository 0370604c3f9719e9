import Foundation
import WenshuStorage

#if canImport(Glibc)
import Glibc
#endif

/// Stores for the S3 tests; each shuts its own HTTP client down after `body`.
enum S3Fixtures {
    /// Runs `body` with a store on the shared moto server (each test uses its own keys),
    /// then shuts the store's HTTP client down.
    static func withStore(secret: String? = nil, bucket: String? = nil, unsigned: Bool = false,
                          _ body: (S3Store) async throws -> Void) async throws {
        let moto = try await MotoServer.get()
        let store = try S3Store(endpoint: unsigned ? moto.unsignedEndpoint : moto.endpoint, bucket: bucket ?? moto.bucket, region: "us-east-1",
                                accessKeyID: moto.accessKeyID, secretAccessKey: secret ?? moto.secretAccessKey,
                                timeout: .seconds(10))
        do {
            try await body(store)
        } catch {
            try await store.shutdown()
            throw error
        }
        try await store.shutdown()
    }

    /// A store for an address where no S3 server runs.
    static func withUnreachableStore(port: Int, timeout: Duration, _ body: (S3Store) async throws -> Void) async throws {
        let store = try S3Store(endpoint: "http://127.0.0.1:\(port)", bucket: "b", region: "us-east-1",
                                accessKeyID: "AKID", secretAccessKey: "secret", timeout: timeout)
        do {
            try await body(store)
        } catch {
            try await store.shutdown()
            throw error
        }
        try await store.shutdown()
    }

    static func document(_ label: String) -> [UInt8] {
        Array("%PDF-1.7 \(label) \(UUID().uuidString)".utf8) + (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    }
}

/// A loopback TCP socket that accepts connections (through the kernel backlog) but never answers.
final class SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(descriptor, raw, length) == 0 && listen(descriptor, 8) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound else { throw ServerScripts.Failed(description: "could not open a loopback listener") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
