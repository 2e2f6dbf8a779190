import Foundation
import Testing
import TestSupport

/// The columns of a sweep's summary.csv without the wall time.
private func summaryRows(_ directory: String) throws -> [[String]] {
    let lines = try String(contentsOfFile: directory + "/summary.csv", encoding: .utf8).split(separator: "\n")
    let header = lines[0].split(separator: ",").map(String.init)
    let wall = header.firstIndex(of: "simulation_s")!
    return lines.map { line in
        var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields.remove(at: wall)
        return fields
    }
}

/// Two values of tau_m for two seeds: four points in a fixed order, each the
/// run `spinsim run --set ... --seed ...` makes, whatever the number of jobs.
@Test func aSweepRunsEveryPointAsTheSingleRunWould() throws {
    let root = try temporaryDirectory().path
    let arguments = ["sweep", "examples/bench4.toml", "--set", "population.excitatory.tau_m=10 ms,20 ms", "--seeds", "3-4",
                     "--duration", "50"]
    let serial = try spinsim(arguments + ["--jobs", "1", "--out-dir", root + "/serial"])
    #expect(serial.status == 0, "\(serial.stderr)")
    let parallel = try spinsim(arguments + ["--jobs", "3", "--out-dir", root + "/parallel"])
    #expect(parallel.status == 0, "\(parallel.stderr)")
    let rows = try summaryRows(root + "/serial")
    #expect(rows.count == 5)
    #expect(rows.map { $0.prefix(3).joined(separator: " ") } == [
        "point seed population.excitatory.tau_m", "0 3 10 ms", "1 4 10 ms", "2 3 20 ms", "3 4 20 ms"])
    let withoutTraces = { (rows: [[String]]) in rows.map { $0.dropLast(2) } }
    #expect(withoutTraces(rows) == withoutTraces(try summaryRows(root + "/parallel")))
    // (10 ms, not the file's 20 ms, so a sweep that dropped its values would differ.)
    let single = try spinsim(["run", "examples/bench4.toml", "--set", "population.excitatory.tau_m=10 ms", "--seed", "4",
                              "--duration", "50", "--json"])
    #expect(single.stdout.contains("\"spikes\": \(rows[2][4]),"), "\(single.stdout) vs \(rows[2])")
    // The same directory again needs --force.
    let again = try spinsim(arguments + ["--out-dir", root + "/serial"])
    #expect(again.status == 1 && again.stderr == "Error: \(root)/serial: holds an earlier sweep; pass --force to replace it\n")
}

/// A value that the file's checks refuse stops the sweep before any point
/// runs, naming the point.
@Test func aBadSweepPointIsNamedBeforeAnyRuns() throws {
    let root = try temporaryDirectory().path
    let outcome = try spinsim(["sweep", "examples/bench4.toml", "--set", "population.excitatory.tau_m=10 ms,-1 ms",
                               "--out-dir", root + "/sweep"])
    #expect(outcome.status == 1)
    #expect(outcome.stderr.hasPrefix("Error: sweep point 1 (population.excitatory.tau_m=-1 ms): examples/bench4.toml: population[0].tau_m: must be > 0 ms"),
            "\(outcome.stderr)")
    #expect(!FileManager.default.fileExists(atPath: root + "/sweep"))  // not even created
}
