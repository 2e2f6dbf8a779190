/// What a detector concluded for one sample, from the simulated dynamics.
public struct SynchronyDecision: Sendable, Equatable {
    /// Whether the triad's coherent power crossed the threshold.
    public var synchronized: Bool
    /// Largest coherent power over the run (single-oscillator units; 9 = locked triad).
    public var score: Double
    /// End of the window of largest coherent power (task units; NaN if no window filled).
    public var timeOfMaximum: Double
    /// Largest pairwise locking value of pairs (1,2), (1,3), (2,3).
    public var pairLocking: [Double]
    /// Spikes and coupling pulses simulated.
    public var spikes: UInt64
    public var pulses: UInt64
    /// Events processed by the kernel (spikes and ramp starts).
    public var events: UInt64

    public init(synchronized: Bool, score: Double, timeOfMaximum: Double, pairLocking: [Double], spikes: UInt64,
                pulses: UInt64, events: UInt64) {
        self.synchronized = synchronized
        self.score = score
        self.timeOfMaximum = timeOfMaximum
        self.pairLocking = pairLocking
        self.spikes = spikes
        self.pulses = pulses
        self.events = events
    }
}
