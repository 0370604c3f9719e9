import CQREncode
import Foundation
import Testing
import WenshuPages
import WenshuRaster

@Suite struct QRCodeTests {
    /// A QR code drawn as one path of module rectangles, as layout draws it, read back by zbarimg.
    /// zbarimg is installed by scripts/setup-debian.sh; without it this test fails (running it fails).
    @Test func qrCodeInThePNGDecodesWithZbarimg() throws {
        let text = "https://example.com/verify?policy=PA2026-000123&name=张三"
        let code = try #require(QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1))
        defer { QRcode_free(code) }
        let n = Int(code.pointee.width)
        let module = 60.0 / Double(n)  // a 60 pt (125 px) code: modules are not whole pixels
        var path = Path()
        for row in 0..<n { for col in 0..<n where code.pointee.data[row * n + col] & 1 == 1 {
            path.addRect(Rect(x: 400.3 + Double(col) * module, y: 80.7 + Double(row) * module, width: module, height: module))
        } }
        let page = Page(size: Fixtures.a4, items: [.path(PathItem(path: path, fill: .black))])
        let png = try RasterExporter.png(page, options: Fixtures.options)
        #expect(Fixtures.header(png) == (1, 0))  // crisp modules: only black and white
        let file = try Fixtures.temporaryFile("qr.png", png)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Fixtures.run("/usr/bin/zbarimg", ["--raw", "-q", file.path])
        #expect(result.status == 0)
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == text)
    }
}
