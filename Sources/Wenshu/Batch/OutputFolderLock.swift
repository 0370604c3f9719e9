import Foundation

/// One batch at a time per output folder: two runs appending to one manifest lose lines and race
/// for file names. An exclusive `flock(2)` on `.wenshu-batch.lock` in the folder, held for the run
/// and dropped by the kernel if the process dies, so a killed run never leaves the folder locked.
final class OutputFolderLock {
    private var descriptor: Int32

    /// - Throws: `BatchError` when another run holds the folder, or the lock file cannot be made.
    init(folder: String) throws {
        let path = folder + "/.wenshu-batch.lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw BatchError("cannot lock output folder '\(folder)': \(String(cString: strerror(errno)))") }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(descriptor)
            descriptor = -1
            throw BatchError(busy ? "another batch is writing to the output folder '\(folder)': wait for it to finish or choose another folder"
                                  : "cannot lock output folder '\(folder)': \(reason)")
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
