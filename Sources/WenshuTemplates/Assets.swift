internal import WenshuDiagnostics
internal import Foundation
internal import WenshuDocument

/// Decodes `data:image/png;base64,...` (or image/jpeg) and checks the bytes' signature.
func decodeDataURL(_ text: String, limit: Int) -> Result<[UInt8], DataURLError> {
    let prefixes = ["data:image/png;base64,", "data:image/jpeg;base64,"]
    guard let prefix = prefixes.first(where: { text.hasPrefix($0) }) else {
        return .failure(DataURLError("expected a data:image/png;base64 or data:image/jpeg;base64 URL"))
    }
    guard text.utf8.count - prefix.utf8.count <= limit * 4 / 3 + 4 else { return .failure(DataURLError("image larger than \(limit) bytes")) }
    guard let data = Data(base64Encoded: String(text.dropFirst(prefix.count))) else { return .failure(DataURLError("invalid base64 in data URL")) }
    let bytes = [UInt8](data)
    guard isPNGOrJPEG(bytes) else { return .failure(DataURLError("data URL does not hold a PNG or JPEG image")) }
    return .success(bytes)
}

struct DataURLError: DiagnosticConvertible { var message: String; init(_ m: String) { message = m } }

func isPNGOrJPEG(_ bytes: [UInt8]) -> Bool {
    bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) || bytes.starts(with: [0xFF, 0xD8, 0xFF])
}

/// Reads an asset named in a template, relative to the template's folder. Names may not leave the
/// folder (no `/` at the start, no `..`), and neither may their real path: a symbolic link inside the
/// folder that points outside it is refused. A file outside gets the same answer as a missing one, so
/// a template cannot probe which files exist elsewhere ("not a PNG" would say that one does).
func readAsset(_ name: String, folder: String, limit: Int) -> Result<[UInt8], DataURLError> {
    if name.hasPrefix("/") || name.split(separator: "/").contains("..") {
        return .failure(DataURLError("asset '\(name)' must be a file inside the template folder"))
    }
    let notFound = DataURLError("asset '\(name)' not found in the template folder")
    guard let path = confinedPath(name, in: folder) else { return .failure(notFound) }
    let bytes: [UInt8]
    do { bytes = try BoundedFile.read(path, limit: limit) } catch {
        if case .tooLarge = error.kind { return .failure(DataURLError("asset '\(name)' is larger than \(limit) bytes")) }
        return .failure(notFound)
    }
    guard isPNGOrJPEG(bytes) else { return .failure(DataURLError("asset '\(name)' is not a PNG or JPEG image")) }
    return .success(bytes)
}

/// The real path of `name` inside `folder` (symbolic links resolved), or nil when it does not exist
/// or resolves to a place outside the folder's own real path.
func confinedPath(_ name: String, in folder: String) -> String? {
    guard let realFolder = realPath(folder), let real = realPath(folder + "/" + name) else { return nil }
    return real.hasPrefix(realFolder == "/" ? "/" : realFolder + "/") ? real : nil
}

func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

/// Signature strokes in the data: `{ "canvas": {"width": 600, "height": 200}, "strokes": [[{"x":1,"y":2,"t":0}, ...], ...] }`.
/// Points may also be `[x, y]` pairs; extra fields (`t`, `pressure`) are ignored. `width`/`height`
/// may stand beside `strokes` instead of inside `canvas`.
struct SignatureData {
    var strokes: [[SignatureBlock.Point]]
    var canvasWidth: Double
    var canvasHeight: Double

    /// Pad sizes and coordinates in pixels: bounded, so scaling into the box stays finite and small.
    static let canvasRange: ClosedRange<Double> = 1...100_000
    static let pointRange: ClosedRange<Double> = -100_000...100_000
    static let maximumPoints = 100_000

    static func parse(_ value: JSONValue, path: String, issues: inout Issues) -> SignatureData? {
        guard case .object = value else { issues.error("expected a signature object with strokes", at: path); return nil }
        let canvas = value["canvas"] ?? value
        let w = canvas["width"]?.scalarText.flatMap(Double.init), h = canvas["height"]?.scalarText.flatMap(Double.init)
        guard let w, let h, SignatureData.canvasRange.contains(w), SignatureData.canvasRange.contains(h) else {
            issues.error("signature needs a canvas width and height of 1–100000 pixels", at: path + ".canvas"); return nil
        }
        guard case .array(let strokes)? = value["strokes"] else { issues.error("required", at: path + ".strokes"); return nil }
        var result: [[SignatureBlock.Point]] = []
        var ok = true, total = 0
        for (i, stroke) in strokes.enumerated() {
            guard case .array(let points) = stroke, !points.isEmpty else {
                issues.error("a stroke must be a non-empty list of points", at: "\(path).strokes[\(i)]"); ok = false; continue
            }
            var line: [SignatureBlock.Point] = []
            for (j, p) in points.enumerated() {
                var x: Double?, y: Double?
                if case .array(let pair) = p, pair.count >= 2 { x = pair[0].scalarText.flatMap(Double.init); y = pair[1].scalarText.flatMap(Double.init) }
                else { x = p["x"]?.scalarText.flatMap(Double.init); y = p["y"]?.scalarText.flatMap(Double.init) }
                guard let x, let y, SignatureData.pointRange.contains(x), SignatureData.pointRange.contains(y) else {
                    issues.error("a point needs numeric x and y of -100000–100000", at: "\(path).strokes[\(i)][\(j)]"); ok = false; continue
                }
                total += 1
                if total > SignatureData.maximumPoints {
                    issues.error("a signature has more than \(SignatureData.maximumPoints) points", at: path + ".strokes"); return nil
                }
                line.append(SignatureBlock.Point(x: x, y: y))
            }
            result.append(line)
        }
        if strokes.isEmpty { issues.error("a signature needs at least one stroke", at: path + ".strokes"); ok = false }
        return ok ? SignatureData(strokes: result, canvasWidth: w, canvasHeight: h) : nil
    }
}
