// Oscillators: spin-torque nano-oscillators, two ways, advanced on EventCore's
// `Simulation`, and the spectra of their outputs.
//
// - `Device/`: the device itself, the Slavin-Tiberkevich auto-oscillator
//   (`DeviceParameters`: complex amplitude, power-dependent frequency and
//   damping, threshold current). At constant current an undriven, noiseless
//   device has a closed form (`ConstantCurrentSolution`: logistic power, phase
//   through the power's integral); driven, coupled or noisy devices
//   (`DeviceArray`: RF sources, `DeviceCoupling`, `DeviceNoise`) are integrated
//   in rotating frames with Dormand-Prince 5(4) or stochastic Heun
//   (`IntegrationScheme`), the closed form being the test oracle. Spikes are one
//   per cycle, at a stated phase.
// - `Phase/`: the reduced model, phase oscillators with f = f0 + k I, kicked
//   through a phase response curve at each other's spikes, spike times in
//   closed form (`OscillatorNetwork`), read out by how strongly a group locks
//   (`SynchronyReadout`).
// - `Drive/`: what drives either: piecewise-linear currents with jumps
//   (`CurrentSchedule`) and microwave sources (`RFSource`).
// - `Spectrum/`: Welch power spectral densities, short-time spectra and
//   periodograms through the system FFTW (`WelchSpectrum`, `Spectrogram`,
//   `PowerSpectrum`, `FourierTransform`).
//
// Units. Time in microseconds (µs), frequencies in MHz (cycles per µs), rates
// in 1/µs, drive currents in mA, powers dimensionless, phases in cycles where
// public.
//
// What it knows nothing about: tasks (the synchrony task and its cheese
// classes live in SynchronyTask), files and formats (the kit writes what a
// caller recorded), and spiking neurons (SpikeNeurons). It imports EventCore,
// Units, Diagnostics and the system FFTW.
