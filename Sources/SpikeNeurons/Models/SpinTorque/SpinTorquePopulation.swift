import Diagnostics
import EventCore
import Oscillators

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Spin-torque nano-oscillators (`Oscillators.DeviceParameters`, the
/// Slavin-Tiberkevich auto-oscillator) as a population of a network: each
/// node is an uncoupled, noiseless device held at a DC current, spiking once
/// per cycle; an input spike of weight J steps that node's current by J.
///
/// The current is therefore piecewise constant and every node advances in
/// closed form between events (`ConstantCurrentSolution`: logistic power,
/// phase through the power's integral). A spike is emitted when the phase
/// (cycles) reaches its next threshold n + spike_phase, found by Newton's
/// method on the closed form to 4 ulp of the time. Driven, coupled or noisy
/// devices have no closed form: they are `Oscillators.DeviceArray`'s
/// (the synchrony task uses it), not a network population.
///
/// Units inside: µs and MHz for the device, converted at the boundary from the
/// network's ms; weights are currents (pA internally, "1 mA" in files). A
/// node whose frequency would fall to zero or below (a large negative current
/// with a red-shifting device) stalls: it emits nothing until an input lifts it.
public struct SpinTorquePopulation: EventDrivenPopulation {
    public static let schema = ModelSchema(
        name: "stno",
        summary: "spin-torque nano-oscillator (Slavin-Tiberkevich), DC current stepped by inputs; exact, one spike per cycle",
        equations: [
            "dc/dt = -i omega(p, I) c - Gamma_G (1 + Q p) c + (Gamma_G / I_th) I (1 - p) c,  p = |c|^2",
            "omega(p, I) = 2 pi (frequency + tunability_mhz_per_ma I + nonlinear_shift p)",
            "input of weight J: I := I + J;  phase reaches n + spike_phase cycles: spike, n := n + 1",
        ],
        parameters: [
            ParameterSpec("frequency", .frequency, default: .scalar(300e6), bounds: .positive, "f0, linear mode at zero current"),
            ParameterSpec("tunability_mhz_per_ma", .dimensionless, default: .scalar(4), "kI, Oersted-field shift (MHz per mA)"),
            ParameterSpec("nonlinear_shift", .frequency, default: .scalar(7e6), "Nf, frequency shift per unit power"),
            ParameterSpec("damping_rate", .frequency, default: .scalar(2.5e6), bounds: .positive,
                          "Gamma_G as a rate (2.5 MHz = 2.5 per µs)"),
            ParameterSpec("nonlinear_damping", .dimensionless, default: .scalar(2), bounds: Bounds(lower: -1, lowerInclusive: false),
                          "Q"),
            ParameterSpec("threshold_current", .current, default: .scalar(4e9), bounds: .positive, "I_th"),
            ParameterSpec("i_dc", .current, kind: .perNode, default: .scalar(6e9), "DC current at the start"),
            ParameterSpec("phase_init", .dimensionless, kind: .perNode, default: .scalar(0), bounds: Bounds(lower: 0, upper: 1),
                          "phase at the start (cycles); the power starts at p0 of i_dc"),
            ParameterSpec("spike_phase", .dimensionless, default: .scalar(0), bounds: Bounds(lower: 0, upper: 1, upperInclusive: false),
                          "phase of the spike within a cycle (cycles)"),
        ],
        variables: [
            VariableSpec("power", .dimensionless, "oscillation power p"),
            VariableSpec("phase", .dimensionless, "phase (cycles, unwrapped)"),
            VariableSpec("frequency", .frequency, "instantaneous frequency"),
            VariableSpec("voltage", .dimensionless, "RF output sqrt(p) cos(2 pi phase), in units of the voltage at p = 1"),
            VariableSpec("current", .current, "DC current"),
        ],
        weightDimension: .current)

    /// pA per mA, Hz per MHz, µs per ms.
    private static let picoamperesPerMilliampere = 1e9, hertzPerMegahertz = 1e6, microsecondsPerMillisecond = 1e3

    public let size: Int
    public let device: DeviceParameters
    public let spikePhase: Double
    /// Per node: the anchor (time in ms, power, phase in cycles), the current (mA) and the next threshold.
    private var anchorTime: [Double]
    private var anchorPower: [Double]
    private var anchorPhase: [Double]
    private var current: [Double]
    private var nextThreshold: [Double]
    private var spikes: IndexedMinHeap

    public init(parameters values: ParameterValues, context: PopulationContext) {
        device = DeviceParameters(
            frequency: values.scalar("frequency") / Self.hertzPerMegahertz,
            currentTunability: values.scalar("tunability_mhz_per_ma"),
            nonlinearShift: values.scalar("nonlinear_shift") / Self.hertzPerMegahertz,
            dampingRate: values.scalar("damping_rate") / Self.hertzPerMegahertz,
            nonlinearDamping: values.scalar("nonlinear_damping"),
            thresholdCurrent: values.scalar("threshold_current") / Self.picoamperesPerMilliampere)
        spikePhase = values.scalar("spike_phase")
        current = context.perNode(values.perNode("i_dc"), purpose: "i_dc").map { $0 / Self.picoamperesPerMilliampere }
        anchorPhase = context.perNode(values.perNode("phase_init"), purpose: "phase_init")
        size = current.count
        anchorTime = Array(repeating: context.startTime, count: size)
        anchorPower = current.map { [device] in device.stationaryPower(atCurrent: $0) }
        nextThreshold = anchorPhase.map { [spikePhase] phase in ((phase - spikePhase).rounded(.down) + 1) + spikePhase }
        spikes = IndexedMinHeap(keys: Array(repeating: .infinity, count: size))
        for node in 0..<size { schedule(node) }
    }

    /// The node's closed form from its anchor.
    private func solution(_ node: Int) -> ConstantCurrentSolution {
        ConstantCurrentSolution(device: device, current: current[node], initialPower: anchorPower[node])
    }

    /// Whether the phase increases at every power the node can reach (so its next spike is defined).
    private func advances(_ node: Int) -> Bool {
        device.frequency(atPower: device.nonlinearShift < 0 ? 1 : 0, current: current[node]) > 0
    }

    /// Moves node's anchor to `time` (ms) along its closed form.
    private mutating func advance(_ node: Int, to time: Double) {
        let tau = (time - anchorTime[node]) * Self.microsecondsPerMillisecond
        guard tau > 0, advances(node) else { anchorTime[node] = time; return }
        let exact = solution(node)
        anchorPhase[node] += exact.phaseAdvance(after: tau) / (2 * Double.pi)
        anchorPower[node] = exact.power(after: tau)
        anchorTime[node] = time
    }

    private mutating func schedule(_ node: Int) {
        guard advances(node) else { spikes.setKey(.infinity, of: node); return }
        let distance = 2 * Double.pi * (nextThreshold[node] - anchorPhase[node])
        let tau = distance <= 0 ? 0 : solution(node).time(toAdvancePhaseBy: distance)
        spikes.setKey(anchorTime[node] + tau / Self.microsecondsPerMillisecond, of: node)
    }

    public func nextEmissionTime() -> Double { spikes.minKey }

    public mutating func emit(at time: Double) -> Int {
        guard let node = spikes.minSlot else { preconditionFailure("emit() with no pending spike") }
        let tau = (time - anchorTime[node]) * Self.microsecondsPerMillisecond
        anchorPower[node] = solution(node).power(after: max(tau, 0))
        // Exactly at the threshold, not one rounding away: the next-threshold counter.
        anchorPhase[node] = nextThreshold[node]
        anchorTime[node] = time
        nextThreshold[node] += 1
        schedule(node)
        return node
    }

    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        for target in targets { step(Int(target), by: weight, at: time) }
    }

    public mutating func receive(weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        for (target, weight) in zip(targets, weights) { step(Int(target), by: weight, at: time) }
    }

    /// I += weight (pA) at `time`: a new closed-form piece from the state reached.
    private mutating func step(_ node: Int, by weight: Double, at time: Double) {
        advance(node, to: time)
        current[node] += weight / Self.picoamperesPerMilliampere
        schedule(node)
    }

    public mutating func value(of variable: Int, node: Int, at time: Double) -> Double {
        let tau = max(0, (time - anchorTime[node]) * Self.microsecondsPerMillisecond)
        let exact = solution(node)
        let moving = advances(node)
        let power = moving ? exact.power(after: tau) : anchorPower[node]
        let phase = anchorPhase[node] + (moving ? exact.phaseAdvance(after: tau) / (2 * Double.pi) : 0)
        switch variable {
        case 0: return power
        case 1: return phase
        case 2: return device.frequency(atPower: power, current: current[node]) * Self.hertzPerMegahertz
        case 3: return power.squareRoot() * cos(2 * Double.pi * (phase - phase.rounded()))
        default: return current[node] * Self.picoamperesPerMilliampere
        }
    }

    public struct State: Sendable, Codable, Equatable {
        var anchorTime: [Double], anchorPower: [Double], anchorPhase: [Double], current: [Double], nextThreshold: [Double]
        var keys: [Double]
    }

    public var state: State {
        State(anchorTime: anchorTime, anchorPower: anchorPower, anchorPhase: anchorPhase, current: current,
              nextThreshold: nextThreshold, keys: spikes.keysBySlot)
    }

    public mutating func restore(_ saved: State) throws(InputError) {
        let arrays = [saved.anchorTime, saved.anchorPower, saved.anchorPhase, saved.current, saved.nextThreshold, saved.keys]
        guard arrays.allSatisfy({ $0.count == size }), !arrays.joined().contains(where: \.isNaN) else {
            throw InputError(message: "saved stno state does not match a population of \(size) devices")
        }
        (anchorTime, anchorPower, anchorPhase, current, nextThreshold) =
            (saved.anchorTime, saved.anchorPower, saved.anchorPhase, saved.current, saved.nextThreshold)
        spikes = IndexedMinHeap(keys: saved.keys)
    }
}

