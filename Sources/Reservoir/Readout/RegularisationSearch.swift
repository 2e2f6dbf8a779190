/// Chooses the ridge regularisation by cross-validation over folds of
/// training data: for each value of the grid, the read-out is fitted on all
/// folds but one and scored on that one's utterances, for each fold in turn;
/// the value with the most correct held-out utterances wins (ties to the
/// larger, smoother value), and the read-out is refitted on every fold with it.
public struct RegularisationSearch: Sendable {
    /// Relative regularisations tried (`RidgeReadout.regularisation`).
    public var grid: [Double] = [1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1]

    public init() {}

    public struct Result: Sendable {
        public var readout: RidgeReadout
        /// Correct held-out utterances of the inner folds, per grid value.
        public var correct: [Int]
        public var total: Int
    }

    /// `equations[f]` and `utterances[f]` describe fold f of the training data (at least two folds).
    public func fit(equations: [NormalEquations], utterances: [[UtteranceStates]]) -> Result? {
        precondition(equations.count == utterances.count && equations.count >= 2, "need two or more folds")
        var correct = [Int](repeating: 0, count: grid.count)
        for held in equations.indices {
            var training = NormalEquations(dimension: equations[0].dimension, classes: equations[0].classes)
            for f in equations.indices where f != held { training += equations[f] }
            for (g, value) in grid.enumerated() {
                guard let readout = RidgeReadout(fitting: training, regularisation: value) else { continue }
                correct[g] += utterances[held].filter { readout.predict(stateSum: $0.stateSum, frames: $0.frames) == $0.label }.count
            }
        }
        var best = 0
        for g in grid.indices where correct[g] >= correct[best] { best = g }
        var all = NormalEquations(dimension: equations[0].dimension, classes: equations[0].classes)
        for e in equations { all += e }
        guard let readout = RidgeReadout(fitting: all, regularisation: grid[best]) else { return nil }
        return Result(readout: readout, correct: correct, total: utterances.reduce(0) { $0 + $1.count })
    }
}
