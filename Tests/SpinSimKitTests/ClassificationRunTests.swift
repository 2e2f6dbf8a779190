import Diagnostics
import Foundation
import Formats
import SpinSimKit
import SynchronyTask
import Testing
import TestSupport

private let benchmark = repository.appendingPathComponent("datasets/cheese/benchmark.csv").path

/// A CSV file in a new directory.
private func csv(_ text: String) throws -> String {
    let path = try temporaryDirectory().appendingPathComponent("samples.csv").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The first sample of each class in the benchmark (w01).
private let onePerClass = "t2,t3,cheese\n400.0000,294.4785,cheddar\n334.0292,510.6383,brie\n171.0620,544.2177,cheshire\n449.4382,477.1372,stilton\n"

@Test func benchmarkGivesFortyOfFortyWithTheBuiltInCheddarDetector() throws {
    var options = ClassificationOptions(dataPath: benchmark)
    options.model = .phase
    options.threads = 2
    let result = try ClassificationRun(options: options).run()
    let confusion = try #require(result.confusion)
    #expect(confusion.correct == 40 && confusion.total == 40)
    #expect(confusion.classes == ["cheddar", "not cheddar"] && confusion.counts == [[10, 0], [0, 30]])
    // The figures of the README (and of every earlier release): the same simulations, event for event.
    #expect(result.events == 4_859_849 && result.pulses == 9_719_458)
    #expect(result.summary.contains("cheddar detector: K 2 MHz, linewidth 0 MHz, 10 of 40 samples synchronised"))
    #expect(result.summary.contains("accuracy 40/40 (100.0 %)"))
}

@Test func uncouplingTheOscillatorsLosesTheBinding() throws {
    var options = ClassificationOptions(dataPath: benchmark)
    options.model = .phase
    options.coupling = 0
    options.threads = 2
    let result = try ClassificationRun(options: options).run()
    let confusion = try #require(result.confusion)
    // README: with the same lines, read-out and threshold, only 1 Cheddar sample locks by chance.
    #expect(confusion.correct == 31 && confusion.counts == [[1, 9], [0, 30]])
    #expect(result.pulses == 0)
}

@Test func multiClassRunPredictsEachSamplesClass() throws {
    var options = ClassificationOptions(dataPath: try csv(onePerClass))
    options.model = .phase
    options.target = "all"
    options.threads = 2
    let result = try ClassificationRun(options: options).run()
    #expect(result.detectors.map(\.target) == CheeseBenchmark.classes)
    #expect(result.predictions.map(\.predicted) == CheeseBenchmark.classes)
    // Each row reports the winning detector's own decision.
    for (k, row) in result.predictions.enumerated() {
        let winner = result.chosenDetectors[k]
        #expect(row.score == result.decisions[winner][k].score && row.synchronized)
    }
    let confusion = try #require(result.confusion)
    #expect(confusion.correct == 4 && confusion.counts == [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
    #expect(result.summary.contains("accuracy 4/4 (100.0 %)"))
}

@Test func resultsDoNotDependOnThreadsOrTraceBatches() throws {
    let data = try csv(onePerClass + "420.3152,344.3329,cheddar\n279.7203,387.7221,brie\n")
    let directory = try temporaryDirectory()
    func run(threads: Int) throws -> (ClassificationResult, String, String) {
        var options = ClassificationOptions(dataPath: data)
        options.model = .phase
        options.linewidth = 0.3
        options.threads = threads
        options.commandLine = "test"
        options.predictionsPath = directory.appendingPathComponent("predictions-\(threads).csv").path
        options.tracePath = directory.appendingPathComponent("trace-\(threads).h5").path
        return (try ClassificationRun(options: options).run(), options.predictionsPath!, options.tracePath!)
    }
    // One thread writes the trace in batches of 4 samples, three threads in one batch of 12.
    let (one, predictionsOne, traceOne) = try run(threads: 1)
    let (three, predictionsThree, traceThree) = try run(threads: 3)
    #expect(one.decisions == three.decisions)
    #expect(try String(contentsOfFile: predictionsOne, encoding: .utf8) == String(contentsOfFile: predictionsThree, encoding: .utf8))
    for k in 0..<6 {
        func spikes(_ path: String) throws -> [Double] {
            try HDF5File.open(path: path).rootGroup().openGroup("cheese/cheddar/samples/\(k)/spikes").openDataset("timestamps")
                .read(Double.self, atMost: .max)
        }
        #expect(try spikes(traceOne) == spikes(traceThree))
        #expect(UInt64(try spikes(traceOne).count) == one.decisions[0][k].spikes)
    }
    // Without a trace the same decisions: recording only observed.
    var plain = ClassificationOptions(dataPath: data)
    plain.model = .phase
    plain.linewidth = 0.3
    #expect(try ClassificationRun(options: plain).run().decisions == one.decisions)
}

@Test func traceWriterWritesTheResultsItIsGivenAndSimulatesNothing() throws {
    // A made-up recording and decisions that no simulation would produce:
    // the file must hold exactly these.
    var recording = SampleRecording()
    recording.spikeTimes = [0.5, 1.25, 2]
    recording.spikeOscillators = [2, 0, 1]
    recording.sampleTimes = [0, 10]
    recording.phases = [0, 0.25, 0.5, 3, 3.25, 3.5]
    recording.frequencies = [300, 301, 302, 303, 304, 305]
    recording.coherentPower = [0, 7.5]
    recording.pairLocking = [0, 0, 0, 0.9, 0.8, 0.7]
    let decision = SynchronyDecision(synchronized: true, score: 42, timeOfMaximum: 99, pairLocking: [0.1, 0.2, 0.3],
                                     spikes: 3, pulses: 6, events: 5)
    let path = try temporaryDirectory().appendingPathComponent("made-up.h5").path
    do {
        let trace = try ClassificationTrace(path: path, commandLine: "test")
        try trace.beginDetector(.cheddar, samples: [InputSpikeTimes(t2: 1, t3: 2)], labels: [nil])
        try trace.addSample(0, recording, sampleInterval: 10)
        try trace.endDetector(decisions: [decision])
        try trace.finish()
    }
    let root = try HDF5File.open(path: path).rootGroup()
    #expect(try root.attribute("classes") == .strings(["cheddar,brie,cheshire,stilton"]))
    #expect(try root.attribute("completed") == .bools([true]))
    let group = try root.openGroup("cheese/cheddar")
    #expect(try group.openDataset("score").read(Double.self, atMost: .max) == [42])
    #expect(try group.openDataset("time_of_maximum").read(Double.self, atMost: .max) == [99])
    #expect(try group.openDataset("synchronized").read(UInt32.self, atMost: .max) == [1])
    #expect(try group.openDataset("pair_locking").read(Double.self, atMost: .max) == [0.1, 0.2, 0.3])
    #expect(try group.openDataset("label").read(UInt32.self, atMost: .max) == [UInt32.max])
    let sample = try group.openGroup("samples/0")
    #expect(try sample.openDataset("spikes/timestamps").read(Double.self, atMost: .max) == recording.spikeTimes)
    #expect(try sample.openDataset("spikes/node_ids").read(UInt64.self, atMost: .max) == recording.spikeOscillators)
    #expect(try sample.openDataset("sampled/phase").read(Double.self, atMost: .max) == recording.phases)
    #expect(try sample.openDataset("sampled/coherent_power").read(Double.self, atMost: .max) == recording.coherentPower)
    // The SONATA report: float32 rows of the same frequencies, time [start, stop, step] in us (10 units = 1 us).
    let report = try root.openGroup("report/cheddar_sample0_frequency")
    #expect(try report.openDataset("data").read(Float.self, atMost: .max) == recording.frequencies.map { Float($0) })
    #expect(try report.openDataset("mapping/time").read(Double.self, atMost: .max) == [0, 2, 1])
    #expect(try report.openDataset("mapping/node_ids").read(UInt64.self, atMost: .max) == [0, 1, 2])
}

@Test func existingOutputsAreReplacedOnlyWhenAsked() throws {
    let data = try csv("t2,t3\n40,30\n")
    let directory = try temporaryDirectory()
    let params = directory.appendingPathComponent("quick.json").path
    var quick = SynchronyDetectorParameters.cheddar
    quick.duration = 50
    quick.windowCycles = 100
    try DetectorFile.write(quick, to: params, replacing: false)
    for output in ["predictions.csv", "trace.h5"] {
        let path = directory.appendingPathComponent(output).path
        try "keep me".write(toFile: path, atomically: true, encoding: .utf8)
        var options = ClassificationOptions(dataPath: data)
        options.model = .phase
        options.parametersPath = params
        if output.hasSuffix(".csv") { options.predictionsPath = path } else { options.tracePath = path }
        do {
            _ = try ClassificationRun(options: options).run()
            Issue.record("\(output) was replaced without asking")
        } catch {
            #expect(error == InputError(input: path, "already exists; pass --force to replace it"))
        }
        let kept = Data("keep me".utf8)
        #expect(FileManager.default.contents(atPath: path) == kept)
        options.replacing = true
        _ = try ClassificationRun(options: options).run()
        #expect(FileManager.default.contents(atPath: path).map { $0 != kept && !$0.isEmpty } == true)
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
    }
}

@Test func optionsAndDetectorFilesFailNamingTheInput() throws {
    let data = try csv("t2,t3\n1,2\n")
    func failure(_ change: (inout ClassificationOptions) -> Void) -> InputError? {
        var options = ClassificationOptions(dataPath: data)
        options.model = .phase
        change(&options)
        do { _ = try ClassificationRun(options: options) } catch { return error }
        return nil
    }
    #expect(failure { $0.target = "gouda" }?.input == "--target")
    #expect(failure { $0.coupling = -1 }?.description == "--coupling: must be >= 0 MHz")
    #expect(failure { $0.threads = 0 }?.input == "--threads")
    #expect(failure { $0.dataPath = "/nonexistent/in.csv" }?.description == "/nonexistent/in.csv: no such file")
    let params = try temporaryDirectory().appendingPathComponent("brie.json").path
    var brie = SynchronyDetectorParameters.cheddar
    brie.target = "brie"
    brie.threshold = 6
    try DetectorFile.write(brie, to: params, replacing: false)
    // A single detector serves a single target whatever its name; a list must name every target.
    let single = failure { $0.parametersPath = params }
    #expect(single == nil)
    let all = failure { options in
        options.parametersPath = params
        options.target = "all"
    }
    #expect(all == InputError(input: params, message: "no detector with target cheddar"))
}

@Test func confusionMatrixCountsAndPrintsRowsOfTrueClasses() {
    let matrix = ConfusionMatrix(truth: ["a", "a", "b", "b", "c"], predicted: ["a", "b", "b", "b", "a"], classes: ["a", "b"])
    #expect(matrix.counts == [[1, 1], [0, 2]])
    // "c" is counted as a sample (never as correct), but has no row.
    #expect(matrix.correct == 3 && matrix.total == 5)
    #expect(matrix.report == """
        accuracy 3/5 (60.0 %)
        confusion (rows: true, columns: predicted)
                           a         b
                 a         1         1
                 b         0         2
        """)
}
