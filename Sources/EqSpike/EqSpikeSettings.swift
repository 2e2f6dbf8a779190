import Diagnostics
/// How a layered energy network settles and learns.
///
/// Defaults are the scheme of the design note (MODELS.md §5), checked there
/// with a numpy emulation and here with `spinsim eqspike train`: quantum 1/16,
/// symmetric nudging with beta = 0.5, both phases run to equilibrium, batch 20,
/// learning rates 0.1 (input -> hidden) and 0.05 (hidden -> output), held for
/// 12 epochs and then multiplied by 0.8 per epoch.
public struct EqSpikeSettings: Sendable, Equatable, Codable {
    public enum Dynamics: String, Sendable, Codable {
        /// Neurons exchange only spikes in the event kernel (`SpikingEquilibriumNetwork`).
        case spiking
        /// The rate-based EP reference (`RateEquilibriumNetwork`).
        case rate
    }

    public var dynamics: Dynamics = .spiking
    /// Quantum theta: a spike moves the sender's transmitted level by +-theta.
    public var quantum: Double = 1.0 / 16
    /// Hysteresis of the spiking thresholds, as a fraction of the quantum.
    public var hysteresis: Double = 0.05
    /// Nudging strength beta (0 < beta < 1, so that the -beta phase is stable).
    public var nudgingStrength: Double = 0.5
    /// Nudge with +beta and -beta (Laborieux et al. 2021) rather than +beta only.
    public var symmetricNudging = true
    public var batchSize = 20
    /// One learning rate per weight matrix (input side first).
    public var learningRates: [Double] = [0.1, 0.05]
    /// Epochs at the initial learning rates before the decay starts.
    public var holdEpochs = 12
    /// Factor applied to the learning rates per epoch after `holdEpochs`.
    public var decayFactor = 0.8
    /// Rate reference: a phase has converged when no state moves by more than this per sweep.
    public var rateTolerance = 1e-6
    /// Rate reference: at most this many layer sweeps per phase.
    public var maximumSweeps = 1000
    /// Spiking: a phase stops after this many spikes even if not settled (counted, never expected).
    public var maximumSpikesPerPhase = 10_000_000

    public init() {}

    /// Learning-rate factor in epoch `epoch` (0-based).
    public func learningRateFactor(epoch: Int) -> Double {
        epoch < holdEpochs ? 1 : Self.power(decayFactor, epoch - holdEpochs + 1)
    }

    private static func power(_ base: Double, _ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { product, _ in product * base }
    }

    /// Default learning rates for a network with the given hidden layers:
    /// Scellier and Bengio's 0.1, 0.05 for one hidden layer and 0.4, 0.1, 0.01
    /// for two; deeper nets divide by 4 per layer from the input side.
    /// The factor on the Glorot limit of the initial weights. With two or
    /// more hidden layers a hidden neuron is driven from both sides and, at
    /// the full Glorot scale, most hidden units start saturated at 0 or 1,
    /// where the EP signal vanishes (784-500-500-10: 42 % at 1, 46 % at 0);
    /// half the scale keeps them inside the box.
    public static func defaultInitialScale(hiddenLayers: Int) -> Double {
        hiddenLayers > 1 ? 0.5 : 1
    }

    public static func defaultLearningRates(hiddenLayers: Int) -> [Double] {
        switch hiddenLayers {
        case 1: [0.1, 0.05]
        case 2: [0.4, 0.1, 0.01]
        default: (0...hiddenLayers).map { 0.4 / Self.power(4, $0) }
        }
    }

    /// Throws a one-line reason when the settings are unusable.
    public func validate(matrixCount: Int) throws(InputError) {
        if !(quantum > 0 && quantum <= 1) { throw InputError("quantum must be in (0, 1] (got \(quantum))") }
        if !(hysteresis >= 0 && hysteresis < 0.5) { throw InputError("hysteresis must be in [0, 0.5) quanta (got \(hysteresis))") }
        if !(nudgingStrength > 0 && nudgingStrength < 1) { throw InputError("beta must be in (0, 1) (got \(nudgingStrength))") }
        if batchSize < 1 { throw InputError("batch size must be at least 1 (got \(batchSize))") }
        if learningRates.count != matrixCount {
            throw InputError("need \(matrixCount) learning rates, one per weight matrix (got \(learningRates.count))")
        }
        if !learningRates.allSatisfy({ $0.isFinite && $0 >= 0 }) { throw InputError("learning rates must be finite and >= 0") }
        if !(decayFactor > 0 && decayFactor <= 1) { throw InputError("decay factor must be in (0, 1] (got \(decayFactor))") }
        if holdEpochs < 0 { throw InputError("hold epochs must be >= 0") }
        if !(rateTolerance > 0) || maximumSweeps < 1 || maximumSpikesPerPhase < 1 { throw InputError("convergence limits must be positive") }
    }
}
