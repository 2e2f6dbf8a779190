import ArgumentParser
import Reservoir

extension FrontEnd.Kind: ExpressibleByArgument {}
extension ReservoirParameters.Element: ExpressibleByArgument {}
extension InputMask.Kind: ExpressibleByArgument {}

/// What `FrontEnd` and `ReservoirParameters` default to, for the options'
/// defaults: the models own them, the command only converts units.
private let defaultFrontEnd = FrontEnd(kind: .cochleagram)
private let defaultReservoir = ReservoirParameters()

/// The front end and reservoir options of `reservoir train`.
struct ReservoirOptions: ParsableArguments {
    @Option(help: "Front end: cochleagram, mfcc or spectrogram.")
    var frontEnd: FrontEnd.Kind = .cochleagram

    @Option(help: "Filters of the gammatone or mel bank (default: cochleagram 64, mfcc 40).")
    var channels: Int?

    @Option(help: "MFCC coefficients kept.")
    var cepstra = defaultFrontEnd.cepstra

    @Option(help: "Frame length (ms).")
    var frameLength = defaultFrontEnd.frameLength * 1000

    @Option(help: "Frame hop (ms).")
    var hop = defaultFrontEnd.hop * 1000

    @Option(help: "Orders of time derivatives appended to the features (0, 1 or 2).")
    var deltas = defaultFrontEnd.deltas

    @Option(help: "What makes the node states: oscillator, or the controls linear (memoryless) and none (raw features).")
    var element = defaultReservoir.element

    @Option(help: "Virtual nodes per frame.")
    var nodes = defaultReservoir.nodes

    @Option(help: "Node duration theta (ns).")
    var theta = defaultReservoir.nodeDuration * 1000

    @Option(help: "Bias current I_dc (mA).")
    var bias = defaultReservoir.biasCurrent

    @Option(help: "Input scaling Delta I (mA per unit of masked input).")
    var scaling = defaultReservoir.inputScaling

    @Option(help: "Mask: binary (+-1) or uniform.")
    var mask = defaultReservoir.maskKind

    @Option(help: "Seed of the mask.")
    var maskSeed = defaultReservoir.maskSeed

    var frontEndValue: FrontEnd {
        var value = FrontEnd(kind: frontEnd)
        if let channels { value.channels = channels }
        value.deltas = deltas
        value.cepstra = cepstra
        value.frameLength = frameLength / 1000
        value.hop = hop / 1000
        return value
    }

    var reservoirValue: ReservoirParameters {
        var value = ReservoirParameters()
        value.element = element
        value.nodes = nodes
        value.nodeDuration = theta / 1000
        value.biasCurrent = bias
        value.inputScaling = scaling
        value.maskKind = mask
        value.maskSeed = maskSeed
        return value
    }
}
