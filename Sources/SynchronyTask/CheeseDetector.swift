import Dispatch
import EventCore
import Oscillators
import Diagnostics

/// One input of the Cheddar task: the spike times of input neurons 2 and 3
/// (task units; neuron 1 spikes at t1 = 0).
public struct CheeseSample: Sendable, Equatable {
    public var t2: Double
    public var t3: Double
    public init(t2: Double, t3: Double) {
        self.t2 = t2
        self.t3 = t3
    }
}

/// What a detector concluded for one sample, from the simulated dynamics.
public struct CheeseDecision: Sendable, Equatable {
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
}

/// Runs the Cheddar task: each sample's three input spikes start the current
/// ramps of three coupled oscillators, the coupled network is simulated
/// exactly, and the decision is whether the triad mutually synchronises
/// (coherent power of the group over a sliding window above the threshold).
/// The frequency lines are never compared directly: coupling, noise and ramp
/// rates act through the dynamics.
public struct CheeseDetector: Sendable {
    public let parameters: CheeseDetectorParameters

    public init(parameters: CheeseDetectorParameters) throws(InputError) {
        try parameters.validate()
        self.parameters = parameters
    }

    /// The oscillator network for one sample, at time 0. `sampleIndex`
    /// selects the noise seed (parameters.seed + index), so results do not
    /// depend on the order or thread in which samples run.
    public func network(for sample: CheeseSample, sampleIndex: Int = 0) -> OscillatorNetwork {
        let p = parameters
        let unit = p.microsecondsPerUnit
        let oscillator = SpinTorqueOscillatorParameters(
            frequencyAtZeroCurrent: p.frequencyAtZeroCurrent, tunability: p.tunability, linewidth: p.linewidth)
        let inputTimes = [0, sample.t2, sample.t3]
        let schedules = (0..<3).map { i in
            CurrentSchedule.ramp(from: oscillator.current(forFrequency: p.startFrequencies[i]),
                                 startingAt: inputTimes[i] * unit,
                                 slope: p.rampRates[i] / p.tunability / unit)
        }
        let eps = p.pulseStrength
        let coupling = (0..<3).map { j in (0..<3).map { i in i == j ? 0 : eps } }
        return OscillatorNetwork(oscillators: Array(repeating: oscillator, count: 3), schedules: schedules,
                                 coupling: coupling, responseCurve: p.responseCurve,
                                 readoutWindow: p.windowCycles, seed: p.seed &+ UInt64(sampleIndex))
    }

    /// Checks a sample's input times; the error says what is wrong.
    public static func check(_ sample: CheeseSample) -> String? {
        for (name, t) in [("t2", sample.t2), ("t3", sample.t3)] where !(t.isFinite && t >= 0) {
            return "\(name) must be a finite, non-negative time (got \(t))"
        }
        return nil
    }

    /// Simulates one sample and decides. Precondition: `check(sample)` is nil.
    public func classify(_ sample: CheeseSample, sampleIndex: Int = 0) -> CheeseDecision {
        var simulation = Simulation(system: network(for: sample, sampleIndex: sampleIndex))
        simulation.run(until: parameters.duration * parameters.microsecondsPerUnit)
        return decision(from: simulation)
    }

    /// The decision read off a finished simulation.
    public func decision(from simulation: Simulation<OscillatorNetwork>) -> CheeseDecision {
        let readout = simulation.system.readout
        let score = readout.maximumCoherentPower
        return CheeseDecision(synchronized: score >= parameters.threshold, score: score,
                              timeOfMaximum: readout.timeOfMaximum / parameters.microsecondsPerUnit,
                              pairLocking: readout.maximumPairLocking,
                              spikes: simulation.system.spikeCount, pulses: simulation.system.kickCount,
                              events: simulation.eventsProcessed)
    }

    /// Classifies many samples, spread over `threads` threads. Each sample is
    /// independent and seeded by its index, so the result is the same for any
    /// thread count.
    public func classify(_ samples: [CheeseSample], threads: Int = 1) -> [CheeseDecision] {
        let placeholder = CheeseDecision(synchronized: false, score: 0, timeOfMaximum: .nan, pairLocking: [],
                                         spikes: 0, pulses: 0, events: 0)
        var decisions = Array(repeating: placeholder, count: samples.count)
        let workers = max(1, min(threads, samples.count))
        decisions.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            // Worker w takes samples w, w + workers, ...: disjoint slots.
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in Swift.stride(from: worker, to: samples.count, by: workers) {
                    output[index] = classify(samples[index], sampleIndex: index)
                }
            }
        }
        return decisions
    }
}
