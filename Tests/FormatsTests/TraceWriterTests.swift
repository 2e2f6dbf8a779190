import Foundation
import Testing
@testable import Formats
import Diagnostics

/// A fresh directory for one test's files, removed afterwards.
private func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("spinsim-io-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try body(directory)
}

/// Message of the `InputError` thrown by `body`, or nil if it did not throw one.
private func hdf5ErrorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return (error as? InputError)?.description
    }
}

private let threePopulations: [(name: String, size: Int)] = [("excitatory", 1000), ("inhibitory", 250), ("input", 10)]

@Test func streamsSpikesAndReadsThemBackExactly() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/report.h5"
        let writer = try TraceWriter(path: path, populations: threePopulations,
                                           recorded: [true, true, false], overwrite: false)
        // More than two chunks, so several appends happen before the final flush;
        // odd times so that exactness is meaningful.
        let count = 2 * TraceWriter.defaultChunkSize + 12_345
        let times = (0..<count).map { Double($0) / 3.0 + 0.1 }
        let nodes = (0..<count).map { UInt64($0 * 7919 % 1000) }
        for (time, node) in zip(times, nodes) {
            writer.record(time: time, population: 0, node: node)
            if node == 0 { writer.record(time: time, population: 2, node: 3) }  // not recorded: dropped
        }
        #expect(writer.spikeCounts == [UInt64(count), 0, 0])
        try writer.finish(completed: true)

        let file = try HDF5File.open(path: path)
        let root = try file.rootGroup()
        #expect(try root.memberNames() == ["spikes"])
        #expect(try root.attribute("completed") == .bools([true]))
        let spikes = try root.openGroup("spikes")
        #expect(try spikes.memberNames() == ["excitatory", "inhibitory"])

        let excitatory = try spikes.openGroup("excitatory")
        #expect(try excitatory.attribute("sorting") == .enumNames(["by_time"]))
        let timestamps = try excitatory.openDataset("timestamps")
        #expect(try timestamps.attribute("units") == .strings(["ms"]))
        #expect(try timestamps.read(Double.self, atMost: .max) == times)
        #expect(try excitatory.openDataset("node_ids").read(UInt64.self, atMost: .max) == nodes)

        let inhibitory = try spikes.openGroup("inhibitory")
        #expect(try inhibitory.attribute("sorting") == .enumNames(["by_time"]))
        #expect(try inhibitory.openDataset("timestamps").count() == 0)
        #expect(try inhibitory.openDataset("node_ids").read(UInt64.self, atMost: .max) == [])
    }
}

@Test func flushedSpikesAreReadableBeforeFinish() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/partial.h5"
        let writer = try TraceWriter(path: path, populations: [("cells", 4)], recorded: [true],
                                           overwrite: false, compressionLevel: 4, chunkSize: 3)
        for step in 0..<5 { writer.record(time: Double(step), population: 0, node: UInt64(step % 4)) }
        try writer.flush()
        writer.record(time: 9, population: 0, node: 1)  // buffered only

        let group = try HDF5File.open(path: path).rootGroup()
        #expect(try group.attribute("completed") == .bools([false]))
        #expect(try group.openDataset("spikes/cells/timestamps").read(Double.self, atMost: .max) == [0, 1, 2, 3, 4])
        #expect(try group.openDataset("/spikes/cells/node_ids").read(UInt64.self, atMost: .max) == [0, 1, 2, 3, 0])
        try writer.finish(completed: false)
    }
}

@Test func writesProvenanceAttributes() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/provenance.h5"
        let writer = try TraceWriter(path: path, populations: [("a", 1)], recorded: [true], overwrite: false)
        // Longer than an HDF5 object header (64 KiB) and not ASCII.
        let description = "{\"name\": \"réseau µ\", \"pad\": \"" + String(repeating: "x", count: 100_000) + "\"}"
        try writer.setAttribute("network", string: description)
        try writer.setAttribute("seed", uint64: UInt64.max)
        try writer.setAttribute("duration", double: 0.1)
        try writer.setAttribute("time_unit", string: "ms")
        try writer.setAttribute("time_unit", string: "s")  // replaces
        try writer.finish(completed: true)

        let root = try HDF5File.open(path: path).rootGroup()
        #expect(try root.attributeNames() == ["completed", "duration", "network", "seed", "time_unit"])
        #expect(try root.attribute("network") == .strings([description]))
        #expect(try root.attribute("seed") == .uint64s([UInt64.max]))
        #expect(try root.attribute("duration") == .doubles([0.1]))
        #expect(try root.attribute("time_unit") == .strings(["s"]))
    }
}

@Test func writesOneDimensionalAttributes() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/arrays.h5"
        do {
            let root = try HDF5File.create(path: path).rootGroup()
            try root.setAttribute("weights", values: [0.5, -1.25])
            try root.setAttribute("sizes", values: [UInt64(3), 4, 5])
            try root.setAttribute("empty", values: [Double]())
        }
        let root = try HDF5File.open(path: path).rootGroup()
        #expect(try root.attribute("weights") == .doubles([0.5, -1.25]))
        #expect(try root.attribute("sizes") == .uint64s([3, 4, 5]))
        #expect(try root.attribute("empty") == .doubles([]))
    }
}

@Test func refusesToOverwriteUnlessAsked() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/existing.h5"
        try TraceWriter(path: path, populations: [("a", 1)], recorded: [true], overwrite: false)
            .finish(completed: true)
        let message = hdf5ErrorMessage {
            _ = try TraceWriter(path: path, populations: [("b", 1)], recorded: [true], overwrite: false)
        }
        #expect(message == "\(path): already exists; pass --force to replace it")
        #expect(try HDF5File.open(path: path).rootGroup().openGroup("spikes").memberNames() == ["a"])

        let writer = try TraceWriter(path: path, populations: [("b", 1)], recorded: [true], overwrite: true)
        try writer.finish(completed: true)
        #expect(try HDF5File.open(path: path).rootGroup().openGroup("spikes").memberNames() == ["b"])
    }
}

@Test func errorsNameThePath() {
    let path = "/nonexistent/dir/x.h5"
    let message = hdf5ErrorMessage {
        _ = try TraceWriter(path: path, populations: [("a", 1)], recorded: [true], overwrite: true)
    }
    #expect(message == "\(path): cannot create file (No such file or directory)")
    #expect(hdf5ErrorMessage { _ = try HDF5File.open(path: path) } == "\(path): no such file")
}

@Test func aFinishedReportRejectsFurtherUse() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/done.h5"
        let writer = try TraceWriter(path: path, populations: [("a", 2)], recorded: [true], overwrite: false)
        writer.record(time: 1, population: 0, node: 1)
        try writer.finish(completed: true)
        writer.record(time: 2, population: 0, node: 0)  // dropped, no crash
        #expect(writer.spikeCounts == [1])
        let message = "\(path): spike report already finished"
        #expect(hdf5ErrorMessage { try writer.flush() } == message)
        #expect(hdf5ErrorMessage { try writer.finish(completed: true) } == message)
        #expect(hdf5ErrorMessage { try writer.setAttribute("late", bool: true) } == message)
        #expect(try HDF5File.open(path: path).rootGroup().openDataset("spikes/a/node_ids").read(UInt64.self, atMost: .max) == [1])
    }
}

@Test func reportsMissingObjectsWithTheirPaths() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/empty.h5"
        _ = try HDF5File.create(path: path)
        let root = try HDF5File.open(path: path).rootGroup()
        #expect(hdf5ErrorMessage { _ = try root.openGroup("spikes") } == "\(path): cannot open group /spikes")
        #expect(hdf5ErrorMessage { _ = try root.attribute("completed") }
            == "\(path): cannot read attribute completed of /")
    }
}

/// A flush records how far the run got, and a trace summary reports that
/// span, not the planned end, for a run that never finished.
@Test func flushesRecordTheTimeReached() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/reached.h5"
        let writer = try TraceWriter(path: path, populations: [("cells", 2)], recorded: [true], overwrite: false)
        try writer.setAttribute(TraceAttribute.spinsimVersion.rawValue, string: "test")
        try writer.setAttribute(TraceAttribute.endTime.rawValue, double: 1000)
        writer.record(time: 3, population: 0, node: 1)
        try writer.flush(reachedTime: 250)
        #expect(try TraceSummary.read(path: path).span?.end == 250)
        try writer.flush(reachedTime: 500)
        #expect(try HDF5File.open(path: path).rootGroup().attribute("reached_time") == .doubles([500]))
        try writer.finish(completed: false, reason: "interrupted by SIGINT", reachedTime: 612.5)
        #expect(try TraceSummary.read(path: path).span?.end == 612.5)
    }
}

/// A run interrupted, then resumed to its end, is completed with no stop
/// reason left over from the interruption.
@Test func aCompletedResumedTraceHasNoStaleStopReason() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/resumed.h5"
        let first = try TraceWriter(path: path, populations: [("cells", 2)], recorded: [true], overwrite: false)
        first.record(time: 1, population: 0, node: 0)
        try first.finish(completed: false, reason: "interrupted by SIGTERM", reachedTime: 5)
        #expect(try HDF5File.open(path: path).rootGroup().attributeNames().contains("stop_reason"))
        let second = try TraceWriter(resuming: path, populations: [("cells", 2)], recorded: [true], spikeCounts: [1])
        second.record(time: 7, population: 0, node: 1)
        try second.finish(completed: true, reachedTime: 10)
        let root = try HDF5File.open(path: path).rootGroup()
        #expect(try !root.attributeNames().contains("stop_reason"))
        #expect(try root.attribute("completed") == .bools([true]))
        #expect(try root.openDataset("spikes/cells/timestamps").read(Double.self, atMost: .max) == [1, 7])
    }
}
