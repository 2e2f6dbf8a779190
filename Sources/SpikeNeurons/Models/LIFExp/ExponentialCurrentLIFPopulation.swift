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
/// An injected current I(t) = a + k (t - t_c) from t_c on (current inputs:
/// steps, ramps, noise) adds its particular solution R (a + k (t - t_c) - k tau_m)
/// to V_inf from t_c, and V stays continuous there.
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
/// State. Each neuron holds b = (b_m, b_ex, b_in) and its drive d = (d0, d1) with
/// V(t) = V_inf + d0 + d1 (t - o) + b_m e_m(t) + b_ex e_ex(t) + b_in e_in(t), e_k(t) = e^(-(t - o)/tau_k),
/// o being the origin of the neuron's frame, so an input needs the factors
/// e_k(t) once per arriving spike, for all its targets, and no exponential
/// per synaptic event: an input of J into I_x adds A = k_x J (k_x = R tau_x / (tau_x - tau_m))
/// as b_x += A / e_x(t), b_m -= A / e_m(t). The current is I_x(t) = b_x e_x(t) / k_x.
/// An injected current changing by (da, dk) at t_c adds R dk to d1 and
/// R (da - dk tau_m - dk (t_c - o)) to d0, and R (dk tau_m - da) / e_m(t_c) to b_m.
/// While a neuron is refractory b_ex and b_in go on taking inputs; at its
/// release b_m is set so that V = V_reset there (releases are taken in time
/// order).
///
/// Frames. Origins lie on the grid t_start + k * 200 tau_min (tau_min the
/// smallest of the three time constants). A neuron moves to the frame due
/// at an input or release before taking it, each b_k multiplied by
/// e^(-200 tau_min / tau_k) per step (capped once any double would be 0,
/// which changes no bit), and d0 gaining d1 times the step, so its b and d
/// depend only on its own inputs.
/// Determinism. Where a crossing is searched from, and in which frame, is
/// fixed by the neuron's last input or release, never by when the lazy
/// bounds bring it to the front of the heap (which depends on the other
/// neurons held, so on the partition): the spike times are the same bits
/// in one part or many.
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
            ParameterSpec("i_e", .current, kind: .perNode, default: .scalar(0), "constant input current"),
            ParameterSpec("tau_syn_ex", .time, default: .scalar(2), bounds: .positive, "decay time of excitatory currents"),
            ParameterSpec("tau_syn_in", .time, default: .scalar(2), bounds: .positive, "decay time of inhibitory currents"),
        ] + IntegrateAndFireSchema.parameters(refractoryDefault: .scalar(2)),
        variables: IntegrateAndFireSchema.variables + [
            VariableSpec("i_syn_ex", .current, "excitatory synaptic current"),
            VariableSpec("i_syn_in", .current, "inhibitory synaptic current"),
        ],
        weightDimension: .current,
        acceptsCurrent: true,
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
    /// R = tau_m / C_m (GOhm = mV/pA) and tau_m (ms), for injected currents.
    private let resistance: Double
    private let membraneTime: Double

    /// The grid of frame origins (start, spacing in ms).
    private var grid: RebasingGrid
    /// e^(-grid.step / tau_k), and after how many steps each term is surely 0.
    private let stepShrink: SIMD3<Double>
    private let shrinkCap: SIMD3<Double>

    /// Per neuron: b (mV) and the drive d (mV, mV/ms) in its frame, the frame's grid index, the time of
    /// its last input or release (ms), and the end of its refractoriness (ms).
    private var coefficients: [SIMD3<Double>]
    private var drive: [SIMD2<Double>]
    private var frame: [Double]
    private var lastChange: [Double]
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
        resistance = tauM / capacitance
        membraneTime = tauM
        // I_e given per node is each node's drive from the start (one value for all is in V_inf).
        let commonCurrent: Double
        if case let .scalar(current) = values.perNode("i_e") { commonCurrent = current } else { commonCurrent = 0 }
        let currents = context.perNode(values.perNode("i_e"), purpose: "i_e")
        asymptote = values.scalar("v_rest") + resistance * commonCurrent
        rates = SIMD3(1 / tauM, 1 / tauEx, 1 / tauIn)
        currentGain = SIMD2(resistance * tauEx / (tauEx - tauM), resistance * tauIn / (tauIn - tauM))
        grid = RebasingGrid(start: context.startTime, step: Self.rebaseInterval * min(tauM, tauEx, tauIn))
        let exponents = rates * grid.step
        stepShrink = SIMD3(exp(-exponents.x), exp(-exponents.y), exp(-exponents.z))
        // |b| < e^710 (the largest double), so 2,200 / exponent steps make any of them 0.
        shrinkCap = (2200 / exponents).rounded(.up)
        let (rest, gain) = (values.scalar("v_rest"), resistance)
        coefficients = zip(potentials, currents).map { SIMD3($0 - rest - gain * $1, 0, 0) }
        drive = currents.map { SIMD2(gain * ($0 - commonCurrent), 0) }
        frame = Array(repeating: 0, count: size)
        lastChange = Array(repeating: context.startTime, count: size)
        releaseTime = Array(repeating: -.infinity, count: size)
        releases = DelayLine(delay: refractoryPeriod)
        crossings = IndexedMinHeap(keys: Array(repeating: context.startTime, count: size))
        precision = Array(repeating: .slopeBound, count: size)
        let e = SIMD3<Double>(repeating: 1)
        for node in 0..<size {
            let (bound, boundPrecision) = slopeBound(node, at: context.startTime, decays: e)
            crossings.setKey(bound, of: node)
            precision[node] = boundPrecision
        }
        settleFront()
    }

    public func nextEmissionTime() -> Double { crossings.minKey }

    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        catchUp(to: time)
        let due = grid.stepsDue(at: time)
        let e = decays(at: time, frame: due), growth = 1 / e
        let (term, amplitude) = weight >= 0 ? (1, currentGain.x * weight) : (2, currentGain.y * weight)
        var change = SIMD3<Double>(-amplitude * growth.x, 0, 0)
        change[term] = amplitude * growth[term]
        for target in targets { apply(change, excitatory: weight >= 0, to: Int(target), at: time, frame: due, decays: e) }
        settleFront()
    }

    public mutating func receive(weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        catchUp(to: time)
        let due = grid.stepsDue(at: time)
        let e = decays(at: time, frame: due), growth = 1 / e
        for (target, weight) in zip(targets, weights) {
            let (term, amplitude) = weight >= 0 ? (1, currentGain.x * weight) : (2, currentGain.y * weight)
            var change = SIMD3<Double>(-amplitude * growth.x, 0, 0)
            change[term] = amplitude * growth[term]
            apply(change, excitatory: weight >= 0, to: Int(target), at: time, frame: due, decays: e)
        }
        settleFront()
    }

    /// Current inputs: from `time` on, the current injected into `targets[k]`
    /// changes by changes[k] = (da in pA, dk in pA/ms) + dk (t - time).
    public mutating func receiveCurrent(changes: UnsafeBufferPointer<SIMD2<Double>>, at time: Double,
                                        targets: UnsafeBufferPointer<UInt32>) {
        catchUp(to: time)
        let due = grid.stepsDue(at: time)
        let e = decays(at: time, frame: due)
        let sinceOrigin = time - grid.origin(due)
        for (target, change) in zip(targets, changes) {
            let node = Int(target)
            if frame[node] != due { moveFrame(node, to: due) }
            let jump = resistance * (change.x - change.y * membraneTime)
            drive[node] += SIMD2(jump - resistance * change.y * sinceOrigin, resistance * change.y)
            coefficients[node].x -= jump / e.x
            lastChange[node] = time
            // A rise may bring the crossing forward: a new bound, as for an excitatory input.
            if time >= releaseTime[node] {
                let (bound, boundPrecision) = slopeBound(node, at: time, decays: e)
                crossings.setKey(bound, of: node)
                precision[node] = boundPrecision
            }
        }
        settleFront()
    }

    @inline(__always)
    private mutating func apply(_ change: SIMD3<Double>, excitatory: Bool, to node: Int, at time: Double, frame due: Double,
                                decays e: SIMD3<Double>) {
        if frame[node] != due { moveFrame(node, to: due) }
        coefficients[node] += change
        lastChange[node] = time
        // An inhibitory input only delays the crossing: the key stays a valid bound.
        if !excitatory {
            if precision[node] == .exact && crossings.key(of: node).isFinite { precision[node] = .envelopeBound }
        } else if time >= releaseTime[node] {
            // Always the new bound, even when the old key is earlier (and so still valid):
            // keeping the looser key made twice the work at the front (CUBA: 1.56 s vs 0.82 s).
            let (bound, boundPrecision) = slopeBound(node, at: time, decays: e)
            crossings.setKey(bound, of: node)
            precision[node] = boundPrecision
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
        let e = decays(at: time, frame: frame[node])
        let b = coefficients[node]
        switch variable {
        case 0: return time < releaseTime[node] ? resetPotential : drivenAsymptote(node, at: time, frame: frame[node]) + (b * e).sum()
        case 1: return b.y * e.y / currentGain.x
        default: return b.z * e.z / currentGain.y
        }
    }

    // MARK: Frames and releases

    @inline(__always)
    private func decays(at time: Double, frame k: Double) -> SIMD3<Double> {
        let s = time - grid.origin(k)
        return SIMD3(exp(-s * rates.x), exp(-s * rates.y), exp(-s * rates.z))
    }

    /// V_inf + d0 + d1 (t - o) at `time`, o the origin of frame `k` (the neuron's).
    @inline(__always)
    private func drivenAsymptote(_ node: Int, at time: Double, frame k: Double) -> Double {
        let d = drive[node]
        return asymptote + d.x + d.y * (time - grid.origin(k))
    }

    /// d in frame `due` (>= the neuron's).
    private func drive(_ node: Int, inFrame due: Double) -> SIMD2<Double> {
        let d = drive[node]
        return d.y == 0 ? d : SIMD2(d.x + d.y * (grid.origin(due) - grid.origin(frame[node])), d.y)
    }

    /// b in frame `due` (>= the neuron's): one multiplication per step and term, capped.
    private func coefficients(_ node: Int, inFrame due: Double) -> SIMD3<Double> {
        var b = coefficients[node]
        var taken = 0.0
        while taken < min(due - frame[node], shrinkCap.max()) {
            b *= stepShrink.replacing(with: 1, where: shrinkCap .<= taken)
            taken += 1
        }
        return b
    }

    private mutating func moveFrame(_ node: Int, to due: Double) {
        coefficients[node] = coefficients(node, inFrame: due)
        drive[node] = drive(node, inFrame: due)
        frame[node] = due
    }

    /// Takes the releases due up to `time`, in time order.
    @inline(__always)
    private mutating func catchUp(to time: Double) {
        while releases.firstTime <= time {
            releasedUpTo = releases.firstTime
            release(Int(releases.popFirst().source))
        }
    }

    /// Ends a neuron's refractoriness at its release time: V = V_reset there.
    private mutating func release(_ node: Int) {
        let time = releaseTime[node]
        moveFrame(node, to: grid.stepsDue(at: time))
        coefficients[node].x = releasedMembraneTerm(coefficients[node], drive: drive[node], at: time, frame: frame[node])
        lastChange[node] = time
    }

    /// b_m such that V = V_reset at `time`, with b_ex, b_in of `b` and the drive `d` in `frame`.
    private func releasedMembraneTerm(_ b: SIMD3<Double>, drive d: SIMD2<Double>, at time: Double, frame k: Double) -> Double {
        let e = decays(at: time, frame: k)
        return (resetPotential - asymptote - d.x - d.y * (time - grid.origin(k)) - b.y * e.y - b.z * e.z) / e.x
    }

    // MARK: Crossings

    /// A time before which the neuron cannot cross: its distance to
    /// threshold over the largest slope V can ever have after `time`, and
    /// whether that is its crossing (now, or never when V cannot rise).
    private func slopeBound(_ node: Int, at time: Double, decays e: SIMD3<Double>) -> (Double, KeyPrecision) {
        let terms = coefficients[node] * e
        let distance = thresholdPotential - drivenAsymptote(node, at: time, frame: frame[node]) - terms.sum()
        guard distance > 0 else { return (time, .exact) }
        let slopeBound = pointwiseMax(-terms * rates, .zero).sum() + max(drive[node].y, 0)
        return slopeBound > 0 ? (time + distance / slopeBound, .slopeBound) : (.infinity, .exact)
    }

    /// The distance to threshold after the neuron's last input or release,
    /// in the frame it has then (for a release not yet taken, the frame and
    /// b_m the release will give it), and the time it holds from.
    private func trajectory(_ node: Int) -> (f: ExponentialSum, from: Double) {
        var (b, d, k, start) = (coefficients[node], drive[node], frame[node], lastChange[node])
        if releaseTime[node] > releasedUpTo {
            start = releaseTime[node]
            k = grid.stepsDue(at: start)
            b = coefficients(node, inFrame: k)
            d = drive(node, inFrame: k)
            b.x = releasedMembraneTerm(b, drive: d, at: start, frame: k)
        }
        return (ExponentialSum(origin: grid.origin(k), constant: asymptote + d.x - thresholdPotential, slope: d.y,
                               coefficients: b, rates: rates), start)
    }

    /// Tightens the bound at the front of the heap, then searches it, until
    /// the front is exact, so that `nextEmissionTime` is the next spike.
    private mutating func settleFront() {
        while let node = crossings.minSlot, precision[node] != .exact, crossings.minKey.isFinite {
            let bound = crossings.minKey
            let (f, from) = trajectory(node)
            if precision[node] == .slopeBound {
                let (tighter, never) = f.lowerBound(after: max(bound, from))
                crossings.setKey(max(tighter, bound), of: node)
                precision[node] = never ? .exact : .envelopeBound
            } else {
                // From the last change, not from the bound: the result must not depend on when it is searched.
                crossings.setKey(f.firstCrossing(after: from), of: node)
                precision[node] = .exact
            }
        }
    }

    // MARK: Checkpoints

    public struct State: Sendable, Codable, Equatable {
        var gridStart: Double
        var coefficients: [SIMD3<Double>]
        /// Absent in checkpoints written before current inputs: no drive.
        var drive: [SIMD2<Double>]?
        var frame: [Double]
        var lastChange: [Double]
        var releaseTime: [Double]
        var releases: [DelayLine.Entry]
        var releasedUpTo: Double
        var keys: [Double]
        var precision: [KeyPrecision]
    }

    public var state: State {
        State(gridStart: grid.start, coefficients: coefficients, drive: drive, frame: frame, lastChange: lastChange, releaseTime: releaseTime, releases: releases.entries,
              releasedUpTo: releasedUpTo, keys: crossings.keysBySlot, precision: precision)
    }

    public mutating func restore(_ saved: State) throws(InputError) {
        guard saved.gridStart.isFinite, [saved.frame.count, saved.lastChange.count, saved.coefficients.count, saved.releaseTime.count,
                                         saved.keys.count, saved.precision.count].allSatisfy({ $0 == size }),
              saved.frame.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e15 }), saved.lastChange.allSatisfy(\.isFinite),
              saved.coefficients.allSatisfy({ ($0 * 0).sum() == 0 }),
              saved.drive.map({ $0.count == size && $0.allSatisfy({ ($0 * 0).sum() == 0 }) }) ?? true,
              !saved.releaseTime.contains(where: \.isNaN), !saved.keys.contains(where: \.isNaN), !saved.releasedUpTo.isNaN,
              saved.releases.allSatisfy({ Int($0.source) < size && $0.time.isFinite })
        else { throw InputError(message: "saved lif_exp state does not match a population of \(size) neurons") }
        grid.start = saved.gridStart
        coefficients = saved.coefficients
        drive = saved.drive ?? Array(repeating: .zero, count: size)
        frame = saved.frame
        lastChange = saved.lastChange
        releaseTime = saved.releaseTime
        releases.restore(saved.releases)
        releasedUpTo = saved.releasedUpTo
        crossings = IndexedMinHeap(keys: saved.keys)
        precision = saved.precision
    }
}
