import Diagnostics
import EventCore
import Oscillators

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The chip of the vowel task, simulated one token at a time on the device
/// model (`DeviceArray`): the oscillators at their DC currents, in series,
/// driven by sources A and B at the token's frequencies from t = 0.
///
/// Integration: Dormand-Prince 5(4) at relative tolerance 1e-7 without
/// noise (a lock pattern does not change at 1e-9, tested); stochastic Heun
/// at 2 ns with noise, each token's noise seeded by the network's seed and
/// the token's name, so a token's answer does not depend on which tokens
/// ran before it or on which thread.
public struct VowelNetwork: Sendable {
    public let parameters: VowelNetworkParameters
    /// The devices as built: nominal, shifted by the seeded spread.
    public let chip: [DeviceParameters]
    public let couplingPhase: Double
    /// Of the noiseless integration; only tests change it.
    let relativeTolerance: Double
    static let sampleInterval = 0.01

    public init(parameters: VowelNetworkParameters) throws(InputError) {
        try self.init(parameters: parameters, relativeTolerance: 1e-7)
    }

    init(parameters: VowelNetworkParameters, relativeTolerance: Double) throws(InputError) {
        try parameters.validate()
        self.relativeTolerance = relativeTolerance
        self.parameters = parameters
        var random = Xoshiro256StarStar(seed: parameters.seed, key: StreamKey("device mismatch"))
        chip = (0..<parameters.count).map { _ in
            var device = parameters.device
            if parameters.frequencySpread > 0 { device.frequency += parameters.frequencySpread * random.standardNormal() }
            return device
        }
        let currents = try Self.initialCurrents(parameters)
        couplingPhase = parameters.couplingPhase
            ?? atan(parameters.device.nonlinearity(atCurrent: currents.reduce(0, +) / Double(currents.count)))
    }

    /// The DC currents (mA) that put the nominal device at each initial frequency.
    public static func initialCurrents(_ parameters: VowelNetworkParameters) throws(InputError) -> [Double] {
        try parameters.initialFrequencies.enumerated().map { (i, f) throws(InputError) in
            guard let current = DeviceBinding.current(parameters.device, forFrequency: f) else {
                throw InputError(field: "initialFrequencies[\(i)]", message: "\(f) MHz is not reached by the device")
            }
            return current
        }
    }

    /// What one token did to the chip.
    public struct Response: Sendable, Equatable {
        public var pattern: LockPattern
        /// Mean frequency of each oscillator over the read-out window (MHz).
        public var windowFrequencies: [Double]
        public var integrationSteps: UInt64
    }

    /// Sampled state of one token, every 10 ns from 0.
    public struct Trace: Sendable, Equatable {
        public var times: [Double] = []
        /// Row-major samples x oscillators: instantaneous frequency (MHz), power, phase (cycles).
        public var frequencies: [Double] = []
        public var powers: [Double] = []
        public var phases: [Double] = []
    }

    /// Runs one token: sources at `sourceFrequencies` (MHz, A then B), the
    /// oscillators at `currents` (mA); `noiseKey` (the token's name) seeds its noise.
    public func respond(currents: [Double], sourceFrequencies: (a: Double, b: Double), noiseKey: String,
                        trace: Bool = false) throws(InputError) -> (response: Response, trace: Trace?) {
        let p = parameters
        let n = p.count
        precondition(currents.count == n, "one current per oscillator")
        let noisy = p.linewidth > 0
        let sources = [RFSource(frequency: sourceFrequencies.a, amplitude: p.sourceAmplitudes[0]),
                       RFSource(frequency: sourceFrequencies.b, amplitude: p.sourceAmplitudes[1])]
        let end = p.settlingTime + p.window
        let array = try DeviceArray(.init(
            devices: chip, currents: currents.map { CurrentSchedule(initialCurrent: $0) },
            coupling: .series(count: n, strength: p.couplingStrength, phase: couplingPhase),
            sources: sources,
            noise: noisy ? currents.map { .linewidth(p.linewidth, atCurrent: $0) } : nil,
            integration: noisy ? .stochasticHeun(step: 0.002)
                : .adaptive(relativeTolerance: relativeTolerance, absoluteTolerance: 1e-2 * relativeTolerance, maximumStep: 0.02),
            emitsSpikes: false, seed: noisy ? noiseSeed(noiseKey) : 0, horizon: end))
        var simulation = Simulation(system: array)
        let readout = WindowReadout(count: n)
        simulation.every(p.window, startingAt: p.settlingTime) { devices, status in
            readout.phases.append((0..<n).map { devices.phase($0, at: status.time) })
            return readout.phases.count < 2 ? .proceed : .stop
        }
        let recorder = trace ? TraceRecorder() : nil
        if let recorder {
            simulation.every(Self.sampleInterval, startingAt: 0) { devices, status in
                recorder.sample(devices, at: status.time)
                return .proceed
            }
        }
        // The run's end is exclusive: run past it by an ulp so the window's closing sample is taken, then stop.
        simulation.run(until: end.nextUp)
        precondition(readout.phases.count == 2, "the window's two phase samples")
        let advance = (0..<n).map { readout.phases[1][$0] - readout.phases[0][$0] }
        let frequencies = [sourceFrequencies.a, sourceFrequencies.b]
        let pattern = LockPattern(states: advance.map {
            p.detector.state(phaseAdvance: $0, window: p.window, frequencies: frequencies)
        })
        let response = Response(pattern: pattern, windowFrequencies: advance.map { $0 / p.window },
                                integrationSteps: simulation.system.acceptedSteps)
        return (response, recorder?.trace)
    }
}

extension VowelNetwork {
    func noiseSeed(_ key: String) -> UInt64 {
        var random = Xoshiro256StarStar(seed: parameters.seed, key: StreamKey("token noise").with(key))
        return random.next()
    }
}

/// The phases at the window's start and end, filled by a periodic task
/// while the simulation owns the devices.
private final class WindowReadout {
    var phases: [[Double]] = []
    init(count: Int) { phases.reserveCapacity(2) }
}

private final class TraceRecorder {
    var trace = VowelNetwork.Trace()

    func sample(_ devices: DeviceArray, at t: Double) {
        trace.times.append(t)
        for i in 0..<devices.count {
            trace.frequencies.append(devices.frequency(i, at: t))
            trace.powers.append(devices.power(i, at: t))
            trace.phases.append(devices.phase(i, at: t))
        }
    }
}
