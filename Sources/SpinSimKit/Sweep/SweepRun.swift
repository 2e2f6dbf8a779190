import Diagnostics
import Dispatch
import Formats
import Foundation
import Synchronization

/// `spinsim sweep`: one `spinsim run` per point of a `SweepPlan`, `jobs` at a
/// time, each its own process (a failing or huge point cannot take the
/// others down, and the cores are used without threads in the kernel), each
/// writing `point-NNNN.h5` in the sweep's directory. Every point is read and
/// validated before any runs, so a bad value is one line naming the point.
/// The results go to `summary.csv` and `summary.json` in point order, the
/// same whatever `jobs` is (traces bit for bit; the wall times differ).
public final class SweepRun: Sendable {
    public struct Options: Sendable {
        public var networkFile: String
        public var directory: String
        /// `--duration` for every point (as given), or nil for the file's.
        public var duration: String?
        public var jobs: Int
        public var replacing: Bool
        /// The spinsim binary that runs each point.
        public var executable: URL

        public init(networkFile: String, directory: String, duration: String?, jobs: Int, replacing: Bool, executable: URL) {
            self.networkFile = networkFile
            self.directory = directory
            self.duration = duration
            self.jobs = jobs
            self.replacing = replacing
            self.executable = executable
        }
    }

    /// What one point ended with.
    public struct Result: Sendable {
        public var point: SweepPlan.Point
        public var trace: String
        /// The run's `--json` summary line, when it succeeded.
        public var summary: String?
        /// The run's error line, when it failed.
        public var error: String?
    }

    private let plan: SweepPlan
    private let options: Options

    public init(plan: SweepPlan, options: Options) throws(InputError) {
        guard (1...256).contains(options.jobs) else { throw InputError(input: "--jobs", "must be in 1...256 (got \(options.jobs))") }
        for point in plan.points {
            do {
                _ = try NetworkFile.load(path: options.networkFile, overrides: point.overrides.map(NetworkOverride.parse))
            } catch {
                throw InputError("sweep point \(point.index) (\(point.overrides.joined(separator: " "))): \(error)")
            }
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: options.directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw InputError(input: options.directory, "is not a directory") }
            let held = (try? FileManager.default.contentsOfDirectory(atPath: options.directory)) ?? []
            if !options.replacing, held.contains(where: { $0.hasPrefix("summary.") || ($0.hasPrefix("point-") && $0.hasSuffix(".h5")) }) {
                throw InputError(input: options.directory, "holds an earlier sweep; pass --force to replace it")
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
            } catch {
                throw InputError(input: options.directory, "cannot create the directory")
            }
        }
        self.plan = plan
        self.options = options
    }

    /// Runs every point and writes the summaries; returns the results in point order.
    public func execute(progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> [Result] {
        let points = plan.points
        let results = Mutex<(stored: [Result?], done: Int)>((Array(repeating: nil, count: points.count), 0))
        let next = Mutex(0)  // the next point to start
        DispatchQueue.concurrentPerform(iterations: min(options.jobs, points.count)) { _ in
            while true {
                let index = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard index < points.count else { return }
                let result = run(points[index])
                let done = results.withLock { state -> Int in
                    state.stored[index] = result
                    state.done += 1
                    return state.done
                }
                progress(done, points.count)
            }
        }
        let finished = results.withLock { $0.stored.compactMap { $0 } }
        try writeSummaries(finished)
        return finished
    }

    private func tracePath(_ point: SweepPlan.Point) -> String {
        URL(fileURLWithPath: options.directory).appendingPathComponent(String(format: "point-%04d.h5", point.index)).path
    }

    private func run(_ point: SweepPlan.Point) -> Result {
        var arguments = ["run", options.networkFile, "--out", tracePath(point), "--json", "--quiet", "--force"]
        for override in point.overrides { arguments += ["--set", override] }
        if let seed = point.seed { arguments += ["--seed", "\(seed)"] }
        if let duration = options.duration { arguments += ["--duration", duration] }
        let process = Process()
        process.executableURL = options.executable
        process.arguments = arguments
        // stdout is one JSON line; stderr goes to a file, so neither pipe can fill and block the child.
        let output = Pipe()
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("spinsim-sweep-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        var result = Result(point: point, trace: tracePath(point))
        do {
            try process.run()
        } catch {
            result.error = "cannot start \(options.executable.path): \(error)"
            return result
        }
        let stdoutData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: stdoutData, as: UTF8.self).split(separator: "\n").last.map(String.init)
        if process.terminationStatus == 0, let line, Self.summaryFields(line) != nil {
            result.summary = line
        } else {
            let stderrText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            result.error = stderrText.split(separator: "\n").last { $0.hasPrefix("Error: ") }.map(String.init)
                ?? "exit status \(process.terminationStatus)"
        }
        return result
    }

    /// The summary fields copied into the CSV, in order.
    private static let columns = ["spikes", "mean_rate_hz", "isi_cv", "synaptic_events", "simulation_s"]

    private func writeSummaries(_ results: [Result]) throws {
        let keys = plan.axes.map(\.key)
        var csv = (["point", "seed"] + keys + ["status"] + Self.columns + ["trace", "error"]).map(Self.csvField).joined(separator: ",") + "\n"
        var rows: [[String: Any]] = []
        for result in results {
            let values = result.point.settings.map(\.value)
            let summary = result.summary.flatMap(Self.summaryFields)
            let fields = Self.columns.map { column in summary?[column].map { $0 is NSNull ? "" : "\($0)" } ?? "" }
            csv += ([String(result.point.index), result.point.seed.map(String.init) ?? ""] + values
                    + [result.error == nil ? "ok" : "failed"] + fields + [result.trace, result.error ?? ""])
                .map(Self.csvField).joined(separator: ",") + "\n"
            var row: [String: Any] = [
                "point": result.point.index, "settings": Dictionary(uniqueKeysWithValues: zip(keys, values)),
                "status": result.error == nil ? "ok" : "failed", "trace": result.trace,
            ]
            if let seed = result.point.seed { row["seed"] = seed }
            if let summary { row["summary"] = summary }
            if let error = result.error { row["error"] = error }
            rows.append(row)
        }
        let directory = URL(fileURLWithPath: options.directory)
        try AtomicOutput.write(Data(csv.utf8), to: directory.appendingPathComponent("summary.csv").path)
        let json = try JSONSerialization.data(withJSONObject: ["network_file": options.networkFile, "points": rows],
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try AtomicOutput.write(json + Data("\n".utf8), to: directory.appendingPathComponent("summary.json").path)
    }

    private static func summaryFields(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    private static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
