import EventCore
import Foundation
import Oscillators
import Testing

/// A fast-relaxing device (Gamma_p = 12.5/µs at 6 mA, p0 = 1/7) with
/// nonlinearity nu at 6 mA: the small-signal locking theory holds when the
/// drive is much weaker than the amplitude relaxation.
private func device(nu: Double, frequency: Double = 300) -> DeviceParameters {
    DeviceParameters(frequency: frequency, currentTunability: 4, nonlinearShift: nu * 7 * 12.5 / (2 * Double.pi),
                     dampingRate: 25, nonlinearDamping: 2, thresholdCurrent: 4)
}

private let tight = IntegrationScheme.adaptive(relativeTolerance: 1e-9, absoluteTolerance: 1e-11, maximumStep: 0.02)

/// Cycles the device's phase gains on `reference(t)` between 60 and 260 µs.
private func drift(_ array: DeviceArray, device i: Int = 0, against reference: (DeviceArray, Double) -> Double) -> Double {
    var simulation = Simulation(system: array)
    simulation.run(until: 60)
    let early = simulation.system.phase(i, at: 60) - reference(simulation.system, 60)
    simulation.run(until: 260)
    return simulation.system.phase(i, at: 260) - reference(simulation.system, 260) - early
}

@Test(arguments: [0.0, 3.0, 5.0])
func injectionLockingRangeIsFSqrtOnePlusNuSquaredOverSqrtP0(nu: Double) throws {
    let oscillator = device(nu: nu)
    #expect(abs(oscillator.nonlinearity(atCurrent: 6) - nu) <= 1e-12)
    // Drives chosen so the predicted half range is about 0.1 MHz for each nu.
    let amplitude = 0.25 / (1 + nu * nu).squareRoot()
    let halfRange = oscillator.lockingHalfRange(driveAmplitude: amplitude, atCurrent: 6)
    let free = oscillator.freeRunningFrequency(atCurrent: 6)
    for side in [-1.0, 1.0] {
        for (fraction, locks) in [(0.98, true), (1.02, false)] {
            let drive = free + side * fraction * halfRange
            let array = try DeviceArray(.init(devices: [oscillator], currents: [CurrentSchedule(initialCurrent: 6)],
                                              sources: [RFSource(frequency: drive, amplitude: amplitude)], integration: tight))
            let slipped = abs(drift(array) { _, t in drive * t })
            if locks {
                #expect(slipped < 0.05, "nu \(nu): drive at \(fraction) x the half range \(halfRange) MHz slipped \(slipped) cycles")
            } else {
                #expect(slipped > 1, "nu \(nu): drive at \(fraction) x the half range \(halfRange) MHz stayed locked (\(slipped) cycles)")
            }
        }
    }
}

@Test(arguments: [(5.0, atan(5.0)), (5.0, 0.0), (0.0, 0.0)])
func twoCoupledDevicesLockAcrossTwiceTheCouplingTimesSqrtOnePlusNuSquaredTimesCos(nu: Double, phase: Double) throws {
    // Predicted: |f1 - f2| <= 2 K sqrt(1 + nu^2) |cos(phase - atan nu)| / 2 pi.
    let factor = (1 + nu * nu).squareRoot() * abs(cos(phase - atan(nu)))
    let strength = 0.25 / factor
    let range = 2 * strength * factor / (2 * Double.pi)
    for (fraction, locks) in [(0.5, true), (0.97, true), (1.03, false), (1.5, false)] {
        let devices = [device(nu: nu), device(nu: nu, frequency: 300 + fraction * range)]
        let array = try DeviceArray(.init(devices: devices, currents: Array(repeating: CurrentSchedule(initialCurrent: 6), count: 2),
                                          coupling: .series(count: 2, strength: strength, phase: phase), integration: tight))
        let slipped = abs(drift(array, device: 1) { array, t in array.phase(0, at: t) })
        if locks {
            #expect(slipped < 0.05, "nu \(nu), phase \(phase): detuning \(fraction) x \(range) MHz slipped \(slipped) cycles")
        } else {
            #expect(slipped > 1, "nu \(nu), phase \(phase): detuning \(fraction) x \(range) MHz stayed locked (\(slipped))")
        }
    }
}
