import Diagnostics
import EventCore
import Foundation
import SpikeNeurons

/// A network run as parts on threads of one process (`run --threads N`):
/// part k builds and simulates only its own block of every population
/// (`Partition`), and the parts swap spikes through an `InProcessExchange`
/// at the end of every window no longer than the smallest delay. The spikes
/// are those of one thread bit for bit (see `Network.runPartitioned`).
///
/// What each part samples (state, weights) waits in the part until the
/// window's observer, which runs while every part is paused at the
/// exchange, gathers the columns of all parts into the rows one thread
/// would have sampled.
final class NetworkParts: @unchecked Sendable {
    /// One part: touched by its own thread while the window runs, and by the
    /// observer while all parts wait at the exchange (the exchange's lock
    /// orders the two).
    final class Part: @unchecked Sendable {
        var simulation: Simulation<Network>
        /// Per sampled report: rows sampled in this window, this part's columns only.
        var rows: [[[Float]]] = []

        init(_ simulation: Simulation<Network>) { self.simulation = simulation }
    }

    /// Where column c of a whole report comes from: value `index` of part `part`'s row.
    struct Column {
        var part: Int
        var index: Int
    }

    let parts: [Part]
    let description: NetworkDescription

    /// Builds the parts at once, one thread each.
    init(description: NetworkDescription, seed: UInt64, count: Int) throws(InputError) {
        self.description = description
        let built = ParallelMap.run(count: count, threads: count) { part in
            Result { () throws(InputError) in
                Part(Simulation(system: try Network(description: description, seed: seed, partition: Partition(part: part, of: count))))
            }
        }
        var parts: [Part] = []
        for result in built { parts.append(try result.get()) }
        self.parts = parts
    }

    var count: Int { parts.count }

    /// Runs every part to `endTime` on its own thread (part 0 on the caller's)
    /// and returns the time reached: the end, or the window's end after which
    /// `observer` said stop.
    func run(until endTime: Double, longestWindow: Double, observer: @escaping InProcessExchange.Observer) -> Double {
        let exchange = InProcessExchange(partCount: count, observer: observer)
        // One thread per part, never a smaller pool: the exchange waits for every part.
        let finished = DispatchGroup()
        for part in parts.dropFirst() {
            finished.enter()
            let thread = Thread {
                Network.runPartitioned(&part.simulation, until: endTime, exchange: exchange, longestWindow: longestWindow)
                finished.leave()
            }
            thread.stackSize = 1 << 22
            thread.start()
        }
        let reached = Network.runPartitioned(&parts[0].simulation, until: endTime, exchange: exchange, longestWindow: longestWindow)
        finished.wait()
        return reached
    }

    // MARK: Sums over the parts

    var spikeCounts: [UInt64] {
        parts.map(\.simulation.system.spikeCounts).reduce(into: Array(repeating: 0, count: description.populations.count)) { sum, counts in
            for index in counts.indices { sum[index] &+= counts[index] }
        }
    }

    var synapticEvents: UInt64 { parts.reduce(0) { $0 &+ $1.simulation.system.synapticEvents } }
    var synapseCount: Int { parts.reduce(0) { $0 + $1.simulation.system.synapseCount } }
    var eventsProcessed: UInt64 { parts.reduce(0) { $0 &+ $1.simulation.eventsProcessed } }

    // MARK: Columns of whole reports

    /// For a probe of the whole network: each part's share of it, and where each column comes from.
    func split(_ probe: StateProbe) -> (probes: [StateProbe], columns: [Column]) {
        var columns = [Column](repeating: Column(part: 0, index: 0), count: probe.nodes.count)
        var probes: [StateProbe] = []
        for (index, part) in parts.enumerated() {
            let (share, filled) = probe.restricted(to: part.simulation.system.nodeRanges[probe.population])
            for (position, column) in filled.enumerated() { columns[column] = Column(part: index, index: position) }
            probes.append(share)
        }
        return (probes, columns)
    }

    /// The connections of projection `index` in one thread's fan-out order
    /// (source by source, targets increasing): each source's row of part 0,
    /// then of part 1, ..., since part k holds the k-th block of targets.
    func connectionOrder(ofProjection index: Int) -> [Column] {
        let sources = parts.map { $0.simulation.system.connections(ofProjection: index).sources }
        var next = [Int](repeating: 0, count: count)
        var order: [Column] = []
        order.reserveCapacity(sources.reduce(0) { $0 + $1.count })
        let sourceCount = description.populations[description.populationIndex(named: description.projections[index].source)!].size
        for source in 0..<UInt64(sourceCount) {
            for part in 0..<count {
                while next[part] < sources[part].count && sources[part][next[part]] == source {
                    order.append(Column(part: part, index: next[part]))
                    next[part] += 1
                }
            }
        }
        return order
    }

    /// The connections and current weights of plastic projection `index`, in one thread's order.
    func weights(ofProjection index: Int, order: [Column]) -> (sources: [UInt64], targets: [UInt64], weights: [Double]) {
        let held = parts.map { $0.simulation.system.connections(ofProjection: index) }
        let weights = parts.map { $0.simulation.system.weights(ofProjection: index) }
        return (order.map { held[$0.part].sources[$0.index] }, order.map { held[$0.part].targets[$0.index] },
                order.map { weights[$0.part][$0.index] })
    }

    /// Gathers row `row` of report `report` from the parts' rows.
    func gather(report: Int, row: Int, columns: [Column], into values: inout [Float]) {
        for (column, source) in columns.enumerated() {
            values[column] = parts[source.part].rows[report][row][source.index]
        }
    }
}

/// The population and node of a global cell id, by binary search over the
/// populations' first ids (a window's spikes, not the event loop, use it).
struct PopulationOfGID {
    /// Per population: the global id of its node 0, increasing.
    private let firstIDs: [UInt64]

    init(_ firstIDs: [UInt64]) { self.firstIDs = firstIDs }

    subscript(gid: UInt64) -> (population: Int, node: UInt64) {
        var (low, high) = (0, firstIDs.count - 1)  // the last population with first id <= gid
        while low < high {
            let middle = (low + high + 1) / 2
            if firstIDs[middle] <= gid { low = middle } else { high = middle - 1 }
        }
        return (low, gid - firstIDs[low])
    }
}
