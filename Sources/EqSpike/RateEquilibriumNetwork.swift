/// The rate-based Equilibrium Propagation reference (Scellier and Bengio 2017)
/// for the same energy as `SpikingEquilibriumNetwork` (see `LayeredEnergyModel`).
///
/// States are real numbers in [0, 1]. A phase minimises F = E + beta C by
/// exact block-coordinate descent: layers have no internal connections, so
/// each layer in turn is set to its minimiser given its neighbours,
///
///     s_j = clip(u_j, 0, 1)                           (hidden, or free phase)
///     s_j = clip((u_j + beta y_j) / (1 + beta), 0, 1)   (output, nudged)
///
/// with u_j = b_j + sum_i W_ji s_i over both neighbouring layers; F never
/// increases, and sweeps stop when no state moves by more than
/// `settings.rateTolerance`. The input's drive is computed once per example.
///
/// EP update (added to `gradient`, before the learning rate): for +beta only,
/// rho_i^beta rho_j^beta - rho_i^0 rho_j^0; with symmetric nudging,
/// rho_i^+ rho_j^+ - rho_i^- rho_j^-, both phases starting from the free
/// equilibrium. The prediction is the output with the largest drive u_j.
public struct RateEquilibriumNetwork: EquilibriumNetwork {
    public let layerSizes: [Int]
    public let settings: EqSpikeSettings
    let layerStart: [Int]
    let outputStart: Int
    /// s_j of layers 1...L (flat, indexed like the model's biases).
    public private(set) var state: [Double]
    /// Drive u_j from the last sweep (without the nudge).
    public private(set) var drive: [Double]
    var inputDrive: [Double]
    var freeState: [Double]
    var inputIndices: [Int32] = []
    var inputValues: [Double] = []
    public var gradient: EPGradient
    public var counters = EqSpikeCounters()
    public var signature = STDPSignature()

    public init(model: LayeredEnergyModel, settings: EqSpikeSettings) {
        layerSizes = model.layerSizes
        self.settings = settings
        var starts = [0, 0]
        for l in 1..<layerSizes.count { starts.append(starts[l] + layerSizes[l]) }
        layerStart = starts
        outputStart = starts[layerSizes.count - 1]
        state = [Double](repeating: 0, count: starts.last!)
        drive = state
        freeState = state
        inputDrive = [Double](repeating: 0, count: layerSizes[1])
        gradient = EPGradient(model: model)
    }

    var lastLayer: Int { layerSizes.count - 1 }

    public mutating func settleFree(image index: Int, of images: LabelledImages, model: LayeredEnergyModel) -> Int {
        images.sparseInput(index, indices: &inputIndices, values: &inputValues)
        return settleFromRest(model: model)
    }

    /// Free phase for a dense input vector (tests, small networks).
    public mutating func settleFree(input: [Double], model: LayeredEnergyModel) -> Int {
        precondition(input.count == layerSizes[0])
        inputIndices.removeAll(keepingCapacity: true)
        inputValues.removeAll(keepingCapacity: true)
        for (i, x) in input.enumerated() where x != 0 {
            inputIndices.append(Int32(i))
            inputValues.append(x)
        }
        return settleFromRest(model: model)
    }

    private mutating func settleFromRest(model: LayeredEnergyModel) -> Int {
        counters.examples += 1
        let width = layerSizes[0]
        model.weights.withUnsafeBufferPointer { w in
            for j in 0..<layerSizes[1] {
                let row = j * width
                var sum = Double(model.biases[j])
                for (i, x) in zip(inputIndices, inputValues) { sum += Double(w[row + Int(i)]) * x }
                inputDrive[j] = sum
            }
        }
        counters.inputDriveOperations += UInt64(inputIndices.count * layerSizes[1])
        for j in state.indices { state[j] = 0 }
        let sweeps = settle(beta: 0, label: 0, model: model)
        counters.freeSweeps += UInt64(sweeps)
        counters.freeSweepOperations += UInt64(sweeps * (model.weights.count - model.layerSizes[0] * model.layerSizes[1]) * 2)
        freeState = state
        return indexOfMaximum(drive[outputStart...])
    }

    public mutating func learn(label: Int, model: LayeredEnergyModel) {
        let beta = settings.nudgingStrength
        let plus = nudge(beta: beta, label: label, model: model)
        let minus = settings.symmetricNudging ? nudge(beta: -beta, label: label, model: model) : freeState
        addProducts(plus, sign: 1, model: model)
        addProducts(minus, sign: -1, model: model)
        state = freeState
    }

    /// One nudged phase from the free equilibrium; returns its equilibrium.
    public mutating func nudge(beta: Double, label: Int, model: LayeredEnergyModel) -> [Double] {
        state = freeState
        _ = settle(beta: beta, label: label, model: model)
        return state
    }

    /// Adds sign * rho_i rho_j of the states `s` to the gradient.
    mutating func addProducts(_ s: [Double], sign: Double, model: LayeredEnergyModel) {
        for layer in 1...lastLayer {
            let widthBelow = layerSizes[layer - 1]
            for j in 0..<layerSizes[layer] {
                let neuron = layerStart[layer] + j
                let post = sign * s[neuron]
                guard post != 0 else { continue }
                gradient.addBias(post, at: neuron)
                let rowStart = model.weightOffsets[layer - 1] + j * widthBelow
                if layer == 1 {
                    for (i, x) in zip(inputIndices, inputValues) { gradient.addWeight(post * x, at: rowStart + Int(i)) }
                } else {
                    let below = layerStart[layer - 1]
                    for i in 0..<widthBelow where s[below + i] != 0 {
                        gradient.addWeight(post * s[below + i], at: rowStart + i)
                    }
                }
            }
        }
    }

    /// Sweeps layers 1...L until no state moves by more than the tolerance;
    /// returns the number of sweeps.
    @discardableResult
    mutating func settle(beta: Double, label: Int, model: LayeredEnergyModel) -> Int {
        var sweeps = 0
        model.weights.withUnsafeBufferPointer { w in
            while sweeps < settings.maximumSweeps {
                sweeps += 1
                var largestMove = 0.0
                for layer in 1...lastLayer {
                    let start = layerStart[layer]
                    let size = layerSizes[layer]
                    for j in 0..<size { drive[start + j] = layer == 1 ? inputDrive[j] : Double(model.biases[start + j]) }
                    if layer >= 2 {
                        let widthBelow = layerSizes[layer - 1]
                        let below = layerStart[layer - 1]
                        for j in 0..<size {
                            let rowStart = model.weightOffsets[layer - 1] + j * widthBelow
                            var sum = 0.0
                            for i in 0..<widthBelow { sum += Double(w[rowStart + i]) * state[below + i] }
                            drive[start + j] += sum
                        }
                    }
                    if layer < lastLayer {
                        let above = layerStart[layer + 1]
                        for m in 0..<layerSizes[layer + 1] where state[above + m] != 0 {
                            let rowStart = model.weightOffsets[layer] + m * size
                            let r = state[above + m]
                            for j in 0..<size { drive[start + j] += Double(w[rowStart + j]) * r }
                        }
                    }
                    for j in 0..<size {
                        var settled = drive[start + j]
                        if layer == lastLayer && beta != 0 {
                            settled = (settled + (j == label ? beta : 0)) / (1 + beta)
                        }
                        settled = clip01(settled)
                        largestMove = max(largestMove, abs(settled - state[start + j]))
                        state[start + j] = settled
                    }
                }
                if largestMove <= settings.rateTolerance { return }
            }
            counters.unconvergedPhases += 1
        }
        return sweeps
    }

    /// States of layer l (1...L).
    public func states(layer l: Int) -> ArraySlice<Double> { state[layerStart[l]..<layerStart[l + 1]] }

    /// Cost C = 1/2 ||s_out - y||^2 at the current states.
    public func cost(label: Int) -> Double {
        var cost = 0.0
        for j in outputStart..<state.count {
            let y = j - outputStart == label ? 1.0 : 0.0
            cost += 0.5 * (state[j] - y) * (state[j] - y)
        }
        return cost
    }
}
