/// The spike-timing signature of spike-driven EP: the weight changes made
/// during nudged phases, binned by the relative timing of the two spikes that
/// meet at the synapse, delta t = t_post - t_pre (post = the neuron in the
/// layer nearer the output).
///
/// When neuron j spikes with sign sigma, each synapse (i, j) changes by
/// (phase sign / (beta * phases)) * sigma * theta * r_i, and the partner's
/// most recent spike (in this example's free or nudged phase) dates the pair.
/// Synapses from the clamped input are not included: input neurons never spike.
/// Times are in units of the neuron time constant (tau = 1).
public struct STDPSignature: Sendable, Equatable, Codable {
    /// Bins cover [-halfRange, +halfRange) in equal widths.
    public let halfRange: Double
    /// Sum of weight changes (before the learning rate) per bin.
    public private(set) var weightChange: [Double]
    /// Number of synaptic updates per bin.
    public private(set) var updateCount: [UInt64]
    /// Updates whose delta t fell outside the bins.
    public private(set) var outsideRange: UInt64 = 0

    /// Bins a signature read back from a file may have.
    public static let largestBinCount = 1 << 20

    public init(halfRange: Double = 16, binCount: Int = 128) {
        precondition(halfRange > 0 && binCount > 0)
        self.halfRange = halfRange
        weightChange = [Double](repeating: 0, count: binCount)
        updateCount = [UInt64](repeating: 0, count: binCount)
    }

    /// A signature read back from a file.
    public init(halfRange: Double, weightChange: [Double], updateCount: [UInt64], outsideRange: UInt64) {
        precondition(weightChange.count == updateCount.count && !weightChange.isEmpty)
        self.halfRange = halfRange
        self.weightChange = weightChange
        self.updateCount = updateCount
        self.outsideRange = outsideRange
    }

    public var binWidth: Double { 2 * halfRange / Double(weightChange.count) }

    /// Centre of each bin, in time constants.
    public var binCentres: [Double] {
        (0..<weightChange.count).map { -halfRange + (Double($0) + 0.5) * binWidth }
    }

    /// Mean weight change per update in each bin (0 for empty bins).
    public var meanWeightChange: [Double] {
        zip(weightChange, updateCount).map { $1 == 0 ? 0 : $0 / Double($1) }
    }

    @inline(__always)
    mutating func record(deltaT: Double, change: Double) {
        let bin = ((deltaT + halfRange) / binWidth).rounded(.down)
        guard bin >= 0 && bin < Double(weightChange.count) else {
            outsideRange += 1
            return
        }
        weightChange[Int(bin)] += change
        updateCount[Int(bin)] += 1
    }

    /// Adds another signature with the same bins.
    public mutating func add(_ other: STDPSignature) {
        precondition(other.halfRange == halfRange && other.weightChange.count == weightChange.count)
        for bin in weightChange.indices {
            weightChange[bin] += other.weightChange[bin]
            updateCount[bin] += other.updateCount[bin]
        }
        outsideRange += other.outsideRange
    }
}
