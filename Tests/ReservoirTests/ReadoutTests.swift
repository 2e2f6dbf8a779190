import EventCore
import Reservoir
import Testing

/// Three well-separated Gaussian classes in 4 dimensions, frames of
/// utterances of 5 frames each; fold f holds utterances u with u % folds == f.
private func clusters(utterances: Int, folds: Int, seed: UInt64) -> [LabelledUtterance] {
    var rng = Xoshiro256StarStar(seed: seed, stream: 9)
    let centres: [[Double]] = [[1, 0, 0, 0.5], [0, 1, 0, 0.5], [0, 0, 1, 0.5]]
    return (0..<utterances).map { u in
        let label = u % 3
        let values = (0..<5).flatMap { _ in centres[label].map { $0 + 0.25 * rng.standardNormal() } }
        return LabelledUtterance(features: FeatureFrames(channels: 4, values: values), label: label, fold: (u / 3) % folds)
    }
}

@Test func normalEquationsAreTheSumsTheyName() {
    var equations = NormalEquations(dimension: 3, classes: 2)
    let a = FeatureFrames(channels: 3, values: [1, 2, 3, 4, 5, 6])
    equations.add(a, label: 1)
    equations.add(FeatureFrames(channels: 3, values: [-1, 0, 2]), label: 0)
    // G_01 = 1*2 + 4*5 + (-1)*0 = 22; G_22 = 9 + 36 + 4 = 49.
    #expect(equations.gram[0 * 3 + 1] == 22 && equations.gram[2 * 3 + 2] == 49)
    #expect(equations.stateSum == [4, 7, 11])
    #expect(equations.classStateSums == [-1, 0, 2, 5, 7, 9])
    #expect(equations.classFrames == [1, 2] && equations.frames == 3)
}

/// The closed form against the ridge problem itself: at the minimum the
/// gradient of sum |W x + b - y|^2 + lambda' |W|^2 vanishes.
@Test func ridgeFitZeroesTheGradientOfItsObjective() throws {
    let data = clusters(utterances: 30, folds: 3, seed: 1)
    var equations = NormalEquations(dimension: 4, classes: 3)
    for u in data { equations.add(u.features, label: u.label) }
    let readout = try #require(RidgeReadout(fitting: equations, regularisation: 0.1))
    // lambda' = 0.1 trace(G_c) / d, from the data directly.
    let frames = data.flatMap { u in (0..<u.features.frameCount).map { (Array(u.features.frame($0)), u.label) } }
    let mean = (0..<4).map { i in frames.reduce(0) { $0 + $1.0[i] } / Double(frames.count) }
    let trace = frames.reduce(0) { sum, f in sum + (0..<4).reduce(0) { $0 + (f.0[$1] - mean[$1]) * (f.0[$1] - mean[$1]) } }
    let penalty = 0.1 * trace / 4
    var worst = 0.0
    for c in 0..<3 {
        var gradientBias = 0.0
        var gradient = [Double](repeating: 0, count: 4)
        for (x, label) in frames {
            let residual = (0..<4).reduce(readout.bias[c]) { $0 + readout.weights[c * 4 + $1] * x[$1] } - (label == c ? 1 : 0)
            gradientBias += residual
            for i in 0..<4 { gradient[i] += residual * x[i] }
        }
        for i in 0..<4 { gradient[i] += penalty * readout.weights[c * 4 + i] }
        worst = max(worst, abs(gradientBias), gradient.map(abs).max()!)
    }
    #expect(worst < 1e-10, "largest gradient component \(worst)")
}

/// Learning happens: the fitted read-out classifies held-out clusters
/// perfectly, where an unfitted one (all weights zero) is at chance.
@Test func readoutLearnsASeparableProblemAndGeneralises() throws {
    let data = clusters(utterances: 90, folds: 3, seed: 2)
    let states = FoldStates(data, folds: 3, classes: 3,
                            reservoir: OscillatorReservoir(parameters: { var p = ReservoirParameters(); p.element = .none; return p }(), features: 4),
                            threads: 2)
    let cv = try #require(CrossValidation(states))
    #expect(cv.heldOutCorrect == 90 && cv.trainingCorrect == 180)
    let zero = RidgeReadout(dimension: 4, classes: 3, weights: [Double](repeating: 0, count: 12), bias: [0, 0, 0], regularisation: 0)
    let chance = data.filter { zero.predict(stateSum: UtteranceStates($0.features, label: $0.label).stateSum, frames: 5) == $0.label }.count
    #expect(chance == 30)
}

/// Same data, any thread count: the folds' sums, and so every fit, are bit-identical.
@Test func foldStatesDoNotDependOnThreads() {
    let data = clusters(utterances: 200, folds: 4, seed: 3)
    let reservoir = OscillatorReservoir(parameters: { var p = ReservoirParameters(); p.nodes = 20; return p }(), features: 4)
    let one = FoldStates(data, folds: 4, classes: 3, reservoir: reservoir, threads: 1)
    let three = FoldStates(data, folds: 4, classes: 3, reservoir: reservoir, threads: 3)
    #expect(one.equations == three.equations && one.utterances == three.utterances)
    #expect(one.nodeUpdates == 200 * 5 * 20)
}
