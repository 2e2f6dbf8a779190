import Diagnostics
import Units

extension HDF5Dataset {
    /// The factor from the unit the dataset's string attribute `units` names
    /// to the internal unit of `dimension` (no attribute: the unit without a
    /// symbol, a dimensionless quantity's); errors name `input` and the dataset.
    func unitFactor(_ dimension: Units.Dimension, input: String) throws -> Double {
        var unit = ""
        if try attributeNames().contains("units") {
            guard case let .strings(names) = try attribute("units"), names.count == 1 else {
                throw InputError(input: input, "\(path): attribute units must be one string")
            }
            unit = names[0]
        }
        guard let factor = dimension.units.first(where: { $0.symbol == unit })?.factor else {
            let expected = "one of: \(dimension.units.map(\.symbol).joined(separator: ", ")) (a \(dimension.rawValue))"
            throw InputError(input: input, "\(path): " + (unit.isEmpty ? "needs a string attribute units, \(expected)" : "units \"\(unit)\" is not \(expected)"))
        }
        return factor
    }
}
