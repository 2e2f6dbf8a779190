import Diagnostics
import EventCore
import Foundation

/// Neurons whose subthreshold state y = (V, w) has no closed form between
/// inputs (`lif_cond_exp`, `aeif_cond_exp`), integrated by the
/// Dormand-Prince 5(4) pair with error control (`DormandPrince`): a step is
/// accepted when the estimated local error is within `tolerance` in V and
/// in w (absolute, as NEST's GSL control with 1e-6), and the next length is
/// h * min(5, max(0.2, 0.9 err^(-1/5))). The conductances are exact.
/// A spike is the first time where the step's continuous extension reaches
/// the spike potential: V at the step's start, quarter points and end are
/// compared, and the extension is bisected between the last sample below
/// and the first at or above to 1e-12 ms. (A crossing that rises and falls
/// back between two samples, a quarter step apart, is missed; steps are
/// short near threshold because V changes fast there.)
///
/// Lazily and exactly as if every neuron were integrated on its own: each
/// neuron's steps form one sequence from its last input, spike or release
/// (its origin), determined by that state alone. The heap key is the end of
/// the last step checked (no crossing before it), or the crossing once one
/// is found, or +infinity when the model says no spike can come without
/// input (`cannotSpike`), or after 1e15 ms. The population's front is
/// stepped until it is a crossing or lies after the horizon the network
/// asks with (its next arrival), so that `nextEmissionTime(before:)` is the
/// next spike when that comes first. An input at t takes y(t) from the
/// step of the sequence that contains t (the last one held, or by replaying
/// the sequence from the origin), adds to the conductance and starts a new
/// sequence there. So spike times never depend on when or how far a neuron
/// was stepped, which depends on the other neurons held and on the arrivals'
/// horizon: the same bits in one part or many.
///
/// While refractory, V is held at the reset and w and the conductances
/// follow their closed forms; the sequence starts at the release.
///
/// Current inputs change a neuron's injected current a + k (t - t_c) at
/// t_c (pA, pA/ms); the change starts a new sequence there, as an input
/// does, and each stage of a step takes the current at its own time.
public struct ConductancePopulation<Dynamics: ConductanceDynamics>: EventDrivenPopulation {
    public static var schema: ModelSchema { Dynamics.schema }

    /// A point of a neuron's sequence: time (ms), y, conductances (nS), the
    /// injected current and its slope (pA, pA/ms), f(y) there, and the
    /// length of the next step to try (ms).
    struct Point: Sendable, Codable, Equatable {
        var time: Double
        var y: SIMD2<Double>
        var conductances: SIMD2<Double>
        var injected: SIMD2<Double>
        var slope: SIMD2<Double>
        var stepLength: Double
    }

    public let size: Int
    private let dynamics: Dynamics
    /// First trial step of a sequence after a spike or at the start, and the
    /// longest one after an input (ms): a tenth of the shorter synaptic time constant.
    private let firstStep: Double

    /// Per neuron: the state after its last input, spike or release (while
    /// refractory: held V, w and conductances at the last change), the last
    /// step checked, the end of the checked steps, and the end of its refractoriness (ms).
    private var origin: [Point]
    private var lastStep: [DormandPrinceStep]
    private var frontier: [Point]
    private var releaseTime: [Double]
    /// Keys: no crossing before the key; `exact`: the key is the next crossing (or +infinity: none).
    private var crossings: IndexedMinHeap
    private var exact: [Bool]

    /// Beyond this (ms) a neuron's next spike is taken as never: it bounds the
    /// stepping of a neuron that neither spikes nor reaches a state `cannotSpike` recognises.
    static var horizon: Double { 1e15 }

    public init(parameters values: ParameterValues, context: PopulationContext) {
        dynamics = Dynamics(parameters: values)
        let initial = Dynamics.initialState(values, context: context)
        size = initial.count
        firstStep = 0.1 / dynamics.synapticRates.max()
        let start = context.startTime
        let excitatory = context.perNode(values.perNode("g_ex_init"), purpose: "g_ex_init")
        let inhibitory = context.perNode(values.perNode("g_in_init"), purpose: "g_in_init")
        // I_e given per node is each node's injected current from the start (one value for all is the dynamics' own).
        var currents = Array(repeating: 0.0, count: size)
        if case .scalar = values.perNode("i_e") {} else { currents = context.perNode(values.perNode("i_e"), purpose: "i_e") }
        origin = []
        origin.reserveCapacity(size)
        for (node, y) in initial.enumerated() {
            let g = SIMD2(excitatory[node], inhibitory[node])
            origin.append(Point(time: start, y: y, conductances: g, injected: SIMD2(currents[node], 0),
                                slope: dynamics.derivative(y, g, injected: currents[node]), stepLength: firstStep))
        }
        frontier = origin
        lastStep = origin.map { DormandPrinceStep.point(at: start, $0.y, conductances: $0.conductances, injected: $0.injected) }
        releaseTime = Array(repeating: -.infinity, count: size)
        crossings = IndexedMinHeap(keys: Array(repeating: start, count: size))
        exact = Array(repeating: false, count: size)
    }

    public mutating func nextEmissionTime() -> Double { nextEmissionTime(before: .infinity) }

    public mutating func nextEmissionTime(before horizon: Double) -> Double {
        settleFront(before: horizon)
        return crossings.minKey
    }

    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        let change = weight >= 0 ? SIMD2(weight, 0) : SIMD2(0, -weight)
        for target in targets { apply(change, to: Int(target), at: time) }
    }

    public mutating func receive(weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        for (target, weight) in zip(targets, weights) {
            apply(weight >= 0 ? SIMD2(weight, 0) : SIMD2(0, -weight), to: Int(target), at: time)
        }
    }

    /// Current inputs: from `time` on, the current injected into `targets[k]`
    /// changes by changes[k] = (da in pA, dk in pA/ms) + dk (t - time).
    public mutating func receiveCurrent(changes: UnsafeBufferPointer<SIMD2<Double>>, at time: Double,
                                        targets: UnsafeBufferPointer<UInt32>) {
        for (target, change) in zip(targets, changes) {
            let node = Int(target)
            let now = state(of: node, at: time)
            restart(node, at: Point(time: time, y: now.y, conductances: now.conductances, injected: now.injected + change,
                                    slope: dynamics.derivative(now.y, now.conductances, injected: now.injected.x + change.x),
                                    stepLength: min(now.stepLength, firstStep)))
        }
    }

    /// Adds `change` to the conductances of `node` at `time` and starts its new sequence there.
    @inline(__always)
    private mutating func apply(_ change: SIMD2<Double>, to node: Int, at time: Double) {
        let now = state(of: node, at: time)
        let conductances = now.conductances + change
        restart(node, at: Point(time: time, y: now.y, conductances: conductances, injected: now.injected,
                                slope: dynamics.derivative(now.y, conductances, injected: now.injected.x),
                                stepLength: min(now.stepLength, firstStep)))
    }

    public mutating func emit(at time: Double) -> Int {
        guard let node = crossings.minSlot else { preconditionFailure("emit() with no pending crossing") }
        let step = lastStep[node]
        let y = step.value(at: time)
        let reset = SIMD2(dynamics.resetPotential, dynamics.adaptationAfterSpike(y.y))
        let s = time - step.start
        let g = step.conductances * decays(over: s)
        let injected = SIMD2(step.injected.x + step.injected.y * s, step.injected.y)
        releaseTime[node] = time + dynamics.refractoryPeriod
        restart(node, at: Point(time: time, y: reset, conductances: g, injected: injected,
                                slope: dynamics.derivative(reset, g, injected: injected.x), stepLength: firstStep))
        return node
    }

    public mutating func value(of variable: Int, node: Int, at time: Double) -> Double {
        let now = state(of: node, at: time)
        return dynamics.recorded(variable, now.y, now.conductances)
    }

    // MARK: Sequences

    /// Makes `start` the origin of the neuron's sequence; while the neuron is
    /// refractory the sequence begins at its release.
    private mutating func restart(_ node: Int, at start: Point) {
        origin[node] = start
        let first = firstPoint(of: node)
        frontier[node] = first
        lastStep[node] = .point(at: first.time, first.y, conductances: first.conductances, injected: first.injected)
        crossings.setKey(first.time, of: node)
        exact[node] = false
    }

    /// The first point of the neuron's sequence: its origin, or its release when the origin is refractory.
    private func firstPoint(of node: Int) -> Point {
        let start = origin[node]
        return start.time < releaseTime[node] ? released(from: start, at: releaseTime[node]) : start
    }

    /// The state at the release, from a refractory origin.
    private func released(from held: Point, at release: Double) -> Point {
        let s = release - held.time
        let y = SIMD2(dynamics.resetPotential, dynamics.adaptationWhileReset(held.y.y, after: s))
        let g = held.conductances * decays(over: s)
        let injected = SIMD2(held.injected.x + held.injected.y * s, held.injected.y)
        return Point(time: release, y: y, conductances: g, injected: injected, slope: dynamics.derivative(y, g, injected: injected.x),
                     stepLength: held.stepLength)
    }

    @inline(__always)
    private func decays(over s: Double) -> SIMD2<Double> {
        let x = -s * dynamics.synapticRates
        return SIMD2(exp(x.x), exp(x.y))
    }

    /// y, the conductances and the injected current of `node` at `time` (not before its origin),
    /// and the length of the step of its sequence that holds `time`. Steps
    /// hold [start, end): at a step's start the state is the point there
    /// (and its proposed length), whichever way it is reached, so the bits
    /// do not depend on how far the neuron has been stepped.
    private func state(of node: Int, at time: Double)
        -> (y: SIMD2<Double>, conductances: SIMD2<Double>, injected: SIMD2<Double>, stepLength: Double) {
        if time < releaseTime[node] {
            let held = origin[node], s = time - held.time
            let y = SIMD2(dynamics.resetPotential, dynamics.adaptationWhileReset(held.y.y, after: s))
            return (y, held.conductances * decays(over: s), SIMD2(held.injected.x + held.injected.y * s, held.injected.y),
                    held.stepLength)
        }
        let last = lastStep[node]
        if last.start < time && time < last.end { return sample(last, at: time) }
        var point = frontier[node]
        if time < point.time { point = firstPoint(of: node) }
        while true {
            if point.time == time { return (point.y, point.conductances, point.injected, point.stepLength) }
            let (step, next) = advance(point)
            if time < step.end { return sample(step, at: time) }
            point = next
        }
    }

    @inline(__always)
    private func sample(_ step: DormandPrinceStep, at time: Double)
        -> (y: SIMD2<Double>, conductances: SIMD2<Double>, injected: SIMD2<Double>, stepLength: Double) {
        let s = time - step.start
        return (step.value(at: time), step.conductances * decays(over: s),
                SIMD2(step.injected.x + step.injected.y * s, step.injected.y), step.length)
    }

    /// The next accepted step from `point`, and the point at its end.
    @inline(__always)
    private func advance(_ point: Point) -> (DormandPrinceStep, Point) {
        var h = point.stepLength
        assert(h > 0, "a step of length 0 would not advance")
        while true {
            let trial = DormandPrince.trial(dynamics, at: point.time, from: point.y, slope: point.slope,
                                            conductances: point.conductances, injected: point.injected, length: h)
            let ratio = pointwiseMax(trial.error, -trial.error) / dynamics.tolerance
            let error = max(ratio.x, ratio.y)
            let finite = trial.end.x.isFinite && trial.end.y.isFinite
            // A step below 1e-12 ms is taken whatever its error: the clock could not tell its ends apart anyway.
            if finite && error <= 1 || h < 1e-12 {
                let growth = error > 0 ? min(5, max(0.2, 0.9 * pow(error, -0.2))) : 5
                let end = Point(time: point.time + h, y: trial.end, conductances: trial.endConductances,
                                injected: SIMD2(point.injected.x + point.injected.y * h, point.injected.y), slope: trial.endSlope,
                                stepLength: h * growth)
                return (trial.step, end)
            }
            h *= finite ? max(0.2, min(1, 0.9 * pow(error, -0.2))) : 0.2
        }
    }

    /// The first time in `step` where V reaches the spike potential, if any.
    private func crossing(in step: DormandPrinceStep) -> Double? {
        let threshold = dynamics.spikePotential
        if step.initial.x >= threshold { return step.start }
        var below = 0.0
        for quarter in 1...4 {
            let sample = Double(quarter) / 4
            guard step.value(fraction: sample).x >= threshold else {
                below = sample
                continue
            }
            var (low, high) = (below, sample)
            for _ in 0..<64 where (high - low) * step.length > 1e-12 {
                let middle = (low + high) / 2
                if step.value(fraction: middle).x >= threshold { high = middle } else { low = middle }
            }
            return step.start + high * step.length
        }
        return nil
    }

    /// Steps the front of the heap until it is a crossing (or +infinity) or
    /// lies after `horizon`: then the key is the next spike if it comes by
    /// `horizon`. Stepping further would be wasted on a neuron whose next
    /// input comes first (an AdEx cell would otherwise be stepped towards
    /// its rest, many tau_w, after every input).
    private mutating func settleFront(before horizon: Double) {
        while let node = crossings.minSlot, !exact[node], crossings.minKey <= horizon {
            let (step, end) = advance(frontier[node])
            lastStep[node] = step
            if let time = crossing(in: step) {
                crossings.setKey(time, of: node)
                exact[node] = true
                continue
            }
            frontier[node] = end
            if end.time > Self.horizon || dynamics.cannotSpike(end.y, end.conductances, injected: end.injected) {
                crossings.setKey(.infinity, of: node)
                exact[node] = true
            } else {
                crossings.setKey(end.time, of: node)
            }
        }
    }

    // MARK: Checkpoints

    public struct State: Sendable, Codable, Equatable {
        var origin: [Point]
        var lastStep: [DormandPrinceStep]
        var frontier: [Point]
        var releaseTime: [Double]
        var keys: [Double]
        var exact: [Bool]
    }

    public var state: State {
        State(origin: origin, lastStep: lastStep, frontier: frontier, releaseTime: releaseTime, keys: crossings.keysBySlot, exact: exact)
    }

    public mutating func restore(_ saved: State) throws(InputError) {
        func finite(_ p: Point) -> Bool {
            p.time.isFinite && ((p.y + p.conductances + p.injected + p.slope) * 0).sum() == 0 && p.stepLength > 0 && p.stepLength.isFinite
        }
        guard [saved.origin.count, saved.lastStep.count, saved.frontier.count, saved.releaseTime.count, saved.keys.count,
               saved.exact.count].allSatisfy({ $0 == size }),
              saved.origin.allSatisfy(finite), saved.frontier.allSatisfy(finite),
              saved.lastStep.allSatisfy({ $0.start.isFinite && $0.length >= 0 && $0.length.isFinite }),
              !saved.releaseTime.contains(where: \.isNaN), !saved.keys.contains(where: \.isNaN)
        else { throw InputError(message: "saved \(Self.schema.name) state does not match a population of \(size) neurons") }
        origin = saved.origin
        lastStep = saved.lastStep
        frontier = saved.frontier
        releaseTime = saved.releaseTime
        crossings = IndexedMinHeap(keys: saved.keys)
        exact = saved.exact
    }
}

public typealias ConductanceLIFPopulation = ConductancePopulation<ConductanceLIF>
public typealias AdaptiveExponentialPopulation = ConductancePopulation<AdaptiveExponentialIF>
