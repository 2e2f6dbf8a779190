import SpikeNeurons

/// One sampled report of a run's trace, `/report/<name>`: a state variable
/// of some nodes (`[record] state`, every `sample_interval`), or the weights
/// of one plastic projection (`[record] weight_interval`), one column per
/// connection in the order of `/projections/<index>_<source>_to_<target>`
/// (whose source and target ids name each column).
struct ReportPlan {
    enum Quantity {
        case state(StateProbe)
        case weights(projection: Int)
    }

    var name: String
    var variable: String
    var units: String
    /// Node ids, or connection indices for weights.
    var columns: [UInt64]
    /// ms
    var interval: Double
    var quantity: Quantity

    /// `<index>_<source>_to_<target>`: how a projection's weights are named in the trace.
    static func projectionName(_ index: Int, _ projection: ProjectionDescription) -> String {
        "\(index)_\(projection.source)_to_\(projection.target)"
    }

    /// The weight report of projection `index`.
    static func weightReportName(_ index: Int, _ projection: ProjectionDescription) -> String {
        "weights_" + projectionName(index, projection)
    }

    /// The names of the weight reports a network can have, one per plastic projection.
    static func weightReportNames(_ network: NetworkDescription) -> [String] {
        network.projections.indices.filter { network.projections[$0].plasticity != nil }
            .map { weightReportName($0, network.projections[$0]) }
    }

    var isWeights: Bool {
        if case .weights = quantity { true } else { false }
    }
}
