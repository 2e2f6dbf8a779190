import ArgumentParser
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
        print(try EqSpikeModelFile.read(path: model).signature.table)
    }
}
