#if canImport(Glibc)
import Glibc
#endif
import Diagnostics
import Formats
import Foundation
import SpinSimKit
import Testing
import TestSupport

private let populations = """
    duration = "1000 ms"
    seed = 3

    [[population]]
    name = "drive"
    model = "poisson"
    size = 80
    rate = "30 Hz"

    [[population]]
    name = "cells"
    model = "lif"
    size = 40
    tau_m = "10 ms"
    v_rest = "-70 mV"
    v_threshold = "-55 mV"
    v_reset = "-70 mV"
    t_refractory = "2 ms"
    v_init = { uniform = ["-70 mV", "-56 mV"] }

    """

/// 1,200 connections drive -> cells, each with its weight (mV) and one of
/// three delays, and 300 inhibitory cells -> cells connections listed
/// target first, with the projection's weight and delay.
private struct Edge {
    var source: Int, target: Int, weight: Double, delay: Double
}

private let drive = (0..<1200).map { (i: Int) -> Edge in
    let delays: [Double] = [1.5, 1, 2.25]
    return Edge(source: i * 37 % 80, target: (i * 11 + i / 80) % 40, weight: Double(1 + i % 13) * 0.3, delay: delays[i % 3])
}
private let recurrent = (0..<300).map { (i: Int) -> Edge in Edge(source: i * 7 % 40, target: (i * 3 + 1) % 40, weight: 0, delay: 0) }

/// The network with its lists written inline (`explicit`, one projection per delay).
private func explicitText() -> String {
    var text = populations
    for delay in Set(drive.map(\.delay)).sorted() {
        let group = drive.filter { $0.delay == delay }
        text += """
            [[projection]]
            source = "drive"
            target = "cells"
            connectivity = { rule = "explicit", sources = \(group.map(\.source)), targets = \(group.map(\.target)), weights = \(group.map(\.weight)), weight_unit = "mV" }
            delay = "\(delay) ms"

            """
    }
    return text + """
        [[projection]]
        source = "cells"
        target = "cells"
        connectivity = { rule = "explicit", sources = \(recurrent.map(\.source)), targets = \(recurrent.map(\.target)) }
        weight = "-0.5 mV"
        delay = "0.5 ms"

        """
}

/// The network with its lists in files `drive` and `recurrent` (relative paths).
private func fileText(drive: String, recurrent: String) -> String {
    populations + """
        [[projection]]
        source = "drive"
        target = "cells"
        connectivity = { rule = "file", path = "\(drive)" }

        [[projection]]
        source = "cells"
        target = "cells"
        connectivity = { rule = "file", path = "\(recurrent)" }
        weight = "-0.5 mV"
        delay = "0.5 ms"

        """
}

private func writeCSV(in directory: URL) throws {
    let rows = drive.map { "\($0.source),\($0.target),\($0.weight),\($0.delay)" }
    try ("source,target,weight_mV,delay_ms\n" + rows.joined(separator: "\n") + "\n")
        .write(to: directory.appendingPathComponent("drive.csv"), atomically: false, encoding: .utf8)
    // Columns in another order, spaces and a CRLF line end: read the same.
    try ("target, source\r\n" + recurrent.map { "\($0.target), \($0.source)" }.joined(separator: "\r\n"))
        .write(to: directory.appendingPathComponent("recurrent.csv"), atomically: false, encoding: .utf8)
}

private func writeHDF5(in directory: URL) throws {
    let root = try HDF5File.create(path: directory.appendingPathComponent("drive.h5").path).rootGroup()
    _ = try root.createDataset("source", values: drive.map { UInt64($0.source) })
    _ = try root.createDataset("target", values: drive.map { UInt64($0.target) })
    try root.createDataset("weight", values: drive.map(\.weight)).setAttribute("units", string: "mV")
    try root.createDataset("delay", values: drive.map(\.delay)).setAttribute("units", string: "ms")
    let other = try HDF5File.create(path: directory.appendingPathComponent("recurrent.h5").path).rootGroup()
    _ = try other.createDataset("source", values: recurrent.map { Int64($0.source) })
    _ = try other.createDataset("target", values: recurrent.map { Int64($0.target) })
}

/// Spike times and node ids of both populations, as bit patterns.
private func spikes(_ path: String) throws -> [[UInt64]] {
    let group = try HDF5File.open(path: path).rootGroup().openGroup("spikes")
    return try ["drive", "cells"].flatMap { name in
        let population = try group.openGroup(name)
        return [try population.openDataset("timestamps").read(Double.self, atMost: .max).map(\.bitPattern),
                try population.openDataset("node_ids").read(UInt64.self, atMost: .max)]
    }
}

private func run(_ file: NetworkFile, into path: String, threads: Int = 1) throws {
    var options = RunOptions()
    options.out = path
    options.threads = threads
    _ = try NetworkRun(file: file, label: "lists", duration: file.duration, seed: file.seed, options: options).execute()
}

/// The same connections from a CSV file, from an HDF5 file and written
/// inline with the explicit rule: the same spikes bit for bit, in one
/// thread and in two; the files read are named in the network text with
/// their size and hash. (Seen red with the lists' delays dropped for the
/// projection's, and with CSV columns taken by position, not by name.)
@Test func connectionListsFromFilesRunAsTheSameConnectionsListedInline() throws {
    let directory = try temporaryDirectory()
    let path = { (name: String) in directory.appendingPathComponent(name).path }
    try writeCSV(in: directory)
    try writeHDF5(in: directory)
    let inline = try NetworkFile.parse(explicitText())
    #expect(inline.network.projections.count == 4)
    try run(inline, into: path("inline.h5"))
    let expected = try spikes(path("inline.h5"))
    #expect(expected[2].count > 500 && expected[0].count > 2000)
    for (name, drive, recurrent) in [("csv", "drive.csv", "recurrent.csv"), ("hdf5", "drive.h5", "recurrent.h5")] {
        let networkPath = path("\(name).toml")
        try fileText(drive: drive, recurrent: recurrent).write(toFile: networkPath, atomically: false, encoding: .utf8)
        let file = try NetworkFile.load(path: networkPath)
        #expect(file.network.projections == inline.network.projections.map { projection in
            var projection = projection
            projection.label = projection.source == "drive" ? "projection[0]" : "projection[1]"
            return projection
        }, "\(name)")
        for list in [drive, recurrent] {
            let digest = try FileDigest.of(path(list))
            #expect(file.text.contains("# \(path(list)) \(digest.bytes) \(digest.fnv1a64)\n"), "\(file.text.suffix(300))")
        }
        try run(file, into: path("\(name).h5"))
        #expect(try spikes(path("\(name).h5")) == expected, "\(name)")
        try run(file, into: path("\(name)-threads.h5"), threads: 2)
        #expect(try spikes(path("\(name)-threads.h5")) == expected, "\(name), 2 threads")
        let stored = try HDF5File.open(path: path("\(name).h5")).rootGroup().stringAttributes()[TraceAttribute.networkFile.rawValue]
        #expect(stored?.contains("# connection lists read (bytes, FNV-1a 64):") == true)
    }
}

/// What a hostile or damaged list does: one line naming the file and the
/// line or dataset at fault, and nothing read from a FIFO or a device.
/// (Seen red with the node range check left to the network's validation,
/// which names the projection but not the line.)
@Test func damagedConnectionListsAreOneLineErrorsNamingTheFileAndPlace() throws {
    let directory = try temporaryDirectory()
    let path = { (name: String) in directory.appendingPathComponent(name).path }
    func refusal(_ list: String, csv: String? = nil, extra: String = "") throws -> String {
        if let csv { try csv.write(toFile: path(list), atomically: false, encoding: .utf8) }
        let text = populations + """
            [[projection]]
            source = "drive"
            target = "cells"
            connectivity = { rule = "file", path = "\(list)" }
            \(extra)
            """
        try text.write(toFile: path("net.toml"), atomically: false, encoding: .utf8)
        do { _ = try NetworkFile.load(path: path("net.toml")) } catch {
            #expect(!error.description.contains("\n"))
            return error.description
        }
        return "accepted"
    }
    let header = "source,target,weight_mV,delay_ms\n"
    #expect(try refusal("none.csv") == "\(path("none.csv")): no such file")
    try FileManager.default.createDirectory(atPath: path("folder.csv"), withIntermediateDirectories: false)
    #expect(try refusal("folder.csv") == "\(path("folder.csv")): is a directory, not a regular file")
    try FileManager.default.createSymbolicLink(atPath: path("zero.csv"), withDestinationPath: "/dev/zero")
    #expect(try refusal("zero.csv") == "\(path("zero.csv")): is a character device, not a regular file")
    #expect(mkfifo(path("fifo.csv"), 0o600) == 0 && mkfifo(path("fifo.h5"), 0o600) == 0)
    #expect(try refusal("fifo.csv") == "\(path("fifo.csv")): is a FIFO, not a regular file")
    #expect(try refusal("fifo.h5") == "\(path("fifo.h5")): is a FIFO, not a regular file")
    #expect(try refusal("edges.txt", csv: header) == "\(path("edges.txt")): a connection list must be a .csv or an .h5 file")
    let csv = path("e.csv")
    #expect(try refusal("e.csv", csv: "") == "\(csv): line 1: expected a header line: source,target[,weight_<unit>][,delay_<unit>]")
    #expect(try refusal("e.csv", csv: header + "1,2,0.5,1\n3,4,0.5\n") == "\(csv): line 3: has 3 fields, the header 4 (source,target,weight_mV,delay_ms)")
    #expect(try refusal("e.csv", csv: header + "1,2,abc,1\n") == "\(csv): line 2: weight_mV: expected a finite number, got \"abc\"")
    #expect(try refusal("e.csv", csv: header + "1,2,nan,1\n") == "\(csv): line 2: weight_mV: expected a finite number, got \"nan\"")
    #expect(try refusal("e.csv", csv: "source,target,delay_s\n1,2,1e300\n1,2,1e308\n") == "\(csv): line 3: delay_s: expected a finite number >= 0, got \"1e308\"")
    #expect(try refusal("e.csv", csv: header + "1,2,1,-0.5\n") == "\(csv): line 2: delay_ms: expected a finite number >= 0, got \"-0.5\"")
    #expect(try refusal("e.csv", csv: header + "\n-1,2,1,1\n") == "\(csv): line 3: source: expected a node index (an integer >= 0), got \"-1\"")
    #expect(try refusal("e.csv", csv: header + "1.5,2,1,1\n") == "\(csv): line 2: source: expected a node index (an integer >= 0), got \"1.5\"")
    #expect(try refusal("e.csv", csv: header + "80,2,1,1\n") == "\(csv): line 2: source node 80 is outside population drive (0..<80)")
    #expect(try refusal("e.csv", csv: header + "1,99999999999999999999999,1,1\n") == "\(csv): line 2: target: expected a node index (an integer >= 0), got \"99999999999999999999999\"")
    #expect(try refusal("e.csv", csv: "source,target,weight_pA\n1,2,3\n").hasPrefix("\(csv): line 1: column \"weight_pA\": weights here are a voltage"))
    #expect(try refusal("e.csv", csv: "source,target,gain\n1,2,3\n") == "\(csv): line 1: unknown column \"gain\" (expected source, target, weight_<unit>, delay_<unit>)")
    #expect(try refusal("e.csv", csv: "source,source,target\n") == "\(csv): line 1: names a column twice")
    #expect(try refusal("e.csv", csv: "source,weight_mV\n") == "\(csv): line 1: needs the columns source and target")
    #expect(try refusal("e.csv", csv: header + "1,2,1,1\n", extra: "weight = \"1 mV\"") == "\(path("net.toml")): projection[0].weight: the connection list gives every connection's weight; leave weight out")
    #expect(try refusal("e.csv", csv: header + "1,2,1,1\n", extra: "delay = \"1 ms\"") == "\(path("net.toml")): projection[0].delay: the connection list gives every connection's delay; leave delay out")
    #expect(try refusal("e.csv", csv: "source,target\n1,2\n") == "\(path("net.toml")): projection[0].weight: missing required field (or a weight column in the list)")
    let delays = (0...1000).map { "1,2,1,\(Double($0) / 1000)" }.joined(separator: "\n")
    #expect(try refusal("e.csv", csv: header + delays).hasPrefix("\(path("net.toml")): projection[0].connectivity.path: lists more than 1000 distinct delays"))
    // A sparse file one byte over the limit: refused before it is read.
    #expect(FileManager.default.createFile(atPath: path("huge.csv"), contents: nil))
    #expect(truncate(path("huge.csv"), off_t(ConnectionList.largestCSV + 1)) == 0)
    #expect(try refusal("huge.csv") == "\(path("huge.csv")): larger than 1 GiB, the limit for a connection list")

    func hdf5(_ name: String, _ fill: (HDF5Group) throws -> Void) throws -> String {
        try fill(try HDF5File.create(path: path(name)).rootGroup())
        return try refusal(name)
    }
    let nodes: (HDF5Group) throws -> Void = { root in
        _ = try root.createDataset("source", values: [UInt64(1), 2])
        _ = try root.createDataset("target", values: [UInt64(3), 4])
    }
    #expect(try hdf5("float.h5") { root in
        _ = try root.createDataset("source", values: [1.0, 2.7])
        _ = try root.createDataset("target", values: [UInt64(3), 4])
    } == "\(path("float.h5")): /source: expected integer node indices, got float values")
    #expect(try hdf5("short.h5") { root in
        _ = try root.createDataset("source", values: [UInt64(1), 2])
        _ = try root.createDataset("target", values: [UInt64(3)])
    } == "\(path("short.h5")): /target has 1 elements, /source 2")
    #expect(try hdf5("negative.h5") { root in
        _ = try root.createDataset("source", values: [Int64(1), -2])
        _ = try root.createDataset("target", values: [Int64(3), 4])
    } == "\(path("negative.h5")): /source[1]: source node -2 is outside population drive (0..<80)")
    #expect(try hdf5("outside.h5") { root in
        _ = try root.createDataset("source", values: [UInt64(1), 2])
        _ = try root.createDataset("target", values: [UInt64(3), 40])
    } == "\(path("outside.h5")): /target[1]: target node 40 is outside population cells (0..<40)")
    #expect(try hdf5("unitless.h5") { root in
        try nodes(root)
        _ = try root.createDataset("weight", values: [1.0, 2.0])
    } == "\(path("unitless.h5")): /weight: needs a string attribute units, one of: V, mV, uV, µV (a voltage)")
    #expect(try hdf5("current.h5") { root in
        try nodes(root)
        try root.createDataset("weight", values: [1.0, 2.0]).setAttribute("units", string: "pA")
    } == "\(path("current.h5")): /weight: units \"pA\" is not one of: V, mV, uV, µV (a voltage)")
    #expect(try hdf5("nan.h5") { root in
        try nodes(root)
        try root.createDataset("weight", values: [1.0, .nan]).setAttribute("units", string: "mV")
    } == "\(path("nan.h5")): /weight[1]: nan mV must be finite")
    #expect(try hdf5("late.h5") { root in
        try nodes(root)
        try root.createDataset("delay", values: [1.0, -1]).setAttribute("units", string: "ms")
    } == "\(path("late.h5")): /delay[1]: -1.0 ms must be finite and >= 0")
    #expect(try hdf5("misnamed.h5") { root in
        try nodes(root)
        _ = try root.createDataset("weights", values: [1.0, 2.0])
    } == "\(path("misnamed.h5")): /weights: unknown member (expected the datasets source, target, weight, delay)")
    #expect(try hdf5("grouped.h5") { root in
        _ = try root.createGroup("source")
        _ = try root.createDataset("target", values: [UInt64(3), 4])
    }.hasPrefix("\(path("grouped.h5")): cannot open dataset /source"))
    #expect(try hdf5("empty.h5") { _ in } == "\(path("empty.h5")): needs the datasets /source and /target (node indices)")
    #expect(try refusal("text.h5", csv: header) == "\(path("text.h5")): not a readable HDF5 file")
}
