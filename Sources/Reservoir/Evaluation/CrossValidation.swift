import Dispatch

/// K-fold cross-validation of the read-out: for each fold in turn, the
/// regularisation is chosen by an inner cross-validation over the other
/// folds only (`RegularisationSearch`), the read-out is fitted on them and
/// scored on the held-out fold, which played no part in the fit or the choice.
public struct CrossValidation: Sendable {
    public struct Fold: Sendable {
        public var regularisation: Double
        public var trainingCorrect: Int
        public var trainingTotal: Int
        public var heldOutCorrect: Int
        public var heldOutTotal: Int
    }

    public var folds: [Fold]
    /// confusion[true class][predicted class], held-out predictions of every fold.
    public var confusion: [[Int]]

    public var heldOutCorrect: Int { folds.reduce(0) { $0 + $1.heldOutCorrect } }
    public var heldOutTotal: Int { folds.reduce(0) { $0 + $1.heldOutTotal } }
    public var trainingCorrect: Int { folds.reduce(0) { $0 + $1.trainingCorrect } }
    public var trainingTotal: Int { folds.reduce(0) { $0 + $1.trainingTotal } }

    /// Nil if some fold's system is singular at every regularisation. The
    /// folds are independent and run on up to `threads` threads; each
    /// fold's result is the same whichever thread ran it.
    public init?(_ states: FoldStates, search: RegularisationSearch = RegularisationSearch(), threads: Int = 1) {
        precondition(states.folds >= 3, "cross-validation with an inner search needs three or more folds")
        let classes = states.equations[0].classes
        let outcomes = Array<(Fold, [[Int]])?>(unsafeUninitializedCapacity: states.folds) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            let workers = max(1, min(threads, states.folds))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for held in stride(from: worker, to: states.folds, by: workers) {
                    (output.baseAddress! + held).initialize(to: Self.heldOut(held, states, search, classes))
                }
            }
            initialized = states.folds
        }
        var confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        var folds: [Fold] = []
        for outcome in outcomes {
            guard let (fold, counts) = outcome else { return nil }
            folds.append(fold)
            for i in 0..<classes { for j in 0..<classes { confusion[i][j] += counts[i][j] } }
        }
        self.folds = folds
        self.confusion = confusion
    }

    /// Fold `held` held out: its figures and confusion counts.
    private static func heldOut(_ held: Int, _ states: FoldStates, _ search: RegularisationSearch,
                                _ classes: Int) -> (Fold, [[Int]])? {
        let training = (0..<states.folds).filter { $0 != held }
        guard let fit = search.fit(equations: training.map { states.equations[$0] },
                                   utterances: training.map { states.utterances[$0] }) else { return nil }
        let readout = fit.readout
        let trainingUtterances = training.flatMap { states.utterances[$0] }
        let trainingCorrect = trainingUtterances.filter { readout.predict(stateSum: $0.stateSum, frames: $0.frames) == $0.label }.count
        var confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        var heldOutCorrect = 0
        for utterance in states.utterances[held] {
            let predicted = readout.predict(stateSum: utterance.stateSum, frames: utterance.frames)
            confusion[utterance.label][predicted] += 1
            if predicted == utterance.label { heldOutCorrect += 1 }
        }
        return (Fold(regularisation: readout.regularisation, trainingCorrect: trainingCorrect,
                     trainingTotal: trainingUtterances.count, heldOutCorrect: heldOutCorrect,
                     heldOutTotal: states.utterances[held].count), confusion)
    }
}
