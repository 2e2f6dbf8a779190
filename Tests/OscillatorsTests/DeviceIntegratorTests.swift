import EventCore
import Foundation
import Oscillators
import Testing

/// A vortex device relaxing from p = 0.05 while driven 1 MHz off its
/// frequency by a strong source: amplitude and phase both move.
private func drivenDevice(_ integration: IntegrationScheme) throws -> DeviceArray {
    let free = DeviceParameters.vortex.freeRunningFrequency(atCurrent: 6)
    return try DeviceArray(.init(devices: [.vortex], currents: [CurrentSchedule(initialCurrent: 6)],
                                 sources: [RFSource(frequency: free + 1, amplitude: 2)],
                                 initialAmplitudes: [Complex(0.05.squareRoot(), 0)], integration: integration))
}

/// (power, phase in cycles) at 2 µs.
private func endState(_ integration: IntegrationScheme) throws -> (Double, Double) {
    var simulation = Simulation(system: try drivenDevice(integration))
    simulation.run(until: 2)
    return (simulation.system.power(0, at: 2), simulation.system.phase(0, at: 2))
}

private func observedOrder(_ scheme: (Double) -> IntegrationScheme, steps: [Double], reference: Double) throws -> [Double] {
    let exact = try endState(scheme(reference))
    let errors = try steps.map { h in
        let (p, phase) = try endState(scheme(h))
        return max(abs(p - exact.0), abs(phase - exact.1))
    }
    return zip(errors, errors.dropFirst()).map { log2($0 / $1) }
}

@Test func dormandPrinceConvergesAtFifthOrderOnADrivenDevice() throws {
    // Steps of 10 and 5 ns: errors 1e-10 and 4e-12 (at 20 ns the error is not yet asymptotic,
    // at 2.5 ns it meets the rounding of a phase of 650 cycles).
    let orders = try observedOrder({ .fixedDormandPrince(step: $0) }, steps: [0.01, 0.005], reference: 0.0003125)
    for order in orders { #expect(order > 4.5 && order < 5.5, "observed orders \(orders)") }
}

@Test func heunConvergesAtSecondOrderWithoutNoise() throws {
    let orders = try observedOrder({ .stochasticHeun(step: $0) }, steps: [0.01, 0.005, 0.0025], reference: 0.00005)
    for order in orders { #expect(order > 1.8 && order < 2.3, "observed orders \(orders)") }
}

@Test func adaptiveStepMeetsItsToleranceOnTheDrivenDevice() throws {
    let exact = try endState(.fixedDormandPrince(step: 0.000625))
    for tolerance in [1e-6, 1e-9] {
        let (p, phase) = try endState(.adaptive(relativeTolerance: tolerance, absoluteTolerance: tolerance * 1e-2, maximumStep: 0.02))
        // Local errors below the tolerance per step; over ~100-1000 steps the global error stays within 100x.
        #expect(abs(p - exact.0) < 100 * tolerance && abs(phase - exact.1) < 100 * tolerance)
    }
}
