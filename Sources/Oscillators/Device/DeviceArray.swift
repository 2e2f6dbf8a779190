import Diagnostics
import EventCore

/// Spin-torque nano-oscillators (`DeviceParameters`) driven by
/// piecewise-linear DC currents, external RF sources and one another, with
/// thermal noise: the complex amplitude equation of each device,
///
///     dc_i/dt = [-i omega_i(p_i, I_i(t)) - Gamma_+(p_i) + Gamma_-(p_i, I_i(t))] c_i
///               + sum_j K_ij c_j + g_i sum_s F_s(t) + f_n,i(t),
///
/// integrated in each device's rotating frame (`IntegrationScheme`). There is
/// no closed form for driven or coupled devices; for an undriven, uncoupled,
/// noiseless device at constant current `ConstantCurrentSolution` is exact and
/// serves as the test oracle.
///
/// Events (an `EventDrivenSystem`): integrator steps, and spikes, one per
/// cycle, when a device's phase psi_i (cycles) reaches its next threshold
/// n + `spikePhase` (a next-threshold counter: noise can neither skip nor
/// repeat a spike). A spike's time is located on the step's cubic Hermite
/// interpolant of z_i (its error is of the step's local error order) by
/// Newton's method to 1e-13 µs; devices below `spikePowerFloor` have no
/// defined phase and do not spike. At equal times spikes come in device
/// order, before the step that ends there.
///
/// The state between events is read at any time inside the pending step
/// through the same interpolant (`power`, `phase`, `frequency`,
/// `basebandAmplitude`), so periodic tasks of the kernel can sample it; a
/// step is never shortened for a sample or for the end of a run, so the
/// trajectory does not depend on what is observed or how a run is chunked.
/// Units: µs, MHz, mA; power dimensionless; phases in cycles where public.
public struct DeviceArray: EventDrivenSystem {
    public struct Configuration: Sendable, Equatable {
        public var devices: [DeviceParameters]
        /// Drive current of each device (mA, piecewise linear in µs).
        public var currents: [CurrentSchedule]
        public var coupling: DeviceCoupling
        public var sources: [RFSource]
        /// g_i: how strongly the sources' line drives device i (default 1 each).
        public var sourceGains: [Double]
        public var noise: [DeviceNoise]
        /// c_i(0); default sqrt(max(p0(I_i(0)), 1e-6)), phase 0.
        public var initialAmplitudes: [Complex]
        public var integration: IntegrationScheme
        /// Spikes at psi = n + spikePhase cycles.
        public var spikePhase: Double
        /// Whether spikes are located at all: a read-out that only samples the
        /// state need not pay for one root search per device per cycle.
        public var emitsSpikes: Bool
        /// Noise seed: device i draws from stream i.
        public var seed: UInt64
        /// The longest time (µs) the array is meant to run: validation checks
        /// the frequencies stay positive until then (a current that ramps
        /// forever eventually leaves any device's range).
        public var horizon: Double

        public init(devices: [DeviceParameters], currents: [CurrentSchedule], coupling: DeviceCoupling? = nil,
                    sources: [RFSource] = [], sourceGains: [Double]? = nil, noise: [DeviceNoise]? = nil,
                    initialAmplitudes: [Complex]? = nil, integration: IntegrationScheme = .standard,
                    spikePhase: Double = 0, emitsSpikes: Bool = true, seed: UInt64 = 1, horizon: Double? = nil) {
            let n = devices.count
            self.devices = devices
            self.currents = currents
            self.coupling = coupling ?? .none(count: n)
            self.sources = sources
            self.sourceGains = sourceGains ?? Array(repeating: 1, count: n)
            self.noise = noise ?? Array(repeating: .none, count: n)
            self.initialAmplitudes = initialAmplitudes ?? (0..<min(n, currents.count)).map { i in
                Complex(max(devices[i].stationaryPower(atCurrent: currents[i].initialCurrent), 1e-6).squareRoot(), 0)
            }
            self.integration = integration
            self.spikePhase = spikePhase
            self.emitsSpikes = emitsSpikes
            self.seed = seed
            self.horizon = horizon ?? currents.flatMap { $0.changes.map(\.time) }.max() ?? 0
        }

        /// Checks every field; the error names it.
        public func validate() throws(InputError) {
            let n = devices.count
            guard n >= 1 else { throw InputError(field: "devices", message: "needs at least one device") }
            guard currents.count == n, sourceGains.count == n, noise.count == n, initialAmplitudes.count == n,
                  coupling.count == n else {
                throw InputError(field: "devices", message: "currents, gains, noise, initial amplitudes and coupling need one entry per device (\(n))")
            }
            for i in 0..<n {
                do throws(InputError) {
                    try devices[i].validate()
                    try noise[i].validate(for: devices[i], field: "noise")
                    guard sourceGains[i].isFinite else { throw InputError(field: "sourceGain", message: "must be finite") }
                    let c = initialAmplitudes[i]
                    guard c.re.isFinite, c.im.isFinite, c.magnitudeSquared < 1 else {
                        throw InputError(field: "initialAmplitude", message: "needs a finite amplitude with power below 1")
                    }
                    let lowest = currents[i].minimumCurrent(until: horizon)
                    guard currents[i].initialCurrent.isFinite, currents[i].initialSlope.isFinite,
                          currents[i].changes.allSatisfy({ $0.time.isFinite && $0.time >= 0 && $0.slope.isFinite && $0.step.isFinite }) else {
                        throw InputError(field: "current", message: "times, currents and slopes must be finite, times >= 0")
                    }
                    try devices[i].validateFrequencyPositive(atCurrent: lowest, field: "current")
                } catch {
                    throw error.inside(field: "devices[\(i)]")
                }
            }
            for (s, source) in sources.enumerated() { try source.validate(field: "sources[\(s)]") }
            try coupling.validate()
            try integration.validate()
            guard spikePhase.isFinite, spikePhase >= 0, spikePhase < 1 else {
                throw InputError(field: "spikePhase", message: "must be in [0, 1) cycles (got \(spikePhase))")
            }
            if !integration.isStochastic, zip(noise, devices).contains(where: { $0.strength(for: $1) > 0 }) {
                throw InputError(field: "integration", message: "devices with noise need the stochastic Heun scheme")
            }
        }
    }

    public let configuration: Configuration
    public var count: Int { configuration.devices.count }
    /// Devices with less power have no defined phase and do not spike.
    public static let spikePowerFloor = 1e-9

    /// Receives every spike (population 0, node = device) when set.
    public var spikeSink: SpikeSink?
    public internal(set) var spikeCount: UInt64 = 0
    public internal(set) var acceptedSteps: UInt64 = 0
    public internal(set) var rejectedSteps: UInt64 = 0

    // Step state: time t_n of the last accepted step, the amplitude z_i in
    // device i's frame, its derivative, the frame phase Phi_i (radians) and
    // frame rate omega_r,i (rad/µs), the current at t_n and its slope.
    var time: Double
    var amplitude: [Complex]
    var derivative: [Complex]
    var framePhase: [Double]
    var frameRate: [Double]
    var current: [Double]
    var currentSlope: [Double]
    var nextThreshold: [Double]
    var proposedStep: Double
    // The pending step [time, stepEnd]: its end state and derivative, and the
    // spikes located inside it, in order, from `nextSpike` on.
    var pendingStep = false
    var stepEnd: Double
    var endAmplitude: [Complex]
    var endDerivative: [Complex]
    var pendingSpikeTime: [Double] = []
    var pendingSpikeDevice: [Int] = []
    var nextSpike = 0
    // Breakpoints: slope changes (merged, time-ordered) and source switch times.
    var breakTimes: [Double]
    var nextBreak = 0
    var changeTime: [Double]
    var changeDevice: [Int]
    var changeSlope: [Double]
    var changeStep: [Double]
    var nextChange = 0
    var sourceOn: [Bool]
    /// Any of `sourceOn`; changes only at breakpoints, read at every derivative.
    var anySourceOn = false
    // Constants and scratch of the derivative, preallocated.
    let noiseScale: [Double]
    var generators: [Xoshiro256StarStar]
    var stage: [[Complex]]
    var scratch: [Complex]
    var scratchStage: [Complex]
    var framePhasor: [Complex]
    var unitAtStart: [Complex]
    var sourceAtStart: [Complex]
    let couplingIsZero: Bool

    public init(_ configuration: Configuration) throws(InputError) {
        try configuration.validate()
        self.configuration = configuration
        let n = configuration.devices.count
        time = 0
        amplitude = configuration.initialAmplitudes
        derivative = Array(repeating: .zero, count: n)
        framePhase = configuration.initialAmplitudes.map { -$0.argument }
        for i in 0..<n { amplitude[i] = Complex(amplitude[i].magnitudeSquared.squareRoot(), 0) }
        current = configuration.currents.map(\.initialCurrent)
        currentSlope = configuration.currents.map(\.initialSlope)
        frameRate = Array(repeating: 0, count: n)
        nextThreshold = framePhase.map { psi in
            let cycles = psi / (2 * Double.pi) - configuration.spikePhase
            return 2 * Double.pi * ((cycles.rounded(.down) + 1) + configuration.spikePhase)
        }
        switch configuration.integration {
        case let .adaptive(_, _, maximumStep): proposedStep = min(maximumStep, 1e-3)
        case let .fixedDormandPrince(step), let .stochasticHeun(step): proposedStep = step
        }
        stepEnd = 0
        endAmplitude = amplitude
        endDerivative = derivative
        var changes: [(time: Double, device: Int, slope: Double, step: Double)] = []
        for i in 0..<n {
            for change in configuration.currents[i].changes { changes.append((change.time, i, change.slope, change.step)) }
        }
        let order = changes.indices.sorted { (changes[$0].time, changes[$0].device, $0) < (changes[$1].time, changes[$1].device, $1) }
        changeTime = order.map { changes[$0].time }
        changeDevice = order.map { changes[$0].device }
        changeSlope = order.map { changes[$0].slope }
        changeStep = order.map { changes[$0].step }
        let switches = configuration.sources.flatMap { [$0.start, $0.stop] }.filter(\.isFinite)
        breakTimes = Array(Set(changeTime + switches)).sorted()
        sourceOn = configuration.sources.map { $0.isOn(at: 0) }
        noiseScale = zip(configuration.noise, configuration.devices).map { $0.strength(for: $1).squareRoot() }
        generators = (0..<n).map { Xoshiro256StarStar(seed: configuration.seed, stream: UInt64($0)) }
        stage = Array(repeating: Array(repeating: .zero, count: n), count: 7)
        scratch = Array(repeating: .zero, count: n)
        scratchStage = Array(repeating: .zero, count: n)
        framePhasor = Array(repeating: Complex(1, 0), count: n)
        unitAtStart = Array(repeating: Complex(1, 0), count: n)
        sourceAtStart = Array(repeating: Complex(1, 0), count: configuration.sources.count)
        couplingIsZero = configuration.coupling.isZero
        applyBreakpoints()
        startStep()
    }

    public mutating func nextEventTime() -> Double {
        if !pendingStep { takeStep() }
        return nextSpike < pendingSpikeTime.count ? pendingSpikeTime[nextSpike] : stepEnd
    }

    public mutating func processNextEvent() {
        if nextSpike < pendingSpikeTime.count {
            let device = pendingSpikeDevice[nextSpike]
            spikeSink?.record(time: pendingSpikeTime[nextSpike], population: 0, node: UInt64(device))
            spikeCount &+= 1
            nextSpike += 1
            return
        }
        commitStep()
    }

    /// Makes the pending step the current state and re-anchors every frame.
    mutating func commitStep() {
        let h = stepEnd - time
        for i in 0..<count {
            let z = endAmplitude[i]
            let magnitude = z.magnitudeSquared.squareRoot()
            // The phase at the step end; the new frame starts there, rotated so z is real.
            framePhase[i] += frameRate[i] * h - z.argument
            amplitude[i] = Complex(magnitude, 0)
            current[i] += currentSlope[i] * h
        }
        time = stepEnd
        pendingStep = false
        pendingSpikeTime.removeAll(keepingCapacity: true)
        pendingSpikeDevice.removeAll(keepingCapacity: true)
        nextSpike = 0
        applyBreakpoints()
        startStep()
    }

    /// Slope changes and source switches due at `time`.
    mutating func applyBreakpoints() {
        while nextChange < changeTime.count, changeTime[nextChange] <= time {
            currentSlope[changeDevice[nextChange]] = changeSlope[nextChange]
            current[changeDevice[nextChange]] += changeStep[nextChange]
            nextChange += 1
        }
        while nextBreak < breakTimes.count, breakTimes[nextBreak] <= time { nextBreak += 1 }
        for s in configuration.sources.indices { sourceOn[s] = configuration.sources[s].isOn(at: time) }
        anySourceOn = sourceOn.contains(true)
    }

    /// Sets the frames' rates and the phasors at the start of a step, and the derivative there.
    mutating func startStep() {
        for i in 0..<count {
            let device = configuration.devices[i]
            frameRate[i] = 2 * Double.pi * device.frequency(atPower: amplitude[i].magnitudeSquared, current: current[i])
            unitAtStart[i] = Complex.unit(-framePhase[i])
        }
        for (s, source) in configuration.sources.enumerated() {
            sourceAtStart[s] = Complex.unit(-(2 * Double.pi * source.frequency * time + source.phase))
        }
        var out = derivative
        derivative = []
        evaluateDerivative(offset: 0, of: amplitude, into: &out)
        derivative = out
    }
}
