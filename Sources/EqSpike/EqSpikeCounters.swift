/// What settling cost, summed over examples (64-bit counters).
public struct EqSpikeCounters: Sendable, Equatable, Codable {
    /// Examples settled (free phases).
    public var examples: UInt64 = 0
    /// Spikes in free phases (inference) and in nudged phases (learning).
    public var freeSpikes: UInt64 = 0
    public var nudgedSpikes: UInt64 = 0
    /// Spike deliveries to neighbouring neurons (one per spike and target).
    public var freeSynapticEvents: UInt64 = 0
    public var nudgedSynapticEvents: UInt64 = 0
    /// Multiply-accumulates of the clamped input's drive, computed once per
    /// example from the nonzero pixels.
    public var inputDriveOperations: UInt64 = 0
    /// Rate reference: layer sweeps and their multiply-accumulates (free phases).
    public var freeSweeps: UInt64 = 0
    public var freeSweepOperations: UInt64 = 0
    /// Phases stopped by a limit before settling (expected to stay 0).
    public var unconvergedPhases: UInt64 = 0

    public init() {}

    public mutating func add(_ other: EqSpikeCounters) {
        examples += other.examples
        freeSpikes += other.freeSpikes
        nudgedSpikes += other.nudgedSpikes
        freeSynapticEvents += other.freeSynapticEvents
        nudgedSynapticEvents += other.nudgedSynapticEvents
        inputDriveOperations += other.inputDriveOperations
        freeSweeps += other.freeSweeps
        freeSweepOperations += other.freeSweepOperations
        unconvergedPhases += other.unconvergedPhases
    }

    func perExample(_ value: UInt64) -> Double { examples == 0 ? 0 : Double(value) / Double(examples) }

    public var freeSpikesPerExample: Double { perExample(freeSpikes) }
    public var freeSynapticEventsPerExample: Double { perExample(freeSynapticEvents) }
    public var nudgedSpikesPerExample: Double { perExample(nudgedSpikes) }
    public var nudgedSynapticEventsPerExample: Double { perExample(nudgedSynapticEvents) }
    public var inputDriveOperationsPerExample: Double { perExample(inputDriveOperations) }
    public var freeSweepsPerExample: Double { perExample(freeSweeps) }
    public var freeSweepOperationsPerExample: Double { perExample(freeSweepOperations) }
}
