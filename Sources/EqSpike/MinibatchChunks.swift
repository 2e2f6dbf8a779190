import Dispatch

/// How a minibatch (or a set of test images) is shared between threads
/// without the result depending on how many there are: it is always cut into
/// `count` contiguous chunks, each settled by its own network with its own
/// gradient sums, counters and signature, and the chunks' sums are added in
/// chunk order. One thread runs the chunks one after the other, two run them
/// at once; the floating-point sums, and so the weights, are bit-identical.
///
/// The count is therefore part of what a training run computes, not a tuning
/// knob: an unfinished epoch (`PartialEpoch`) carries one counter and one
/// signature per chunk, and a different count would change every result.
public enum MinibatchChunks {
    public static let count = 2

    /// `count` contiguous ranges covering 0..<n, whose lengths differ by at most one.
    static func bounds(covering n: Int) -> [Range<Int>] {
        (0..<count).map { c in (c * n / count)..<((c + 1) * n / count) }
    }

    /// Runs body(0..<count): concurrently if threads > 1, else in order.
    static func forEach(threads: Int, _ body: @Sendable (Int) -> Void) {
        if threads > 1 {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        } else {
            for c in 0..<count { body(c) }
        }
    }
}

/// Per-chunk storage (one network, one counter per chunk) shared with the
/// chunk threads: chunk c reads and writes element c only, and the caller
/// waits for all chunks before touching the storage again, so no element is
/// ever accessed from two threads at once.
struct ChunkOwned<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    init(_ base: UnsafeMutablePointer<Element>) { self.base = base }

    subscript(chunk: Int) -> Element {
        get { base[chunk] }
        nonmutating _modify { yield &base[chunk] }
    }
}
