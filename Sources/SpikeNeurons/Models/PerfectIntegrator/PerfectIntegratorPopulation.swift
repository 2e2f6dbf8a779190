import Diagnostics
import EventCore

/// Perfect (non-leaky) integrate-and-fire neurons driven by a constant
/// current, with instantaneous voltage jumps, advanced exactly between events.
///
/// Dynamics: C_m dV/dt = I_e between inputs, so V(t) = V0 + (I_e / C_m)(t - t0)
/// (pA / pF = mV/ms); an input of weight J adds J to V (ignored while
/// refractory); V >= V_th: spike, V = V_reset for t_ref. With I_e > 0 an
/// isolated neuron fires with period t_ref + C_m (V_th - V_reset) / I_e.
///
/// State. With a positive drift r = I_e / C_m the next crossing time
/// T = t + (V_th - V(t)) / r is constant between inputs and an input of J
/// moves it by -J / r, so the indexed heap is keyed on T itself: an input is
/// an addition to a key, no division or exp per synaptic event. With r <= 0
/// a neuron crosses only when an input lifts it over threshold; V is then
/// kept as u = V - r (t - t0), constant between inputs, and the heap holds
/// that moment (+infinity otherwise). V(t) in the drifting regime is
/// recovered as V_th - r (T - t), which loses about (r T) * 2^-52 mV of
/// precision over a run: 1e-10 mV after 10^6 ms at 1 mV/ms.
public struct PerfectIntegratorPopulation: EventDrivenPopulation {
    public static let schema = ModelSchema(
        name: "pif",
        summary: "perfect (non-leaky) integrate-and-fire with a constant drive current; exact",
        equations: ["c_m dV/dt = i_e"] + IntegrateAndFireSchema.spikeEquations,
        parameters: [
            ParameterSpec("c_m", .capacitance, default: .scalar(250), bounds: .positive, "membrane capacitance"),
            ParameterSpec("i_e", .current, default: .scalar(0), "constant drive current"),
        ] + IntegrateAndFireSchema.parameters(refractoryDefault: .scalar(0)),
        variables: IntegrateAndFireSchema.variables,
        weightDimension: .voltage,
        constraints: IntegrateAndFireSchema.constraints)

    public let size: Int
    /// I_e / C_m (mV/ms).
    public let drift: Double
    public let thresholdPotential: Double
    public let resetPotential: Double
    public let refractoryPeriod: Double
    private let timeOrigin: Double
    /// u per neuron (mV) when drift <= 0; empty otherwise (the keys hold T).
    private var offset: [Double]
    private var refractory: RefractoryState
    private var crossings: IndexedMinHeap

    public init(parameters values: ParameterValues, context: PopulationContext) {
        let potentials = context.perNode(values.perNode("v_init"), purpose: "v_init")
        let (drift, threshold, start) = (values.scalar("i_e") / values.scalar("c_m"), values.scalar("v_threshold"), context.startTime)
        size = potentials.count
        self.drift = drift
        thresholdPotential = threshold
        resetPotential = values.scalar("v_reset")
        refractoryPeriod = values.scalar("t_refractory")
        timeOrigin = context.startTime
        refractory = RefractoryState(size: size, period: refractoryPeriod)
        if drift > 0 {
            offset = []
            crossings = IndexedMinHeap(keys: potentials.map { start + (threshold - $0) / drift })
        } else {
            offset = potentials
            crossings = IndexedMinHeap(keys: potentials.map { $0 >= threshold ? start : .infinity })
        }
    }

    public func nextEmissionTime() -> Double { crossings.minKey }

    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        refractory.release(upTo: time)
        if drift > 0 {
            refractory.addToKeys(-weight / drift, of: targets, in: &crossings)
        } else {
            for target in targets where !refractory.contains(Int(target)) { jump(Int(target), by: weight, at: time) }
        }
    }

    public mutating func receive(weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        refractory.release(upTo: time)
        for (target, weight) in zip(targets, weights) where !refractory.contains(Int(target)) {
            if drift > 0 {
                crossings.addToKey(-weight / drift, of: Int(target))
            } else {
                jump(Int(target), by: weight, at: time)
            }
        }
    }

    /// V += weight for a neuron in the quiet regime (drift <= 0).
    private mutating func jump(_ node: Int, by weight: Double, at time: Double) {
        offset[node] += weight
        let potential = offset[node] + drift * (time - timeOrigin)
        crossings.setKey(potential >= thresholdPotential ? time : .infinity, of: node)
    }

    public mutating func emit(at time: Double) -> Int {
        guard let node = crossings.minSlot else { preconditionFailure("emit() with no pending crossing") }
        refractory.release(upTo: time)
        refractory.enter(node, at: time)
        let release = time + refractoryPeriod
        if drift > 0 {
            crossings.setKey(release + (thresholdPotential - resetPotential) / drift, of: node)
        } else {
            offset[node] = resetPotential - drift * (release - timeOrigin)
            crossings.setKey(.infinity, of: node)
        }
        return node
    }

    public mutating func value(of variable: Int, node: Int, at time: Double) -> Double {
        refractory.release(upTo: time)
        if refractory.contains(node) { return resetPotential }
        if drift > 0 { return thresholdPotential - drift * (crossings.key(of: node) - time) }
        return offset[node] + drift * (time - timeOrigin)
    }

    public struct State: Sendable, Codable, Equatable {
        var keys: [Double]
        var offset: [Double]
        var refractory: RefractoryState.State
    }

    public var state: State { State(keys: crossings.keysBySlot, offset: offset, refractory: refractory.state) }

    public mutating func restore(_ saved: State) throws(InputError) {
        guard saved.keys.count == size, saved.offset.count == offset.count, !saved.keys.contains(where: \.isNaN) else {
            throw InputError(message: "saved pif state does not match a population of \(size) neurons")
        }
        try refractory.restore(saved.refractory, size: size)
        crossings = IndexedMinHeap(keys: saved.keys)
        offset = saved.offset
    }
}
