import ArgumentParser
import SpinSimKit

struct CheeseBaselines: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baselines",
        abstract: "Training and held-out accuracy of trivial classifiers on (t2, t3).",
        discussion: """
            Logistic regression, nearest centroid, one nearest neighbour and the majority class, \
            each on (t2, t3) standardised on its training samples: per class one-vs-rest and \
            four-class. --folds K splits --data by talker (all tokens of a talker in one fold; \
            each sample is scored once, by the fold that holds it out); --test fits on --data and \
            scores on another file. These are the figures a synchrony detector has to beat.
            """
    )

    @Option(help: "Labelled CSV file (columns t2, t3, cheese; talker for folds).")
    var data: String

    @Option(help: "Cross-validate over K folds by talker.")
    var folds: Int?

    @Flag(help: "Cross-validate with one fold per talker.")
    var leaveOneTalkerOut = false

    @Option(help: "Fit on --data and score on this labelled CSV file.")
    var test: String?

    var options: BaselineOptions {
        var options = BaselineOptions(dataPath: data)
        options.folds = folds
        options.leaveOneTalkerOut = leaveOneTalkerOut
        options.testPath = test
        return options
    }

    func validate() throws {
        do { try options.validate() } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        print(try BaselineRun(options: options).run().summary)
    }
}
