import ArgumentParser
import EqSpike
import Foundation
import SpinSimKit

struct EqSpikeSignature: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signature",
        abstract: "Print the STDP-like signature recorded during training: weight change against spike timing.",
        discussion: """
            delta t = t_post - t_pre (post = neuron nearer the output), in neuron time \
            constants; weight changes are EP updates before the learning rate, summed \
            over the nudged phases of all epochs (hidden and output synapses).
            """
    )

    @Option(help: "Model file written by `spinsim eqspike train`.")
    var model: String

    func run() throws {
        let file = try loadEqSpikeModel(model)
        let signature = file.signature
        print("delta_t   updates        mean dw        total dw")
        for (bin, centre) in signature.binCentres.enumerated() where signature.updateCount[bin] > 0 {
            print(String(format: "%+7.3f  %9llu  %+.6e  %+.6e", centre, signature.updateCount[bin],
                         signature.meanWeightChange[bin], signature.weightChange[bin]))
        }
        print("updates outside +-\(signature.halfRange) tau: \(signature.outsideRange)")
    }
}
