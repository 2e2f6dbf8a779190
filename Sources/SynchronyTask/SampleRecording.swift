import EventCore
import Oscillators

/// What one sample's simulation recorded when its classification was asked
/// to: every spike, and at regular times the phases, instantaneous
/// frequencies and the read-out of the current window.
public struct SampleRecording: Sendable, Equatable {
    /// Spike times (µs) and the oscillator (0, 1, 2) of each spike, in time order.
    public var spikeTimes: [Double] = []
    public var spikeOscillators: [UInt64] = []
    /// Sampling times (task units).
    public var sampleTimes: [Double] = []
    /// Unwrapped phases (cycles) and frequencies (MHz), three per sampling time.
    public var phases: [Double] = []
    public var frequencies: [Double] = []
    /// Device model only: each device's power p (dimensionless), three per sampling time.
    public var powers: [Double] = []
    /// Device model only: the power spectral density (per MHz, in single-device
    /// power units) of the summed output over the window that scored the
    /// decision, and its frequencies (MHz).
    public var spectrumFrequencies: [Double] = []
    public var spectrumDensity: [Double] = []
    /// Coherent power of the window ending at the last reference spike (0 until it is full).
    public var coherentPower: [Double] = []
    /// Locking values of pairs (1,2), (1,3), (2,3) over that window, three per sampling time.
    public var pairLocking: [Double] = []

    public init() {}
}

/// Oscillators whose spikes and state a `SampleRecorder` can record.
protocol RecordableOscillators: EventDrivenSystem {
    var spikeSink: SpikeSink? { get set }
    /// Appends the state at time t (µs) to `recording`'s sampled arrays (not its spikes or times).
    func record(into recording: inout SampleRecording, at t: Double)
}

extension OscillatorNetwork: RecordableOscillators {
    /// Phases, frequencies, and the read-out of the window ending at the last reference spike.
    func record(into recording: inout SampleRecording, at t: Double) {
        for i in 0..<count {
            recording.phases.append(phase(i, at: t))
            recording.frequencies.append(frequency(i, at: t))
        }
        let full = readout.isWindowFull
        recording.coherentPower.append(full ? readout.coherentPower : 0)
        for pair in 0..<readout.pairCount { recording.pairLocking.append(full ? readout.pairLocking(pair) : 0) }
    }
}

/// Fills a `SampleRecording` during a simulation: the system's spike sink
/// and a periodic task that samples the state. A class because the task's
/// closure and the sink fill it while the simulation owns the system.
final class SampleRecorder<System: RecordableOscillators> {
    private let spikes = SpikeCollector(populationCount: 1)
    private var sampled = SampleRecording()

    /// Attaches to `simulation` (at time 0): samples every `interval` task units.
    init(attachedTo simulation: inout Simulation<System>, every interval: Double, microsecondsPerUnit unit: Double) {
        precondition(interval > 0 && interval.isFinite, "a recording interval must be positive and finite")
        simulation.system.spikeSink = spikes
        simulation.every(interval * unit, startingAt: 0) { [self] system, status in
            sampled.sampleTimes.append(status.time / unit)
            system.record(into: &sampled, at: status.time)
            return .proceed
        }
    }

    /// Everything recorded so far.
    var recording: SampleRecording {
        var result = sampled
        result.spikeTimes = spikes.times[0]
        result.spikeOscillators = spikes.nodes[0]
        return result
    }
}
