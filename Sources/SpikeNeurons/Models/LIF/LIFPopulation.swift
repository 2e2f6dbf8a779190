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
/// forward on a fixed grid, t0 = t_start + k * 200 tau_m, every w being
/// multiplied by exp(-200) per step. The step index due at t is the largest
/// k with t_start + k * 200 tau_m <= t: a function of the simulated time
/// alone, never of which events the population saw, so a neuron's state is
/// bit for bit the same whichever partition holds it and whenever the steps
/// are taken. A jump over many steps multiplies by exp(-200) at most 8
/// times: any finite double is exactly 0 after 8 (e^709.8 * e^-1600 is below
/// the smallest subnormal), so the cap changes no bit and a gap of 10^6 time
/// constants costs 8 multiplications, not 5,000. Predictions are computed
/// in the frame of the step in which the crossing falls (`crossingTime`).
///
/// Long refractory periods. A neuron that spikes at t is held until
/// t + t_ref; its w at release, referred to the current origin, is
/// (E_L - V_reset) exp((t + t_ref - t0) / tau_m), which overflows once
/// t_ref / tau_m passes about 500 (the cell then fell silent for ever). Such
/// a neuron is parked instead: it waits in release order, and its w is set
/// at release in the frame due at that time, then brought to the current
/// frame by the steps since, exactly as if it had been stored then. Its
/// first crossing after release is predicted from the same numbers, so the
/// prediction and the spike agree to the bit.
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
        constraints: IntegrateAndFireSchema.constraints,
        timeConstants: ["tau_m"])

    public let parameters: LIFParameters
    public let size: Int
    /// t0 (ms): gridStart + rebaseIndex * rebaseStep.
    public private(set) var timeOrigin: Double
    /// w per neuron (mV), when E_L <= V_th; in the tonic regime the heap keys hold w.
    private var scaledDistance: [Double]
    private var refractory: RefractoryState
    private var crossings: IndexedMinHeap
    /// Refractory neurons whose w at release would overflow, in release order.
    private var parked: DelayLine
    /// The first crossing of the first parked neuron (tonic regime; +infinity otherwise).
    private var parkedCrossing = Double.infinity

    private let firesTonically: Bool
    private let thresholdDistance: Double  // E_L - V_th (mV)
    private let resetDistance: Double  // E_L - V_reset (mV)
    /// The rebasing grid: t_start, its spacing (rebaseInterval * tau_m, ms),
    /// the steps taken, and the time of the next step.
    private var gridStart: Double
    private let rebaseStep: Double
    private var rebaseIndex: Double = 0
    private var nextRebase: Double
    private let rebaseShrink: Double
    private var cachedHead: (key: Double, slot: Int, time: Double) = (.nan, -1, .nan)

    /// t0 moves by this many time constants at a time (exp(200) ~ 7e86).
    static let rebaseInterval = 200.0
    /// A jump over more steps multiplies this many times only (see Rebasing).
    static let maximumShrinks = 8.0
    /// A spiking neuron whose release exponent (t + t_ref - t0) / tau_m
    /// exceeds this is parked (exp(400) ~ 5e173 leaves room for any weight).
    static let parkingExponent = 400.0

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
        gridStart = startTime
        rebaseStep = Self.rebaseInterval * parameters.membraneTimeConstant
        nextRebase = startTime + rebaseStep
        rebaseShrink = exp(-Self.rebaseInterval)
        let tonic = parameters.restingPotential > parameters.thresholdPotential
        let threshold = parameters.restingPotential - parameters.thresholdPotential
        firesTonically = tonic
        thresholdDistance = threshold
        resetDistance = parameters.restingPotential - parameters.resetPotential
        let distances = initialPotentials.map { parameters.restingPotential - $0 }
        refractory = RefractoryState(size: size, period: parameters.refractoryPeriod)
        parked = DelayLine(delay: parameters.refractoryPeriod)
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
    /// the last event processed by the population. Takes the steps due
    /// (which changes no result: see Rebasing).
    public mutating func membranePotential(of node: Int, at time: Double) -> Double {
        advance(to: time)
        refractory.release(upTo: time)
        if refractory.contains(node) { return parameters.resetPotential }
        let w = firesTonically ? crossings.key(of: node) : scaledDistance[node]
        return parameters.restingPotential - w / growth(at: time)
    }

    @inline(__always)
    private func stepsDue(at time: Double) -> Double {
        RebasingGrid(start: gridStart, step: rebaseStep).stepsDue(at: time)
    }

    /// `w` multiplied by exp(-200) once per step, `steps` (>= 0) times, capped.
    @inline(__always)
    private func shrunk(_ w: Double, steps: Double) -> Double {
        var w = w
        for _ in 0..<Int(min(steps, Self.maximumShrinks)) { w *= rebaseShrink }
        return w
    }

    /// Time of the earliest threshold crossing (ms), computed when the state
    /// last changed (`refreshHead`), so asking costs no log and no write.
    public func nextEmissionTime() -> Double {
        min(crossings.minSlot == nil ? .infinity : cachedHead.time, parkedCrossing)
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
    /// in the frame of the step in which the crossing falls.
    @inline(__always)
    private func crossingTime(key: Double) -> Double {
        guard firesTonically else { return key }
        return crossingTime(w: key, steps: rebaseIndex)
    }

    /// The tonic crossing time of a neuron whose w is `w` in the frame of step `steps`.
    @inline(__always)
    private func crossingTime(w: Double, steps: Double) -> Double {
        guard w > 0 else { return -.infinity }
        guard w < .infinity else { return .infinity }  // parked
        var (w, k) = (w, steps)
        var time = gridStart + k * rebaseStep + parameters.membraneTimeConstant * log(w / thresholdDistance)
        while time >= gridStart + (k + 1) * rebaseStep {
            k += 1
            w *= rebaseShrink
            time = gridStart + k * rebaseStep + parameters.membraneTimeConstant * log(w / thresholdDistance)
        }
        return time
    }

    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        advance(to: time)
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
        advance(to: time)
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
        advance(to: time)
        guard let node = crossings.minSlot else { preconditionFailure("emit() with no pending crossing") }
        refractory.release(upTo: time)
        refractory.enter(node, at: time)
        let releaseExponent = (time + parameters.refractoryPeriod - timeOrigin) / parameters.membraneTimeConstant
        if releaseExponent > Self.parkingExponent {
            parked.push(emissionTime: time, source: UInt32(node))
            if parked.count == 1 { parkedCrossing = predictedCrossing(releasedAt: parked.firstTime) }
            crossings.setKey(.infinity, of: node)
        } else {
            let w = resetDistance * exp(releaseExponent)
            if firesTonically {
                crossings.setKey(w, of: node)
            } else {
                scaledDistance[node] = w
                crossings.setKey(.infinity, of: node)
            }
        }
        refreshHead()
        return node
    }

    /// Takes the rebasing steps due at `time` and releases the parked
    /// neurons due by then.
    @inline(__always)
    private mutating func advance(to time: Double) {
        if time >= nextRebase { rebase(upTo: time) }
        if parked.firstTime <= time { unpark(upTo: time) }
    }

    private mutating func rebase(upTo time: Double) {
        let due = stepsDue(at: time)
        let shrinks = Int(min(due - rebaseIndex, Self.maximumShrinks))
        let shrink = rebaseShrink
        for _ in 0..<shrinks {
            if firesTonically {
                crossings.transformKeys { $0 * shrink }
            } else {
                for node in scaledDistance.indices { scaledDistance[node] *= shrink }
            }
        }
        rebaseIndex = due
        timeOrigin = gridStart + due * rebaseStep
        nextRebase = gridStart + (due + 1) * rebaseStep
        cachedHead = (.nan, -1, .nan)
        refreshHead()
    }

    /// w at release of a neuron released at `release`, in the frame of step `steps` (after its own).
    @inline(__always)
    private func releasedDistance(at release: Double, inFrameOf steps: Double) -> Double {
        let own = stepsDue(at: release)
        let w = resetDistance * exp((release - (gridStart + own * rebaseStep)) / parameters.membraneTimeConstant)
        return shrunk(w, steps: steps - own)
    }

    /// The first crossing after release of a neuron released at `release`
    /// (tonic regime), computed as the heap will compute it once released.
    private func predictedCrossing(releasedAt release: Double) -> Double {
        guard firesTonically, release < .infinity else { return .infinity }
        let own = stepsDue(at: release)
        return crossingTime(w: releasedDistance(at: release, inFrameOf: own), steps: own)
    }

    private mutating func unpark(upTo time: Double) {
        while parked.firstTime <= time {
            let release = parked.firstTime
            let node = Int(parked.popFirst().source)
            let w = releasedDistance(at: release, inFrameOf: rebaseIndex)
            if firesTonically { crossings.setKey(w, of: node) } else { scaledDistance[node] = w }
        }
        parkedCrossing = predictedCrossing(releasedAt: parked.firstTime)
        refreshHead()
    }

    public struct State: Sendable, Codable, Equatable {
        var gridStart: Double
        var rebaseIndex: Double
        var keys: [Double]
        var scaledDistance: [Double]
        var refractory: RefractoryState.State
        var parked: [DelayLine.Entry]
    }

    public var state: State {
        State(gridStart: gridStart, rebaseIndex: rebaseIndex, keys: crossings.keysBySlot, scaledDistance: scaledDistance,
              refractory: refractory.state, parked: parked.entries)
    }

    public mutating func restore(_ saved: State) throws(InputError) {
        guard saved.keys.count == size, saved.scaledDistance.count == scaledDistance.count,
              !saved.keys.contains(where: \.isNaN), saved.gridStart.isFinite, saved.rebaseIndex.isFinite, saved.rebaseIndex >= 0,
              saved.rebaseIndex == saved.rebaseIndex.rounded(),
              saved.parked.allSatisfy({ Int($0.source) < size && !$0.time.isNaN })
        else { throw InputError(message: "saved LIF state does not match a population of \(size) neurons") }
        try refractory.restore(saved.refractory, size: size)
        gridStart = saved.gridStart
        rebaseIndex = saved.rebaseIndex
        timeOrigin = gridStart + rebaseIndex * rebaseStep
        nextRebase = gridStart + (rebaseIndex + 1) * rebaseStep
        crossings = IndexedMinHeap(keys: saved.keys)
        scaledDistance = saved.scaledDistance
        parked.restore(saved.parked)
        parkedCrossing = predictedCrossing(releasedAt: parked.firstTime)
        cachedHead = (.nan, -1, .nan)
        refreshHead()
    }
}
