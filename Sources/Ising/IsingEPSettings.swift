/// How `IsingTrainer` trains: the paper's protocol (Laydevant et al. 2024,
/// code jlaydevant/Ising-Machine-EqProp) as defaults.
public struct IsingEPSettings: Sendable, Equatable, Codable {
    /// Nudging strength beta on the output fields.
    public var nudgingStrength = 5.0
    /// Reads (independent anneals) per example and phase.
    public var reads = 10
    /// What the reads make: `.average` averages the correlations and outputs
    /// of all reads; `.lowestEnergy` keeps only the read of lowest energy
    /// (the paper's code, which takes the sampler's first sample).
    public enum ReadRule: String, Sendable, Codable, CaseIterable { case average, lowestEnergy }
    public var readRule = ReadRule.average
    /// Temperature steps of the free anneal (one attempt period each: 100 sweeps, as the paper's simulated runs).
    public var annealSteps = 100
    /// Reverse anneal of the nudged phase: back to this fraction of the anneal, pause, down again.
    public var turningFraction = 0.25
    public var pauseSteps = 0
    /// Learning rates of the couplings, the pixel weights, the hidden and the output biases.
    public var couplingRate = 0.01
    public var inputWeightRate = 0.01
    public var hiddenBiasRate = 0.001
    public var outputBiasRate = 0.001
    public var epochs = 50
    public var scheme = GlauberDynamics.Scheme.attemptClock

    public init() {}

    /// Epochs a run may ask for (and a model file's history may hold).
    public static let largestEpochCount = 100_000

    /// The first invalid setting, in one line (nil if all are valid).
    public var problem: String? {
        if !(nudgingStrength.isFinite && nudgingStrength > 0 && nudgingStrength <= 1000) { return "beta must be in (0, 1000] (got \(nudgingStrength))" }
        if !(1...10_000).contains(reads) { return "reads must be in 1...10000 (got \(reads))" }
        if !(1...1_000_000).contains(annealSteps) { return "anneal steps must be in 1...1000000 (got \(annealSteps))" }
        if !(turningFraction.isFinite && turningFraction >= 0 && turningFraction < 1) { return "turning fraction must be in [0, 1) (got \(turningFraction))" }
        if !(0...1_000_000).contains(pauseSteps) { return "pause must be 0...1000000 steps (got \(pauseSteps))" }
        for (name, rate) in [("coupling", couplingRate), ("input weight", inputWeightRate), ("hidden bias", hiddenBiasRate), ("output bias", outputBiasRate)]
        where !(rate.isFinite && rate >= 0 && rate <= 10) {
            return "\(name) learning rate must be in [0, 10] (got \(rate))"
        }
        if !(1...Self.largestEpochCount).contains(epochs) { return "epochs must be in 1...\(Self.largestEpochCount) (got \(epochs))" }
        return nil
    }
}
