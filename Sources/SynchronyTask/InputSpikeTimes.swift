import Diagnostics

/// One sample of the synchrony task: when input neurons 2 and 3 spike (task
/// units), neuron 1 spiking at t1 = 0. The names t2 and t3 are those of the
/// paper and of the CSV columns.
public struct InputSpikeTimes: Sendable, Equatable {
    public var t2: Double
    public var t3: Double

    public init(t2: Double, t3: Double) {
        self.t2 = t2
        self.t3 = t3
    }

    /// Checks what a detector needs: each time finite and not before t1 = 0
    /// (a ramp cannot start before the run does). The error names the field.
    public func validate() throws(InputError) {
        for (name, t) in [("t2", t2), ("t3", t3)] where !(t.isFinite && t >= 0) {
            throw InputError(field: name, message: "must be a finite, non-negative time (got \(t))")
        }
    }
}
