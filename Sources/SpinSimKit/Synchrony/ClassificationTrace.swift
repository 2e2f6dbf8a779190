import Formats
import SynchronyTask

/// Writes the HDF5 trace of a classification (readable with h5py) from the
/// classification's own results: the decisions it reported and what the
/// same simulations recorded. It simulates nothing.
///
/// - root attributes: simulator, command_line, classes, completed;
/// - `/cheese/<target>`: attributes `parameters` (the detector as JSON) and
///   `time_unit_ns`, and the per-sample decisions `t2`, `t3` (task units),
///   `label` (uint32 index into the root attribute `classes`, or 4294967295
///   when unlabelled), `synchronized` (uint32 0/1), `score` (coherent power),
///   `time_of_maximum` (task units), `pair_locking` (samples x 3: pairs
///   (1,2), (1,3), (2,3));
/// - `/cheese/<target>/samples/<k>/spikes`: SONATA-style `timestamps`
///   (float64, units "us") and `node_ids` (uint64, oscillator 0-2);
/// - `/cheese/<target>/samples/<k>/sampled`: `time` (task units), `phase`
///   (time x 3, cycles, unwrapped), `frequency` (time x 3, MHz),
///   `coherent_power` and `pair_locking` (time x 3) of the window ending at
///   the latest reference spike (0 until the first window is full); device
///   model: also `power` (time x 3), with the instantaneous coherence and
///   cos of the pairs' phase differences in place of the windowed values;
/// - device model, `/cheese/<target>/samples/<k>/spectrum_frequency` (MHz)
///   and `spectrum_density` (1/MHz, single-device power units): the summed
///   output's spectrum over the window that scored the decision;
/// - `/report/<target>_sample<k>_phase` and `..._frequency` (device model:
///   and `..._power`): the same phases
///   and frequencies as SONATA reports (Formats' `StateReport`: `data`
///   float32 time x 3 oscillators, `mapping/node_ids` 0-2, `mapping/time`
///   [start, stop, step] in us), so that libsonata's `SomaReportReader` reads them.
///
/// Detectors are written one after the other: `beginDetector`, then
/// `addSample` for each recorded sample, then `endDetector` with the
/// decisions; `finish` marks the file complete. The caller writes the file
/// under a temporary name (`AtomicOutput`), so `completed` is true in every
/// trace that appears under its final name.
public final class ClassificationTrace {
    private let file: HDF5File
    private let root: HDF5Group
    private let cheese: HDF5Group
    private let reports: HDF5Group
    /// The detector being written, its group and its `samples` group.
    private var current: (parameters: SynchronyDetectorParameters, group: HDF5Group, samples: HDF5Group)?

    /// Creates the file at `path` (replacing a file there: the caller's
    /// `AtomicOutput` has applied the output policy to the final name).
    public init(path: String, commandLine: String) throws {
        file = try HDF5File.create(path: path, overwrite: true)
        root = try file.rootGroup()
        try root.setAttribute("simulator", string: "spinsim")
        try root.setAttribute("command_line", string: commandLine)
        try root.setAttribute("classes", string: CheeseBenchmark.classes.joined(separator: ","))
        try root.setAttribute("completed", bool: false)
        cheese = try root.createGroup("cheese")
        reports = try root.createGroup("report")
    }

    /// Starts the group of one detector: its parameters, the samples and their labels.
    public func beginDetector(_ parameters: SynchronyDetectorParameters, samples: [InputSpikeTimes],
                              labels: [String?]) throws {
        precondition(current == nil, "endDetector must close the previous detector")
        let group = try cheese.createGroup(parameters.target)
        try group.setAttribute("parameters", string: try DetectorFile.json(parameters))
        try group.setAttribute("time_unit_ns", value: parameters.timeUnit)
        try group.createDataset("t2", values: samples.map(\.t2))
        try group.createDataset("t3", values: samples.map(\.t3))
        try group.createDataset("label", values: labels.map { label in
            label.flatMap { CheeseBenchmark.classes.firstIndex(of: $0) }.map(UInt32.init) ?? UInt32.max
        })
        current = (parameters, group, try group.createGroup("samples"))
    }

    /// Writes what the simulation of sample `index` recorded, sampled every
    /// `sampleInterval` task units, for the current detector.
    public func addSample(_ index: Int, _ recording: SampleRecording, sampleInterval: Double) throws {
        guard let (parameters, _, samples) = current else { preconditionFailure("beginDetector first") }
        let sample = try samples.createGroup("\(index)")
        let spikes = try sample.createGroup("spikes")
        let times = try spikes.createExtendibleDataset("timestamps", of: Double.self, chunkSize: 65536, compressionLevel: 4)
        try times.append(recording.spikeTimes)
        try times.setAttribute("units", string: "us")
        let nodes = try spikes.createExtendibleDataset("node_ids", of: UInt64.self, chunkSize: 65536, compressionLevel: 4)
        try nodes.append(recording.spikeOscillators)
        let sampled = try sample.createGroup("sampled")
        try sampled.createDataset("time", values: recording.sampleTimes)
        // The device model also records each device's power.
        let power = recording.powers.isEmpty ? [] : [("power", recording.powers, "1")]
        for (name, values, units) in [("phase", recording.phases, "cycles"), ("frequency", recording.frequencies, "MHz"),
                                      ("pair_locking", recording.pairLocking, "1")] + power {
            let dataset = try sampled.createExtendibleDataset(name, of: Double.self, chunkSize: 1024, columns: 3)
            try dataset.append(values)
            try dataset.setAttribute("units", string: units)
        }
        try sampled.createDataset("coherent_power", values: recording.coherentPower)
        if !recording.spectrumDensity.isEmpty {
            let frequency = try sample.createDataset("spectrum_frequency", values: recording.spectrumFrequencies)
            try frequency.setAttribute("units", string: "MHz")
            let density = try sample.createDataset("spectrum_density", values: recording.spectrumDensity)
            try density.setAttribute("units", string: "1/MHz")
        }
        let microseconds = parameters.microsecondsPerUnit
        for (variable, values, units) in [("phase", recording.phases, "cycles"), ("frequency", recording.frequencies, "MHz")] + power {
            let report = try StateReport.create(
                in: reports, name: "\(parameters.target)_sample\(index)_\(variable)", variable: variable, units: units,
                nodes: [0, 1, 2], start: (recording.sampleTimes.first ?? 0) * microseconds,
                step: sampleInterval * microseconds, timeUnits: "us")
            for row in Swift.stride(from: 0, to: values.count, by: 3) { try report.append(values[row..<row + 3].map { Float($0) }) }
            try report.write()
        }
    }

    /// Ends the current detector's group with its decision on every sample.
    public func endDetector(decisions: [SynchronyDecision]) throws {
        guard let (_, group, _) = current else { preconditionFailure("beginDetector first") }
        try group.createDataset("synchronized", values: decisions.map { UInt32($0.synchronized ? 1 : 0) })
        try group.createDataset("score", values: decisions.map(\.score))
        try group.createDataset("time_of_maximum", values: decisions.map(\.timeOfMaximum))
        let locking = try group.createExtendibleDataset("pair_locking", of: Double.self, chunkSize: 64, columns: 3)
        try locking.append(decisions.flatMap(\.pairLocking))
        current = nil
    }

    /// Marks the trace complete and writes it to disk; the file closes when
    /// this writer is released.
    public func finish() throws {
        precondition(current == nil, "endDetector must close the last detector")
        try root.setAttribute("completed", bool: true)
        try file.flush()
    }
}
