// Oscillators: spin-torque nano-oscillators seen as spiking phase oscillators,
// advanced exactly between events on EventCore's `Simulation`.
//
// What it models. Each oscillator has an instantaneous frequency
// f = f0 + k I(t) set by a piecewise-linear drive current
// (`SpinTorqueOscillatorParameters`, `CurrentSchedule`), so its phase is
// quadratic in time between events and its spike times (one per cycle) are
// roots of a quadratic, not steps of an integrator. Oscillators couple by
// pulses through a phase response curve (`PhaseResponseCurve`), may carry
// phase noise of a given linewidth, and are read out by how strongly a group
// locks (`SynchronyReadout`: coherent power and pairwise locking) or by the
// spectrum of their summed output (`PowerSpectrum`, `summedOutput`).
//
// Units. Time in microseconds (µs), frequencies in MHz (cycles per µs), drive
// currents in mA, tunability in MHz per mA, phases in cycles (unwrapped: the
// integer part counts spikes). Coupling strengths are dimensionless phase
// kicks; coherent power is in units of one oscillator's power.
//
// What it knows nothing about: tasks (the synchrony task and its cheese
// classes live in SynchronyTask, which turns task units of 100 ns into µs
// before it builds a network), files and formats (no HDF5, CSV or JSON: the
// kit writes what a caller recorded), and spiking neurons (SpikeNeurons).
// It imports only EventCore (and the C math library).
