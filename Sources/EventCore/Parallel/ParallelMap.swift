import Dispatch

/// Independent work items on several threads, results in item order.
public enum ParallelMap {
    /// `body(k)` for k in 0..<count, on up to `threads` threads; worker w takes
    /// items w, w + workers, ... into disjoint slots, so the result depends
    /// only on `body`, never on the thread count.
    public static func run<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let workers = max(1, min(threads, count))
        if workers == 1 { return (0..<count).map(body) }
        return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: count, by: workers) {
                    (output.baseAddress! + index).initialize(to: body(index))
                }
            }
            initialized = count
        }
    }
}
