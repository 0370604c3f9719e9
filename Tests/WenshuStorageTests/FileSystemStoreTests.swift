import Foundation
import Testing
import WenshuStorage

@Suite struct FileSystemStoreTests {
    let pdf = Array("%PDF-1.7 policy P-0001".utf8)

    @Test func issuedPolicyRoundTripsWithItsChecksum() async throws {
        let folder = try TemporaryFolder()
        let store = FileSystemStore(root: folder.sub("documents"))
        let stored = try await store.put(key: "policies/2026/P-0001.pdf", bytes: pdf, mediaType: "application/pdf", sha256Hex: sha256Hex(pdf))
        #expect(stored.alreadyStored == false)
        #expect(stored.size == pdf.count)
        #expect(stored.sha256Hex == sha256Hex(pdf))
        #expect(stored.location.hasSuffix("/documents/policies/2026/P-0001.pdf"))
        #expect(FileManager.default.contents(atPath: stored.location) == Data(pdf))
        #expect(try await store.get(key: "policies/2026/P-0001.pdf") == pdf)
        #expect(try await store.get(key: "policies/2026/P-0002.pdf") == nil)
    }

    @Test func chineseKeyRoundTrips() async throws {
        let folder = try TemporaryFolder()
        let store = FileSystemStore(root: folder.path)
        let key = "policies/张三/保单 1.pdf"
        _ = try await store.put(key: key, bytes: pdf, mediaType: "application/pdf", sha256Hex: sha256Hex(pdf))
        #expect(try await store.get(key: key) == pdf)
        #expect(folder.contents() == ["policies", "policies/张三", "policies/张三/保单 1.pdf"])
    }

    @Test func retryOfTheSameDocumentIsAlreadyStored() async throws {
        let folder = try TemporaryFolder()
        let store = FileSystemStore(root: folder.path)
        let first = try await store.put(key: "a/b.pdf", bytes: pdf, mediaType: "application/pdf", sha256Hex: sha256Hex(pdf))
        let second = try await store.put(key: "a/b.pdf", bytes: pdf, mediaType: "application/pdf", sha256Hex: sha256Hex(pdf).uppercased())
        #expect(first.alreadyStored == false)
        #expect(second.alreadyStored == true)
        #expect(second.location == first.location)
        #expect(folder.contents() == ["a", "a/b.pdf"])
    }

    @Test func differentContentNeverOverwritesAnIssuedDocument() async throws {
        let folder = try TemporaryFolder()
        let store = FileSystemStore(root: folder.path)
        _ = try await store.put(key: "a/b.pdf", bytes: pdf, mediaType: "application/pdf", sha256Hex: sha256Hex(pdf))
        let other = Array("%PDF-1.7 forged".utf8)
        let failure = await #expect(throws: StorageFailure.self) {
            try await store.put(key: "a/b.pdf", bytes: other, mediaType: "application/pdf", sha256Hex: sha256Hex(other))
        }
        #expect(failure?.kind == .permanent)
        #expect(failure?.code == "ContentMismatch")
        #expect(try await store.get(key: "a/b.pdf") == pdf)
        #expect(folder.contents() == ["a", "a/b.pdf"])
    }

    @Test func concurrentWritersOfOneKeyStoreItOnce() async throws {
        let folder = try TemporaryFolder()
        let store = FileSystemStore(root: folder.path)
        let bytes = pdf
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { try await store.put(key: "race/x.pdf", bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes)).alreadyStored }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { !$0 }.count == 1)
        #expect(folder.contents() == ["race", "race/x.pdf"])
    }

    @Test func wrongChecksumIsRefusedBeforeWriting() async throws {
        let folder = try TemporaryFolder()
        let store = FileSystemStore(root: folder.path)
        let failure = await #expect(throws: StorageFailure.self) {
            try await store.put(key: "a.pdf", bytes: pdf, mediaType: "application/pdf", sha256Hex: sha256Hex([1, 2, 3]))
        }
        #expect(failure?.code == "BadDigest")
        #expect(folder.contents().isEmpty)
    }

    @Test(arguments: ["", "/etc/passwd", "../escape.pdf", "a/../../escape.pdf", "a/..", "./a.pdf", "a/./b.pdf",
                      "a//b.pdf", "a/", "a\\..\\b.pdf", "a\u{0}b.pdf", "a\nb.pdf", "a\u{7F}.pdf", "a\u{85}.pdf"])
    func keyThatCouldEscapeTheRootIsRefused(key: String) async throws {
        let folder = try TemporaryFolder()
        let store = FileSystemStore(root: folder.sub("root"))
        let failure = await #expect(throws: StorageFailure.self) {
            try await store.put(key: key, bytes: pdf, mediaType: "application/pdf", sha256Hex: sha256Hex(pdf))
        }
        #expect(failure?.kind == .permanent)
        #expect(failure?.code == "InvalidKey")
        #expect(folder.contents().isEmpty)
        await #expect(throws: StorageFailure.self) { try await store.get(key: key) }
    }

    @Test func symlinkedFolderLeadingOutsideIsNotFollowed() async throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.sub("root"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.sub("outside"), withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: URL(fileURLWithPath: folder.sub("outside/secret.txt")))
        try FileManager.default.createSymbolicLink(atPath: folder.sub("root/link"), withDestinationPath: folder.sub("outside"))
        let store = FileSystemStore(root: folder.sub("root"))

        for key in ["link/x.pdf", "link/new/x.pdf"] {
            let failure = await #expect(throws: StorageFailure.self) {
                try await store.put(key: key, bytes: pdf, mediaType: "application/pdf", sha256Hex: sha256Hex(pdf))
            }
            #expect(failure?.code == "InvalidKey")
        }
        await #expect(throws: StorageFailure.self) { try await store.get(key: "link/secret.txt") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.sub("outside")) == ["secret.txt"])
    }

    @Test func symlinkedFileInPlaceOfADocumentIsRefused() async throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.sub("root"), withIntermediateDirectories: true)
        try Data(pdf).write(to: URL(fileURLWithPath: folder.sub("outside.pdf")))
        try FileManager.default.createSymbolicLink(atPath: folder.sub("root/a.pdf"), withDestinationPath: folder.sub("outside.pdf"))
        let store = FileSystemStore(root: folder.sub("root"))
        let failure = await #expect(throws: StorageFailure.self) {
            try await store.put(key: "a.pdf", bytes: pdf, mediaType: "application/pdf", sha256Hex: sha256Hex(pdf))
        }
        #expect(failure?.kind == .permanent)
        await #expect(throws: StorageFailure.self) { try await store.get(key: "a.pdf") }
    }

    @Test func symlinkThatStaysInsideTheRootIsAllowed() async throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.sub("root/2026"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.sub("root/current"), withDestinationPath: folder.sub("root/2026"))
        let store = FileSystemStore(root: folder.sub("root"))
        _ = try await store.put(key: "current/a.pdf", bytes: pdf, mediaType: "application/pdf", sha256Hex: sha256Hex(pdf))
        #expect(FileManager.default.contents(atPath: folder.sub("root/2026/a.pdf")) == Data(pdf))
        #expect(try await store.get(key: "current/a.pdf") == pdf)
    }

    @Test func noTemporaryFilesRemainAfterSuccessAndFailure() async throws {
        let folder = try TemporaryFolder()
        let store = FileSystemStore(root: folder.path)
        for index in 0..<5 {
            let bytes = Array("document \(index)".utf8)
            _ = try await store.put(key: "batch/\(index).pdf", bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            _ = try await store.put(key: "batch/\(index).pdf", bytes: bytes, mediaType: "application/pdf", sha256Hex: sha256Hex(bytes))
            _ = try? await store.put(key: "batch/\(index).pdf", bytes: pdf, mediaType: "application/pdf", sha256Hex: sha256Hex(pdf))
        }
        #expect(folder.contents() == ["batch"] + (0..<5).map { "batch/\($0).pdf" })
    }

    @Test func descriptionNamesTheRoot() {
        #expect(FileSystemStore(root: "/srv/wenshu").description == "file store at '/srv/wenshu'")
    }
}
