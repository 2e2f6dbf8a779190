import EventCore
import Foundation
import Oscillators
import Testing

/// A fast-relaxing device run at 12 mA (zeta = 3: p0 = 0.4, Gamma_p = 50/µs):
/// the lines below are at least 15 times narrower than the amplitude
/// relaxation and its power fluctuates by about 1 %, the low-temperature
/// regime where the line is a Lorentzian of FWHM (1 + nu^2) D_n / (2 pi p0).
/// (At 10 % power fluctuations the phase diffuses about 10 % faster, as
/// <1/p> exceeds 1/p0: the formula is the low-temperature limit.)
private let current = 12.0
private func device(nu: Double) -> DeviceParameters {
    DeviceParameters(frequency: 300, currentTunability: 4, nonlinearShift: nu * 50 / (2 * Double.pi * 0.4),
                     dampingRate: 25, nonlinearDamping: 2, thresholdCurrent: 4)
}

/// FWHM (MHz) of the Welch spectrum of the device's output (2 ms per seed,
/// spectra of the seeds averaged).
private func measuredLinewidth(_ oscillator: DeviceParameters, noise: DeviceNoise, seeds: [UInt64],
                               step: Double, segmentLength: Int) throws -> Double {
    let free = oscillator.freeRunningFrequency(atCurrent: current)
    var spectra: [WelchSpectrum] = []
    for seed in seeds {
        var simulation = Simulation(system: try DeviceArray(.init(
            devices: [oscillator], currents: [CurrentSchedule(initialCurrent: current)], noise: [noise],
            integration: .stochasticHeun(step: step), emitsSpikes: false, seed: seed)))
        var samples: [ComplexSample] = []
        let interval = 0.05
        simulation.every(interval, startingAt: 20) { devices, status in
            let c = devices.basebandAmplitude(0, reference: free, at: status.time)
            samples.append((c.re, c.im))
            return .proceed
        }
        simulation.run(until: 2020)
        spectra.append(try WelchSpectrum(samples: samples, sampleInterval: interval, segmentLength: segmentLength))
    }
    let frequencies = spectra[0].frequencies
    let density = frequencies.indices.map { k in spectra.reduce(0) { $0 + $1.density[k] } / Double(spectra.count) }
    let spectrum = (frequencies: frequencies, density: density)
    // Half the power of a Lorentzian lies within half its FWHM of the centre
    // ((2 / pi) atan 1 = 1/2): the width is read off the cumulative power, an
    // integral over many bins rather than a fit to each bin's noisy density.
    let binWidth = spectrum.frequencies[1] - spectrum.frequencies[0]
    let total = spectrum.density.reduce(0, +) * binWidth
    let centre = spectrum.density.indices.max { spectrum.density[$0] < spectrum.density[$1] }!
    var inside = spectrum.density[centre] * binWidth, k = 0
    while true {
        let next = (spectrum.density[centre - k - 1] + spectrum.density[centre + k + 1]) * binWidth
        if inside + next >= total / 2 {
            // The central bin counts half a bin each side; interpolate within the last pair.
            return 2 * binWidth * (Double(k) + 0.5 + (total / 2 - inside) / next)
        }
        inside += next
        k += 1
    }
}

@Test func linewidthFromTheSimulatedSpectrumIsTheStatedOne() throws {
    // nu = 0: the linear oscillator's line, FWHM D_n / (2 pi p0); three runs of 2 ms averaged
    // (each alone scatters by about 5 %). The power fluctuates by 1.2 % here, which speeds the
    // phase diffusion by about as much (<1/p> > 1/p0). Without amplitude-phase coupling the phase is exact
    // at any step, so 5 ns steps suffice.
    let linear = try measuredLinewidth(device(nu: 0), noise: .linewidth(0.1, atCurrent: current), seeds: [1, 2, 3], step: 0.005,
                                       segmentLength: 4096) // bins of 0.005 MHz: the window broadens the line by 0.3 %
    // Measured 0.106 MHz (+6 %). The estimator itself, on ideal phase-diffusion records of the
    // same length (12 sets of three 2 ms records), reads 0.1024 MHz on average with a standard
    // deviation of 0.0052 MHz: one such measurement scatters by 5 %, so 10 % is two deviations.
    #expect(abs(linear - 0.1) <= 0.1 * 0.1, "measured \(linear) MHz")
}

@Test func nonlinearityBroadensTheLineByOnePlusNuSquared() throws {
    // Thermal noise whose D_n gives a linear (nu = 0) line of 0.1 MHz, on a device with nu = 3:
    // its line is (1 + nu^2) = 10 times as wide.
    let strength = DeviceNoise.linewidth(0.1, atCurrent: current).strength(for: device(nu: 0))
    let energy = DeviceNoise.boltzmann * 300 * device(nu: 0).dampingRate * (1 + 2 * 0.4) / strength
    let thermal = DeviceNoise.thermal(temperature: 300, modeEnergy: energy, atCurrent: current)
    #expect(abs(thermal.strength(for: device(nu: 3)) - strength) <= 1e-12 * strength)
    let broad = try measuredLinewidth(device(nu: 3), noise: thermal, seeds: [3], step: 0.002, segmentLength: 1024) // bins of 0.02 MHz
    #expect(abs(broad - 1) <= 0.05, "nu 3: \(broad) MHz against (1 + nu^2) D_n / (2 pi p0) = 1 MHz")
}
