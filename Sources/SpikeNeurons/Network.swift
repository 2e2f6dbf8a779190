import EventCore
import Diagnostics

/// A network of populations and projections, driven by the event kernel.
///
/// Event sources: one indexed heap of predicted threshold crossings per
/// neuron population, one queue per input population, and one `DelayLine`
/// per (source population, delay): one entry per emitted spike, delivered on
/// arrival through every projection of that source with that delay.
///
/// Order of simultaneous events (all at the same time t), which makes runs
/// bit-reproducible:
/// 1. spike arrivals, in the order the spikes were emitted (emission
///    sequence number), each delivered through its projections in description
///    order, and to a projection's targets in increasing index order;
/// 2. then emissions, by population in description order; within a neuron
///    population the neuron furthest past threshold first, ties by index;
///    within an input population by node index.
/// So an input arriving at t is applied before a crossing predicted at t is
/// emitted, and a spike with zero delay is delivered before the next emission.
public struct Network: EventDrivenSystem {
    public let description: NetworkDescription
    /// Time of the last processed event (ms).
    public internal(set) var now: Double
    public internal(set) var neuronGroups: [LIFPopulation] = []
    var poissonGroups: [PoissonInput] = []
    var spikeTrainGroups: [SpikeTrainInput] = []
    /// Population index -> storage.
    var storage: [Storage] = []
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
    private var outgoing: [[Int]]
    var emissionSequence: UInt64 = 0
    var pendingSource = PendingSource.none

    /// Spikes emitted per population (64-bit).
    public internal(set) var spikeCounts: [UInt64]
    /// Spike arrivals applied to a target neuron, including those a refractory
    /// neuron ignored (64-bit).
    public internal(set) var synapticEvents: UInt64 = 0
    /// Receive the spikes of the populations in `recorded`.
    public var spikeSinks: [any SpikeSink] = []
    /// Per population: whether its spikes go to `spikeSinks`.
    public var recorded: [Bool]

    enum Storage: Sendable { case neurons(Int), poisson(Int), spikeTrains(Int) }
    enum PendingSource { case none, arrival(channel: Int), emission(population: Int) }

    struct Projection {
        var targetPopulation: Int
        var targetGroup: Int
        var weight: Double
        var fanOut: FanOutTable
        /// Per-synapse weights and traces when the projection is plastic.
        var plastic: PlasticSynapses?
    }

    /// Projections sharing a source population and a delay share the queue of
    /// spikes in flight: one arrival event serves them all.
    struct Channel {
        var source: Int
        var line: DelayLine
        var projections: [Int]
    }

    /// Builds the network; connections and initial states come from `seed`
    /// (stream p for population p, stream 1_000_000 + k for projection k).
    public init(description: NetworkDescription, seed: UInt64, startTime: Double = 0) throws(InputError) {
        self.description = description
        now = startTime
        outgoing = Array(repeating: [], count: description.populations.count)
        plasticInputs = Array(repeating: [], count: description.populations.count)
        spikeCounts = Array(repeating: 0, count: description.populations.count)
        recorded = Array(repeating: true, count: description.populations.count)
        for (index, population) in description.populations.enumerated() {
            var random = Xoshiro256StarStar(seed: seed, stream: UInt64(index))
            guard population.size >= 0, population.size <= Int(Int32.max) else {
                throw InputError("population \(population.name): size must be in 0...\(Int32.max)")
            }
            switch population.model {
            case let .leakyIntegrateAndFire(parameters, initial):
                if let problem = parameters.problems.first {
                    throw InputError("population \(population.name): \(problem)")
                }
                let potentials: [Double]
                switch initial {
                case let .fixed(value): potentials = Array(repeating: value, count: population.size)
                case let .uniform(lower, upper): potentials = (0..<population.size).map { _ in random.uniform(lower, upper) }
                }
                storage.append(.neurons(neuronGroups.count))
                neuronGroups.append(LIFPopulation(parameters: parameters, initialPotentials: potentials, startTime: startTime))
            case let .poisson(rate):
                guard rate.isFinite, rate >= 0 else { throw InputError("population \(population.name): rate must be finite and >= 0") }
                storage.append(.poisson(poissonGroups.count))
                poissonGroups.append(PoissonInput(size: population.size, rate: rate, random: random, startTime: startTime))
            case let .spikeTimes(times):
                guard times.count == population.size else {
                    throw InputError("population \(population.name): \(times.count) spike lists for \(population.size) nodes")
                }
                storage.append(.spikeTrains(spikeTrainGroups.count))
                spikeTrainGroups.append(SpikeTrainInput(spikeTimes: times, startTime: startTime))
            }
        }
        for (index, projection) in description.projections.enumerated() {
            let label = "projection \(projection.source) -> \(projection.target)"
            guard let source = description.populationIndex(named: projection.source) else {
                throw InputError("\(label): no population named \(projection.source)")
            }
            guard let target = description.populationIndex(named: projection.target) else {
                throw InputError("\(label): no population named \(projection.target)")
            }
            guard case let .neurons(group) = storage[target] else {
                throw InputError("\(label): target population cannot receive input")
            }
            guard projection.weight.isFinite else { throw InputError("\(label): weight must be finite") }
            guard projection.delay.isFinite, projection.delay >= 0 else {
                throw InputError("\(label): delay must be finite and >= 0")
            }
            let sourceSize = description.populations[source].size
            let targetSize = description.populations[target].size
            let excludesSelf = source == target
            switch projection.connectivity {
            case let .fixedProbability(p, _) where !(p >= 0 && p <= 1):
                throw InputError("\(label): probability must be in [0, 1]")
            case let .fixedInDegree(k, allow) where k < 0 || k > sourceSize - (excludesSelf && !allow ? 1 : 0):
                throw InputError("\(label): in-degree must be in 0...\(sourceSize - (excludesSelf && !allow ? 1 : 0))")
            case .oneToOne where sourceSize != targetSize:
                throw InputError("\(label): one-to-one needs equal sizes (\(sourceSize) and \(targetSize))")
            default: break
            }
            var random = Xoshiro256StarStar(seed: seed, stream: 1_000_000 + UInt64(index))
            let fanOut = projection.connectivity.fanOut(
                sourceCount: sourceSize, targetCount: targetSize, samePopulation: excludesSelf, random: &random)
            if let channel = outgoing[source].first(where: { channels[$0].line.delay == projection.delay }) {
                channels[channel].projections.append(projections.count)
            } else {
                outgoing[source].append(channels.count)
                channels.append(Channel(source: source, line: DelayLine(delay: projection.delay), projections: [projections.count]))
            }
            var plastic: PlasticSynapses?
            if let plasticity = projection.plasticity {
                if let problem = plasticity.problems.first { throw InputError("\(label): plasticity \(problem)") }
                plastic = PlasticSynapses(plasticity, weight: projection.weight, fanOut: fanOut, targetCount: targetSize)
                plasticInputs[target].append(projections.count)
            }
            projections.append(Projection(
                targetPopulation: target, targetGroup: group, weight: projection.weight, fanOut: fanOut, plastic: plastic))
        }
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

    /// The connections of projection `index` as (source, target) node pairs,
    /// in the order of `plasticWeights[index]`.
    public func connections(ofProjection index: Int) -> (sources: [UInt64], targets: [UInt64]) {
        let fanOut = projections[index].fanOut
        var sources: [UInt64] = []
        sources.reserveCapacity(fanOut.connectionCount)
        for source in 0..<fanOut.sourceCount {
            sources += repeatElement(UInt64(source), count: fanOut.row(source).count)
        }
        return (sources, fanOut.targets.map { UInt64($0) })
    }

    /// Number of connections over all projections.
    public var synapseCount: Int { projections.reduce(0) { $0 + $1.fanOut.connectionCount } }
    /// Bytes held by connection tables.
    public var synapseByteCount: Int { projections.reduce(0) { $0 + $1.fanOut.byteCount } }
    /// Spikes in flight (one per spike and distinct delay of its projections).
    public var spikesInFlight: Int { channels.reduce(0) { $0 + $1.line.count } }
    public var totalSpikes: UInt64 { spikeCounts.reduce(0, &+) }

    public mutating func nextEventTime() -> Double {
        var bestTime = Double.infinity
        var bestSequence = UInt64.max
        pendingSource = .none
        for index in channels.indices {
            guard let head = channels[index].line.first else { continue }
            if head.time < bestTime || (head.time == bestTime && head.sequence < bestSequence) {
                bestTime = head.time
                bestSequence = head.sequence
                pendingSource = .arrival(channel: index)
            }
        }
        for population in storage.indices {
            var time: Double
            switch storage[population] {
            case let .neurons(group): time = max(neuronGroups[group].nextCrossingTime(), now)
            case let .poisson(group): time = poissonGroups[group].nextSpikeTime
            case let .spikeTrains(group): time = spikeTrainGroups[group].nextSpikeTime
            }
            // Strictly earlier only: arrivals and earlier populations win ties.
            if time < bestTime {
                bestTime = time
                pendingSource = .emission(population: population)
            }
        }
        return bestTime
    }

    public mutating func processNextEvent() {
        switch pendingSource {
        case .none:
            preconditionFailure("processNextEvent() without a pending event")
        case let .arrival(channel):
            let arrival = channels[channel].line.popFirst()
            now = arrival.time
            let source = Int(arrival.source)
            if let next = channels[channel].line.first { touchRows(of: Int(next.source), channel: channel) }
            for index in channels[channel].projections {
                let group = projections[index].targetGroup
                let weight = projections[index].weight
                let fanOut = projections[index].fanOut
                let row = fanOut.row(source)
                synapticEvents &+= UInt64(row.count)
                if projections[index].plastic != nil {
                    projections[index].plastic!.transmit(row, at: now, into: &transmittedWeights)
                    fanOut.targets.withUnsafeBufferPointer { targets in
                        transmittedWeights.withUnsafeBufferPointer { weights in
                            neuronGroups[group].receive(
                                weights: weights, at: now, targets: UnsafeBufferPointer(rebasing: targets[row]))
                        }
                    }
                    continue
                }
                fanOut.targets.withUnsafeBufferPointer { targets in
                    neuronGroups[group].receive(weight: weight, at: now, targets: UnsafeBufferPointer(rebasing: targets[row]))
                }
            }
        case let .emission(population):
            let node: Int
            switch storage[population] {
            case let .neurons(group):
                now = max(neuronGroups[group].nextCrossingTime(), now)
                node = neuronGroups[group].fire(at: now)
            case let .poisson(group):
                now = poissonGroups[group].nextSpikeTime
                node = poissonGroups[group].fire()
            case let .spikeTrains(group):
                now = spikeTrainGroups[group].nextSpikeTime
                node = spikeTrainGroups[group].fire()
            }
            spikeCounts[population] &+= 1
            for index in plasticInputs[population] { projections[index].plastic!.postsynapticSpike(node, at: now) }
            if recorded[population] {
                for sink in spikeSinks { sink.record(time: now, population: population, node: UInt64(node)) }
            }
            for channel in outgoing[population] {
                channels[channel].line.push(emissionTime: now, sequence: emissionSequence, source: UInt32(node))
            }
            emissionSequence &+= 1
        }
        pendingSource = .none
    }
}

