import Foundation

/// Keeps outputs off inputs: `--output` equal to `--data` or to the template (by any spelling: a
/// relative path, `./`, a symbolic link) would silently replace the input.
public enum OutputSafety {
    /// The first output that is one of the existing `inputs`, compared by real path; nil when none is
    /// (an input that does not exist, such as a template given by name, clashes with nothing).
    public static func clash(outputs: [String], inputs: [String]) -> (output: String, input: String)? {
        let real = inputs.compactMap { input in realPath(input).map { (input, $0) } }
        for output in outputs {
            guard let target = resolved(output) else { continue }
            if let hit = real.first(where: { $0.1 == target }) { return (output, hit.0) }
        }
        return nil
    }

    /// Whether `path` is `folder` itself or lies anywhere under it, compared by real path (links
    /// followed, `./` and `..` resolved); false when either cannot be resolved (a folder that does not
    /// exist yet holds nothing).
    public static func isInside(_ path: String, folder: String) -> Bool {
        guard let file = resolved(path), let folder = resolved(folder) else { return false }
        return file == folder || file.hasPrefix(folder == "/" ? "/" : folder + "/")
    }

    /// The real path `path` names or would name: the file's own when it exists (links followed), else
    /// its real folder plus its name.
    static func resolved(_ path: String) -> String? {
        if let full = realPath(path) { return full }
        let url = URL(fileURLWithPath: path)
        guard let folder = realPath(url.deletingLastPathComponent().path) else { return nil }
        return folder + "/" + url.lastPathComponent
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
