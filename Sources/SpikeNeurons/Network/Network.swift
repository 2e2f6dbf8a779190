import Diagnostics
import EventCore

/// A network of populations and projections, or one part of it, driven by
/// the event kernel.
///
/// Event sources: each population's next emission (see `Populations`), and
/// one `DelayLine` per (source population, delay): one entry per emitted
/// spike, delivered on arrival through every projection of that source with
/// that delay; and each current input's next change (`CurrentSource`).
///
/// Order of simultaneous events (all at the same time t), which makes runs
/// bit-reproducible and independent of the partition:
/// 0. current changes, by input in description order;
/// 1. spike arrivals, by source cell (global id; see `Spike`), each through
///    its projections in description order, and to a projection's targets in
///    increasing index order; the same source arriving through two delays at
///    one time: the smaller delay's line first (description order of lines);
/// 2. then emissions, by population in description order; within a neuron
///    population the neuron furthest past threshold first, ties by index.
/// So an input arriving at t is applied before a crossing predicted at t is
/// emitted, and a spike with zero delay is delivered before the next emission.
///
/// Spikes leave a cell through one seam, `send`: delivered into the local
/// delay lines at once in a whole network, or kept for the next exchange
/// with the other parts (`runPartitioned`).
public struct Network: EventDrivenSystem {
    public let description: NetworkDescription
    public let partition: Partition
    /// Time of the last processed event (ms).
    public internal(set) var now: Double
    var populations = Populations()
    /// Per population: the population's nodes held here.
    public let nodeRanges: [Range<Int>]
    /// Per population: global id of its node 0 (ids run over all populations).
    public let firstGlobalIDs: [UInt64]
    var projections: [Projection] = []
    /// Population index -> plastic projections into it (postsynaptic spikes update them).
    private var plasticInputs: [[Int]]
    /// Weights of one plastic arrival, reused so that no event allocates.
    private var transmittedWeights: [Double] = []
    /// Sink of `touchRows`' loads.
    private var prefetched: UInt32 = 0
    /// Spikes in flight, one line per (source population, delay).
    var channels: [Channel] = []
    /// Population index -> channels leaving it.
    var outgoing: [[Int]]
    /// Current inputs, in description order.
    var currents: [CurrentSource] = []
    var pendingSource = PendingSource.none
    /// Spikes emitted here since the last exchange; nil in a whole network,
    /// which delivers them at once.
    var outbox: [Spike]?

    /// Spikes emitted per population by the nodes held here (64-bit).
    public internal(set) var spikeCounts: [UInt64]
    /// Spike arrivals applied to a target neuron held here, including those a
    /// refractory neuron ignored (64-bit).
    public internal(set) var synapticEvents: UInt64 = 0
    /// Receive the spikes of the populations in `recorded`.
    public var spikeSinks: [any SpikeSink] = []
    /// Per population: whether its spikes go to `spikeSinks`.
    public var recorded: [Bool]

    /// What `nextEventTime()` found, so `processNextEvent()` need not look again.
    enum PendingSource { case none, current(Int), arrival(channel: Int), emission(population: Int, time: Double) }

    struct Projection {
        var targetPopulation: Int
        var weight: Double
        /// Rows over all source nodes; targets relative to the target block held here.
        var fanOut: FanOutTable
        /// Each connection's own weight in fan-out order (explicit connections
        /// that carry them, or drawn from a law), used instead of `weight`.
        var weights: [Double]?
        /// Per-synapse weights and traces when the projection is plastic.
        var plastic: PlasticSynapses?
    }

    /// Projections sharing a source population and a delay share the queue of
    /// spikes in flight: one arrival event serves them all.
    struct Channel {
        var source: Int
        /// Global id of the source population's node 0, for the (time, gid) order.
        var firstSourceID: UInt64
        var line: DelayLine
        var projections: [Int]
    }

    /// Builds the network, or the part `partition` of it, after validating
    /// the description. Every random draw comes from a stream named by what
    /// it serves: initial values by (population, node), Poisson spikes by
    /// (population, node), connections by (source, target, the projection's
    /// rank among those between them, target node). So a part builds exactly
    /// its share of the whole network, and inserting a population changes no
    /// other population's connections or states.
    public init(description: NetworkDescription, seed: UInt64, partition: Partition = .whole,
                startTime: Double = 0) throws(InputError) {
        try description.validate()
        self.description = description
        self.partition = partition
        now = startTime
        let count = description.populations.count
        outgoing = Array(repeating: [], count: count)
        plasticInputs = Array(repeating: [], count: count)
        spikeCounts = Array(repeating: 0, count: count)
        recorded = Array(repeating: true, count: count)
        firstGlobalIDs = description.firstGlobalIDs
        nodeRanges = description.populations.map { partition.nodes(ofPopulationSize: $0.size) }
        outbox = partition.parts > 1 ? [] : nil
        for (population, nodes) in zip(description.populations, nodeRanges) {
            let parameters = try! population.model.schema.resolved(population.parameters)  // validated above
            populations.append(population.model, parameters: parameters,
                               context: PopulationContext(name: population.name, nodes: nodes, seed: seed, startTime: startTime,
                                                          populationSize: population.size))
        }
        // Names and ranks through dictionaries: scanning for each projection was quadratic.
        let indexByName = Dictionary(description.populations.indices.map { (description.populations[$0].name, $0) },
                                     uniquingKeysWith: { first, _ in first })
        var earlierBetween: [[Int]: Int] = [:]
        for projection in description.projections {
            let (source, target) = (indexByName[projection.source]!, indexByName[projection.target]!)  // validated above
            let rank = earlierBetween[[source, target], default: 0]
            earlierBetween[[source, target]] = rank + 1
            do { try addProjection(projection, source: source, target: target, rank: rank, seed: seed) } catch {
                throw error.inside(field: projection.label)
            }
        }
        var earlierInto: [Int: Int] = [:]
        for input in description.currents {
            let population = indexByName[input.target]!  // validated above
            let rank = earlierInto[population, default: 0]
            earlierInto[population] = rank + 1
            currents.append(CurrentSource(input, population: population, heldNodes: nodeRanges[population], rank: rank, seed: seed))
        }
    }

    /// Adds one projection; `rank` counts the projections between the same
    /// two populations before it (its connections' and weights' random streams).
    private mutating func addProjection(_ projection: ProjectionDescription, source: Int, target: Int, rank: Int,
                                        seed: UInt64) throws(InputError) {
        let key = StreamKey("connections").with(projection.source).with(projection.target).with(UInt64(rank))
        let drawn = projection.weightDistribution.map {
            (law: $0, key: StreamKey("weights").with(projection.source).with(projection.target).with(UInt64(rank)))
        }
        let (fanOut, weights) = try projection.connectivity.connections(
            sourceCount: description.populations[source].size, targets: nodeRanges[target],
            samePopulation: source == target, seed: seed, key: key, drawn: drawn)
        if let channel = outgoing[source].first(where: { channels[$0].line.delay == projection.delay }) {
            channels[channel].projections.append(projections.count)
        } else {
            outgoing[source].append(channels.count)
            channels.append(Channel(source: source, firstSourceID: firstGlobalIDs[source], line: DelayLine(delay: projection.delay),
                                    projections: [projections.count]))
        }
        var plastic: PlasticSynapses?
        if let plasticity = projection.plasticity {
            plastic = PlasticSynapses(plasticity, weight: projection.weight, fanOut: fanOut, targetCount: nodeRanges[target].count)
            plasticInputs[target].append(projections.count)
        }
        projections.append(Projection(targetPopulation: target, weight: projection.weight, fanOut: fanOut, weights: weights,
                                      plastic: plastic))
    }

    /// Reads the first target of the next arrival's rows, so that their cache
    /// lines are loaded while the current arrival is delivered: with 40,000
    /// neurons the row offsets and targets no longer fit in cache, and this
    /// hides that miss behind the delivery's work. (The value read is kept
    /// only so that the load is not optimised away.)
    private mutating func touchRows(of source: Int, channel: Int) {
        for index in channels[channel].projections {
            let fanOut = projections[index].fanOut
            let row = fanOut.row(source)
            if !row.isEmpty { prefetched &+= fanOut.targets[row.lowerBound] }
        }
    }

    /// Current weights of each projection's connections in fan-out order
    /// (source by source; nil for projections that are not plastic).
    public var plasticWeights: [[Double]?] { projections.map { $0.plastic?.weights } }

    /// Connections of projection `index` held here.
    public func connectionCount(ofProjection index: Int) -> Int { projections[index].fanOut.connectionCount }

    /// Current weights of projection `index` in fan-out order (empty when it is not plastic).
    public func weights(ofProjection index: Int) -> [Double] { projections[index].plastic?.weights ?? [] }

    /// The connections of projection `index` held here as (source, target)
    /// population node indices, in fan-out order (that of `plasticWeights[index]`).
    public func connections(ofProjection index: Int) -> (sources: [UInt64], targets: [UInt64]) {
        let fanOut = projections[index].fanOut
        let firstTarget = UInt64(nodeRanges[projections[index].targetPopulation].lowerBound)
        var sources: [UInt64] = []
        sources.reserveCapacity(fanOut.connectionCount)
        for source in 0..<fanOut.sourceCount {
            sources += repeatElement(UInt64(source), count: fanOut.row(source).count)
        }
        return (sources, fanOut.targets.map { UInt64($0) + firstTarget })
    }

    /// Number of connections held here over all projections.
    public var synapseCount: Int { projections.reduce(0) { $0 + $1.fanOut.connectionCount } }
    /// Bytes held by connection tables.
    public var synapseByteCount: Int { projections.reduce(0) { $0 + $1.fanOut.byteCount } }
    /// Spikes in flight (one per spike and distinct delay of its projections).
    public var spikesInFlight: Int { channels.reduce(0) { $0 + $1.line.count } }
    public var totalSpikes: UInt64 { spikeCounts.reduce(0, &+) }

    public mutating func nextEventTime() -> Double { nextEventTime(before: .infinity) }

    public mutating func nextEventTime(before horizon: Double) -> Double {
        var bestTime = Double.infinity
        var bestSource = UInt64.max
        pendingSource = .none
        for index in channels.indices {
            guard let head = channels[index].line.first else { continue }
            let source = channels[index].firstSourceID + UInt64(head.source)
            if head.time < bestTime || (head.time == bestTime && source < bestSource) {
                bestTime = head.time
                bestSource = source
                pendingSource = .arrival(channel: index)
            }
        }
        // Current changes come before arrivals at the same time, the first input first.
        var currentTime = Double.infinity, current = 0
        for index in currents.indices where currents[index].nextTime < currentTime {
            (currentTime, current) = (currents[index].nextTime, index)
        }
        if currentTime <= bestTime {
            bestTime = currentTime
            pendingSource = .current(current)
        }
        // Each population only needs to know whether it emits before the best
        // event so far or the kernel's horizon (integrating models step no further than that).
        for population in populations.indices {
            let time = max(populations.nextEmissionTime(of: population, before: min(bestTime, horizon)), now)
            // Strictly earlier only: arrivals and earlier populations win ties.
            if time < bestTime {
                bestTime = time
                pendingSource = .emission(population: population, time: time)
            }
        }
        return bestTime
    }

    public mutating func processNextEvent() {
        switch pendingSource {
        case .none:
            preconditionFailure("processNextEvent() without a pending event")
        case let .current(index):
            now = currents[index].nextTime
            currents[index].deliver(at: now, into: &populations)
        case let .arrival(channel):
            deliverArrival(on: channel)
        case let .emission(population, time):
            now = time
            let local = populations.emit(population, at: now)
            spikeCounts[population] &+= 1
            for index in plasticInputs[population] { projections[index].plastic!.postsynapticSpike(local, at: now) }
            let node = nodeRanges[population].lowerBound + local
            if recorded[population] {
                for sink in spikeSinks { sink.record(time: now, population: population, node: UInt64(node)) }
            }
            send(population: population, node: node)
        }
        pendingSource = .none
    }

    private mutating func deliverArrival(on channel: Int) {
        let arrival = channels[channel].line.popFirst()
        now = arrival.time
        let source = Int(arrival.source)
        if let next = channels[channel].line.first { touchRows(of: Int(next.source), channel: channel) }
        for index in channels[channel].projections {
            let target = projections[index].targetPopulation
            let weight = projections[index].weight
            let fanOut = projections[index].fanOut
            let row = fanOut.row(source)
            synapticEvents &+= UInt64(row.count)
            if projections[index].plastic != nil {
                projections[index].plastic!.transmit(row, at: now, into: &transmittedWeights)
                fanOut.targets.withUnsafeBufferPointer { targets in
                    transmittedWeights.withUnsafeBufferPointer { weights in
                        populations.receive(target, weights: weights, at: now, targets: UnsafeBufferPointer(rebasing: targets[row]))
                    }
                }
                continue
            }
            if let weights = projections[index].weights {
                fanOut.targets.withUnsafeBufferPointer { targets in
                    weights.withUnsafeBufferPointer { weights in
                        populations.receive(target, weights: UnsafeBufferPointer(rebasing: weights[row]), at: now,
                                            targets: UnsafeBufferPointer(rebasing: targets[row]))
                    }
                }
                continue
            }
            fanOut.targets.withUnsafeBufferPointer { targets in
                populations.receive(target, weight: weight, at: now, targets: UnsafeBufferPointer(rebasing: targets[row]))
            }
        }
    }

    /// The seam every spike leaves its cell through (NEST's `send`): into the
    /// delay lines of its population's projections at once, or into the
    /// outbox for the next exchange when this is one part of several.
    @inline(__always)
    private mutating func send(population: Int, node: Int) {
        if outbox != nil {
            outbox!.append(Spike(time: now, gid: firstGlobalIDs[population] + UInt64(node)))
            return
        }
        for channel in outgoing[population] {
            channels[channel].line.push(emissionTime: now, source: UInt32(node))
        }
    }
}
