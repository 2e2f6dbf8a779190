import Foundation
import Testing
import TestSupport

// `spinsim vowels train | evaluate` on a small file of the database's format:
// the saved model answers as training reported, evaluate scores the talkers
// the model did not see, and bad inputs fail with one line naming them.

/// One token line of vowdata.dat: name, duration, f0, F1-F4, then F1-F3 at 20, 50, 80 %.
private func tokenLine(_ name: String, f1: Int, f2: Int) -> String {
    ([name, "250", "220", "\(f1)", "\(f2)", "2900", "0"] + Array(repeating: ["\(f1)", "\(f2)", "2900"], count: 3).flatMap { $0 })
        .joined(separator: " ")
}

/// Four women (w01-w04) saying three well separated vowels, formants scattered by up to 3 %.
private func smallDatabase() throws -> String {
    let means = [("iy", 432, 2808), ("aw", 811, 1193), ("er", 525, 1596)]
    var lines = ["A free-text header, as in the original file.", ""]
    for talker in 1...4 {
        for (k, (vowel, f1, f2)) in means.enumerated() {
            let scatter = Double((talker * 7 + k * 3) % 7 - 3) / 100
            lines.append(tokenLine(String(format: "w%02d", talker) + vowel, f1: Int(Double(f1) * (1 + scatter)),
                                   f2: Int(Double(f2) * (1 - scatter))))
        }
    }
    let path = try temporaryDirectory().appendingPathComponent("vowdata.dat").path
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// A quick network: short settling and window, two epochs, one drive strength.
private let quick = ["--vowels", "iy,aw,er", "--epochs", "2", "--drive-scales", "1.5", "--settling", "2", "--window", "2",
                     "--threads", "2"]

@Test func trainedModelIsSavedAndScoresTheOtherTalkersAsTrainingReported() throws {
    let data = try smallDatabase()
    let model = data + ".model.h5"
    let train = try spinsim(["vowels", "train", "--data", data, "--save", model, "--no-control"] + quick)
    #expect(train.status == 0, "\(train.stderr)")
    // The alternating split: w01, w03 train; w02, w04 test.
    #expect(train.stdout.contains("6 training tokens, 6 test tokens"), "\(train.stdout)")
    for line in ["oscillators (coupled)", "logistic regression", "nearest centroid", "majority vowel", "learning curve", "test confusion"] {
        #expect(train.stdout.contains(line), "\(line) missing from \(train.stdout)")
    }
    #expect(!train.stdout.contains("coupling off"), "--no-control skips the control")
    let row = try #require(train.stdout.split(separator: "\n").first { $0.hasPrefix("oscillators (coupled)") })
    let testScore = try #require(row.split(separator: " ").last.map { String($0.dropLast()) })  // "(k/6)" -> "k/6"
    let evaluate = try spinsim(["vowels", "evaluate", "--data", data, "--model", model, "--threads", "1"])
    #expect(evaluate.status == 0, "\(evaluate.stderr)")
    #expect(evaluate.stdout.contains("6 tokens of 2 talkers, vowels iy,aw,er"), "\(evaluate.stdout)")
    #expect(evaluate.stdout.contains("accuracy \(testScore.dropFirst())"), "train said \(row); evaluate said \(evaluate.stdout)")
    // Named talkers, one of them a training talker: scored, with a warning.
    let named = try spinsim(["vowels", "evaluate", "--data", data, "--model", model, "--talkers", "w01,w02"])
    #expect(named.status == 0 && named.stdout.contains("warning: 1 of these talkers were training talkers (w01)"), "\(named.stdout)")
    // The saved file is kept unless --force.
    let again = try spinsim(["vowels", "train", "--data", data, "--save", model, "--no-control"] + quick)
    #expect(again.status != 0 && again.stderr.contains(model), "\(again.stderr)")
}

@Test func badVowelInputsFailWithOneLineNamingThem() throws {
    let data = try smallDatabase()
    let directory = (data as NSString).deletingLastPathComponent
    let model = directory + "/m.h5"
    let trained = try spinsim(["vowels", "train", "--data", data, "--save", model, "--no-control"] + quick)
    #expect(trained.status == 0, "\(trained.stderr)")
    let damaged = directory + "/damaged.dat"
    try (try String(contentsOfFile: data, encoding: .utf8) + "w05iy 250 220 400\n").write(toFile: damaged, atomically: true, encoding: .utf8)
    let notAModel = directory + "/trace.h5"
    let traced = try spinsim(["vowels", "evaluate", "--data", data, "--model", model, "--out", notAModel])
    #expect(traced.status == 0 && traced.stdout.contains("traces of 3 tokens in \(notAModel)"), "\(traced.stdout) \(traced.stderr)")
    let before = FileManager.default.contents(atPath: data)
    let cases: [(arguments: [String], message: String)] = [
        (["vowels", "train", "--data", directory + "/missing.dat"] + quick, "missing.dat"),
        (["vowels", "train", "--data", damaged] + quick, "damaged.dat: line 15: expected 16 columns, found 4"),
        (["vowels", "train", "--data", data, "--fold", "2"] + quick, "--fold: must be 0 or 1 (got 2)"),
        (["vowels", "train", "--data", data, "--vowels", "iy,xx", "--epochs", "1"], "has no token of vowel xx"),
        (["vowels", "train", "--data", data, "--talkers", "w09"] + quick, "w09 has no token of these vowels"),
        (["vowels", "train", "--data", data, "--linewidth", "nan"] + quick, "linewidth"),
        (["vowels", "train", "--data", data, "--initial-frequencies", "325,1e9"] + quick, "initialFrequencies[1]"),
        (["vowels", "train", "--data", data, "--save", data, "--force"] + quick, "is also the input --data"),
        (["vowels", "evaluate", "--data", data, "--model", notAModel], "not a vowel model"),
        (["vowels", "evaluate", "--data", data, "--model", data], "vowdata.dat"),
        (["vowels", "evaluate", "--data", data, "--model", model, "--out", data, "--force"], "is also the input --data"),
        (["vowels", "evaluate", "--data", data, "--model", model, "--out", model, "--force"], "is also the input --model"),
        (["vowels", "evaluate", "--data", data, "--model", model, "--out", notAModel], notAModel),
        (["vowels", "evaluate", "--data", data, "--model", model, "--trace-tokens", "w01iy"], "w01iy is not among the scored tokens"),
    ]
    for (arguments, message) in cases {
        let outcome = try spinsim(arguments)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(outcome.status != 0 && lines.count == 1 && lines[0].contains(message), "\(arguments): \(outcome.stderr)")
    }
    #expect(FileManager.default.contents(atPath: data) == before, "no input is overwritten")
}
