import Diagnostics
import EventCore

extension Network {
    /// The dynamic state of a network: everything a run changes, as plain
    /// values. Connections are not included: they are rebuilt from the
    /// description and seed, which give the same tables bit for bit.
    public struct State: Sendable, Codable, Equatable {
        var now: Double
        var spikeCounts: [UInt64]
        var synapticEvents: UInt64
        var populations: [Populations.State]
        /// Spikes in flight per channel (source population, delay).
        var inFlight: [[DelayLine.Entry]]
        /// Weights and traces of plastic projections (nil for static ones).
        var plastic: [PlasticSynapses.State?]
        /// Current inputs (absent in checkpoints written before they existed).
        var currents: [CurrentSource.State]?
    }

    public var state: State {
        State(now: now, spikeCounts: spikeCounts, synapticEvents: synapticEvents, populations: populations.indices.map { populations.state(of: $0) },
              inFlight: channels.map(\.line.entries), plastic: projections.map { $0.plastic?.state },
              currents: currents.map(\.state))
    }

    /// Restores a state saved from a network built from the same description
    /// (and seed); throws when the shapes do not match.
    public mutating func restore(_ saved: State) throws(InputError) {
        guard saved.now.isFinite, saved.spikeCounts.count == spikeCounts.count,
              saved.populations.count == populations.count, saved.inFlight.count == channels.count,
              saved.plastic.count == projections.count, (saved.currents ?? []).count == currents.count
        else { throw InputError(message: "the saved state does not match this network") }
        for (index, population) in saved.populations.enumerated() {
            do { try populations.restore(index, from: population) } catch {
                throw error.inside(field: "population \(description.populations[index].name)")
            }
        }
        for (index, entries) in saved.inFlight.enumerated() {
            let sources = description.populations[channels[index].source].size
            guard entries.allSatisfy({ Int($0.source) < sources && !$0.time.isNaN }) else {
                throw InputError(message: "saved spikes in flight name nodes outside their population")
            }
            // A spike still in flight arrives at or after the last event processed, and the
            // line delivers in (time, source) order: anything else would turn the clock back.
            guard entries.allSatisfy({ $0.time >= saved.now && $0.time.isFinite }),
                  zip(entries, entries.dropFirst()).allSatisfy({ !$1.precedes($0) }) else {
                throw InputError(message: "saved spikes in flight arrive before the saved time or out of order")
            }
            channels[index].line.restore(entries)
        }
        for (index, synapses) in saved.plastic.enumerated() {
            guard (synapses == nil) == (projections[index].plastic == nil) else {
                throw InputError(message: "the saved state's plastic projections do not match this network")
            }
            if let synapses { try projections[index].plastic!.restore(synapses) }
        }
        for (index, input) in (saved.currents ?? []).enumerated() { try currents[index].restore(input) }
        now = saved.now
        spikeCounts = saved.spikeCounts
        synapticEvents = saved.synapticEvents
        pendingSource = .none
    }
}
