import Dispatch
import EventCore
import Oscillators
import Diagnostics

/// Decides whether a sample's input spikes bind three coupled oscillators:
/// each of the sample's three input spikes starts the current ramp of one
/// oscillator, the pulse-coupled network is simulated exactly, and the
/// answer is whether the triad mutually synchronises (coherent power of the
/// group over a sliding window above the threshold). The frequency lines are
/// never compared directly: coupling, noise and ramp rates act through the
/// dynamics.
public struct SynchronyDetector: Sendable {
    public let parameters: SynchronyDetectorParameters

    /// The device model's set-up (currents, coupling phase), nil for the phase model.
    let binding: DeviceBinding?

    public init(parameters: SynchronyDetectorParameters) throws(InputError) {
        try parameters.validate()
        self.parameters = parameters
        binding = parameters.model == .device ? try DeviceBinding(parameters: parameters) : nil
    }

    /// One sample's classification: the decision, and what the same
    /// simulation recorded when recording was asked for.
    public struct Classification: Sendable, Equatable {
        public var decision: SynchronyDecision
        /// Spikes and sampled state of the simulation that made `decision`;
        /// nil unless classification was asked to record.
        public var recording: SampleRecording?
    }

    /// The oscillator network for one sample, at time 0. `sampleIndex`
    /// selects the noise seed (parameters.seed + index), so results do not
    /// depend on the order or thread in which samples run.
    public func network(for sample: InputSpikeTimes, sampleIndex: Int = 0) -> OscillatorNetwork {
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

    /// Simulates one sample and decides. With `recordingEvery` (task units),
    /// the same simulation also records every spike and samples the state at
    /// that interval (`SampleRecording`); recording only observes, so the
    /// decision is the one an unrecorded run makes.
    /// Precondition: `sample.validate()` does not throw (readers of sample
    /// files check their rows with messages of their own).
    public func classify(_ sample: InputSpikeTimes, sampleIndex: Int = 0,
                         recordingEvery interval: Double? = nil) -> Classification {
        do { try sample.validate() } catch { preconditionFailure("sample \(sampleIndex): \(error)") }
        if let binding { return binding.classify(sample, sampleIndex: sampleIndex, recordingEvery: interval) }
        var simulation = Simulation(system: network(for: sample, sampleIndex: sampleIndex))
        let recorder = interval.map { SampleRecorder(attachedTo: &simulation, every: $0, microsecondsPerUnit: parameters.microsecondsPerUnit) }
        simulation.run(until: parameters.duration * parameters.microsecondsPerUnit)
        return Classification(decision: decision(from: simulation), recording: recorder?.recording)
    }

    /// The decision read off a finished simulation.
    private func decision(from simulation: Simulation<OscillatorNetwork>) -> SynchronyDecision {
        let readout = simulation.system.readout
        let score = readout.maximumCoherentPower
        return SynchronyDecision(synchronized: score >= parameters.threshold, score: score,
                                 timeOfMaximum: readout.timeOfMaximum / parameters.microsecondsPerUnit,
                                 pairLocking: readout.maximumPairLocking,
                                 spikes: simulation.system.spikeCount, pulses: simulation.system.pulseCount,
                                 events: simulation.eventsProcessed)
    }

    /// Classifies many samples, spread over `threads` threads; sample k of
    /// the list is sample `firstIndex + k` of the data set (its noise seed).
    /// Each sample is independent and seeded by its index, so the result is
    /// the same for any thread count and any split of the data into batches.
    public func classify(_ samples: [InputSpikeTimes], firstIndex: Int = 0, threads: Int = 1,
                         recordingEvery interval: Double? = nil) -> [Classification] {
        let workers = max(1, min(threads, samples.count))
        return Array(unsafeUninitializedCapacity: samples.count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            // Worker w takes samples w, w + workers, ...: disjoint slots.
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in Swift.stride(from: worker, to: samples.count, by: workers) {
                    (output.baseAddress! + index).initialize(
                        to: classify(samples[index], sampleIndex: firstIndex + index, recordingEvery: interval))
                }
            }
            initialized = samples.count
        }
    }
}
