/// One fold of a cross-validation: the samples a classifier is fitted on and
/// the samples it is scored on (indices into the sample list).
public struct Fold: Sendable, Equatable {
    /// The talkers whose samples are held out.
    public var testTalkers: [String]
    public var train: [Int]
    public var test: [Int]

    public init(testTalkers: [String], train: [Int], test: [Int]) {
        self.testTalkers = testTalkers
        self.train = train
        self.test = test
    }
}

/// K-fold splits by talker: every sample of a talker lands in the same fold,
/// so a classifier is never scored on a voice it was fitted on.
///
/// Method (deterministic, no seed): the distinct talkers are sorted, then
/// dealt round-robin, talker i going to fold i mod k. Every sample is in
/// exactly one fold's test set; index lists are in increasing order. With k
/// equal to the number of talkers this is leave-one-talker-out.
public enum TalkerFolds {
    /// `folds` folds over samples whose talkers are `talkers` (one entry per sample);
    /// needs 2 <= folds <= the number of distinct talkers.
    public static func split(talkers: [String], folds: Int) -> [Fold] {
        let distinct = Array(Set(talkers)).sorted()
        precondition(folds >= 2 && folds <= distinct.count, "2 <= folds <= \(distinct.count) talkers (got \(folds))")
        var foldOfTalker: [String: Int] = [:]
        for (index, talker) in distinct.enumerated() { foldOfTalker[talker] = index % folds }
        return (0..<folds).map { fold in
            let test = talkers.indices.filter { foldOfTalker[talkers[$0]] == fold }
            let train = talkers.indices.filter { foldOfTalker[talkers[$0]] != fold }
            return Fold(testTalkers: distinct.indices.filter { $0 % folds == fold }.map { distinct[$0] }, train: train, test: test)
        }
    }

    /// One fold per talker.
    public static func leaveOneTalkerOut(talkers: [String]) -> [Fold] {
        split(talkers: talkers, folds: Set(talkers).count)
    }
}
