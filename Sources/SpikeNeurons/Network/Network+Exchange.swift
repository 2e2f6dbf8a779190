import EventCore

extension Network {
    /// The smallest delay of any projection (ms), +infinity without
    /// projections: the longest window the parts of a network may simulate
    /// between two exchanges.
    public var minimumDelay: Double {
        description.projections.map(\.delay).min() ?? .infinity
    }

    /// Spikes emitted here since the last call (a part of several only).
    mutating func takeOutbox() -> [Spike] {
        defer { outbox = [] }
        return outbox ?? []
    }

    /// Spikes of every part (in (time, gid) order) into the delay lines of
    /// their populations' projections.
    mutating func deliver(_ spikes: [Spike]) {
        for spike in spikes {
            var population = firstGlobalIDs.count - 2
            while spike.gid < firstGlobalIDs[population] { population -= 1 }  // few populations: a scan is enough
            let node = UInt32(spike.gid - firstGlobalIDs[population])
            for channel in outgoing[population] {
                channels[channel].line.push(emissionTime: spike.time, source: node)
            }
        }
    }

    /// Runs one part of a network to `endTime` in windows of `minimumDelay`,
    /// handing each window's spikes to `exchange` and delivering everybody's,
    /// until the end or until the exchange says stop. Window boundaries are
    /// computed by the same additions in every part. A spike emitted in a
    /// window arrives no earlier than the window's end (the delays are at
    /// least the window), so every part processes exactly the events a single
    /// process would, in the same order: spikes equal bit for bit, whatever
    /// the number of parts. Returns the time reached (ms): the end, or the
    /// end of the window after which the exchange said stop. Windows are
    /// shortened to `longestWindow` (ms) so that the exchange is consulted
    /// at least that often in simulated time (progress, signals).
    @discardableResult
    public static func runPartitioned(
        _ simulation: inout Simulation<Network>, until endTime: Double, exchange: some SpikeExchange,
        longestWindow: Double = .infinity
    ) -> Double {
        let part = simulation.system.partition
        precondition(exchange.partCount == part.parts, "one exchange participant per part")
        let window = min(simulation.system.minimumDelay, longestWindow)
        precondition(window > 0, "a partitioned network needs delays > 0")
        var windowEnd = simulation.time
        while windowEnd < endTime {
            windowEnd = min(window.isFinite ? windowEnd + window : endTime, endTime)
            simulation.run(until: windowEnd)
            let result = exchange.exchange(simulation.system.takeOutbox(), fromPart: part.part, windowEnd: windowEnd)
            simulation.system.deliver(result.spikes)
            if !result.proceed { break }
        }
        return windowEnd
    }
}
