import EventCore
import Oscillators

/// Everything recorded while one sample is simulated for a trace: spikes,
/// and at regular times the phases, instantaneous frequencies and the
/// read-out of the current window.
public struct CheeseSampleTrace: Sendable {
    /// Spike times (microseconds) and the oscillator (0, 1, 2) of each spike.
    public var spikeTimes: [Double] = []
    public var spikeOscillators: [UInt64] = []
    /// Sampling times (task units).
    public var sampleTimes: [Double] = []
    /// Unwrapped phases (cycles) and frequencies (MHz), three per sampling time.
    public var phases: [Double] = []
    public var frequencies: [Double] = []
    /// Coherent power of the window ending at the last reference spike (0 until it is full).
    public var coherentPower: [Double] = []
    /// Locking values of pairs (1,2), (1,3), (2,3) over that window, three per sampling time.
    public var pairLocking: [Double] = []
    /// The decision of the traced run (identical to an untraced run).
    public var decision: CheeseDecision?
}

/// Collects spikes into a trace (the network's spike sink).
final class TraceSpikeCollector: SpikeSink {
    var times: [Double] = []
    var oscillators: [UInt64] = []
    func record(time: Double, population: Int, node: UInt64) {
        times.append(time)
        oscillators.append(node)
    }
}

extension CheeseDetector {
    /// Simulates one sample as `classify` does, recording spikes and sampling
    /// the state every `sampleInterval` task units.
    public func trace(_ sample: CheeseSample, sampleIndex: Int = 0, sampleInterval: Double = 1) -> CheeseSampleTrace {
        precondition(sampleInterval > 0 && sampleInterval.isFinite)
        let unit = parameters.microsecondsPerUnit
        let collector = TraceSpikeCollector()
        var network = network(for: sample, sampleIndex: sampleIndex)
        network.spikeSink = collector
        var simulation = Simulation(system: network)
        let record = TraceBuffer()
        simulation.every(sampleInterval * unit, startingAt: 0) { network, status in
            record.trace.sampleTimes.append(status.time / unit)
            for i in 0..<network.count {
                record.trace.phases.append(network.phase(i, at: status.time))
                record.trace.frequencies.append(network.frequency(i, at: status.time))
            }
            record.trace.coherentPower.append(network.readout.isWindowFull ? network.readout.coherentPower : 0)
            for pair in 0..<network.readout.pairCount {
                record.trace.pairLocking.append(network.readout.isWindowFull ? network.readout.pairLocking(pair) : 0)
            }
            return .proceed
        }
        simulation.run(until: parameters.duration * unit)
        var trace = record.trace
        trace.spikeTimes = collector.times
        trace.spikeOscillators = collector.oscillators
        trace.decision = decision(from: simulation)
        return trace
    }
}

/// Holds the trace being filled by the periodic sampling task.
private final class TraceBuffer {
    var trace = CheeseSampleTrace()
}
