import Foundation
import SpinSimKit
import Formats
import Testing
import TestSupport

private func file(_ name: String, _ text: String) throws -> String {
    let path = try temporaryDirectory().appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Test func classifyWritesPredictionsAndAConfusionMatrix() throws {
    // Two benchmark rows: w01 Cheddar and w04 Brie, plus an unlabelled-order check of the output.
    let data = try file("two.csv", "cheese,t2,t3\ncheddar,400.0000,294.4785\nbrie,279.7203,387.7221\n")
    let predictions = data + ".predictions.csv"
    let outcome = try spinsim(["cheese", "classify", "--data", data, "--model", "phase", "--predictions", predictions])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout.contains("accuracy 2/2 (100.0 %)"), "\(outcome.stdout)")
    #expect(outcome.stdout.contains("events per second"))
    let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 3 && lines[0] == "t2,t3,cheese,synchronized,score")
    #expect(lines[1].hasPrefix("400.0,294.4785,cheddar,true,") && lines[2].hasPrefix("279.7203,387.7221,brie,false,"))
}

@Test func classifyAllPredictsAClassPerRow() throws {
    let data = try file("one.csv", "t2,t3,cheese\n171.0620,544.2177,cheshire\n")
    let predictions = data + ".predictions.csv"
    let outcome = try spinsim(["cheese", "classify", "--data", data, "--model", "phase", "--target", "all", "--predictions", predictions])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout.contains("accuracy 1/1"), "\(outcome.stdout)")
    for name in ["cheddar", "brie", "cheshire", "stilton"] { #expect(outcome.stdout.contains(name)) }
    let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
    #expect(lines[0] == "t2,t3,cheese,synchronized,score,predicted")
    #expect(lines[1].hasPrefix("171.062,544.2177,cheshire,true,") && lines[1].hasSuffix(",cheshire"))
}

@Test func trainedParametersAreReadBack() throws {
    let data = try file("one.csv", "t2,t3\n279.7203,387.7221\n")
    let outcome = try spinsim(["cheese", "classify", "--data", data, "--target", "brie", "--params", "examples/cheese/brie.json"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout.contains("brie detector: K 2.5 MHz, linewidth 0 MHz, 1 of 1 samples synchronised"), "\(outcome.stdout)")
}

@Test(arguments: [
    ("t2,cheese\n1,brie\n", "line 1 (header): missing column t3"),
    ("t2,t3\n1,2\n3,x\n", "line 3 (row 2): t3 is not a number: 'x'"),
    ("t2,t3\nNaN,2\n", "line 2 (row 1): t2 is not finite: 'NaN'"),
    ("", "empty file"),
])
func badCSVFailsWithOneLineNamingTheRow(text: String, message: String) throws {
    let data = try file("bad.csv", text)
    let outcome = try spinsim(["cheese", "classify", "--data", data])
    #expect(outcome.status != 0)
    #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    #expect(outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
}

@Test func badOptionsAndParameterFilesFail() throws {
    let data = try file("one.csv", "t2,t3\n1,2\n")
    let params = try file("p.json", #"{"target": "brie", "startFrequencies": [330, 340], "rampRates": [0, 0, 0], "coupling": 2}"#)
    for (arguments, message) in [
        (["--params", params], "startFrequencies: needs 3 values, got 2"),
        (["--target", "gouda"], "--target: must be one of"),
        (["--coupling=-1"], "--coupling: must be >= 0"),
        (["--params", "/nonexistent/p.json"], "no such file"),
    ] {
        let outcome = try spinsim(["cheese", "classify", "--data", data] + arguments)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }
    let missing = try spinsim(["cheese", "classify", "--data", "/nonexistent/in.csv"])
    #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/in.csv: no such file"))
}

@Test func trainNeedsLabelsOfBothKinds() throws {
    let unlabelled = try file("u.csv", "t2,t3\n1,2\n")
    let save = unlabelled + ".json"
    let noLabels = try spinsim(["cheese", "train", "--data", unlabelled, "--target", "brie", "--save", save])
    #expect(noLabels.status != 0 && noLabels.stderr.contains("training needs a cheese column"), "\(noLabels.stderr)")
    let onlyBrie = try file("b.csv", "t2,t3,cheese\n1,2,brie\n")
    let outcome = try spinsim(["cheese", "train", "--data", onlyBrie, "--target", "cheddar", "--save", save])
    #expect(outcome.status != 0 && outcome.stderr.contains("no sample of class cheddar"), "\(outcome.stderr)")
    #expect(!FileManager.default.fileExists(atPath: save))
}
