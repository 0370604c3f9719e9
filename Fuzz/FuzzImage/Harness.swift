import Foundation
import WenshuImage
@testable import WenshuTemplates

/// PNG and JPEG decoding, as data-URL images reach it: the first byte picks raw bytes or a
/// `data:image/...;base64,` URL of the rest (the path a record's image takes), then the header probe
/// and the decoder run on whatever the URL check lets through.

/// Also exported under libFuzzer's name, which its archive expects to find.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImage(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    var bytes = Array(UnsafeBufferPointer(start: start + 1, count: count - 1))
    if start[0] & 1 == 1 {
        let kind = bytes.starts(with: [0xFF, 0xD8]) ? "jpeg" : "png"
        guard case .success(let decoded) = decodeDataURL("data:image/\(kind);base64," + Data(bytes).base64EncodedString(), limit: 4 << 20) else { return 0 }
        bytes = decoded
    }
    if let (width, height) = ImageAsset.dimensions(of: bytes), width.multipliedReportingOverflow(by: height).partialValue > 4_000_000 {
        return 0  // the layout's pixel budget refuses such images before they are decoded
    }
    _ = try? ImageAsset.decode(bytes)
    return 0
}
