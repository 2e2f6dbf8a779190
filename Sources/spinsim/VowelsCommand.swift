import ArgumentParser

/// `spinsim vowels`: vowel recognition by four coupled spin-torque
/// oscillators locking to two microwave inputs (Romera et al. 2018).
struct VowelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vowels",
        abstract: "Recognise vowels by the lock pattern of coupled oscillators driven by two microwave inputs.",
        discussion: """
            A vowel's steady-state F1 and F2 (Bark) set the frequencies of sources A and B; \
            the oscillators, in series on the sources' line, each end locked to A, to B or to \
            neither, and that pattern names the vowel. Training moves each oscillator's DC \
            current after every wrongly answered token. Talkers are split, never tokens.
            """,
        subcommands: [VowelsTrain.self, VowelsEvaluate.self]
    )
}
