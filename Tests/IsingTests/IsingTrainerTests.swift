import EventCore
import Foundation
@testable import Ising
import Testing

/// Three classes of 4x4 images: a bright row 0, column 0 or the diagonal, with noisy grey pixels.
struct BarImages: IsingExamples {
    let images: [(pixels: [Int32], values: [Double], label: Int)]

    init(count: Int, seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed)
        images = (0..<count).map { k in
            let label = k % 3
            var pixels: [Int32] = [], values: [Double] = []
            for p in 0..<16 {
                let (row, column) = (p / 4, p % 4)
                let on = label == 0 ? row == 0 : label == 1 ? column == 0 : row == column
                let value = on ? rng.uniform(0.7, 1) : (rng.uniform() < 0.2 ? rng.uniform(0, 0.5) : 0)
                if value > 0 { pixels.append(Int32(p)); values.append(value) }
            }
            return (pixels, values, label)
        }
    }

    var count: Int { images.count }
    func example(_ index: Int, pixels: inout [Int32], values: inout [Double]) -> Int {
        pixels = images[index].pixels
        values = images[index].values
        return images[index].label
    }
}

func smallState(seed: UInt64 = 1) -> IsingTrainingState {
    var settings = IsingEPSettings()
    settings.reads = 4
    settings.annealSteps = 40
    settings.couplingRate = 0.05
    settings.inputWeightRate = 0.05
    settings.hiddenBiasRate = 0.005
    settings.outputBiasRate = 0.005
    let network = IsingNetwork(inputCount: 16, hiddenCount: 12, classCount: 3, spinsPerClass: 2, seed: seed)
    return IsingTrainingState(network: network, settings: settings, seed: seed)
}

func accuracy(_ state: IsingTrainingState, on data: BarImages) -> Double {
    IsingEvaluation(network: state.network, settings: state.settings, seed: state.seed, data: data, threads: 2).accuracy
}

/// Learning happens: three epochs on 60 images take held-out accuracy on 60
/// others from about chance to nearly all right, with the reads averaged
/// or only the lowest-energy read kept.
@Test(arguments: IsingEPSettings.ReadRule.allCases)
func equilibriumPropagationLearnsBars(rule: IsingEPSettings.ReadRule) {
    let training = BarImages(count: 60, seed: 1), test = BarImages(count: 60, seed: 2)
    var state = smallState()
    state.settings.readRule = rule
    let before = accuracy(state, on: test)
    for _ in 0..<3 {
        let finished = state.trainEpoch(on: training, threads: 2)
        #expect(finished)
        state.finishEpoch(examples: training.count, testAccuracy: .nan, wallSeconds: 0)
    }
    let after = accuracy(state, on: test)
    #expect(before < 0.6, "before training \(before)")
    #expect(after >= 0.9, "after 3 epochs \(after) (before \(before))")
    #expect(state.history.last!.nudgedFraction < state.history.first!.nudgedFraction)
}

/// The update is the stated EP rule, checked on one hand-made pair of samples.
@Test func updateIsTheDifferenceOfCorrelationsOverBeta() {
    var network = IsingNetwork(inputCount: 2, hiddenCount: 2, classCount: 2, spinsPerClass: 1, seed: 3)
    network.inputWeights = [0.1, -0.2, 0.3, 0.0]
    network.couplings = [0.05, -0.05, 0.2, 0.1]
    let before = network
    var settings = IsingEPSettings()
    settings.nudgingStrength = 2
    (settings.couplingRate, settings.inputWeightRate, settings.hiddenBiasRate, settings.outputBiasRate) = (0.1, 0.2, 0.3, 0.4)
    let trainer = IsingTrainer(settings: settings, seed: 1)
    // Spins: hidden 0, 1, then outputs 0, 1. Two reads, the second already right (no nudged phase).
    let pairs = [
        IsingTrainer.PhasePair(free: [1, -1, 1, -1], nudged: [1, 1, -1, 1], freeEnergy: 0, nudgedRan: true, counters: .init()),
        IsingTrainer.PhasePair(free: [1, 1, -1, 1], nudged: [1, 1, -1, 1], freeEnergy: 0, nudgedRan: false, counters: .init()),
    ]
    trainer.apply(&network, pairs, pixels: [1], values: [0.5])
    let scale = 1 / (2.0 * 2)  // 1 / (beta * reads)
    // dJ_ko = eta (s_k s_o nudged - s_k s_o free) / (beta reads)
    let expectedCouplings = [
        before.couplings[0] + 0.1 * scale * (1 * -1 - 1 * 1), before.couplings[1] + 0.1 * scale * (1 * 1 - 1 * -1),
        before.couplings[2] + 0.1 * scale * (1 * -1 - -1 * 1), before.couplings[3] + 0.1 * scale * (1 * 1 - -1 * -1),
    ]
    for (a, b) in zip(network.couplings, expectedCouplings) { #expect(abs(a - b) < 1e-15) }
    #expect(network.hiddenBiases == [0, 0.3 * scale * 2])
    #expect(network.outputBiases == [0.4 * scale * -2, 0.4 * scale * 2])
    // Only pixel 1 (x = 0.5) moves, and only towards hidden spin 1.
    #expect(network.inputWeights[0...1] == before.inputWeights[0...1])
    #expect(abs(network.inputWeights[2] - 0.3) < 1e-15)
    #expect(abs(network.inputWeights[3] - (0 + 0.2 * 0.5 * scale * 2)) < 1e-15)
}

@Test func trainingDoesNotDependOnThreadsAndResumesBitForBit() {
    let training = BarImages(count: 12, seed: 4)
    var one = smallState(), two = smallState()
    _ = one.trainEpoch(on: training, threads: 1)
    // Paused after 5 examples, its state encoded and decoded, then continued on 3 threads.
    var examples = 0
    let finished = two.trainEpoch(on: training, threads: 2, pause: { examples += 1; return examples == 5 })
    #expect(!finished && two.examplesDone == 5)
    let restored = try! JSONDecoder().decode(IsingTrainingState.self, from: try! JSONEncoder().encode(two))
    #expect(restored == two)
    two = restored
    let rest = two.trainEpoch(on: training, threads: 3)
    #expect(rest)
    #expect(one == two)
}

@Test func nudgedProblemPullsTheTargetSpinsUp() {
    let network = IsingNetwork(inputCount: 4, hiddenCount: 3, classCount: 2, spinsPerClass: 2, seed: 1)
    let free = network.problem(pixels: [0, 2], values: [1, 0.5])
    let nudged = network.nudged(free, label: 1, beta: 5)
    #expect(free.spinCount == 7 && free.couplingCount == 3 * 4)
    // Hidden fields are the same; class 1's outputs gain +beta, class 0's lose it, clipped at 4.
    #expect(Array(nudged.fields[0..<3]) == Array(free.fields[0..<3]))
    #expect(nudged.fields[3...4].allSatisfy { $0 == -4 } && nudged.fields[5...6].allSatisfy { $0 == 4 })
    #expect(network.targetSpins(1) == [-1, -1, 1, 1])
    #expect(abs(free.fields[0] - (network.inputWeights[0] + 0.5 * network.inputWeights[2 * 3])) < 1e-15)
}
