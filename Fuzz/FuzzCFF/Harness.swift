import Foundation
@testable import WenshuText

/// The CID-keyed CFF reader and subsetter over mutated font programs: the input is a CFF table
/// (the seeds are small subsets Wenshu made of the CJK fonts); whatever parses is subset to a few
/// glyphs picked from the input, which runs the charstring flattener over every subroutine it calls.
///
/// `WENSHU_FUZZ_MAKE_SEEDS=<folder>` writes such seeds (subsets of each CFF face to a few glyphs)
/// and exits, so the committed corpus comes from the fonts themselves.

/// Also exported under libFuzzer's name, which its archive expects to find.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCFF(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    if let folder = ProcessInfo.processInfo.environment["WENSHU_FUZZ_MAKE_SEEDS"] { makeSeeds(folder); exit(0) }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard let parsed = try? CIDKeyedCFF(bytes) else { return 0 }  // nil: malformed, or not CID-keyed
    let font = parsed
    let picks = count > 4 ? [UInt32(start[count - 1]), UInt32(start[count - 2]) % 8, 0, 1] : [0, 1]
    _ = try? font.subset(Array(Set(picks.filter { Int($0) < font.charStrings.count })).sorted())
    return 0
}

func makeSeeds(_ folder: String) {
    let book = try! FontBook(directory: "Fonts")
    for font in book.faces where font.outlines == .cff {
        let glyphs = "保单 Ag".unicodeScalars.compactMap { font.glyph(for: $0) }
        guard case .cidKeyedCFF(let program)? = try? font.subset(glyphs: glyphs).program else { continue }
        _ = FileManager.default.createFile(atPath: "\(folder)/\(font.description.filter { $0.isLetter || $0.isNumber }).cff", contents: Data(program))
    }
}
