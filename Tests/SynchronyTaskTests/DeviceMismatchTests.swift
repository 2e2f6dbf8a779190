import Oscillators
import Testing
@testable import SynchronyTask

private func chip(frequencySpread: Double, tunabilitySpread: Double, seed: UInt64) throws -> DeviceArray {
    var p = CheeseBenchmark.detector(for: "cheddar", model: .device)!
    p.coupling = 0
    p.frequencySpread = frequencySpread
    p.tunabilitySpread = tunabilitySpread
    p.seed = seed
    return try DeviceBinding(parameters: p).array(for: InputSpikeTimes(t2: 400, t3: 300), seed: seed)
}

@Test func aCalibratedChipStartsOnItsFrequenciesAndErrsOnlyInItsRampsWhenTunabilitiesSpread() throws {
    let starts = CheeseBenchmark.detector(for: "cheddar", model: .device)!.startFrequencies
    let devices = try chip(frequencySpread: 0, tunabilitySpread: 0.05, seed: 4)
    #expect(Set(devices.configuration.devices.map(\.currentTunability)).count == 3)
    for i in 0..<3 { #expect(abs(devices.frequency(i, at: 0) - starts[i]) < 1e-6, "device \(i)") }
    // The nominal ramps on mismatched devices: the lines' slopes differ from the design.
    let nominal = try chip(frequencySpread: 0, tunabilitySpread: 0, seed: 4)
    #expect(devices.configuration.currents.map(\.changes) == nominal.configuration.currents.map(\.changes))
}

@Test func aFrequencySpreadShiftsTheStartFrequenciesByTheDrawnOffsetsSeededPerChip() throws {
    let starts = CheeseBenchmark.detector(for: "cheddar", model: .device)!.startFrequencies
    let devices = try chip(frequencySpread: 0.2, tunabilitySpread: 0, seed: 4)
    let again = try chip(frequencySpread: 0.2, tunabilitySpread: 0, seed: 4)
    let other = try chip(frequencySpread: 0.2, tunabilitySpread: 0, seed: 5)
    #expect(devices.configuration.devices == again.configuration.devices)
    #expect(devices.configuration.devices != other.configuration.devices)
    for i in 0..<3 {
        let offset = devices.configuration.devices[i].frequency - DeviceParameters.vortex.frequency
        #expect(abs(devices.frequency(i, at: 0) - (starts[i] + offset)) < 1e-6 && abs(offset) < 1)
    }
}
