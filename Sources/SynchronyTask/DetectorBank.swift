/// More than one triad per class where one is not enough: a bank of
/// detectors whose four-class decision is `MultiClassDecision`'s (the
/// detector scoring highest relative to its own threshold names the class),
/// so a class answers when any of its triads synchronises.
///
/// Why: one triad's lines meet for samples along one segment of the (t2, t3)
/// plane, with a width set by the coupling; a class whose tokens spread over
/// two such segments (the /uw/ tokens of high F2 lie beside the /er/ tokens,
/// apart from the other /uw/) cannot be covered by one without also meeting
/// other classes. The experiment's answer is the same hardware: another
/// triad on the line.
///
/// Procedure, on training samples only: (1) one detector per class
/// (`SynchronyDetectorTrainer`); (2) for each class in order, the training
/// samples of that class the current bank classifies wrongly are the
/// positives of a new detector, every sample of the other classes its
/// negatives (the class's samples already right are left out: either answer
/// is fine for them); (3) the new detector joins the bank only if the bank's
/// four-class training decisions gain at least one correct sample. Step (2)
/// is repeated `extraDetectorsPerClass` times per class, and skipped for a
/// class with fewer than `smallestResidual` wrong samples (one token is not
/// a segment to learn). Deterministic: each extra detector's search is seeded
/// from the trainer's seed and its place in the bank.
public struct DetectorBankTrainer: Sendable {
    public var trainer: SynchronyDetectorTrainer
    public var extraDetectorsPerClass = 1
    public var smallestResidual = 2

    public init(trainer: SynchronyDetectorTrainer) {
        self.trainer = trainer
    }

    /// A bank and what its training found.
    public struct Result: Sendable {
        /// One detector per class first (in `classes` order), then the extra ones.
        public var detectors: [SynchronyDetectorParameters]
        /// Four-class training decisions right with the first `classes.count` detectors, and with the bank.
        public var baseCorrect: Int
        public var bankCorrect: Int
        public var total: Int
    }

    /// Trains a bank for `classes` on `samples` labelled by class name.
    /// `progress` gets one line per trained detector.
    public func train(classes: [String], samples: [InputSpikeTimes], labels: [String],
                      progress: (String) -> Void = { _ in }) -> Result? {
        precondition(samples.count == labels.count, "one label per sample")
        var detectors: [SynchronyDetectorParameters] = []
        var decisions: [[SynchronyDecision]] = []
        for name in classes {
            guard let trained = trainer.train(target: name, samples: samples, labels: labels.map { $0 == name }) else { return nil }
            progress("\(name): coupling \(trained.parameters.coupling) MHz, threshold "
                + String(format: "%.3f, training %d/%d", trained.parameters.threshold, trained.correct, trained.total))
            detectors.append(trained.parameters)
            decisions.append(simulate(trained.parameters, samples))
        }
        let baseCorrect = correct(detectors, decisions, labels)
        var bankCorrect = baseCorrect
        for round in 0..<extraDetectorsPerClass {
            for (c, name) in classes.enumerated() {
                let decide = MultiClassDecision(detectors: detectors)
                let wrong = samples.indices.filter { k in
                    labels[k] == name && decide.predictedClass(decisions.map { $0[k] }) != name
                }
                guard wrong.count >= smallestResidual else { continue }
                let chosen = wrong + samples.indices.filter { labels[$0] != name }
                var extra = trainer
                extra.seed = trainer.seed &+ UInt64(1 + round * classes.count + c)
                guard let trained = extra.train(target: name, samples: chosen.map { samples[$0] },
                                                labels: chosen.map { labels[$0] == name }) else { continue }
                let trialDecisions = decisions + [simulate(trained.parameters, samples)]
                let trialCorrect = correct(detectors + [trained.parameters], trialDecisions, labels)
                let kept = trialCorrect > bankCorrect
                progress("extra \(name) for \(wrong.count) wrong: coupling \(trained.parameters.coupling) MHz, "
                    + "four-class training \(bankCorrect) -> \(trialCorrect)/\(samples.count), " + (kept ? "kept" : "dropped"))
                if kept {
                    detectors.append(trained.parameters)
                    decisions = trialDecisions
                    bankCorrect = trialCorrect
                }
            }
        }
        return Result(detectors: detectors, baseCorrect: baseCorrect, bankCorrect: bankCorrect, total: samples.count)
    }

    private func simulate(_ parameters: SynchronyDetectorParameters, _ samples: [InputSpikeTimes]) -> [SynchronyDecision] {
        // Parameters that came out of training are valid.
        let detector = try! SynchronyDetector(parameters: parameters)
        return detector.classify(samples, threads: trainer.threads).map(\.decision)
    }

    private func correct(_ detectors: [SynchronyDetectorParameters], _ decisions: [[SynchronyDecision]], _ labels: [String]) -> Int {
        let decide = MultiClassDecision(detectors: detectors)
        return labels.indices.filter { k in decide.predictedClass(decisions.map { $0[k] }) == labels[k] }.count
    }
}
