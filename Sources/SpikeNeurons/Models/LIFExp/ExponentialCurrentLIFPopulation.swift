import Diagnostics
import EventCore
import Foundation

/// Leaky integrate-and-fire neurons with exponentially decaying synaptic
/// currents (NEST's `iaf_psc_exp_ps`), advanced exactly between events.
///
/// Dynamics, with R = tau_m / C_m and V_inf = E_L + R I_e:
///   tau_m dV/dt = -(V - E_L) + R (I_ex + I_in + I_e)
///   dI_ex/dt = -I_ex / tau_ex,  dI_in/dt = -I_in / tau_in
/// An input of weight J (pA) adds J to I_ex if J >= 0, to I_in otherwise,
/// also while refractory. V >= V_th: spike, V held at V_reset for t_ref
/// while the currents go on decaying.
/// Between events, s after a state (V, I_ex, I_in):
///   V(s) = V_inf + (V - V_inf - A_ex - A_in) e^(-s/tau_m) + A_ex e^(-s/tau_ex) + A_in e^(-s/tau_in),
///   A_x = R I_x tau_x / (tau_x - tau_m),  I_x(s) = I_x e^(-s/tau_x).
/// (tau_x = tau_m would need another closed form and is refused.)
///
/// Threshold crossings are searched in that closed form (`ExponentialSum`,
/// to 1e-12 ms), lazily: each neuron's heap key is a time before which it
/// certainly does not cross, made exact only when it reaches the front of
/// the heap, in two steps. An inhibitory input can only delay a crossing,
/// so it leaves the key (now a bound) alone; an excitatory one sets it to
/// t + (V_th - V) / S, where S, the sum of the positive parts of the
/// terms' slopes at t, bounds dV/dt from above for ever after (no
/// exponential). At the front, a bound is first tightened by Newton steps
/// on an upper envelope of V (`ExponentialSum.lowerBound`, a few
/// exponentials); only a tightened bound that reaches the front again gets
/// the exact search. (Measured on CUBA, 4,000 cells: the slope bound alone
/// led to 13 searches per spike.)
///
/// State. Each neuron holds b = (b_m, b_ex, b_in) with
/// V(t) = V_inf + b_m e_m(t) + b_ex e_ex(t) + b_in e_in(t), e_k(t) = e^(-(t - t0)/tau_k),
/// t0 being the population's time origin, so an input needs the factors
/// e_k(t) once per arriving spike, for all its targets, and no exponential
/// per synaptic event: an input of J into I_x adds A = k_x J (k_x = R tau_x / (tau_x - tau_m))
/// as b_x += A / e_x(t), b_m -= A / e_m(t). The current is I_x(t) = b_x e_x(t) / k_x.
/// While a neuron is refractory b_ex and b_in go on taking inputs; at its
/// release b_m is set so that V = V_reset there (releases are processed in
/// time order, with the origin then due).
///
/// Rebasing, as for `lif`: t0 moves on the grid t_start + k * 200 tau_min
/// (tau_min the smallest of the three), each b_k multiplied by
/// e^(-200 tau_min / tau_k) per step, a step index being a function of the
/// simulated time alone; after enough steps to take any finite double to 0
/// the multiplications stop, which changes no bit.
public struct ExponentialCurrentLIFPopulation: EventDrivenPopulation {
    public static let schema = ModelSchema(
        name: "lif_exp",
        summary: "leaky integrate-and-fire with exponential current synapses (NEST iaf_psc_exp_ps); exact, crossings to 1e-12 ms",
        equations: [
            "tau_m dV/dt = -(V - v_rest) + (tau_m / c_m) (I_ex + I_in + i_e)",
            "dI_ex/dt = -I_ex / tau_syn_ex, dI_in/dt = -I_in / tau_syn_in",
            "input of weight w (pA): I_ex += w if w >= 0, else I_in += w (also while refractory)",
            "V >= v_threshold: spike, V = v_reset for t_refractory",
        ],
        parameters: [
            ParameterSpec("tau_m", .time, bounds: .positive, "membrane time constant"),
            ParameterSpec("c_m", .capacitance, default: .scalar(250), bounds: .positive, "membrane capacitance"),
            ParameterSpec("v_rest", .voltage, "resting potential E_L"),
            ParameterSpec("i_e", .current, default: .scalar(0), "constant input current"),
            ParameterSpec("tau_syn_ex", .time, default: .scalar(2), bounds: .positive, "decay time of excitatory currents"),
            ParameterSpec("tau_syn_in", .time, default: .scalar(2), bounds: .positive, "decay time of inhibitory currents"),
        ] + IntegrateAndFireSchema.parameters(refractoryDefault: .scalar(2)),
        variables: IntegrateAndFireSchema.variables + [
            VariableSpec("i_syn_ex", .current, "excitatory synaptic current"),
            VariableSpec("i_syn_in", .current, "inhibitory synaptic current"),
        ],
        weightDimension: .current,
        constraints: IntegrateAndFireSchema.constraints + ["tau_syn_ex", "tau_syn_in"].map { name in
            .init(parameter: name, message: "must differ from tau_m (by more than 1 part in 10^6; the closed form divides by the difference)") {
                abs($0.scalar(name) - $0.scalar("tau_m")) > 1e-6 * $0.scalar("tau_m")
            }
        })

    public let size: Int
    private let thresholdPotential: Double
    private let resetPotential: Double
    private let refractoryPeriod: Double
    /// V_inf (mV).
    private let asymptote: Double
    /// 1/tau_m, 1/tau_ex, 1/tau_in (1/ms).
    private let rates: SIMD3<Double>
    /// k_x = R tau_x / (tau_x - tau_m) for x = ex, in (mV/pA).
    private let currentGain: SIMD2<Double>

    /// The rebasing grid: its start, spacing (ms), the steps taken and the
    /// time of the next; t0 = gridStart + rebaseIndex * rebaseStep.
    private let gridStart: Double
    private let rebaseStep: Double
    private var rebaseIndex: Double = 0
    private var origin: Double
    private var nextRebase: Double
    /// e^(-rebaseStep / tau_k), and after how many steps each term is surely 0.
    private let stepShrink: SIMD3<Double>
    private let shrinkCap: SIMD3<Double>

    /// Per neuron: b (mV) in the frame of `origin`, and the end of its refractoriness (ms).
    private var coefficients: [SIMD3<Double>]
    private var releaseTime: [Double]
    /// Refractory neurons in release order (the release time, the node).
    private var releases: DelayLine
    /// Releases up to this time have been taken (ms).
    private var releasedUpTo = -Double.infinity
    /// Keys: a time before which the neuron does not cross, of `precision`.
    private var crossings: IndexedMinHeap
    private var precision: [KeyPrecision]

    /// What a neuron's heap key is.
    enum KeyPrecision: UInt8, Codable, Sendable {
        /// From the slope bound: tighten at the front.
        case slopeBound
        /// From the envelope: search at the front.
        case envelopeBound
        /// The next crossing (or +infinity: none).
        case exact
    }

    /// t0 moves by this many of the smallest time constant at a time (e^200 ~ 7e86).
    static let rebaseInterval = 200.0

    public init(parameters values: ParameterValues, context: PopulationContext) {
        let potentials = context.perNode(values.perNode("v_init"), purpose: "v_init")
        size = potentials.count
        let (tauM, capacitance) = (values.scalar("tau_m"), values.scalar("c_m"))
        let (tauEx, tauIn) = (values.scalar("tau_syn_ex"), values.scalar("tau_syn_in"))
        thresholdPotential = values.scalar("v_threshold")
        resetPotential = values.scalar("v_reset")
        refractoryPeriod = values.scalar("t_refractory")
        let resistance = tauM / capacitance
        asymptote = values.scalar("v_rest") + resistance * values.scalar("i_e")
        rates = SIMD3(1 / tauM, 1 / tauEx, 1 / tauIn)
        currentGain = SIMD2(resistance * tauEx / (tauEx - tauM), resistance * tauIn / (tauIn - tauM))
        gridStart = context.startTime
        origin = context.startTime
        rebaseStep = Self.rebaseInterval * min(tauM, tauEx, tauIn)
        nextRebase = context.startTime + rebaseStep
        let exponents = rates * rebaseStep
        stepShrink = SIMD3(exp(-exponents.x), exp(-exponents.y), exp(-exponents.z))
        // |b| < e^710 (the largest double), so 2,200 / exponent steps make any of them 0.
        shrinkCap = (2200 / exponents).rounded(.up)
        coefficients = potentials.map { SIMD3($0 - values.scalar("v_rest") - resistance * values.scalar("i_e"), 0, 0) }
        releaseTime = Array(repeating: -.infinity, count: size)
        releases = DelayLine(delay: refractoryPeriod)
        crossings = IndexedMinHeap(keys: Array(repeating: context.startTime, count: size))
        precision = Array(repeating: .slopeBound, count: size)
        let e = SIMD3<Double>(repeating: 1)
        for node in 0..<size { crossings.setKey(slopeBound(node, at: context.startTime, decays: e), of: node) }
        settleFront()
    }

    public func nextEmissionTime() -> Double { crossings.minKey }

    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        catchUp(to: time)
        let e = decays(at: time), growth = 1 / e
        let (term, amplitude) = weight >= 0 ? (1, currentGain.x * weight) : (2, currentGain.y * weight)
        var change = SIMD3<Double>(-amplitude * growth.x, 0, 0)
        change[term] = amplitude * growth[term]
        for target in targets { apply(change, excitatory: weight >= 0, to: Int(target), at: time, decays: e) }
        settleFront()
    }

    public mutating func receive(weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        catchUp(to: time)
        let e = decays(at: time), growth = 1 / e
        for (target, weight) in zip(targets, weights) {
            let (term, amplitude) = weight >= 0 ? (1, currentGain.x * weight) : (2, currentGain.y * weight)
            var change = SIMD3<Double>(-amplitude * growth.x, 0, 0)
            change[term] = amplitude * growth[term]
            apply(change, excitatory: weight >= 0, to: Int(target), at: time, decays: e)
        }
        settleFront()
    }

    @inline(__always)
    private mutating func apply(_ change: SIMD3<Double>, excitatory: Bool, to node: Int, at time: Double, decays e: SIMD3<Double>) {
        coefficients[node] += change
        // An inhibitory input only delays the crossing: the key stays a valid bound.
        if !excitatory {
            if precision[node] == .exact && crossings.key(of: node).isFinite { precision[node] = .envelopeBound }
        } else if time >= releaseTime[node] {
            crossings.setKey(slopeBound(node, at: time, decays: e), of: node)
        }
    }

    public mutating func emit(at time: Double) -> Int {
        guard let node = crossings.minSlot else { preconditionFailure("emit() with no pending crossing") }
        catchUp(to: time)
        releaseTime[node] = time + refractoryPeriod
        if refractoryPeriod > 0 {
            releases.push(emissionTime: time, source: UInt32(node))
        } else {
            release(node)
            releasedUpTo = time
        }
        // No crossing before the release; the state is searched again from there.
        crossings.setKey(releaseTime[node], of: node)
        precision[node] = .slopeBound
        settleFront()
        return node
    }

    public mutating func value(of variable: Int, node: Int, at time: Double) -> Double {
        catchUp(to: time)
        let e = decays(at: time)
        let b = coefficients[node]
        switch variable {
        case 0: return time < releaseTime[node] ? resetPotential : asymptote + (b * e).sum()
        case 1: return b.y * e.y / currentGain.x
        default: return b.z * e.z / currentGain.y
        }
    }

    // MARK: Frame and releases

    @inline(__always)
    private func decays(at time: Double) -> SIMD3<Double> {
        let s = time - origin
        return SIMD3(exp(-s * rates.x), exp(-s * rates.y), exp(-s * rates.z))
    }

    /// The largest k with gridStart + k * rebaseStep <= time, as the step times are compared.
    private func stepsDue(at time: Double) -> Double {
        var k = max(((time - gridStart) / rebaseStep).rounded(.down), 0)
        for _ in 0..<4 where gridStart + (k + 1) * rebaseStep <= time { k += 1 }
        for _ in 0..<4 where k > 0 && gridStart + k * rebaseStep > time { k -= 1 }
        return k
    }

    /// Takes the releases and rebasing steps due up to `time`, in time order.
    @inline(__always)
    private mutating func catchUp(to time: Double) {
        while releases.firstTime <= time || nextRebase <= time {
            if nextRebase <= releases.firstTime {
                rebase(to: stepsDue(at: min(time, releases.firstTime)))
            } else {
                releasedUpTo = releases.firstTime
                release(Int(releases.popFirst().source))
            }
        }
    }

    /// Moves the origin to grid step `due`, multiplying every b_k once per step (capped).
    private mutating func rebase(to due: Double) {
        let steps = due - rebaseIndex
        var taken = 0.0
        while taken < min(steps, shrinkCap.max()) {
            let factor = stepShrink.replacing(with: 1, where: shrinkCap .<= taken)
            for node in coefficients.indices { coefficients[node] *= factor }
            taken += 1
        }
        rebaseIndex = due
        origin = gridStart + due * rebaseStep
        nextRebase = gridStart + (due + 1) * rebaseStep
    }

    /// Ends a neuron's refractoriness at its release time: V = V_reset there.
    private mutating func release(_ node: Int) {
        let e = decays(at: releaseTime[node])
        let b = coefficients[node]
        coefficients[node].x = (resetPotential - asymptote - b.y * e.y - b.z * e.z) / e.x
    }

    // MARK: Crossings

    /// A time before which the neuron cannot cross: its distance to
    /// threshold over the largest slope V can ever have after `time`.
    private mutating func slopeBound(_ node: Int, at time: Double, decays e: SIMD3<Double>) -> Double {
        let terms = coefficients[node] * e
        let distance = thresholdPotential - asymptote - terms.sum()
        guard distance > 0 else {
            precision[node] = .exact
            return time
        }
        let slopeBound = pointwiseMax(-terms * rates, .zero).sum()
        precision[node] = slopeBound > 0 ? .slopeBound : .exact  // a V that never rises never crosses
        return slopeBound > 0 ? time + distance / slopeBound : .infinity
    }

    /// The distance to threshold from `start` on (a time the neuron is not
    /// refractory), in the frame of `start`, or of its release while that
    /// has not been taken (b_m is then the one before the spike).
    private func trajectory(_ node: Int, from start: Double) -> ExponentialSum {
        let pending = releaseTime[node] > releasedUpTo
        let frame = pending ? releaseTime[node] : start
        var values = coefficients[node] * decays(at: frame)
        if pending { values.x = resetPotential - asymptote - values.y - values.z }
        return ExponentialSum(origin: frame, constant: asymptote - thresholdPotential, coefficients: values, rates: rates)
    }

    /// Tightens the bound at the front of the heap, then searches it, until
    /// the front is exact, so that `nextEmissionTime` is the next spike.
    private mutating func settleFront() {
        while let node = crossings.minSlot, precision[node] != .exact, crossings.minKey.isFinite {
            let start = max(crossings.minKey, releaseTime[node])
            let f = trajectory(node, from: start)
            if precision[node] == .slopeBound {
                let (tighter, never) = f.lowerBound(after: start)
                crossings.setKey(max(tighter, start), of: node)
                precision[node] = never ? .exact : .envelopeBound
            } else {
                crossings.setKey(f.firstCrossing(after: start), of: node)
                precision[node] = .exact
            }
        }
    }

    // MARK: Checkpoints

    public struct State: Sendable, Codable, Equatable {
        var rebaseIndex: Double
        var coefficients: [SIMD3<Double>]
        var releaseTime: [Double]
        var releases: [DelayLine.Entry]
        var releasedUpTo: Double
        var keys: [Double]
        var precision: [KeyPrecision]
    }

    public var state: State {
        State(rebaseIndex: rebaseIndex, coefficients: coefficients, releaseTime: releaseTime, releases: releases.entries,
              releasedUpTo: releasedUpTo, keys: crossings.keysBySlot, precision: precision)
    }

    public mutating func restore(_ saved: State) throws(InputError) {
        guard saved.rebaseIndex.isFinite, saved.rebaseIndex >= 0, saved.rebaseIndex == saved.rebaseIndex.rounded(),
              saved.coefficients.count == size, saved.releaseTime.count == size, saved.keys.count == size,
              saved.precision.count == size, saved.coefficients.allSatisfy({ ($0 * 0).sum() == 0 }),
              !saved.releaseTime.contains(where: \.isNaN), !saved.keys.contains(where: \.isNaN), !saved.releasedUpTo.isNaN,
              saved.releases.allSatisfy({ Int($0.source) < size && $0.time.isFinite })
        else { throw InputError(message: "saved lif_exp state does not match a population of \(size) neurons") }
        rebaseIndex = saved.rebaseIndex
        origin = gridStart + rebaseIndex * rebaseStep
        nextRebase = gridStart + (rebaseIndex + 1) * rebaseStep
        coefficients = saved.coefficients
        releaseTime = saved.releaseTime
        releases.restore(saved.releases)
        releasedUpTo = saved.releasedUpTo
        crossings = IndexedMinHeap(keys: saved.keys)
        precision = saved.precision
    }
}
