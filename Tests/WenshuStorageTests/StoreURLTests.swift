import Testing
import WenshuStorage

@Suite struct StoreURLTests {
    let keys = ["AWS_ACCESS_KEY_ID": "AKIDSTOREURL", "AWS_SECRET_ACCESS_KEY": "very-secret-value"]

    @Test func fileURLGivesAFileSystemStore() throws {
        let store = try StoreURL.parse("file:///srv/wenshu/documents", environment: [:])
        #expect((store as? FileSystemStore)?.root == "/srv/wenshu/documents")
    }

    @Test func s3URLGivesAnS3StoreWithKeysFromTheEnvironment() throws {
        let store = try StoreURL.parse("s3://wenshu-documents?endpoint=http://127.0.0.1:9000&region=eu-central-1", environment: keys)
        let s3 = try #require(store as? S3Store)
        #expect(s3.bucket == "wenshu-documents")
        #expect(s3.region == "eu-central-1")
        #expect(store.description == "S3 bucket 'wenshu-documents' at http://127.0.0.1:9000 (region eu-central-1, path-style)")
        #expect(!String(reflecting: s3).contains("very-secret-value"))
    }

    @Test(arguments: [
        ("s3://wenshu-documents?endpoint=http://127.0.0.1:9000", "AWS_SECRET_ACCESS_KEY"),
        ("s3://?endpoint=http://127.0.0.1:9000", "bucket"),
        ("s3://b/extra/path", "path"),
        ("s3://b?endpont=http://x", "endpont"),
        ("s3://b?endpoint=127.0.0.1:9000", "endpoint"),
        ("s3://AKIDSTOREURL:very-secret-value@b", "user info"),
        ("ftp://host/dir", "ftp"),
        ("file://server/share", "host"),
        ("file:relative/dir", "absolute"),
    ])
    func badURLsNameTheProblemWithoutSecrets(url: String, mentioned: String) {
        let environment = url.contains("127.0.0.1:9000") && !url.contains("?endpoint=127") ? ["AWS_ACCESS_KEY_ID": "AKIDSTOREURL"] : keys
        let failure = #expect(throws: StorageFailure.self) { try StoreURL.parse(url, environment: environment) }
        #expect(failure?.code == "InvalidStoreURL")
        #expect(failure?.message.contains(mentioned) == true, "\(failure?.message ?? "")")
        #expect(failure?.message.contains("very-secret-value") == false)
    }
}
