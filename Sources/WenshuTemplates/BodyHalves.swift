internal import Foundation
internal import WenshuDocument

/// The body's top-level blocks built by two threads at once: each block reads the data and the
/// loop variables it sets itself (restored after), and writes only its own blocks, so the blocks can
/// be shared out, each thread taking the next one not yet taken, and put back in order.
///
/// Both threads work on contexts of their own. Their blocks are used only when neither met a problem
/// at all and together they stay within the document's block budget; otherwise the body is built
/// again in order on the render's own context, so every diagnostic is found, worded and ordered as
/// in an ordered build.
enum BodyHalves {
    static func build(_ parts: [Render], _ ctx: RenderContext) -> [Block]? {
        guard parts.count >= 4 else { return nil }
        let shared = Shared(parts.count)
        let contexts = (0..<2).map { _ in
            let copy = RenderContext(root: ctx.root, money: ctx.money,
                                     budget: RenderBudget(maximumNodes: ctx.budget.maximumNodes, deadline: ctx.budget.deadline))
            copy.vars = ctx.vars
            return Handoff(copy)
        }
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) { shared.work(parts, contexts[1]) }
        shared.work(parts, contexts[0])
        done.wait()
        let nodes = contexts.reduce(ctx.budget.nodes) { $0 + $1.context.budget.nodes }
        guard contexts.allSatisfy({ !$0.context.budget.exhausted && $0.context.issues.list.isEmpty }),
              nodes <= ctx.budget.maximumNodes else { return nil }
        ctx.budget.nodes = nodes
        return shared.blocks()
    }

    /// A context handed to the other thread.
    private final class Handoff: @unchecked Sendable {
        let context: RenderContext
        init(_ context: RenderContext) { self.context = context }
    }

    /// The next block to take and every block's result, by index.
    private final class Shared: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var results: [[Block]]
        init(_ count: Int) { results = Array(repeating: [], count: count) }

        func work(_ parts: [Render], _ handoff: Handoff) {
            while true {
                lock.lock()
                let k = next
                next += 1
                lock.unlock()
                guard k < parts.count else { return }
                let made = parts[k](handoff.context)
                lock.lock()
                results[k] = made
                lock.unlock()
                // A problem means the ordered build runs anyway: stop taking blocks.
                if handoff.context.budget.exhausted || !handoff.context.issues.list.isEmpty {
                    lock.lock()
                    next = parts.count
                    lock.unlock()
                    return
                }
            }
        }

        func blocks() -> [Block] { lock.lock(); defer { lock.unlock() }; return results.flatMap { $0 } }
    }
}
