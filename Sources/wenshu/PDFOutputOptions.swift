import ArgumentParser
import Foundation
import WenshuPDF

/// `--encrypt-password-file`, `--owner-password-file` and `--archive`, shared by `render` and `batch`.
///
/// Passwords come from files, never from the command line, where other users could read them in the
/// process list and they would stay in shell history.
struct PDFOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Encrypt the PDF (AES-256) so it opens with the password in this file (its first line).",
                               valueName: "file"))
    var encryptPasswordFile: String?

    @Option(help: ArgumentHelp("With --encrypt-password-file: the owner password (every right) in this file; by default each document gets a random one that is not kept.",
                               valueName: "file"))
    var ownerPasswordFile: String?

    @Flag(help: "Write the archive copy: PDF/A-2b, or PDF/A-3b when the document carries files (invoice data, signature evidence). Not with encryption.")
    var archive = false

    func validate() throws {
        if ownerPasswordFile != nil && encryptPasswordFile == nil {
            throw ValidationError("--owner-password-file needs --encrypt-password-file")
        }
        if archive && encryptPasswordFile != nil {
            throw ValidationError("--archive cannot be combined with --encrypt-password-file: PDF/A forbids encryption (render the archive copy without a password)")
        }
    }

    /// The password files given, by flag: no output may be written over them.
    var secretFiles: [(flag: String, path: String)] {
        [("--encrypt-password-file", encryptPasswordFile), ("--owner-password-file", ownerPasswordFile)].compactMap { flag, path in
            path.map { (flag, $0) }
        }
    }

    /// The protection the files ask for; nil without `--encrypt-password-file`.
    func protection() throws -> PDFProtection? {
        guard let encryptPasswordFile else { return nil }
        let user = try Self.readPassword(encryptPasswordFile, option: "--encrypt-password-file")
        let owner = try ownerPasswordFile.map { try Self.readPassword($0, option: "--owner-password-file") }
        return PDFProtection(userPassword: user, ownerPassword: owner)
    }

    /// The file's first line, without its line ending.
    static func readPassword(_ path: String, option: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("\(option): cannot read '\(path)'") }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(option): '\(path)' is not UTF-8 text") }
        let line = String(text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).first ?? "")
        guard !line.isEmpty else { throw ValidationError("\(option): '\(path)' holds no password on its first line") }
        return line
    }
}
