import Testing
import WenshuDocument

/// The layout's and the template's caches find lines and rows by `ContentKey`: a key's fingerprint
/// must change with any byte (the four-lane hash is a chain of bijections per lane, so one changed
/// byte always changes it), and equal bytes must give equal keys.
@Suite struct ContentKeyTests {
    @Test func everyByteChangesTheFingerprint() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...130 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let key = ContentKey(bytes)
            #expect(ContentKey(bytes) == key)
            #expect(ContentKey(bytes).fingerprint == key.fingerprint)
            for offset in 0..<length {
                var changed = bytes
                changed[offset] ^= UInt8(1 << (offset % 8))
                let other = ContentKey(changed)
                #expect(other.fingerprint != key.fingerprint, "length \(length), byte \(offset)")
                #expect(other != key)
            }
            // Trailing zero bytes are not the same key: the length seeds the hash.
            #expect(ContentKey(bytes + [0]).fingerprint != key.fingerprint)
        }
    }
}
