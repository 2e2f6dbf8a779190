/// A layered energy network that settles to equilibrium and learns by
/// Equilibrium Propagation: the spiking network and its rate reference.
///
/// One instance holds one example's state; the trainer keeps one per worker
/// thread and sums their `gradient`s in a fixed order.
public protocol EquilibriumNetwork: SendableMetatype {
    init(model: LayeredEnergyModel, settings: EqSpikeSettings)
    /// Runs the free phase (beta = 0) for image `index` from rest and returns
    /// the predicted class.
    mutating func settleFree(image index: Int, of images: LabelledImages, model: LayeredEnergyModel) -> Int
    /// Runs the nudged phase(s) from the free equilibrium just reached and adds
    /// the EP update to `gradient`.
    mutating func learn(label: Int, model: LayeredEnergyModel)
    var gradient: EPGradient { get set }
    var counters: EqSpikeCounters { get set }
    /// The spike-timing signature of the updates made so far (empty for rates).
    var signature: STDPSignature { get set }
}

extension EqSpikeSettings {
    /// EP's 1 / (beta * phases): the gradient sums phase sign * delta(rho rho).
    var updateScale: Double { 1 / (nudgingStrength * (symmetricNudging ? 2 : 1)) }
}

/// Index of the largest value (the lowest index among equal maxima).
@inline(__always)
func indexOfMaximum(_ values: ArraySlice<Double>) -> Int {
    var best = values.startIndex
    for index in values.indices where values[index] > values[best] { best = index }
    return best - values.startIndex
}

@inline(__always)
func clip01(_ value: Double) -> Double { min(max(value, 0), 1) }
