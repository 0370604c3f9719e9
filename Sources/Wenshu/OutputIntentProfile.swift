import Foundation
import WenshuDiagnostics

/// The sRGB ICC profile of PDF/A archive copies, read from the system at run time: profiles are
/// not ours to ship, and Debian's `icc-profiles-free` has a proper one (ICC v2.3, 6,922 bytes,
/// "sRGB"), which `scripts/setup-debian.sh` installs.
public enum OutputIntentProfile {
    public static let debianPath = "/usr/share/color/icc/sRGB.icc"

    /// `WENSHU_ICC_PROFILE` when set, else ``debianPath``.
    static var configuredPath: String {
        ProcessInfo.processInfo.environment["WENSHU_ICC_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? debianPath
    }

    /// The profile read once per path and service.
    final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var loaded: (path: String, bytes: [UInt8])?

        func get(path: String) throws(DiagnosticError) -> [UInt8] {
            lock.lock()
            defer { lock.unlock() }
            if let loaded, loaded.path == path { return loaded.bytes }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DiagnosticError("the archive copy (PDF/A) needs an sRGB ICC profile, and none is at \(path)", at: path,
                                      hints: ["install Debian's icc-profiles-free (scripts/setup-debian.sh does), or set WENSHU_ICC_PROFILE to an RGB ICC profile"])
            }
            let bytes = Array(data)
            loaded = (path, bytes)
            return bytes
        }
    }
}
