import Diagnostics
import Formats
import Foundation
import SpinSimKit
import Testing
import TestSupport

/// Integrators kicked all at once (at 100.5 ms every cell within 5 mV of
/// threshold fires at the same instant, in the kernel's furthest-past-
/// threshold order, not by index), feeding LIF cells through learning
/// synapses; the integrators' potential and the learning weights are
/// sampled. Everything a run in parts has to put back together.
private let networkText = """
    duration = "400 ms"
    seed = 4

    [[population]]
    name = "integrators"
    model = "pif"
    size = 80
    c_m = "250 pF"
    i_e = "200 pA"
    v_threshold = "-50 mV"
    v_reset = "-70 mV"
    t_refractory = "2 ms"
    v_init = { uniform = ["-70 mV", "-50 mV"] }

    [[population]]
    name = "readout"
    model = "lif"
    size = 7
    tau_m = "10 ms"
    v_rest = "-70 mV"
    v_threshold = "-55 mV"
    v_reset = "-70 mV"
    t_refractory = "2 ms"
    v_init = "-70 mV"

    [[population]]
    name = "kicks"
    model = "spike_times"
    time_unit = "ms"
    spike_times = [[100, 250]]

    [[projection]]
    source = "integrators"
    target = "readout"
    connectivity = { rule = "fixed_indegree", k = 30 }
    weight = "1.3 mV"
    delay = "1 ms"
    plasticity = { rule = "stdp_pair", pairing = "all_to_all", bounds = "additive", w_min = "0 mV", w_max = "2.5 mV", a_plus = "0.05 mV", a_minus = "0.06 mV", tau_plus = "20 ms", tau_minus = "20 ms" }

    [[projection]]
    source = "kicks"
    target = "integrators"
    connectivity = { rule = "all_to_all" }
    weight = "5 mV"
    delay = "0.5 ms"

    [record]
    spikes = ["integrators", "readout:0-2,5", "kicks"]
    state = [{ population = "integrators", variable = "v", nodes = [41, 3, 17, 78, 0] }]
    sample_interval = "0.7 ms"
    weight_interval = "20 ms"
    """

/// Every dataset of a trace that the run's dynamics decide, by path, as raw values.
private func datasets(_ path: String) throws -> [String: [Double]] {
    let root = try HDF5File.open(path: path).rootGroup()
    var result: [String: [Double]] = [:]
    let spikes = try root.openGroup("spikes")
    for population in try spikes.memberNames() {
        let group = try spikes.openGroup(population)
        result["spikes/\(population)/timestamps"] = try group.openDataset("timestamps").read(Double.self, atMost: .max)
        result["spikes/\(population)/node_ids"] = try group.openDataset("node_ids").read(UInt64.self, atMost: .max).map(Double.init)
    }
    let reports = try root.openGroup("report")
    for report in try reports.memberNames() {
        let group = try reports.openGroup(report)
        result["report/\(report)/data"] = try group.openDataset("data").read(Float.self, atMost: .max).map(Double.init)
        result["report/\(report)/node_ids"] = try group.openGroup("mapping").openDataset("node_ids").read(UInt64.self, atMost: .max).map(Double.init)
    }
    let projections = try root.openGroup("projections")
    for projection in try projections.memberNames() {
        let group = try projections.openGroup(projection)
        result["projections/\(projection)/weights"] = try group.openDataset("weights").read(Double.self, atMost: .max)
        for name in ["source_node_ids", "target_node_ids"] {
            result["projections/\(projection)/\(name)"] = try group.openDataset(name).read(UInt64.self, atMost: .max).map(Double.init)
        }
    }
    return result
}

private func run(threads: Int, into out: String) throws -> RunSummary {
    var options = RunOptions()
    options.out = out
    options.threads = threads
    let file = try NetworkFile.parse(networkText)
    return try NetworkRun(file: file, label: "kicked", duration: file.duration, seed: file.seed, options: options).execute()
}

/// Spikes (simultaneous ones included), sampled potentials, sampled and
/// final weights and the summary's statistics: the same bits in parts as in
/// one thread. (Seen red with the trace's instants written unsorted, and
/// with the parts' report columns or connection rows concatenated by part.)
@Test(arguments: [2, 3])
func aRunInPartsWritesWhatOneThreadWrites(threads: Int) throws {
    let directory = try temporaryDirectory()
    let single = try run(threads: 1, into: directory.appendingPathComponent("one.h5").path)
    let parted = try run(threads: threads, into: directory.appendingPathComponent("parts.h5").path)
    let expected = try datasets(directory.appendingPathComponent("one.h5").path)
    let written = try datasets(directory.appendingPathComponent("parts.h5").path)
    #expect(expected.keys.sorted() == written.keys.sorted())
    for key in expected.keys.sorted() {
        #expect(expected[key]!.count == written[key]?.count, "\(key)")
        #expect(expected[key]!.map(\.bitPattern) == written[key]?.map(\.bitPattern), "\(key)")
    }
    // The case is one that tests these things: instants with many spikes, samples, learning.
    let times = expected["spikes/integrators/timestamps"]!
    #expect(zip(times, times.dropFirst()).filter { $0 == $1 }.count > 10)
    #expect(expected["report/integrators/data"]!.count == 572 * 5)
    #expect(expected["report/weights_0_integrators_to_readout/data"]!.count == 20 * 210)
    #expect(Set(expected["projections/0_integrators_to_readout/weights"]!).count > 20)
    #expect(parted.spikes == single.spikes && parted.inputSpikes == single.inputSpikes && single.spikes > 1000)
    #expect(parted.synapses == single.synapses && parted.synapticEvents == single.synapticEvents)
    #expect(parted.meanRate.bitPattern == single.meanRate.bitPattern)
    #expect(parted.coefficientOfVariation?.bitPattern == single.coefficientOfVariation?.bitPattern)
    #expect(try TraceSummary.read(path: directory.appendingPathComponent("parts.h5").path).completed == true)
}

@Test func aRunInPartsRefusesWhatItCannotDo() throws {
    let file = try NetworkFile.parse(networkText)
    var options = RunOptions()
    options.threads = 2
    options.checkpoint = try temporaryDirectory().appendingPathComponent("c.json").path
    #expect(throws: InputError("--checkpoint: a checkpointed run runs in one thread; drop --threads 2 or --checkpoint")) {
        _ = try NetworkRun(file: file, label: "kicked", duration: 10, seed: 1, options: options)
    }
    options.checkpoint = nil
    let instant = try NetworkFile.parse(networkText.replacingOccurrences(of: "delay = \"0.5 ms\"", with: "delay = \"0 ms\""))
    #expect(throws: InputError("kicked: --threads 2 needs every delay > 0 (the parts exchange spikes once per smallest delay), and a projection has delay 0")) {
        _ = try NetworkRun(file: instant, label: "kicked", duration: 10, seed: 1, options: options)
    }
    options.threads = 257
    #expect(throws: InputError("--threads 257: at most 256 threads (one per part)")) {
        _ = try NetworkRun(file: file, label: "kicked", duration: 10, seed: 1, options: options)
    }
}
