import Dispatch

/// The reservoir's states of a data set, reduced to what read-outs need:
/// per fold, the normal equations of its frames and each utterance's state
/// sum (`UtteranceStates`), in input order within the fold.
///
/// Determinism: each fold's utterances are cut into chunks of
/// `chunkSize` in input order; a chunk is one unit of work (its equations
/// summed frame by frame in order), and a fold's equations are its chunks'
/// added in chunk order. Which thread ran which chunk changes nothing, so
/// the sums, and every read-out fitted on them, are bit-identical for any
/// thread count. Memory: one d x d Gram matrix per chunk, none per frame.
public struct FoldStates: Sendable {
    public static let chunkSize = 64

    public var equations: [NormalEquations]
    public var utterances: [[UtteranceStates]]
    /// Node state computations (closed-form steps), 64-bit.
    public var nodeUpdates: UInt64

    public var folds: Int { equations.count }

    /// `progress` is called from worker threads with the utterances of each finished chunk.
    public init(_ items: [LabelledUtterance], folds: Int, classes: Int, reservoir: OscillatorReservoir, threads: Int,
                progress: (@Sendable (_ utterances: Int) -> Void)? = nil) {
        precondition(folds >= 1 && items.allSatisfy { (0..<folds).contains($0.fold) && (0..<classes).contains($0.label) },
                     "folds or labels out of range")
        let dimension = reservoir.stateCount == 0 ? (items.first?.features.channels ?? 1) : reservoir.stateCount
        let chunks: [(fold: Int, members: [Int])] = (0..<folds).flatMap { fold in
            let members = items.indices.filter { items[$0].fold == fold }
            return stride(from: 0, to: members.count, by: Self.chunkSize).map { start in
                (fold, Array(members[start..<min(start + Self.chunkSize, members.count)]))
            }
        }
        let results = Array<(NormalEquations, [UtteranceStates], UInt64)>(unsafeUninitializedCapacity: chunks.count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            let workers = max(1, min(threads, chunks.count))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for c in stride(from: worker, to: chunks.count, by: workers) {
                    var equations = NormalEquations(dimension: dimension, classes: classes)
                    var summaries: [UtteranceStates] = []
                    var updates: UInt64 = 0
                    var batch: [FeatureFrames] = [], labels: [Int] = [], batchFrames = 0
                    for index in chunks[c].members {
                        let states = reservoir.states(items[index].features)
                        if reservoir.stateCount > 0 { updates += UInt64(states.values.count) }
                        summaries.append(UtteranceStates(states, label: items[index].label))
                        batch.append(states)
                        labels.append(items[index].label)
                        batchFrames += states.frameCount
                        // Batches of about 1,000 frames: long dot products, bounded memory.
                        if batchFrames >= 1024 || index == chunks[c].members.last {
                            equations.add(batch, labels: labels)
                            batch.removeAll(keepingCapacity: true)
                            labels.removeAll(keepingCapacity: true)
                            batchFrames = 0
                        }
                    }
                    (output.baseAddress! + c).initialize(to: (equations, summaries, updates))
                    progress?(chunks[c].members.count)
                }
            }
            initialized = chunks.count
        }
        equations = (0..<folds).map { _ in NormalEquations(dimension: dimension, classes: classes) }
        utterances = Array(repeating: [], count: folds)
        nodeUpdates = 0
        for (chunk, result) in zip(chunks, results) {
            equations[chunk.fold] += result.0
            utterances[chunk.fold] += result.1
            nodeUpdates += result.2
        }
    }
}
