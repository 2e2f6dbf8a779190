import Diagnostics
import EventCore
import Foundation

/// A population of identical leaky integrate-and-fire neurons (see
/// `LIFParameters` for the equations), advanced exactly between events.
///
/// State representation. Each neuron stores the scaled distance to rest
/// w = (E_L - V) exp((t - t0) / tau_m), which is constant between inputs
/// (t0 is the population's time origin). An input of J millivolts at time t is
/// w -= J exp((t - t0) / tau_m), with the factor computed once per incoming
/// spike for all its targets, so no exp or log is evaluated per synaptic event.
///
/// Threshold crossings. With E_L > V_th (tonically firing) the crossing time
/// t0 + tau_m ln(w / (E_L - V_th)) increases with w, so the indexed heap is keyed
/// on w itself and only the earliest neuron's crossing time is ever computed.
/// With E_L <= V_th a neuron can only cross at the moment an input lifts it
/// over threshold; the heap is then keyed on that time (+infinity otherwise).
///
/// Rebasing. To keep exp((t - t0) / tau_m) within double range, t0 moves
/// forward in fixed steps of `rebaseInterval` time constants, every w being
/// multiplied by the same constant exp(-rebaseInterval). Steps depend only on
/// the simulated time, never on which events the population saw, so a
/// neuron's state is bit for bit the same whichever partition holds it: a
/// step is taken before any input or spike at or after the step's time, and
/// predictions and samples beyond a step are computed from the values the
/// step will produce (the same multiplications), without taking it. (A
/// crossing predicted within rounding of a step time could in principle
/// differ in its last bit; with steps 200 tau_m apart this has not been seen.)
public struct LIFPopulation: EventDrivenPopulation {
    public static let schema = ModelSchema(
        name: "lif",
        summary: "leaky integrate-and-fire, instantaneous voltage jumps (NEST iaf_psc_delta); exact",
        equations: ["dV/dt = (v_rest - V) / tau_m"] + IntegrateAndFireSchema.spikeEquations,
        parameters: [
            ParameterSpec("tau_m", .time, bounds: .positive, "membrane time constant"),
            ParameterSpec("v_rest", .voltage, "resting potential E_L"),
        ] + IntegrateAndFireSchema.parameters(),
        variables: IntegrateAndFireSchema.variables,
        weightDimension: .voltage,
        constraints: IntegrateAndFireSchema.constraints)

    public let parameters: LIFParameters
    public let size: Int
    /// t0 (ms).
    public private(set) var timeOrigin: Double
    /// w per neuron (mV), when E_L <= V_th; in the tonic regime the heap keys hold w.
    private var scaledDistance: [Double]
    private var refractory: RefractoryState
    private var crossings: IndexedMinHeap

    private let firesTonically: Bool
    private let thresholdDistance: Double  // E_L - V_th (mV)
    private let resetDistance: Double  // E_L - V_reset (mV)
    /// t0 + rebaseInterval * tau_m: the time of the next rebasing step.
    private var nextRebase: Double
    private let rebaseShrink: Double
    private var cachedHead: (key: Double, slot: Int, time: Double) = (.nan, -1, .nan)

    /// t0 moves by this many time constants at a time (exp(200) ~ 7e86).
    static let rebaseInterval = 200.0

    public init(parameters values: ParameterValues, context: PopulationContext) {
        self.init(parameters: LIFParameters(values),
                  initialPotentials: context.perNode(values.perNode("v_init"), purpose: "v_init"),
                  startTime: context.startTime)
    }

    /// Neurons start at `initialPotentials` (mV) at `startTime`.
    public init(parameters: LIFParameters, initialPotentials: [Double], startTime: Double = 0) {
        self.parameters = parameters
        size = initialPotentials.count
        timeOrigin = startTime
        nextRebase = startTime + Self.rebaseInterval * parameters.membraneTimeConstant
        rebaseShrink = exp(-Self.rebaseInterval)
        let tonic = parameters.restingPotential > parameters.thresholdPotential
        let threshold = parameters.restingPotential - parameters.thresholdPotential
        firesTonically = tonic
        thresholdDistance = threshold
        resetDistance = parameters.restingPotential - parameters.resetPotential
        let distances = initialPotentials.map { parameters.restingPotential - $0 }
        refractory = RefractoryState(size: size, period: parameters.refractoryPeriod)
        if tonic {
            scaledDistance = []
            crossings = IndexedMinHeap(keys: distances)
        } else {
            scaledDistance = distances
            crossings = IndexedMinHeap(keys: distances.map { $0 <= threshold ? startTime : .infinity })
        }
        refreshHead()
    }

    /// exp((t - t0) / tau_m).
    @inline(__always)
    private func growth(at time: Double) -> Double {
        exp((time - timeOrigin) / parameters.membraneTimeConstant)
    }

    public mutating func value(of variable: Int, node: Int, at time: Double) -> Double {
        membranePotential(of: node, at: time)
    }

    /// Membrane potential of one neuron at `time` (mV); `time` must not precede
    /// the last event processed by the population.
    public mutating func membranePotential(of node: Int, at time: Double) -> Double {
        refractory.release(upTo: time)
        if refractory.contains(node) { return parameters.resetPotential }
        let (w, origin) = projected(firesTonically ? crossings.key(of: node) : scaledDistance[node], to: time)
        return parameters.restingPotential - w / exp((time - origin) / parameters.membraneTimeConstant)
    }

    /// A stored w and the origin it refers to, after the rebasing steps due
    /// up to `time` (computed, not taken).
    @inline(__always)
    private func projected(_ w: Double, to time: Double) -> (w: Double, origin: Double) {
        var (w, origin, next) = (w, timeOrigin, nextRebase)
        while time >= next {
            origin = next
            next = origin + Self.rebaseInterval * parameters.membraneTimeConstant
            w *= rebaseShrink
        }
        return (w, origin)
    }

    /// Time of the earliest threshold crossing (ms), computed when the state
    /// last changed (`refreshHead`), so asking costs no log and no write.
    public func nextEmissionTime() -> Double {
        crossings.minSlot == nil ? .infinity : cachedHead.time
    }

    /// Recomputes the earliest crossing time if the heap's head changed; called
    /// at the end of every change of state.
    @inline(__always)
    private mutating func refreshHead() {
        guard let slot = crossings.minSlot else { return }
        let key = crossings.minKey
        if key == cachedHead.key && slot == cachedHead.slot { return }
        cachedHead = (key, slot, crossingTime(key: key))
    }

    /// The crossing time of the neuron whose key is `key`: the key itself in
    /// the quiet regime; otherwise t0 + tau_m ln(w / (E_L - V_th)), computed
    /// from the state after the rebasing steps that precede the crossing.
    @inline(__always)
    private func crossingTime(key: Double) -> Double {
        guard firesTonically else { return key }
        guard key > 0 else { return -.infinity }
        var (w, origin, next) = (key, timeOrigin, nextRebase)
        var time = origin + parameters.membraneTimeConstant * log(w / thresholdDistance)
        while time >= next {
            origin = next
            next = origin + Self.rebaseInterval * parameters.membraneTimeConstant
            w *= rebaseShrink
            time = origin + parameters.membraneTimeConstant * log(w / thresholdDistance)
        }
        return time
    }

    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        rebase(upTo: time)
        refractory.release(upTo: time)
        let jump = weight * growth(at: time)
        if firesTonically {
            refractory.addToKeys(-jump, of: targets, in: &crossings)
        } else {
            let thresholdScaled = thresholdDistance * growth(at: time)
            for target in targets {
                let node = Int(target)
                guard !refractory.contains(node) else { continue }
                scaledDistance[node] -= jump
                // An inhibitory arrival at the same time can undo a pending crossing.
                crossings.setKey(scaledDistance[node] <= thresholdScaled ? time : .infinity, of: node)
            }
        }
        refreshHead()
    }

    public mutating func receive(weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        precondition(weights.count == targets.count, "one weight per target")
        rebase(upTo: time)
        refractory.release(upTo: time)
        let growthNow = growth(at: time)
        let thresholdScaled = thresholdDistance * growthNow
        for (target, weight) in zip(targets, weights) {
            let node = Int(target)
            guard !refractory.contains(node) else { continue }
            if firesTonically {
                crossings.addToKey(-weight * growthNow, of: node)
            } else {
                scaledDistance[node] -= weight * growthNow
                crossings.setKey(scaledDistance[node] <= thresholdScaled ? time : .infinity, of: node)
            }
        }
        refreshHead()
    }

    /// Emits the spike of the earliest crossing neuron at `time` (ms) and
    /// resets it: V = V_reset until time + t_ref.
    public mutating func emit(at time: Double) -> Int {
        rebase(upTo: time)
        guard let node = crossings.minSlot else { preconditionFailure("emit() with no pending crossing") }
        refractory.release(upTo: time)
        refractory.enter(node, at: time)
        let w = resetDistance * growth(at: time + parameters.refractoryPeriod)
        if firesTonically {
            crossings.setKey(w, of: node)
        } else {
            scaledDistance[node] = w
            crossings.setKey(.infinity, of: node)
        }
        refreshHead()
        return node
    }

    /// Takes every rebasing step due at or before `time`.
    @inline(__always)
    private mutating func rebase(upTo time: Double) {
        guard time >= nextRebase else { return }
        let shrink = rebaseShrink
        while time >= nextRebase {
            timeOrigin = nextRebase
            nextRebase = timeOrigin + Self.rebaseInterval * parameters.membraneTimeConstant
            if firesTonically {
                crossings.transformKeys { $0 * shrink }
            } else {
                for node in scaledDistance.indices { scaledDistance[node] *= shrink }
            }
        }
        cachedHead = (.nan, -1, .nan)
    }

    public struct State: Sendable, Codable, Equatable {
        var timeOrigin: Double
        var keys: [Double]
        var scaledDistance: [Double]
        var refractory: RefractoryState.State
    }

    public var state: State {
        State(timeOrigin: timeOrigin, keys: crossings.keysBySlot, scaledDistance: scaledDistance, refractory: refractory.state)
    }

    public mutating func restore(_ saved: State) throws(InputError) {
        guard saved.keys.count == size, saved.scaledDistance.count == scaledDistance.count,
              !saved.keys.contains(where: \.isNaN), saved.timeOrigin.isFinite
        else { throw InputError(message: "saved LIF state does not match a population of \(size) neurons") }
        try refractory.restore(saved.refractory, size: size)
        timeOrigin = saved.timeOrigin
        nextRebase = timeOrigin + Self.rebaseInterval * parameters.membraneTimeConstant
        crossings = IndexedMinHeap(keys: saved.keys)
        scaledDistance = saved.scaledDistance
        cachedHead = (.nan, -1, .nan)
        refreshHead()
    }
}
