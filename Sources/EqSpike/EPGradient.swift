/// Sums of Equilibrium Propagation updates, before the learning rate:
///
///     G^k_ji = sum over examples and nudged phases of (phase sign) * [rho_i rho_j at the end - rho_i rho_j at the start]
///     g_j    = same with rho_j alone (biases)
///
/// in the weight layout of `LayeredEnergyModel`. The spiking network adds to
/// it one spike at a time; the rate network adds whole outer products. Rows
/// (neurons j of layer k+1) that received anything are flagged, so applying
/// and clearing cost only what was touched: in spiking EP a row changes only
/// if its neuron or a neighbour above spiked in a nudged phase, which most
/// hidden neurons do not.
public struct EPGradient: Sendable, Equatable {
    public private(set) var weights: [Double]
    public private(set) var biases: [Double]
    /// Row r (neuron r of layers 1...L, indexed like the model's biases) holds
    /// weights[rowStart[r] ..< rowStart[r] + rowWidth[r]].
    private let rowStart: [Int]
    private let rowWidth: [Int]
    /// Which matrix each row belongs to (its learning-rate scale).
    private let rowMatrix: [Int]
    private var rowTouched: [Bool]
    private var touchedRows: [Int32]

    public init(model: LayeredEnergyModel) {
        weights = [Double](repeating: 0, count: model.weights.count)
        biases = [Double](repeating: 0, count: model.biases.count)
        var rowStart: [Int] = [], rowWidth: [Int] = [], rowMatrix: [Int] = []
        for k in 0..<model.matrixCount {
            for j in 0..<model.layerSizes[k + 1] {
                rowStart.append(model.weightOffsets[k] + j * model.layerSizes[k])
                rowWidth.append(model.layerSizes[k])
                rowMatrix.append(k)
            }
        }
        self.rowStart = rowStart
        self.rowWidth = rowWidth
        self.rowMatrix = rowMatrix
        rowTouched = [Bool](repeating: false, count: model.biases.count)
        touchedRows = []
        touchedRows.reserveCapacity(model.biases.count)
    }

    @inline(__always)
    mutating func touch(row: Int) {
        if !rowTouched[row] {
            rowTouched[row] = true
            touchedRows.append(Int32(row))
        }
    }

    @inline(__always)
    mutating func addWeight(_ value: Double, at index: Int) { weights[index] += value }

    @inline(__always)
    mutating func addBias(_ value: Double, at row: Int) {
        touch(row: row)
        biases[row] += value
    }

    /// Adds `scales[k] * G` to the model's weights and biases of matrix k
    /// (biases of layer k+1 use matrix k's scale), rows in increasing order,
    /// and clears the sums.
    public mutating func apply(to model: inout LayeredEnergyModel, scales: [Double]) {
        touchedRows.sort()
        for row32 in touchedRows {
            let row = Int(row32)
            let scale = scales[rowMatrix[row]]
            for index in rowStart[row]..<(rowStart[row] + rowWidth[row]) where weights[index] != 0 {
                model.weights[index] = Float(Double(model.weights[index]) + scale * weights[index])
                weights[index] = 0
            }
            model.biases[row] = Float(Double(model.biases[row]) + scale * biases[row])
            biases[row] = 0
            rowTouched[row] = false
        }
        touchedRows.removeAll(keepingCapacity: true)
    }

    /// Adds `other`'s sums to these and clears `other`.
    public mutating func absorb(_ other: inout EPGradient) {
        for row32 in other.touchedRows {
            let row = Int(row32)
            touch(row: row)
            for index in rowStart[row]..<(rowStart[row] + rowWidth[row]) where other.weights[index] != 0 {
                weights[index] += other.weights[index]
                other.weights[index] = 0
            }
            biases[row] += other.biases[row]
            other.biases[row] = 0
            other.rowTouched[row] = false
        }
        other.touchedRows.removeAll(keepingCapacity: true)
    }

    /// Whether nothing has been added since the last `apply`.
    public var isZero: Bool { touchedRows.isEmpty && weights.allSatisfy { $0 == 0 } }
}
