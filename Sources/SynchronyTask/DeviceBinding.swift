#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Diagnostics
import EventCore
import Oscillators

/// The synchrony task on spin-torque devices (`SynchronyDetectorParameters`
/// with `model == .device`), as in the experiment (Romera et al. 2022):
///
/// - three identical devices (`device`) in series on one line, coupled by its
///   summed RF current (`DeviceCoupling.series`, Omega = 2 pi `coupling`,
///   phase `couplingPhase`);
/// - device i holds the DC current at which it runs free at
///   `startFrequencies[i]`, until input spike i (t1 = 0, t2, t3); the spike
///   starts a current ramp of rampRates[i] / (df/dI) at that current, so the
///   line starts with the stated slope and then bends as the device's
///   frequency does with current (its power, hence its nu, changes too);
/// - the summed RF output, mixed down at the mean start frequency and sampled
///   every 10 ns, goes through a spectrum analyser in max hold (`Spectrogram`,
///   Hann windows of `readoutWindow` µs every quarter window): the score is
///   the largest line power (bins within `lineHalfWidth` MHz of a peak) over
///   the run, divided by the mean power of one device in that window. Three
///   devices of equal power locked in phase score 9, unlocked lines 1 each;
///   a detector says "synchronised" when the score reaches `threshold`.
///
/// Integration: Dormand-Prince 5(4) at relative tolerance 1e-7 without noise;
/// stochastic Heun at 2 ns with noise (`linewidth`, the FWHM of each
/// free-running line at its start current, (1 + nu^2) included).
struct DeviceBinding: Sendable {
    let parameters: SynchronyDetectorParameters
    /// DC current before each input spike (mA) and the ramp after it (mA/µs).
    let startCurrents: [Double]
    let currentSlopes: [Double]
    let couplingPhase: Double
    /// Local oscillator of the read-out: the mean start frequency (MHz).
    let referenceFrequency: Double
    static let sampleInterval = 0.01

    init(parameters: SynchronyDetectorParameters) throws(InputError) {
        self.parameters = parameters
        let device = parameters.device
        var currents: [Double] = []
        for (i, f) in parameters.startFrequencies.enumerated() {
            guard let current = Self.current(device, forFrequency: f) else {
                throw InputError(field: "startFrequencies[\(i)]", message:
                    "\(f) MHz is outside what the device reaches above threshold (from \(device.freeRunningFrequency(atCurrent: device.thresholdCurrent)) MHz)")
            }
            currents.append(current)
        }
        startCurrents = currents
        let unit = parameters.microsecondsPerUnit
        currentSlopes = (0..<3).map { i in
            let h = 1e-4 * device.thresholdCurrent
            let tunability = (device.freeRunningFrequency(atCurrent: currents[i] + h)
                - device.freeRunningFrequency(atCurrent: currents[i] - h)) / (2 * h)
            return parameters.rampRates[i] / unit / tunability
        }
        let meanCurrent = currents.reduce(0, +) / 3
        couplingPhase = parameters.couplingPhase ?? atan(device.nonlinearity(atCurrent: meanCurrent))
        referenceFrequency = parameters.startFrequencies.reduce(0, +) / 3
        // Ramps that start at t = 0 go furthest: if that array is valid, every sample's is.
        _ = try array(for: InputSpikeTimes(t2: 0, t3: 0), seed: parameters.seed)
    }

    /// The DC current (mA) at which `device` runs free at `frequency` (MHz):
    /// bisection on f(I) = f0 + kI I + Nf p0(I), increasing above threshold
    /// when kI, Nf >= 0; nil outside [f(I_th), f(100 I_th)].
    static func current(_ device: DeviceParameters, forFrequency frequency: Double) -> Double? {
        var lower = device.thresholdCurrent, upper = 100 * device.thresholdCurrent
        guard device.freeRunningFrequency(atCurrent: lower) < frequency,
              device.freeRunningFrequency(atCurrent: upper) > frequency else { return nil }
        for _ in 0..<200 where upper - lower > 4 * upper.ulp {
            let middle = 0.5 * (lower + upper)
            if device.freeRunningFrequency(atCurrent: middle) < frequency { lower = middle } else { upper = middle }
        }
        return 0.5 * (lower + upper)
    }

    /// The three devices as built: the nominal device, shifted by the
    /// mismatch drawn from the detector's seed (Gaussian, Box-Muller).
    var chip: [DeviceParameters] {
        let p = parameters
        guard p.frequencySpread > 0 || p.tunabilitySpread > 0 else { return Array(repeating: p.device, count: 3) }
        var random = Xoshiro256StarStar(seed: p.seed, key: StreamKey("device mismatch"))
        return (0..<3).map { _ in
            var device = p.device
            device.frequency += p.frequencySpread * random.standardNormal()
            device.currentTunability *= 1 + p.tunabilitySpread * random.standardNormal()
            return device
        }
    }

    /// Device i's DC current before its input: set for the device's own kI
    /// (its f0 error left as the calibration's residual); the nominal current
    /// for a nominal device.
    func calibratedCurrent(_ i: Int, of device: DeviceParameters) throws(InputError) -> Double {
        guard device.currentTunability != parameters.device.currentTunability else { return startCurrents[i] }
        var calibrated = device
        calibrated.frequency = parameters.device.frequency
        guard let current = Self.current(calibrated, forFrequency: parameters.startFrequencies[i]) else {
            throw InputError(field: "tunabilitySpread", message: "device \(i) of this chip cannot reach \(parameters.startFrequencies[i]) MHz")
        }
        return current
    }

    /// The three devices for one sample; noise seeded by `seed`.
    func array(for sample: InputSpikeTimes, seed: UInt64, spikes: Bool = false) throws(InputError) -> DeviceArray {
        let p = parameters
        let unit = p.microsecondsPerUnit
        let inputTimes = [0, sample.t2, sample.t3]
        let devices = chip
        let schedules = try (0..<3).map { (i) throws(InputError) in
            CurrentSchedule.ramp(from: try calibratedCurrent(i, of: devices[i]), startingAt: inputTimes[i] * unit,
                                 slope: currentSlopes[i])
        }
        let noisy = p.linewidth > 0
        return try DeviceArray(.init(
            devices: devices, currents: schedules,
            coupling: .series(count: 3, strength: 2 * Double.pi * p.coupling, phase: couplingPhase),
            noise: noisy ? startCurrents.map { .linewidth(p.linewidth, atCurrent: $0) } : nil,
            integration: noisy ? .stochasticHeun(step: 0.002)
                : .adaptive(relativeTolerance: 1e-7, absoluteTolerance: 1e-9, maximumStep: 0.02),
            emitsSpikes: spikes, seed: seed, horizon: p.duration * unit))
    }
}

extension DeviceBinding {
    /// Simulates one sample and decides; with `interval` (task units) the
    /// same simulation also records spikes and the sampled state.
    func classify(_ sample: InputSpikeTimes, sampleIndex: Int, recordingEvery interval: Double?) -> SynchronyDetector.Classification {
        let p = parameters
        let unit = p.microsecondsPerUnit
        let array: DeviceArray
        do { array = try self.array(for: sample, seed: p.seed &+ UInt64(sampleIndex), spikes: interval != nil) } catch {
            // `SynchronyDetector.init` built one array for the same parameters; only a sample can differ.
            preconditionFailure("sample \(sampleIndex): \(error)")
        }
        var simulation = Simulation(system: array)
        let output = OutputRecorder(reference: referenceFrequency)
        simulation.every(Self.sampleInterval, startingAt: 0) { devices, status in
            output.sample(devices, at: status.time)
            return .proceed
        }
        let recorder = interval.map { SampleRecorder(attachedTo: &simulation, every: $0, microsecondsPerUnit: unit) }
        simulation.run(until: p.duration * unit)
        let (decision, window) = output.decision(parameters: p, interval: Self.sampleInterval, system: simulation.system,
                                                 events: simulation.eventsProcessed)
        var recording = recorder?.recording
        if recording != nil, let spectrum = output.spectrum(of: window, interval: Self.sampleInterval) {
            recording!.spectrumFrequencies = spectrum.frequencies
            recording!.spectrumDensity = spectrum.density
        }
        return SynchronyDetector.Classification(decision: decision, recording: recording)
    }
}

/// The summed RF output mixed down at the reference frequency, each
/// device's contribution, and the devices' mean power, sampled during a run.
/// A class because the kernel's periodic task fills it while the simulation
/// owns the devices.
final class OutputRecorder {
    let reference: Double
    var summed: [ComplexSample] = []
    var single: [[Complex]] = [[], [], []]
    var meanPower: [Double] = []

    init(reference: Double) { self.reference = reference }

    func sample(_ devices: DeviceArray, at t: Double) {
        var sum = Complex.zero, power = 0.0
        for i in 0..<3 {
            let c = devices.basebandAmplitude(i, reference: reference, at: t)
            single[i].append(c)
            sum += c
            power += c.magnitudeSquared
        }
        summed.append((sum.re, sum.im))
        meanPower.append(power / 3)
    }

    /// The spectrum analyser's verdict (see `DeviceBinding`).
    /// The decision, and the samples of the window that scored it.
    func decision(parameters p: SynchronyDetectorParameters, interval: Double, system: DeviceArray,
                  events: UInt64) -> (SynchronyDecision, Range<Int>) {
        let length = max(2, Int((p.readoutWindow / interval).rounded()))
        let hop = max(1, length / 4)
        let spectrogram: Spectrogram
        do {
            spectrogram = try Spectrogram(samples: summed, sampleInterval: interval, windowLength: length, hop: hop,
                                          lineHalfWidth: p.lineHalfWidth, centerFrequency: reference)
        } catch {
            preconditionFailure("read-out: \(error)")
        }
        // Prefix sums of the mean device power, for each window's normalisation.
        var cumulative = [0.0]
        cumulative.reserveCapacity(meanPower.count + 1)
        for value in meanPower { cumulative.append(cumulative.last! + value) }
        var best = (score: 0.0, window: 0)
        for (w, frame) in spectrogram.frames.enumerated() {
            let start = w * hop
            let power = (cumulative[start + length] - cumulative[start]) / Double(length)
            let score = power > 0 ? frame.power / power : 0
            if score > best.score { best = (score, w) }
        }
        // Pair locking |<e^{i (psi_a - psi_b)}>| over the best window.
        let start = best.window * hop
        let pairs = [(0, 1), (0, 2), (1, 2)].map { a, b in
            var sum = Complex.zero
            for k in start..<(start + length) {
                let product = single[a][k] * single[b][k].conjugate
                let magnitude = product.magnitudeSquared.squareRoot()
                if magnitude > 0 { sum += (1 / magnitude) * product }
            }
            return sum.magnitudeSquared.squareRoot() / Double(length)
        }
        let time = spectrogram.frames.isEmpty ? Double.nan : spectrogram.frames[best.window].time / p.microsecondsPerUnit
        let decision = SynchronyDecision(synchronized: best.score >= p.threshold, score: best.score, timeOfMaximum: time,
                                         pairLocking: pairs, spikes: system.spikeCount, pulses: system.acceptedSteps, events: events)
        return (decision, start..<(start + length))
    }

    /// The spectrum of the summed output over `window` (one Hann segment):
    /// what the analyser showed when the score was read.
    func spectrum(of window: Range<Int>, interval: Double) -> WelchSpectrum? {
        try? WelchSpectrum(samples: Array(summed[window]), sampleInterval: interval, segmentLength: window.count,
                           centerFrequency: reference)
    }
}

extension DeviceArray: RecordableOscillators {
    /// Each device's phase, frequency and power, with the triad's
    /// instantaneous coherence |sum_i sqrt(p_i) e^{i psi_i}|^2 / mean p and the
    /// pairs' cos(psi_a - psi_b) in place of the phase model's windowed values.
    func record(into recording: inout SampleRecording, at t: Double) {
        var sum = Complex.zero, total = 0.0
        var phases: [Double] = []
        for i in 0..<count {
            let psi = phase(i, at: t), p = power(i, at: t)
            phases.append(psi)
            recording.phases.append(psi)
            recording.frequencies.append(frequency(i, at: t))
            recording.powers.append(p)
            sum += p.squareRoot() * Complex.unit(2 * Double.pi * (psi - psi.rounded()))
            total += p
        }
        recording.coherentPower.append(total > 0 ? sum.magnitudeSquared / (total / Double(count)) : 0)
        for (a, b) in [(0, 1), (0, 2), (1, 2)] { recording.pairLocking.append(cos(2 * Double.pi * (phases[a] - phases[b]))) }
    }
}
