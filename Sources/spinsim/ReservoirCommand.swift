import ArgumentParser

/// `spinsim reservoir`: spoken digits on one time-multiplexed spin-torque
/// oscillator (Torrejon et al. 2017).
struct ReservoirCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reservoir",
        abstract: "Recognise spoken digits with one spin-torque oscillator as a reservoir of virtual nodes.",
        discussion: """
            Each frame of a recording's features (cochleagram, MFCC or spectrogram) is \
            spread by a fixed seeded mask over N virtual nodes, held theta each as the \
            oscillator's current; the oscillator's exact power at the end of each node is \
            its state, and a ridge read-out summed over the frames names the digit. \
            Recordings are `{digit}_{speaker}_{index}.wav` (the Free Spoken Digit Dataset).
            """,
        subcommands: [ReservoirTrain.self, ReservoirEvaluate.self]
    )
}
