import EventCore
import Diagnostics

/// The synapses of a plastic projection: one weight and trace state per
/// connection (in the projection's fan-out order), and an index of each
/// target's incoming connections so that a postsynaptic spike reaches them.
///
/// Order at one time: a spike arriving at t transmits the synapse's weight
/// before t's depression by that spike; threshold crossings at t come after
/// every arrival at t, so a pre arrival and a post spike at the same time
/// count as pre-before-post (dt = 0+), as `SpikeTimingRule` specifies.
struct PlasticSynapses: Sendable {
    enum Synapses: Sendable {
        case pair(PairSTDP, [PairSTDP.SynapseState])
        case triplet(TripletSTDP, [TripletSTDP.SynapseState])
    }

    var synapses: Synapses
    /// Incoming connections of target t: `incoming[incomingStart[t] ..< incomingStart[t + 1]]`.
    let incomingStart: [Int]
    let incoming: [Int]

    init(_ description: PlasticityDescription, weight: Double, fanOut: FanOutTable, targetCount: Int) {
        switch description.rule {
        case let .pair(potentiation, depression, tauPlus, tauMinus):
            let rule = PairSTDP(potentiationAmplitude: potentiation, depressionAmplitude: depression,
                                potentiationTimeConstant: tauPlus, depressionTimeConstant: tauMinus,
                                pairing: description.pairing, bounds: description.bounds)
            synapses = .pair(rule, Array(repeating: rule.synapse(weight: weight), count: fanOut.targets.count))
        case let .triplet(a2Plus, a3Plus, a2Minus, a3Minus, tauPlus, tauX, tauMinus, tauY):
            let rule = TripletSTDP(pairPotentiation: a2Plus, tripletPotentiation: a3Plus, pairDepression: a2Minus,
                                   tripletDepression: a3Minus, tauPlus: tauPlus, tauX: tauX, tauMinus: tauMinus,
                                   tauY: tauY, pairing: description.pairing, bounds: description.bounds)
            synapses = .triplet(rule, Array(repeating: rule.synapse(weight: weight), count: fanOut.targets.count))
        }
        var start = [Int](repeating: 0, count: targetCount + 1)
        for target in fanOut.targets { start[Int(target) + 1] += 1 }
        for index in 0..<targetCount { start[index + 1] += start[index] }
        var fill = start
        var incoming = [Int](repeating: 0, count: fanOut.targets.count)
        for (synapse, target) in fanOut.targets.enumerated() {
            incoming[fill[Int(target)]] = synapse
            fill[Int(target)] += 1
        }
        incomingStart = start
        self.incoming = incoming
    }

    /// A presynaptic spike arriving at `time` through connections `row`:
    /// writes the weights it transmits into `weights`, then updates them.
    mutating func transmit(_ row: Range<Int>, at time: Double, into weights: inout [Double]) {
        weights.removeAll(keepingCapacity: true)
        switch synapses {
        case .pair(let rule, var states):
            synapses = .pair(rule, [])  // keeps `states` uniquely referenced while it changes
            for index in row {
                weights.append(states[index].weight)
                _ = rule.presynapticSpike(&states[index], at: time)
            }
            synapses = .pair(rule, states)
        case .triplet(let rule, var states):
            synapses = .triplet(rule, [])
            for index in row {
                weights.append(states[index].weight)
                _ = rule.presynapticSpike(&states[index], at: time)
            }
            synapses = .triplet(rule, states)
        }
    }

    /// The target `node` spiked at `time`: potentiate its incoming synapses.
    mutating func postsynapticSpike(_ node: Int, at time: Double) {
        let range = incomingStart[node]..<incomingStart[node + 1]
        switch synapses {
        case .pair(let rule, var states):
            synapses = .pair(rule, [])
            for index in range { _ = rule.postsynapticSpike(&states[incoming[index]], at: time) }
            synapses = .pair(rule, states)
        case .triplet(let rule, var states):
            synapses = .triplet(rule, [])
            for index in range { _ = rule.postsynapticSpike(&states[incoming[index]], at: time) }
            synapses = .triplet(rule, states)
        }
    }

    /// Current weights, in fan-out order.
    var weights: [Double] {
        switch synapses {
        case let .pair(_, states): states.map(\.weight)
        case let .triplet(_, states): states.map(\.weight)
        }
    }

    /// Weights and traces as plain numbers (checkpoints): per synapse, the
    /// state's fields in declaration order.
    struct State: Sendable, Codable, Equatable {
        var fieldsPerSynapse: Int
        var values: [Double]
    }

    var state: State {
        switch synapses {
        case let .pair(_, states):
            State(fieldsPerSynapse: 5, values: states.flatMap {
                [$0.weight, $0.presynapticTrace, $0.lastPresynapticSpike, $0.postsynapticTrace, $0.lastPostsynapticSpike]
            })
        case let .triplet(_, states):
            State(fieldsPerSynapse: 7, values: states.flatMap {
                [$0.weight, $0.r1, $0.r2, $0.lastPresynapticSpike, $0.o1, $0.o2, $0.lastPostsynapticSpike]
            })
        }
    }

    mutating func restore(_ saved: State) throws(InputError) {
        let count = incoming.count
        switch synapses {
        case let .pair(rule, _):
            guard saved.fieldsPerSynapse == 5, saved.values.count == 5 * count else {
                throw InputError("saved plastic synapses do not match the projection")
            }
            synapses = .pair(rule, (0..<count).map { i in
                let v = saved.values[5 * i ..< 5 * i + 5].map { $0 }
                return PairSTDP.SynapseState(weight: v[0], presynapticTrace: v[1], lastPresynapticSpike: v[2],
                                             postsynapticTrace: v[3], lastPostsynapticSpike: v[4])
            })
        case let .triplet(rule, _):
            guard saved.fieldsPerSynapse == 7, saved.values.count == 7 * count else {
                throw InputError("saved plastic synapses do not match the projection")
            }
            synapses = .triplet(rule, (0..<count).map { i in
                let v = saved.values[7 * i ..< 7 * i + 7].map { $0 }
                return TripletSTDP.SynapseState(weight: v[0], r1: v[1], r2: v[2], lastPresynapticSpike: v[3],
                                                o1: v[4], o2: v[5], lastPostsynapticSpike: v[6])
            })
        }
    }
}
