import Foundation
import SpinSimKit
import SynchronyTask
import Testing
import TestSupport

// Lines of vowdata.dat (Hillenbrand 1995): women 01, 03 and 41, plus a man's
// /aw/ and a woman's /ae/ that are not task tokens; w41aw has no measurable F2.
private let vowdata = """
    (c) 1995 James Hillenbrand
    Note: An entry of zero means that the formant was not measurable.

      1    2   3    4    5    6    7    8    9   10    11  12   13    14  15   16
    w01ae 305 225  678 2293 2861 4412  681 2295 2868  711 2160 2867  705 1968 2906
    m01aw 330 177  699  996 2548 3443  697  996 2548  731 1033 2554  688 1394 2539
    w01aw 305 218  815 1200 2783 4015  815 1200 2783  844 1193 2833  831 1414 2825
    w03aw 326 186  772 1051 2870    0  766 1053 2936  788 1067 2732  843 1415 2621
    w41aw 332 198  957    0 3066 4084  992    0 3054  961    0 3044  937 1559 2938
    w01er 300 224  470 1437 1672 4499  464 1437 1659  460 1398 1741  499 1508 1982
    w03er 278 182  523 1413    0 3752  559 1434    0  530 1439    0  504 1427    0
    w41er 262 208  491 1655    0    0  561 1655    0  467 1644    0  443 1740    0
    w01iy 232 234  441 2806 3260 4743  446 2767 3193  441 2815 3260  439 2822 3264
    w03iy 289 192  380 2703 3087 3895  433 2716 3060  380 2703 3087  369 2700 2999
    w41iy 263 229  438 2964 3632 4187  447 3033 3623  439 3007 3679  439 2967 3626
    w01uw 281 260  503 1068 2810 4651  513 1122 2860  504 1075 2801  487 1125 2865
    w03uw 271 211  431  788 2717 3556  482  943 2657  437  846 2723  427  765 2733
    w41uw 235 237  450  916 2959 4138  455  919 2664  445  930 2885  443 1012 2944

    """

private let benchmark = "datasets/cheese/benchmark.csv"

/// A fresh directory holding the fixture database.
private func fixture() throws -> (directory: String, vowdata: String) {
    let directory = try temporaryDirectory().path
    let path = directory + "/vowdata.dat"
    try vowdata.write(toFile: path, atomically: true, encoding: .utf8)
    return (directory, path)
}

private func lines(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
}

/// The words of each printed line.
private func tableRows(_ text: String) -> [[String]] {
    text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
}

@Test func tokensAreWrittenInTheBenchmarkFormat() throws {
    let (directory, database) = try fixture()
    let out = directory + "/tokens.csv"
    let outcome = try spinsim(["cheese", "tokens", "--vowdata", database, "--out", out])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let written = try lines(out)
    #expect(written.first == BenchmarkCSV.header && written.count == 12)
    #expect(written.dropFirst().map { $0.prefix(6) } == [
        "w01,aw", "w03,aw", "w01,er", "w03,er", "w41,er", "w01,iy", "w03,iy", "w41,iy", "w01,uw", "w03,uw", "w41,uw",
    ])
    // The tokens the benchmark has come out as its rows, to the digit.
    let shipped = Set(try lines(benchmark).dropFirst())
    #expect(written.filter(shipped.contains).count == 6)
    #expect(written.contains("w41,er,brie,491,1655,290.0302,488.7984"))
    #expect(outcome.stdout.contains("wrote 11 tokens to \(out)"), "\(outcome.stdout)")
    #expect(tableRows(outcome.stdout).contains(["cheddar", "aw", "2", "1", "0"]), "\(outcome.stdout)")
}

@Test func excludedTokensAreLeftOut() throws {
    let (directory, database) = try fixture()
    let out = directory + "/heldout.csv"
    let outcome = try spinsim(["cheese", "tokens", "--vowdata", database, "--exclude", benchmark, "--out", out])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let written = try lines(out).dropFirst().map { String($0.prefix(6)) }
    #expect(written == ["w03,er", "w41,er", "w41,iy", "w03,uw", "w41,uw"])
    #expect(tableRows(outcome.stdout).contains(["total", "5", "1", "6"]), "\(outcome.stdout)")
    #expect(outcome.stdout.contains("(6 of 40 listed were in the database)"), "\(outcome.stdout)")
}

@Test func tokensRefuseToOverwriteWithoutForceAndNeverOverwriteAnInput() throws {
    let (directory, database) = try fixture()
    let out = directory + "/tokens.csv"
    #expect(try spinsim(["cheese", "tokens", "--vowdata", database, "--out", out]).status == 0)
    let again = try spinsim(["cheese", "tokens", "--vowdata", database, "--out", out])
    #expect(again.status != 0 && again.stderr == "Error: \(out): already exists; pass --force to replace it\n", "\(again.stderr)")
    #expect(try spinsim(["cheese", "tokens", "--vowdata", database, "--out", out, "--force"]).status == 0)
    // The input under another name: "./", and a hard link (a regular file --force would replace).
    let hardLink = directory + "/link.dat"
    try FileManager.default.linkItem(atPath: database, toPath: hardLink)
    for (target, extra) in [(directory + "/./vowdata.dat", [String]()), (hardLink, []), (out, ["--exclude", out])] {
        let clobber = try spinsim(["cheese", "tokens", "--vowdata", database, "--out", target, "--force"] + extra)
        #expect(clobber.status != 0 && clobber.stderr.hasPrefix("Error: \(target): is also the input --"), "\(clobber.stderr)")
    }
    #expect(try String(contentsOfFile: database, encoding: .utf8) == vowdata)
}

@Test func aMalformedDatabaseFailsWithOneLineNamingTheLine() throws {
    let (directory, _) = try fixture()
    let database = directory + "/bad.dat"
    try vowdata.replacingOccurrences(of: "w03er 278 182", with: "w03er 278 -182").write(toFile: database, atomically: true, encoding: .utf8)
    let outcome = try spinsim(["cheese", "tokens", "--vowdata", database, "--out", directory + "/t.csv"])
    #expect(outcome.status != 0)
    #expect(outcome.stderr == "Error: \(database): line 11: f0 (column 3) must be >= 0 (got -182)\n", "\(outcome.stderr)")
    #expect(!FileManager.default.fileExists(atPath: directory + "/t.csv"))
}

@Test func baselinesByFoldScoreEverySampleOnceHeldOut() throws {
    let outcome = try spinsim(["cheese", "baselines", "--data", benchmark, "--folds", "5"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout.contains("held out: 5 folds of the 15 talkers (sorted, dealt round-robin)"), "\(outcome.stdout)")
    let table = outcome.stdout.split(separator: "\n").filter { $0.contains("%") }
    #expect(table.count == 2 * BaselineClassifier.allCases.count)
    for row in table {
        let counts = row.split(separator: " ").filter { $0.contains("/") }
        // 40 samples, each held out once; each in the training set of 4 of the 5 folds.
        #expect(counts.count == 5 && counts.allSatisfy { $0.hasSuffix(row.contains("training") ? "/160" : "/40") }, "\(row)")
    }
}

@Test func baselinesFitOnOneFileAndScoreAnother() throws {
    let (directory, database) = try fixture()
    let heldOut = directory + "/heldout.csv"
    #expect(try spinsim(["cheese", "tokens", "--vowdata", database, "--exclude", benchmark, "--out", heldOut]).status == 0)
    let outcome = try spinsim(["cheese", "baselines", "--data", benchmark, "--test", heldOut])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout.contains("held out: \(heldOut) (5 samples; 2 from talkers also fitted on"), "\(outcome.stdout)")
    #expect(outcome.stdout.contains("majority class"))
}

@Test func theMajorityBaselineIsTheReadmeFigure() throws {
    // Fitted and scored on the benchmark: "never fires" is right on 30 of 40 per class, one guess on 10 of 40.
    let rows = try BenchmarkCSV.read(path: TestSupport.repository.appendingPathComponent(benchmark).path).rows
    let set = (rows.map(\.sample), rows.map { $0.cheese! })
    let majority = BaselineEvaluation(training: set, test: set).rows.first { $0.classifier == .majorityClass }!
    #expect(majority.heldOut == majority.training)
    #expect(majority.heldOut.oneVsRest == Array(repeating: Tally(correct: 30, total: 40), count: 4))
    #expect(majority.heldOut.multiClass == Tally(correct: 10, total: 40))
}

@Test func baselinesRefuseWhatTheyCannotEvaluate() throws {
    let (directory, _) = try fixture()
    let noTalkers = directory + "/no-talkers.csv"
    try "t2,t3,cheese\n1,2,brie\n3,4,stilton\n".write(toFile: noTalkers, atomically: true, encoding: .utf8)
    let gouda = directory + "/gouda.csv"
    try "t2,t3,cheese\n1,2,gouda\n".write(toFile: gouda, atomically: true, encoding: .utf8)
    for (arguments, message) in [
        (["--folds", "1"], "Error: --folds: must be at least 2 (got 1)"),
        ([], "Error: --folds: pass exactly one of --folds K, --leave-one-talker-out and --test FILE"),
        (["--folds", "16"], "Error: --folds: 16 folds by talker need at least 16 talkers; \(benchmark) has 15"),
        (["--test", gouda], "Error: \(gouda): line 2: class gouda has no sample in \(benchmark)"),
    ] {
        let outcome = try spinsim(["cheese", "baselines", "--data", benchmark] + arguments)
        #expect(outcome.status != 0 && outcome.stderr == message + "\n", "\(outcome.stderr)")
    }
    let outcome = try spinsim(["cheese", "baselines", "--data", noTalkers, "--leave-one-talker-out"])
    #expect(outcome.stderr == "Error: \(noTalkers): folds by talker need a talker column\n", "\(outcome.stderr)")
}
