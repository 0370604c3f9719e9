import Foundation
import Wenshu
import WenshuPDF
import WenshuText

/// Issue 12's figures for encryption and the archive copy: what AES-256 (revision 6) and PDF/A add
/// to an e-policy render, and the cost of the password hashes (algorithm 2.B) alone.
func protectionFigures(repository: String) throws {
    let fonts = try FontBook(directory: repository + "/Fonts")
    let service = RenderService(fonts: fonts, templateSearchPaths: [repository + "/Templates"])
    let data = Array(try Data(contentsOf: URL(fileURLWithPath: repository + "/samples/epolicy-40rows.json")))
    let protection = PDFProtection(userPassword: PDFPassword.generate(), ownerPassword: PDFPassword.generate())
    for (label, options) in [("plain", RenderOptions()), ("encrypted", RenderOptions(encryption: protection)), ("archive (PDF/A-2b)", RenderOptions(archive: true))] {
        _ = try service.render(template: "epolicy", data: data, options: options)
        var size = 0
        try Timing.measure("e-policy, 40 rows, \(label)", repeat: 30) { size = try service.render(template: "epolicy", data: data, options: options).files[0].count }
        print("  \(size) bytes")
    }
    var encryption: PDFEncryption?
    try Timing.measure("PDFEncryption setup (file key, /U /UE /O /OE /Perms: four algorithm 2.B hashes)", repeat: 30) {
        encryption = try protection.makeEncryption()
    }
    try Timing.measure("file key from the owner password (two 2.B hashes, as a signer does)", repeat: 30) {
        _ = try PDFEncryption.fileKey(password: protection.ownerPassword!, dictionary: encryption!.dictionary)
    }
}
