import Diagnostics
import Foundation
import Oscillators
import SynchronyTask
import Testing
import SpinSimKit
import Formats
import TestSupport

private func csvError(_ text: String) -> String {
    do {
        _ = try CheeseCSV.parse(text, path: "in.csv")
        return "no error"
    } catch { return error.description }
}

@Test func readsTheBenchmarkLayout() throws {
    let rows = try CheeseCSV.parse("talker,vowel,cheese,f1_hz,f2_hz,t2,t3\r\nw01,aw,Cheddar,815,1200,400.0000,294.4785\r\n\r\nw01,er,brie,470,1437,334.0292,510.6383\r\n",
                                   path: "in.csv")
    #expect(rows.count == 2)
    #expect(rows[0].sample == InputSpikeTimes(t2: 400, t3: 294.4785) && rows[0].cheese == "cheddar" && rows[0].line == 2)
    #expect(rows[1].line == 4 && rows[1].cheese == "brie")
    let unlabelled = try CheeseCSV.parse("\u{FEFF}t3,t2\n\"1.5\",2\n", path: "in.csv")
    #expect(unlabelled == [CheeseRow(sample: InputSpikeTimes(t2: 2, t3: 1.5), cheese: nil, line: 2)])
}

@Test func badInputGivesOneLineErrorsNamingTheRow() {
    #expect(csvError("") == "in.csv: empty file (expected a header row with columns t2 and t3)")
    #expect(csvError("t2,t3\n") == "in.csv: no data rows after the header")
    #expect(csvError("t2,cheese\n1,brie\n").hasPrefix("in.csv: line 1 (header): missing column t3"))
    #expect(csvError("t2,t3\n1,2\nabc,3\n") == "in.csv: line 3 (row 2): t2 is not a number: 'abc'")
    #expect(csvError("t2,t3\n1,nan\n") == "in.csv: line 2 (row 1): t3 is not finite: 'nan'")
    #expect(csvError("t2,t3\n1,-2\n") == "in.csv: line 2 (row 1): t3 must be >= 0 (got -2)")
    #expect(csvError("t2,t3\n1,2,3\n") == "in.csv: line 2 (row 1): expected 2 fields, found 3")
    #expect(csvError("t2,t3,cheese\n1,2,\n") == "in.csv: line 2 (row 1): empty cheese label")
    #expect(csvError("t2,t3,t2\n1,2,3\n") == "in.csv: line 1 (header): column t2 appears twice")
    for text in ["", "t2,t3\n1,x\n"] { #expect(!csvError(text).contains("\n")) }
}

@Test func predictionsHaveTheDocumentedColumns() {
    let text = PredictionsCSV.text([.init(sample: InputSpikeTimes(t2: 1, t3: 2.5), cheese: "brie", synchronized: true, score: 8.5,
                                          predicted: "cheddar")], includePredicted: true)
    #expect(text == "t2,t3,cheese,synchronized,score,predicted\n1.0,2.5,brie,true,8.5,cheddar\n")
    let binary = PredictionsCSV.text([.init(sample: InputSpikeTimes(t2: 1, t3: 2.5), cheese: nil, synchronized: false, score: 1)],
                                     includePredicted: false)
    #expect(binary == "t2,t3,cheese,synchronized,score\n1.0,2.5,,false,1.0\n")
}

private func parameterError(_ json: String) -> String {
    do {
        _ = try DetectorFile.parse(Data(json.utf8), path: "p.json")
        return "no error"
    } catch { return error.description }
}

@Test func parameterFilesRoundTripAndNameBadFields() throws {
    var trained = SynchronyDetectorParameters.cheddar
    trained.target = "brie"
    trained.threshold = 6.25
    trained.seed = 7
    let text = try DetectorFile.json(trained)
    #expect(try DetectorFile.parse(Data(text.utf8), path: "p.json") == [trained])
    // Every double reads back exactly, as the shipped detectors do from their files.
    for shipped in CheeseBenchmark.detectors {
        #expect(try DetectorFile.parse(Data(try DetectorFile.json(shipped).utf8), path: "p.json") == [shipped])
        let file = repository.appendingPathComponent("examples/cheese/\(shipped.target).json").path
        #expect(try DetectorFile.read(path: file) == [shipped])
    }
    for shipped in CheeseBenchmark.deviceDetectors {
        let file = repository.appendingPathComponent("examples/cheese/device/\(shipped.target).json").path
        #expect(try DetectorFile.read(path: file) == [shipped], "\(shipped.target)")
    }
    let list = "[" + text + "," + (try DetectorFile.json(.cheddar)) + "]"
    #expect(try DetectorFile.parse(Data(list.utf8), path: "p.json").map(\.target) == ["brie", "cheddar"])
    let minimal = #"{"target": "Cheddar", "startFrequencies": [323, 339, 344], "rampRates": [0.0165, -0.00293, -0.011], "coupling": 2}"#
    #expect(try DetectorFile.parse(Data(minimal.utf8), path: "p.json") == [.cheddar])
    #expect(parameterError(#"{"target": "x", "rampRates": [1, 1, 1], "coupling": 2}"#) == "p.json: startFrequencies: missing required field")
    #expect(parameterError(#"{"target": "x", "startFrequencies": [1, 1, 1], "rampRates": [0, 0, 0], "coupling": 2, "treshold": 3}"#)
        .hasPrefix("p.json: treshold: unknown key (expected one of: target, "))
    #expect(parameterError(#"[{"target": "x", "startFrequencies": [1, -1, 1], "rampRates": [0, 0, 0], "coupling": 2}]"#)
        == "p.json: [0].startFrequencies[1]: must be a positive number of MHz (got -1.0)")
    #expect(parameterError("{") .hasPrefix("p.json: not valid JSON"))
    #expect(parameterError(#"{"target": "x", "startFrequencies": [1, "a", 1], "rampRates": [0, 0, 0], "coupling": 2}"#)
        == "p.json: startFrequencies[1]: expected a number, got a string")
    #expect(parameterError(#"{"target": "x", "startFrequencies": [1, 1, 1], "rampRates": [0, 0, 0], "coupling": 2, "responseCurve": {"sine": 1, "tan": 0}}"#)
        .hasPrefix("p.json: responseCurve.tan: unknown key"))
    #expect(parameterError(#"{"target": "x", "startFrequencies": [1, 1, 1], "rampRates": [0, 0, 0], "coupling": 2, "windowCycles": 1.5}"#)
        == "p.json: windowCycles: expected a positive integer")
    #expect(parameterError("[]") == "p.json: empty list of detectors")
    #expect(parameterError("3") == "p.json: top level: expected an object, got an integer")
}

@Test func traceHoldsSpikesSampledStateAndDecisions() throws {
    var quick = SynchronyDetectorParameters.cheddar
    quick.duration = 100
    quick.windowCycles = 200
    let directory = try temporaryDirectory()
    let params = directory.appendingPathComponent("quick.json").path
    try DetectorFile.write(quick, to: params, replacing: false)
    let data = directory.appendingPathComponent("two.csv").path
    try "t2,t3,cheese\n40,30,cheddar\n50,20,gouda\n".write(toFile: data, atomically: true, encoding: .utf8)
    let samples = [InputSpikeTimes(t2: 40, t3: 30), InputSpikeTimes(t2: 50, t3: 20)]
    let decisions = try SynchronyDetector(parameters: quick).classify(samples).map(\.decision)
    let path = directory.appendingPathComponent("cheese.h5").path
    var options = ClassificationOptions(dataPath: data)
    options.parametersPath = params
    options.tracePath = path
    options.sampleInterval = 10
    options.commandLine = "test"
    let result = try ClassificationRun(options: options).run()
    #expect(result.decisions == [decisions])
    let group = try HDF5File.open(path: path).rootGroup().openGroup("cheese").openGroup("cheddar")
    #expect(try group.openDataset("score").read(Double.self, atMost: .max) == decisions.map(\.score))
    // A label outside the benchmark's classes has no index.
    #expect(try group.openDataset("label").read(UInt32.self, atMost: .max) == [0, UInt32.max])
    let sample = try group.openGroup("samples").openGroup("1")
    let times = try sample.openGroup("spikes").openDataset("timestamps").read(Double.self, atMost: .max)
    #expect(UInt64(times.count) == decisions[1].spikes && times == times.sorted())
    let sampled = try sample.openGroup("sampled")
    #expect(try sampled.openDataset("time").read(Double.self, atMost: .max) == stride(from: 0.0, to: 100, by: 10).map { $0 })
    #expect(try sampled.openDataset("frequency").shape() == [10, 3])
    #expect(try sampled.openDataset("frequency").read(Double.self, atMost: .max)[0...2].map { $0.rounded() } == [323, 339, 344])
    #expect(throws: InputError.self) { try ClassificationRun(options: options) }
}
