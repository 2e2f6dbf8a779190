import EqSpike
import Foundation

extension STDPSignature {
    /// What `eqspike signature` prints: one line per bin that received
    /// updates (delta t in neuron time constants, updates, mean and total
    /// weight change), then the updates outside the bins.
    public var table: String {
        var lines = ["delta_t   updates        mean dw        total dw"]
        for (bin, centre) in binCentres.enumerated() where updateCount[bin] > 0 {
            lines.append(String(format: "%+7.3f  %9llu  %+.6e  %+.6e", centre, updateCount[bin], meanWeightChange[bin],
                                weightChange[bin]))
        }
        lines.append("updates outside +-\(halfRange) tau: \(outsideRange)")
        return lines.joined(separator: "\n")
    }
}
