import Foundation
import Oscillators
import Diagnostics
import SynchronyTask
import Oscillators
import Formats

/// Writes the HDF5 trace of a Cheddar-task classification (readable with h5py):
///
/// - root attributes: simulator, command_line, classes, time_unit_ns per detector group, completed;
/// - `/cheese/<target>`: attribute `parameters` (the detector as JSON) and the
///   per-sample decisions `t2`, `t3` (task units), `label` (uint32 index into
///   the root attribute `classes`, or 4294967295 when unlabelled),
///   `synchronized` (uint32 0/1), `score` (coherent power), `time_of_maximum`
///   (task units), `pair_locking` (samples x 3: pairs (1,2), (1,3), (2,3));
/// - `/cheese/<target>/samples/<k>/spikes`: SONATA-style `timestamps`
///   (float64, units "us") and `node_ids` (uint64, oscillator 0-2);
/// - `/cheese/<target>/samples/<k>/sampled`: `time` (task units), `phase`
///   (time x 3, cycles, unwrapped), `frequency` (time x 3, MHz),
///   `coherent_power` and `pair_locking` (time x 3) of the window ending at
///   the latest reference spike (0 until the first window is full).
///
/// - `/report/<target>_sample<k>_phase` and `..._frequency`: the same phases
///   and frequencies as SONATA reports (`data` float32 time x 3 oscillators,
///   `mapping/node_ids` 0-2, `mapping/time` [start, stop, step] in us), so
///   that libsonata's `SomaReportReader` reads them.
///
/// Samples are re-simulated with recording on; runs are deterministic, so
/// the recorded decisions equal the classification's (checked on write).
public enum CheeseTrace {
    public static let classes = ["cheddar", "brie", "cheshire", "stilton"]

    public static func write(path: String, overwrite: Bool, detectors: [CheeseDetectorParameters],
                             samples: [CheeseSample], labels: [String?], decisions: [[CheeseDecision]],
                             commandLine: String, sampleInterval: Double = 1) throws(InputError) {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw InputError("\(path): file already exists (not overwriting it)")
        }
        // Written under a temporary name and renamed when complete, so an
        // interrupted classification never leaves a partial trace at `path`.
        let temporary = path + ".partial"
        do {
            try writeContents(path: temporary, detectors: detectors, samples: samples, labels: labels,
                              decisions: decisions, commandLine: commandLine, sampleInterval: sampleInterval)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw InputError("\(path): cannot replace the file (\(reason))")
        }
    }

    private static func writeContents(path: String, detectors: [CheeseDetectorParameters], samples: [CheeseSample],
                                      labels: [String?], decisions: [[CheeseDecision]], commandLine: String,
                                      sampleInterval: Double) throws(InputError) {
        do {
            let file = try HDF5File.create(path: path, overwrite: true)
            let root = try file.rootGroup()
            try root.setAttribute("simulator", string: "spinsim")
            try root.setAttribute("command_line", string: commandLine)
            try root.setAttribute("classes", string: classes.joined(separator: ","))
            try root.setAttribute("completed", bool: false)
            let cheese = try root.createGroup("cheese")
            let reports = try root.createGroup("report")
            for (index, parameters) in detectors.enumerated() {
                let detector = try CheeseDetector(parameters: parameters)
                let group = try cheese.createGroup(parameters.target)
                try group.setAttribute("parameters", string: try CheeseParameterFile.json(parameters))
                try group.setAttribute("time_unit_ns", value: parameters.timeUnit)
                let chosen = decisions[index]
                try group.createDataset("t2", values: samples.map(\.t2))
                try group.createDataset("t3", values: samples.map(\.t3))
                try group.createDataset("label", values: labels.map { label in
                    label.flatMap { classes.firstIndex(of: $0) }.map(UInt32.init) ?? UInt32.max
                })
                try group.createDataset("synchronized", values: chosen.map { UInt32($0.synchronized ? 1 : 0) })
                try group.createDataset("score", values: chosen.map(\.score))
                try group.createDataset("time_of_maximum", values: chosen.map(\.timeOfMaximum))
                let locking = try group.createExtendibleDataset("pair_locking", of: Double.self, chunkSize: 64, columns: 3)
                try locking.append(chosen.flatMap(\.pairLocking))
                let perSample = try group.createGroup("samples")
                for (k, sample) in samples.enumerated() {
                    let trace = detector.trace(sample, sampleIndex: k, sampleInterval: sampleInterval)
                    guard trace.decision == chosen[k] else {
                        throw InputError("\(path): re-simulated sample \(k) differs from its classification")
                    }
                    let sampleGroup = try perSample.createGroup("\(k)")
                    let spikes = try sampleGroup.createGroup("spikes")
                    let times = try spikes.createExtendibleDataset("timestamps", of: Double.self, chunkSize: 65536,
                                                                   compressionLevel: 4)
                    try times.append(trace.spikeTimes)
                    try times.setAttribute("units", string: "us")
                    let nodes = try spikes.createExtendibleDataset("node_ids", of: UInt64.self, chunkSize: 65536,
                                                                   compressionLevel: 4)
                    try nodes.append(trace.spikeOscillators)
                    let sampled = try sampleGroup.createGroup("sampled")
                    try sampled.createDataset("time", values: trace.sampleTimes)
                    for (name, values, units) in [("phase", trace.phases, "cycles"), ("frequency", trace.frequencies, "MHz"),
                                                  ("pair_locking", trace.pairLocking, "1")] {
                        let dataset = try sampled.createExtendibleDataset(name, of: Double.self, chunkSize: 1024, columns: 3)
                        try dataset.append(values)
                        try dataset.setAttribute("units", string: units)
                    }
                    try sampled.createDataset("coherent_power", values: trace.coherentPower)
                    let microseconds = parameters.microsecondsPerUnit
                    for (variable, values, units) in [("phase", trace.phases, "cycles"), ("frequency", trace.frequencies, "MHz")] {
                        try writeReport(
                            in: reports, name: "\(parameters.target)_sample\(k)_\(variable)", variable: variable,
                            units: units, values: values, start: (trace.sampleTimes.first ?? 0) * microseconds,
                            step: sampleInterval * microseconds)
                    }
                }
            }
            try root.setAttribute("completed", bool: true)
            try file.flush()
        } catch let failure as InputError {
            throw failure
        } catch {
            throw InputError("\(path): \(error)")
        }
    }

    /// One SONATA report of the three oscillators (`values` row-major, time x 3).
    private static func writeReport(
        in reports: HDF5Group, name: String, variable: String, units: String, values: [Double], start: Double, step: Double
    ) throws {
        let group = try reports.createGroup(name)
        let data = try group.createExtendibleDataset("data", of: Float.self, chunkSize: 1024, columns: 3)
        try data.append(values.map { Float($0) })
        try data.setAttribute("units", string: units)
        try data.setAttribute("variable", string: variable)
        let mapping = try group.createGroup("mapping")
        try mapping.createDataset("node_ids", values: [UInt64(0), 1, 2])
        try mapping.createDataset("index_pointers", values: [UInt64(0), 1, 2, 3])
        try mapping.createDataset("element_ids", values: [UInt32](repeating: 0, count: 3))
        let rows = Double(values.count / 3)
        let time = try mapping.createDataset("time", values: [start, start + rows * step, step])
        try time.setAttribute("units", string: "us")
    }
}
