import EventCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A layered energy network (see `LayeredEnergyModel`) whose neurons talk only
/// by spikes, simulated exactly in continuous time with the event kernel's
/// `IndexedMinHeap` (one slot per neuron, keyed on its next crossing time).
///
/// Neuron j (layers 1...L; layer 0 is the clamped input x) has an internal
/// state s_j in [0, 1] and a transmitted level r_j, a multiple of the quantum
/// theta. Its drive is u_j = b_j + sum_i W_ji r_i over both neighbouring
/// layers (x_i for the input). Inside the box the dynamics ds/dt = -dF/ds
/// (F = E + beta C, C = 1/2 ||s_out - y||^2, rho' = 1) is linear:
///
///     ds_j/dt = lambda_j (tau_j - s_j),  tau_j = u_j, lambda_j = 1           (hidden, or free phase)
///     tau_j = (u_j + beta y_j) / (1 + beta), lambda_j = 1 + beta            (output, nudged)
///
/// so between events s_j(t) = clip(tau_j + (s_j(t0) - tau_j) exp(-lambda_j (t - t0)), 0, 1)
/// (the box is absorbing on the side tau lies beyond). Neuron j spikes when s_j
/// reaches r_j + theta/2 + h (sign +1) or r_j - theta/2 - h (sign -1), where
/// h = hysteresis * theta; the crossing time is closed form,
/// t0 + ln((s - tau)/(level - tau)) / lambda. A spike moves r_j by sign * theta
/// and the drive of every neighbour k by W_jk * sign * theta; each neighbour's
/// state is advanced to the spike time and its crossing rescheduled.
///
/// Equilibrium is an empty queue: no neuron has a pending crossing, i.e.
/// |clip(tau_j) - r_j| <= theta/2 + h for all j; the state is then taken at
/// t -> infinity, s_j = clip(tau_j). Each spike lowers the quantised energy
/// F(r) by more than lambda * theta * h (the spike fires only when tau lies
/// beyond the threshold), so a phase ends after at most (F(start) - min F) / (theta h min lambda)
/// spikes. Ties in time are broken by neuron index (the heap's slot order).
///
/// Learning is local and spike-triggered: in a nudged phase, when j spikes with
/// sign sigma, every synapse (i, j) adds (phase sign) * sigma * theta * r_i to the
/// gradient (x_i for input synapses) and b_j adds sigma * theta, r_i being the
/// neighbour's level at that moment. Summed over the phase this telescopes to
/// r_i^end r_j^end - r_i^start r_j^start, the EP update on the quantised
/// states. The only free-phase memory is each neuron's own level, drive and
/// last spike time, used to restart the second (-beta) phase.
///
/// The prediction is the output with the largest drive u_j at the free
/// equilibrium (the internal state, unclipped, so saturated outputs do not tie).
public struct SpikingEquilibriumNetwork: EquilibriumNetwork, EventDrivenSystem {
    public let layerSizes: [Int]
    public let settings: EqSpikeSettings
    /// theta/2 + h: distance from a level to its thresholds.
    let halfBand: Double
    let quantum: Double
    /// layerStart[l] = index of layer l's first neuron in the flat arrays (l >= 1;
    /// the same indexing as the model's biases, shifted by layer 1).
    let layerStart: [Int]
    let layerOfNeuron: [Int32]
    let weightOffsets: [Int]
    let outputStart: Int

    /// r_j, transmitted levels (multiples of theta).
    public private(set) var level: [Double]
    /// s_j at `stateTime[j]`.
    var state: [Double]
    var stateTime: [Double]
    /// u_j without the nudge.
    public private(set) var drive: [Double]
    /// lambda_j and beta y_j (nudged outputs), 1 and 0 otherwise.
    var leak: [Double]
    var nudgeDrive: [Double]
    var lastSpikeTime: [Double]
    var heap: IndexedMinHeap
    public private(set) var clock = 0.0
    var spikesThisPhase = 0

    var inputIndices: [Int32] = []
    var inputValues: [Double] = []
    /// The model's weights while a phase runs (shared with the model, not
    /// copied), released at the end of the phase so the trainer can update
    /// the model in place.
    var weights: [Float] = []

    /// 0 in the free phase, +1 or -1 (the sign of beta) in a nudged phase.
    var phaseSign = 0.0
    public var gradient: EPGradient
    public var counters = EqSpikeCounters()
    public var signature = STDPSignature()

    /// Each neuron's own record of the free equilibrium.
    var freeLevel: [Double]
    var freeDrive: [Double]
    var freeLastSpikeTime: [Double]
    var freeClock = 0.0

    public init(model: LayeredEnergyModel, settings: EqSpikeSettings) {
        layerSizes = model.layerSizes
        self.settings = settings
        quantum = settings.quantum
        halfBand = settings.quantum * (0.5 + settings.hysteresis)
        var starts = [0, 0]
        var layers: [Int32] = []
        for l in 1..<layerSizes.count {
            starts.append(starts[l] + layerSizes[l])
            layers += [Int32](repeating: Int32(l), count: layerSizes[l])
        }
        layerStart = starts
        layerOfNeuron = layers
        weightOffsets = model.weightOffsets
        outputStart = starts[layerSizes.count - 1]
        let count = layers.count
        level = [Double](repeating: 0, count: count)
        state = level
        stateTime = level
        drive = level
        leak = [Double](repeating: 1, count: count)
        nudgeDrive = level
        lastSpikeTime = [Double](repeating: -.infinity, count: count)
        heap = IndexedMinHeap(keys: [Double](repeating: .infinity, count: count))
        gradient = EPGradient(model: model)
        freeLevel = level
        freeDrive = level
        freeLastSpikeTime = lastSpikeTime
    }

    public var neuronCount: Int { level.count }

    /// s_j at time t (not before its last update), without changing the
    /// network: the same closed form as `advance`, for sampling.
    public func internalState(_ j: Int, at t: Double) -> Double {
        let tau = target(j)
        let s0 = state[j]
        guard s0 != clip01(tau), t != stateTime[j] else { return s0 }
        return clip01(tau + (s0 - tau) * exp(-leak[j] * (t - stateTime[j])))
    }

    /// Flat index of neuron `index` of layer `layer` (1 = first hidden layer).
    public func neuron(layer: Int, index: Int) -> Int { layerStart[layer] + index }
    var lastLayer: Int { layerSizes.count - 1 }

    // MARK: Phases

    public mutating func settleFree(image index: Int, of images: LabelledImages, model: LayeredEnergyModel) -> Int {
        images.sparseInput(index, indices: &inputIndices, values: &inputValues)
        return settleFromRest(model: model)
    }

    /// Free phase for a dense input vector (tests, small networks).
    public mutating func settleFree(input: [Double], model: LayeredEnergyModel) -> Int {
        beginFreePhase(input: input, model: model)
        runToEquilibrium()
        return finishFreePhase()
    }

    /// Resets to rest with the input clamped and schedules every neuron; the
    /// free phase is then driven by the kernel (`runToEquilibrium()`, or
    /// `Simulation(system:).runUntilQuiescent()`) and closed with `finishFreePhase()`.
    public mutating func beginFreePhase(input: [Double], model: LayeredEnergyModel) {
        precondition(input.count == layerSizes[0])
        inputIndices.removeAll(keepingCapacity: true)
        inputValues.removeAll(keepingCapacity: true)
        for (i, x) in input.enumerated() where x != 0 {
            inputIndices.append(Int32(i))
            inputValues.append(x)
        }
        beginFromRest(model: model)
    }

    private mutating func settleFromRest(model: LayeredEnergyModel) -> Int {
        beginFromRest(model: model)
        runToEquilibrium()
        return finishFreePhase()
    }

    private mutating func beginFromRest(model: LayeredEnergyModel) {
        counters.examples += 1
        clock = 0
        phaseSign = 0
        for j in 0..<neuronCount {
            level[j] = 0
            state[j] = 0
            stateTime[j] = 0
            leak[j] = 1
            nudgeDrive[j] = 0
            lastSpikeTime[j] = -.infinity
            drive[j] = Double(model.biases[j])
        }
        // The clamped input's drive, computed once from the nonzero pixels.
        let width = layerSizes[0]
        model.weights.withUnsafeBufferPointer { w in
            for j in 0..<layerSizes[1] {
                let row = j * width
                var sum = 0.0
                for (i, x) in zip(inputIndices, inputValues) { sum += Double(w[row + Int(i)]) * x }
                drive[j] += sum
            }
        }
        counters.inputDriveOperations += UInt64(inputIndices.count * layerSizes[1])
        beginPhase(model: model)
    }

    /// Ends a free phase at equilibrium, records each neuron's free state and
    /// returns the predicted class.
    public mutating func finishFreePhase() -> Int {
        finishPhase()
        for j in 0..<neuronCount {
            freeLevel[j] = level[j]
            freeDrive[j] = drive[j]
            freeLastSpikeTime[j] = lastSpikeTime[j]
        }
        freeClock = clock
        return indexOfMaximum(drive[outputStart...])
    }

    public mutating func learn(label: Int, model: LayeredEnergyModel) {
        let beta = settings.nudgingStrength
        nudge(beta: beta, label: label, model: model)
        if settings.symmetricNudging {
            nudge(beta: -beta, label: label, model: model)
        }
    }

    /// One nudged phase with strength `beta` (either sign) towards the one-hot
    /// target `label`, started from the free equilibrium; adds sign(beta) times
    /// the spike-triggered updates to `gradient`.
    public mutating func nudge(beta: Double, label: Int, model: LayeredEnergyModel) {
        restoreFreeEquilibrium()
        phaseSign = beta > 0 ? 1 : -1
        for j in outputStart..<neuronCount {
            leak[j] = 1 + beta
            nudgeDrive[j] = j - outputStart == label ? beta : 0
        }
        beginPhase(model: model)
        runToEquilibrium()
        finishPhase()
        phaseSign = 0
    }

    /// Puts every neuron back to its free-equilibrium level, drive and state.
    mutating func restoreFreeEquilibrium() {
        clock = freeClock
        for j in 0..<neuronCount {
            level[j] = freeLevel[j]
            drive[j] = freeDrive[j]
            lastSpikeTime[j] = freeLastSpikeTime[j]
            leak[j] = 1
            nudgeDrive[j] = 0
            state[j] = clip01(drive[j])
            stateTime[j] = clock
        }
    }

    /// Takes the model's weights and schedules every neuron.
    mutating func beginPhase(model: LayeredEnergyModel) {
        precondition(model.layerSizes == layerSizes, "model and network sizes differ")
        weights = model.weights
        spikesThisPhase = 0
        for j in 0..<neuronCount { schedule(j) }
    }

    /// Processes spikes until no crossing is pending or the spike limit is
    /// reached: `Simulation(system:).runUntilQuiescent()`'s loop, run in place
    /// so the state is never copied.
    public mutating func runToEquilibrium() {
        while nextEventTime() < .infinity {
            if spikesThisPhase >= settings.maximumSpikesPerPhase {
                counters.unconvergedPhases += 1
                return
            }
            processNextEvent()
        }
    }

    /// Releases the weights and lets time go to infinity: s_j = clip(tau_j).
    mutating func finishPhase() {
        weights = []
        for j in 0..<neuronCount {
            state[j] = clip01(target(j))
            stateTime[j] = clock
        }
    }

    // MARK: Events

    public func nextEventTime() -> Double { heap.minKey }

    @inline(__always)
    func target(_ j: Int) -> Double { (drive[j] + nudgeDrive[j]) / leak[j] }

    /// Moves s_j along its trajectory to time t.
    @inline(__always)
    mutating func advance(_ j: Int, to t: Double) {
        let tau = target(j)
        let s0 = state[j]
        if s0 != clip01(tau) && t != stateTime[j] {
            state[j] = clip01(tau + (s0 - tau) * exp(-leak[j] * (t - stateTime[j])))
        }
        stateTime[j] = t
    }

    /// Keys neuron j on its next threshold crossing (+infinity if none).
    @inline(__always)
    mutating func schedule(_ j: Int) {
        let tau = target(j)
        let settled = clip01(tau)
        let s = state[j]
        var time = Double.infinity
        let upper = level[j] + halfBand
        let lower = level[j] - halfBand
        if settled > upper {
            time = s >= upper ? clock : clock + log((s - tau) / (upper - tau)) / leak[j]
        } else if settled < lower {
            time = s <= lower ? clock : clock + log((s - tau) / (lower - tau)) / leak[j]
        }
        heap.setKey(time, of: j)
    }

    /// Neighbour k's drive changes by `delta` at the current time.
    @inline(__always)
    mutating func changeDrive(_ k: Int, by delta: Double) {
        advance(k, to: clock)
        drive[k] += delta
        schedule(k)
    }

    public mutating func processNextEvent() {
        guard let j = heap.minSlot, !weights.isEmpty else {
            preconditionFailure("no phase has begun (weights are taken at the start of a phase)")
        }
        clock = heap.minKey
        spikesThisPhase += 1
        let layer = Int(layerOfNeuron[j])
        let sign: Double = clip01(target(j)) > level[j] ? 1 : -1
        state[j] = level[j] + sign * halfBand
        stateTime[j] = clock
        level[j] += sign * quantum
        schedule(j)

        let step = sign * quantum
        let learning = phaseSign != 0
        let change = phaseSign * step
        let scale = settings.updateScale
        var deliveries = 0
        // Synapses to the layer below: row j of matrix layer-1.
        let widthBelow = layerSizes[layer - 1]
        let rowStart = weightOffsets[layer - 1] + (j - layerStart[layer]) * widthBelow
        if layer >= 2 {
            let below = layerStart[layer - 1]
            for i in 0..<widthBelow {
                let k = below + i
                changeDrive(k, by: Double(weights[rowStart + i]) * step)
                if learning && level[k] != 0 {
                    gradient.addWeight(change * level[k], at: rowStart + i)
                    if lastSpikeTime[k] > -.infinity {
                        signature.record(deltaT: clock - lastSpikeTime[k], change: scale * change * level[k])
                    }
                }
            }
            deliveries += widthBelow
        } else if learning {
            for (i, x) in zip(inputIndices, inputValues) {
                gradient.addWeight(change * x, at: rowStart + Int(i))
            }
        }
        // Synapses to the layer above: column j of matrix layer.
        if layer < lastLayer {
            let width = layerSizes[layer]
            let above = layerStart[layer + 1]
            let columnStart = weightOffsets[layer] + (j - layerStart[layer])
            for m in 0..<layerSizes[layer + 1] {
                let k = above + m
                let index = columnStart + m * width
                changeDrive(k, by: Double(weights[index]) * step)
                if learning && level[k] != 0 {
                    gradient.touch(row: k)
                    gradient.addWeight(change * level[k], at: index)
                    if lastSpikeTime[k] > -.infinity {
                        signature.record(deltaT: lastSpikeTime[k] - clock, change: scale * change * level[k])
                    }
                }
            }
            deliveries += layerSizes[layer + 1]
        }
        if learning { gradient.addBias(change, at: j) }
        lastSpikeTime[j] = clock
        if learning {
            counters.nudgedSpikes += 1
            counters.nudgedSynapticEvents += UInt64(deliveries)
        } else {
            counters.freeSpikes += 1
            counters.freeSynapticEvents += UInt64(deliveries)
        }
    }

    // MARK: Inspection

    /// Levels r of layer l (1...L).
    public func levels(layer l: Int) -> ArraySlice<Double> { level[layerStart[l]..<layerStart[l + 1]] }

    /// Drives u of layer l (1...L), without the nudge.
    public func drives(layer l: Int) -> ArraySlice<Double> { drive[layerStart[l]..<layerStart[l + 1]] }

    /// Whether a crossing is pending (false after every phase unless a limit stopped it).
    public var hasPendingCrossing: Bool { heap.minKey < .infinity }

    /// The quantised free energy F(r) = 1/2 sum r_j^2 - sum W r r - sum b r - sum W x r
    /// + beta/2 sum_out (r - y)^2 at the current levels (for tests).
    public func quantisedEnergy(model: LayeredEnergyModel, input: [Double], beta: Double, label: Int?) -> Double {
        var energy = 0.0
        for j in 0..<neuronCount {
            energy += 0.5 * level[j] * level[j] - Double(model.biases[j]) * level[j]
        }
        for layer in 1...lastLayer {
            let widthBelow = layerSizes[layer - 1]
            for j in 0..<layerSizes[layer] {
                let rowStart = weightOffsets[layer - 1] + j * widthBelow
                for i in 0..<widthBelow {
                    let below = layer == 1 ? input[i] : level[layerStart[layer - 1] + i]
                    energy -= Double(model.weights[rowStart + i]) * below * level[layerStart[layer] + j]
                }
            }
        }
        if let label {
            for j in outputStart..<neuronCount {
                let y = j - outputStart == label ? 1.0 : 0.0
                energy += 0.5 * beta * (level[j] - y) * (level[j] - y)
            }
        }
        return energy
    }
}
