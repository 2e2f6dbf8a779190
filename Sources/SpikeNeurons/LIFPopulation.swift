import EventCore
import Foundation
import Diagnostics
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
/// To keep exp((t - t0) / tau_m) within double range, t0 moves forward every
/// `rebaseInterval` time constants and every w is rescaled.
public struct LIFPopulation: Sendable {
    public let parameters: LIFParameters
    public let size: Int
    /// t0 (ms).
    public private(set) var timeOrigin: Double
    /// w per neuron (mV), when E_L <= V_th; in the tonic regime the heap keys hold w.
    private var scaledDistance: [Double]
    /// Bit i set: neuron i is refractory and ignores inputs. One bit per
    /// neuron keeps the check in L1 cache even for large populations.
    private var refractory: [UInt64]
    /// Refractory neurons in order of release: the period is the same for all,
    /// so they leave in the order they fired (entry time = release time).
    private var releases: DelayLine
    private var crossings: IndexedMinHeap

    private let firesTonically: Bool
    private let thresholdDistance: Double  // E_L - V_th (mV)
    private let resetDistance: Double  // E_L - V_reset (mV)
    private var cachedHead: (key: Double, slot: Int, time: Double) = (.nan, -1, .nan)

    /// t0 moves when t - t0 exceeds this many time constants (exp(200) ~ 7e86).
    static let rebaseInterval = 200.0

    /// Neurons start at `initialPotentials` (mV) at `startTime`.
    public init(parameters: LIFParameters, initialPotentials: [Double], startTime: Double = 0) {
        precondition(parameters.problems.isEmpty, "invalid LIF parameters: \(parameters.problems)")
        self.parameters = parameters
        size = initialPotentials.count
        timeOrigin = startTime
        let tonic = parameters.restingPotential > parameters.thresholdPotential
        let threshold = parameters.restingPotential - parameters.thresholdPotential
        firesTonically = tonic
        thresholdDistance = threshold
        resetDistance = parameters.restingPotential - parameters.resetPotential
        let distances = initialPotentials.map { parameters.restingPotential - $0 }
        refractory = Array(repeating: 0, count: (size + 63) / 64)
        releases = DelayLine(delay: parameters.refractoryPeriod)
        if tonic {
            scaledDistance = []
            crossings = IndexedMinHeap(keys: distances)
        } else {
            scaledDistance = distances
            crossings = IndexedMinHeap(keys: distances.map { $0 <= threshold ? startTime : .infinity })
        }
    }

    /// exp((t - t0) / tau_m).
    @inline(__always)
    private func growth(at time: Double) -> Double {
        exp((time - timeOrigin) / parameters.membraneTimeConstant)
    }

    /// Ends the refractory period of every neuron released at or before `time`.
    private mutating func release(upTo time: Double) {
        while releases.firstTime <= time {
            let node = Int(releases.popFirst().source)
            refractory[node >> 6] &= ~(1 << UInt64(node & 63))
        }
    }

    /// Membrane potential of one neuron at `time` (mV); `time` must not precede
    /// the last event processed by the population.
    public mutating func membranePotential(of node: Int, at time: Double) -> Double {
        release(upTo: time)
        if isRefractory(node) { return parameters.resetPotential }
        let w = firesTonically ? crossings.key(of: node) : scaledDistance[node]
        return parameters.restingPotential - w / growth(at: time)
    }

    /// Whether a neuron ignores inputs (as of the last release).
    private func isRefractory(_ node: Int) -> Bool {
        refractory[node >> 6] & (1 << UInt64(node & 63)) != 0
    }

    /// Time of the earliest threshold crossing (ms); may lie before the current
    /// time when an input has just lifted a neuron over threshold, which means
    /// "now". +infinity when no neuron will cross.
    public mutating func nextCrossingTime() -> Double {
        guard let slot = crossings.minSlot else { return .infinity }
        let key = crossings.minKey
        if key == cachedHead.key && slot == cachedHead.slot { return cachedHead.time }
        let time: Double
        if firesTonically {
            time = key > 0 ? timeOrigin + parameters.membraneTimeConstant * log(key / thresholdDistance) : -.infinity
        } else {
            time = key
        }
        cachedHead = (key, slot, time)
        return time
    }

    /// Applies an input of `weight` mV arriving at `time` to the listed
    /// neurons (local indices). Refractory neurons ignore it.
    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        rebaseIfNeeded(at: time)
        release(upTo: time)
        let jump = weight * growth(at: time)
        refractory.withUnsafeBufferPointer { refractory in
            let accepts = { (node: Int) in refractory[node >> 6] & (1 << UInt64(node & 63)) == 0 }
            if firesTonically {
                crossings.addToKeys(-jump, slots: targets, where: accepts)
            } else {
                let thresholdScaled = thresholdDistance * growth(at: time)
                for target in targets {
                    let node = Int(target)
                    guard accepts(node) else { continue }
                    scaledDistance[node] -= jump
                    // An inhibitory arrival at the same time can undo a pending crossing.
                    crossings.setKey(scaledDistance[node] <= thresholdScaled ? time : .infinity, of: node)
                }
            }
        }
    }

    /// Applies inputs of individual weights (mV, `weights[k]` to `targets[k]`)
    /// arriving at `time`, as plastic synapses deliver them.
    public mutating func receive(
        weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>
    ) {
        precondition(weights.count == targets.count, "one weight per target")
        rebaseIfNeeded(at: time)
        release(upTo: time)
        let growthNow = growth(at: time)
        let thresholdScaled = thresholdDistance * growthNow
        for (target, weight) in zip(targets, weights) {
            let node = Int(target)
            guard !isRefractory(node) else { continue }
            if firesTonically {
                crossings.addToKey(-weight * growthNow, of: node)
            } else {
                scaledDistance[node] -= weight * growthNow
                crossings.setKey(scaledDistance[node] <= thresholdScaled ? time : .infinity, of: node)
            }
        }
    }

    /// Emits the spike of the earliest crossing neuron at `time` (ms) and
    /// resets it: V = V_reset until time + t_ref. Returns the neuron's index.
    public mutating func fire(at time: Double) -> Int {
        guard let node = crossings.minSlot else { preconditionFailure("fire() with no pending crossing") }
        rebaseIfNeeded(at: time)
        release(upTo: time)
        if parameters.refractoryPeriod > 0 {
            refractory[node >> 6] |= 1 << UInt64(node & 63)
            releases.push(emissionTime: time, sequence: 0, source: UInt32(node))
        }
        let w = resetDistance * growth(at: time + parameters.refractoryPeriod)
        if firesTonically {
            crossings.setKey(w, of: node)
        } else {
            scaledDistance[node] = w
            crossings.setKey(.infinity, of: node)
        }
        return node
    }

    private mutating func rebaseIfNeeded(at time: Double) {
        let elapsed = time - timeOrigin
        guard elapsed > Self.rebaseInterval * parameters.membraneTimeConstant else { return }
        let shrink = exp(-elapsed / parameters.membraneTimeConstant)
        timeOrigin = time
        if firesTonically {
            crossings.transformKeys { $0 * shrink }
        } else {
            for node in scaledDistance.indices { scaledDistance[node] *= shrink }
        }
        cachedHead = (.nan, -1, .nan)
    }



    /// Everything that changes during a run, as plain values (checkpoints).
    public struct State: Sendable, Codable, Equatable {
        var timeOrigin: Double
        var keys: [Double]
        var scaledDistance: [Double]
        var refractory: [UInt64]
        var releases: [DelayLine.Entry]
    }

    public var state: State {
        State(timeOrigin: timeOrigin, keys: crossings.keysBySlot, scaledDistance: scaledDistance,
              refractory: refractory, releases: releases.entries)
    }

    /// Restores a state saved from a population with the same parameters and size.
    public mutating func restore(_ saved: State) throws(InputError) {
        guard saved.keys.count == size, saved.refractory.count == refractory.count,
              saved.scaledDistance.count == scaledDistance.count,
              !saved.keys.contains(where: \.isNaN), saved.timeOrigin.isFinite
        else { throw InputError("saved LIF state does not match a population of \(size) neurons") }
        timeOrigin = saved.timeOrigin
        crossings = IndexedMinHeap(keys: saved.keys)
        scaledDistance = saved.scaledDistance
        refractory = saved.refractory
        releases.restore(saved.releases)
        cachedHead = (.nan, -1, .nan)
    }
}
