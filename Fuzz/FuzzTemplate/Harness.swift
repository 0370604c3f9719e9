import Foundation
import WenshuTemplates

/// Template loading and compiling: the input is a template.yaml in a folder of its own (with the
/// sample logo beside it, so asset paths compile); a template that loads is rendered with an empty
/// and a small data object, which runs every compiled closure that does not need data.
let folder: String = {
    let path = NSTemporaryDirectory() + "wenshu-fuzz-template-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    try? FileManager.default.removeItem(atPath: path + "/logo.png")
    try? FileManager.default.copyItem(atPath: "Templates/epolicy/logo.png", toPath: path + "/logo.png")
    return path
}()
let loader = TemplateLoader(searchPaths: [])
let file = folder + "/template.yaml"

/// Also exported under libFuzzer's name, which its archive expects to find.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    // A plain write: FileManager.createFile writes a temporary file, syncs it to disk and renames it,
    // which took about 6 % of each run and proves nothing about the loader.
    let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0, write(descriptor, start, count) == count, close(descriptor) == 0 else { fatalError("cannot write \(file)") }
    guard let template = try? loader.load(folder) else { return 0 }
    _ = try? template.render(data: Array("{}".utf8))
    _ = try? template.render(data: Array(#"{"name": "王小明", "items": ["a", "b"], "amount": "12.50", "flag": true}"#.utf8))
    return 0
}
