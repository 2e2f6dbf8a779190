import SynchronyTask
import Testing

/// Brie in two clusters, one between the Stilton clusters and one beside
/// the second Stilton cluster: the lines of one triad meet on a band of the
/// (t2, t3) plane, straight wherever every line ramps before they meet, so
/// no single Brie triad meets both Brie clusters and neither Stilton
/// cluster. One triad per class gets two samples wrong; a second Brie triad,
/// trained on those two against the other classes, mends the four-class
/// decisions and is kept.
@Test func aBankAddsATriadForTheClusterOneTriadMisses() {
    let stilton = [InputSpikeTimes(t2: 300, t3: 300), InputSpikeTimes(t2: 305, t3: 310),
                   InputSpikeTimes(t2: 450, t3: 480), InputSpikeTimes(t2: 445, t3: 470)]
    let brie = [InputSpikeTimes(t2: 375, t3: 390), InputSpikeTimes(t2: 372, t3: 385), InputSpikeTimes(t2: 378, t3: 395),
                InputSpikeTimes(t2: 450, t3: 515), InputSpikeTimes(t2: 445, t3: 510)]
    let cheddar = [InputSpikeTimes(t2: 450, t3: 400), InputSpikeTimes(t2: 455, t3: 405)]
    let samples = stilton + brie + cheddar
    let labels = stilton.map { _ in "stilton" } + brie.map { _ in "brie" } + cheddar.map { _ in "cheddar" }
    var lines: [String] = []
    let bank = DetectorBankTrainer(trainer: quickTrainer())
    guard let grown = bank.train(classes: ["stilton", "brie", "cheddar"], samples: samples, labels: labels,
                                 progress: { lines.append($0) }) else {
        Issue.record("no detectors")
        return
    }
    #expect(grown.baseCorrect == samples.count - 2, "one triad per class: \(grown.baseCorrect)/\(samples.count); \(lines)")
    #expect(grown.detectors.map(\.target) == ["stilton", "brie", "cheddar", "brie"], "\(lines)")
    #expect(grown.bankCorrect == samples.count, "bank: \(grown.bankCorrect)/\(samples.count); \(lines)")
    #expect(lines.last?.hasPrefix("extra brie for 2 wrong:") == true && lines.last?.hasSuffix("kept") == true)
    // The bank's decisions are the ones it reports: run again, it gets every sample right.
    let decisions = grown.detectors.map { p in (try? SynchronyDetector(parameters: p))?.classify(samples).map(\.decision) ?? [] }
    let decide = MultiClassDecision(detectors: grown.detectors)
    #expect(samples.indices.allSatisfy { k in decide.predictedClass(decisions.map { $0[k] }) == labels[k] })
}
