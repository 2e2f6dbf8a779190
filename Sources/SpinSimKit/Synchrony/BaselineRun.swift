import Diagnostics
import SynchronyTask

/// What `spinsim cheese baselines` is asked to do, as a value: which samples
/// the trivial classifiers are fitted on, and how held-out samples are made.
public struct BaselineOptions: Sendable {
    /// A labelled benchmark-format CSV (columns t2, t3, cheese; talker for folds).
    public var dataPath: String
    /// K folds by talker over `dataPath` (`TalkerFolds`).
    public var folds: Int?
    /// One fold per talker of `dataPath`.
    public var leaveOneTalkerOut = false
    /// Fit on `dataPath`, score on this labelled CSV.
    public var testPath: String?

    public init(dataPath: String) {
        self.dataPath = dataPath
    }

    /// Exactly one way of holding samples out; errors name the option.
    public func validate() throws(InputError) {
        let ways = [folds != nil, leaveOneTalkerOut, testPath != nil].filter { $0 }.count
        guard ways == 1 else {
            throw InputError(input: "--folds", message: "pass exactly one of --folds K, --leave-one-talker-out and --test FILE")
        }
        if let folds, folds < 2 { throw InputError(input: "--folds", message: "must be at least 2 (got \(folds))") }
    }
}

/// One `spinsim cheese baselines` run: reads the labelled samples, makes the
/// folds (or the test set), and evaluates the trivial classifiers.
public struct BaselineRun: Sendable {
    public let options: BaselineOptions
    public let data: BenchmarkCSV.Contents
    public let test: BenchmarkCSV.Contents?

    /// Reads the files and checks they support the requested evaluation.
    public init(options: BaselineOptions) throws(InputError) {
        try options.validate()
        self.options = options
        data = try Self.labelled(options.dataPath)
        test = try options.testPath.map { (path) throws(InputError) in try Self.labelled(path) }
        if let test {
            let known = Set(data.rows.map { $0.cheese! })
            if let stranger = test.rows.first(where: { !known.contains($0.cheese!) }) {
                throw InputError(input: test.path, field: "line \(stranger.line)",
                                 message: "class \(stranger.cheese!) has no sample in \(data.path)")
            }
        } else {
            guard let talkers = data.talkers else {
                throw InputError(input: data.path, message: "folds by talker need a talker column")
            }
            let count = Set(talkers).count, folds = options.folds ?? count
            guard count >= max(folds, 2) else {
                throw InputError(input: options.folds == nil ? "--leave-one-talker-out" : "--folds",
                                 message: "\(folds) folds by talker need at least \(max(folds, 2)) talkers; \(data.path) has \(count)")
            }
        }
    }

    private static func labelled(_ path: String) throws(InputError) -> BenchmarkCSV.Contents {
        let contents = try BenchmarkCSV.read(path: path)
        guard contents.rows.allSatisfy({ $0.cheese != nil }) else {
            throw InputError(input: path, message: "baselines need a cheese column")
        }
        return contents
    }

    public func run() -> BaselineResult {
        let samples = data.rows.map(\.sample), labels = data.rows.map { $0.cheese! }
        let fitted = "fitted on \(data.path) (\(samples.count) samples)"
        if let test {
            var line = "held out: \(test.path) (\(test.rows.count) samples"
            if let trained = data.talkers.map(Set.init), let talkers = test.talkers {
                line += "; \(talkers.filter(trained.contains).count) from talkers also fitted on: held-out tokens, not all held-out talkers"
            }
            let evaluation = BaselineEvaluation(training: (samples, labels),
                                                test: (test.rows.map(\.sample), test.rows.map { $0.cheese! }))
            return BaselineResult(evaluation: evaluation, heldOut: fitted + "\n" + line + ")")
        }
        // init checked that folds have a talker column with enough talkers.
        let talkers = data.talkers!, count = Set(talkers).count
        let folds = options.folds.map { TalkerFolds.split(talkers: talkers, folds: $0) }
            ?? TalkerFolds.leaveOneTalkerOut(talkers: talkers)
        let split = folds.count == count ? "one fold per talker (\(count) talkers)"
            : "\(folds.count) folds of the \(count) talkers (sorted, dealt round-robin)"
        return BaselineResult(evaluation: BaselineEvaluation(samples: samples, labels: labels, folds: folds),
                              heldOut: fitted + " in folds by talker\nheld out: \(split); each sample scored once, "
                                  + "by the fold that holds out its talker; training figures summed over the folds")
    }
}

/// What `cheese baselines` found, and the table it prints.
public struct BaselineResult: Sendable {
    public let evaluation: BaselineEvaluation
    /// How the samples were held out, one or two lines.
    public let heldOut: String

    public var summary: String {
        var table = [["classifier", "scored on"] + evaluation.classes + ["four-class"]]
        for row in evaluation.rows {
            for (name, scores) in [("training", row.training), ("held out", row.heldOut)] {
                table.append([name == "training" ? row.classifier.rawValue : "", name]
                             + scores.oneVsRest.map(\.text) + [scores.multiClass.text])
            }
        }
        return ([heldOut, "one-vs-rest per class (\"cheddar\" against \"not cheddar\"), and four-class; correct/scored"]
                + aligned(table)).joined(separator: "\n")
    }
}
