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
    /// Coherent power of the window ending at the last reference spike (0 until it is full).
    public var coherentPower: [Double] = []
    /// Locking values of pairs (1,2), (1,3), (2,3) over that window, three per sampling time.
    public var pairLocking: [Double] = []

    public init() {}
}

/// Fills a `SampleRecording` during a simulation: the network's spike sink
/// and a periodic task that samples the state. A class because the task's
/// closure and the sink fill it while the simulation owns the network.
final class SampleRecorder {
    private let spikes = SpikeCollector(populationCount: 1)
    private var sampled = SampleRecording()

    /// Attaches to `simulation` (at time 0): samples every `interval` task units.
    init(attachedTo simulation: inout Simulation<OscillatorNetwork>, every interval: Double, microsecondsPerUnit unit: Double) {
        precondition(interval > 0 && interval.isFinite, "a recording interval must be positive and finite")
        simulation.system.spikeSink = spikes
        simulation.every(interval * unit, startingAt: 0) { [self] network, status in
            sampled.sampleTimes.append(status.time / unit)
            for i in 0..<network.count {
                sampled.phases.append(network.phase(i, at: status.time))
                sampled.frequencies.append(network.frequency(i, at: status.time))
            }
            let full = network.readout.isWindowFull
            sampled.coherentPower.append(full ? network.readout.coherentPower : 0)
            for pair in 0..<network.readout.pairCount {
                sampled.pairLocking.append(full ? network.readout.pairLocking(pair) : 0)
            }
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
