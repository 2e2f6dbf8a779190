import SpikeNeurons
import Units

/// What `spinsim models` prints: every model a network file can name, with
/// its equations, parameters (unit, default, bounds) and recordable
/// variables, rendered from the models' schemas.
public enum ModelCatalog {
    public static var text: String {
        ModelKind.allCases.map { entry($0.schema) }.joined(separator: "\n\n")
    }

    static func entry(_ schema: ModelSchema) -> String {
        var lines = ["model = \"\(schema.name)\": \(schema.summary)"]
        lines += schema.equations.map { "    \($0)" }
        let rows = schema.parameters.map { spec -> [String] in
            let unit = spec.dimension.internalUnit
            return [spec.name, unit.isEmpty ? "-" : unit, spec.defaultValue.map { value(of: $0, unit: unit) } ?? (spec.isOptional ? "none" : "required"),
                    spec.bounds.text(unit: ""), kind(spec.kind) + spec.summary]
        }
        lines.append("  parameters:")
        lines += table(rows, header: ["name", "unit", "default", "bounds", "meaning"])
        if let weight = schema.weightDimension {
            lines.append("  projection weight: \(weight.rawValue) (\(weight.internalUnit)), e.g. weight = \(weight.example)")
        } else {
            lines.append("  an input: cannot be the target of a projection")
        }
        if schema.acceptsCurrent { lines.append("  current inputs: [[current]] steps, ramps and noise (pA) add to its current") }
        lines.append(schema.variables.isEmpty ? "  recordable: none"
            : "  recordable: " + schema.variables.map { "\($0.name) (\($0.unit), \($0.summary))" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    private static func kind(_ kind: ParameterSpec.Kind) -> String {
        switch kind {
        case .scalar: ""
        case .perNode: "per node (a value, { uniform = [lo, hi] }, { normal = {...} }, { lognormal = {...} } or a node_values column): "
        case let .lists(unitKey): "lists, unit in \(unitKey): "
        case .schedule: "a value or { times = [...], values = [...] }: "
        }
    }

    private static func value(of value: ParameterValue, unit: String) -> String {
        switch value {
        case let .scalar(x): "\(x.formatted) \(unit)".trimmingTrailingSpace
        case let .distribution(.uniform(lower, upper)): "uniform [\(lower.formatted), \(upper.formatted)] \(unit)"
        case .distribution: "drawn per node"
        case .lists: "lists"
        case .values: "per node"
        case .schedule: "schedule"
        }
    }

    private static func table(_ rows: [[String]], header: [String]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            "    " + row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column].padded(to: widths[column])
            }.joined(separator: "  ")
        }
    }
}

private extension Double {
    var formatted: String { self == rounded() && magnitude < 1e15 ? String(Int64(self)) : "\(self)" }
}

private extension String {
    func padded(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    var trimmingTrailingSpace: String { hasSuffix(" ") ? String(dropLast()) : self }
}
