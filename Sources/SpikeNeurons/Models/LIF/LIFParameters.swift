import Foundation

/// Parameters of a leaky integrate-and-fire neuron with instantaneous voltage
/// jumps (Brette et al. 2007, Benchmark 4; NEST's `iaf_psc_delta`).
///
/// Dynamics between inputs: dV/dt = (E_L - V) / tau_m, solved exactly:
/// V(t) = E_L + (V0 - E_L) exp(-(t - t0) / tau_m).
/// An input spike of weight J adds J to V at its arrival time. When V reaches
/// V_th the neuron spikes and V is held at V_reset for t_ref; inputs that
/// arrive while the neuron is refractory (arrival time in [t_spike, t_spike + t_ref))
/// are discarded, as in NEST's `iaf_psc_delta`.
/// With E_L > V_th the neuron fires on its own, the next crossing after the
/// refractory period being t0 + tau_m ln((E_L - V0) / (E_L - V_th)), so an
/// isolated cell fires with period t_ref + tau_m ln((E_L - V_reset) / (E_L - V_th)).
public struct LIFParameters: Sendable, Hashable, Codable {
    /// tau_m, milliseconds (> 0).
    public var membraneTimeConstant: Double
    /// E_L, the potential V relaxes to, millivolts.
    public var restingPotential: Double
    /// V_th, millivolts.
    public var thresholdPotential: Double
    /// V_reset (< V_th), millivolts.
    public var resetPotential: Double
    /// t_ref, milliseconds (>= 0).
    public var refractoryPeriod: Double

    public init(
        membraneTimeConstant: Double, restingPotential: Double, thresholdPotential: Double,
        resetPotential: Double, refractoryPeriod: Double
    ) {
        self.membraneTimeConstant = membraneTimeConstant
        self.restingPotential = restingPotential
        self.thresholdPotential = thresholdPotential
        self.resetPotential = resetPotential
        self.refractoryPeriod = refractoryPeriod
    }

    /// The parameters of validated values (see `LIFPopulation.schema`).
    public init(_ values: ParameterValues) {
        self.init(membraneTimeConstant: values.scalar("tau_m"), restingPotential: values.scalar("v_rest"),
                  thresholdPotential: values.scalar("v_threshold"), resetPotential: values.scalar("v_reset"),
                  refractoryPeriod: values.scalar("t_refractory"))
    }

    /// As a description's parameters, with every neuron starting at `initialPotential`.
    public func values(initialPotential: ParameterValue) -> ParameterValues {
        ParameterValues([
            "tau_m": .scalar(membraneTimeConstant), "v_rest": .scalar(restingPotential),
            "v_threshold": .scalar(thresholdPotential), "v_reset": .scalar(resetPotential),
            "t_refractory": .scalar(refractoryPeriod), "v_init": initialPotential,
        ])
    }

    /// Benchmark 4 of Brette et al. 2007: tau_m 20 ms, E_L -49 mV, V_th -50 mV,
    /// V_reset -60 mV, t_ref 5 ms.
    public static let benchmark4 = LIFParameters(
        membraneTimeConstant: 20, restingPotential: -49, thresholdPotential: -50,
        resetPotential: -60, refractoryPeriod: 5)

    /// Period of an isolated neuron (ms), or +infinity when E_L <= V_th.
    public var isolatedPeriod: Double {
        guard restingPotential > thresholdPotential else { return .infinity }
        return refractoryPeriod + membraneTimeConstant
            * log((restingPotential - resetPotential) / (restingPotential - thresholdPotential))
    }
}

extension PopulationDescription {
    /// A population of LIF neurons starting at `initialPotential` (mV, fixed or uniform).
    public static func lif(_ name: String, size: Int, _ parameters: LIFParameters,
                           initialPotential: ParameterValue) -> PopulationDescription {
        PopulationDescription(name: name, size: size, model: .lif, parameters: parameters.values(initialPotential: initialPotential))
    }
}
