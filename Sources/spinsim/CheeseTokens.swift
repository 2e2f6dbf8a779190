import ArgumentParser
import SpinSimKit

struct CheeseTokens: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Make benchmark-format samples from the Hillenbrand (1995) vowel database.",
        discussion: """
            Takes the women's tokens of /aw/ (cheddar), /er/ (brie), /iy/ (cheshire) and /uw/ \
            (stilton) whose steady-state F1 and F2 were measurable, with t2 = 4.8e5 / F2 and \
            t3 = 2.4e5 / F1 (Hz), and writes them with the columns of datasets/cheese/benchmark.csv. \
            --exclude leaves out the tokens (talker and vowel) of another benchmark-format file, \
            e.g. the benchmark itself, to make held-out samples.
            """
    )

    @Option(help: "The vowel database (vowdata.dat).")
    var vowdata: String

    @Option(help: "Write the samples to this CSV file.")
    var out: String

    @Option(help: "Leave out the tokens of this benchmark-format CSV (columns talker, vowel).")
    var exclude: String?

    @Flag(help: "Replace the --out file if it exists.")
    var force = false

    func run() throws {
        var options = VowelTokensOptions(vowdataPath: vowdata, outPath: out)
        options.excludePath = exclude
        options.replacing = force
        print(try VowelTokensRun(options: options).run().summary)
    }
}
