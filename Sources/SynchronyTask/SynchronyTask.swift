// SynchronyTask: classifying input spike patterns by whether three coupled
// oscillators mutually synchronise (the binding task of Romera et al. 2022,
// "the Cheddar task" in the design note), built on the Oscillators model.
//
// The task. A sample is three input spikes: neuron 1 at t1 = 0, neurons 2 and
// 3 at t2 and t3 (`InputSpikeTimes`). Each spike starts the frequency ramp of
// one oscillator; a `SynchronyDetector` (its `SynchronyDetectorParameters`:
// start frequencies, ramp rates, coupling, threshold) simulates the
// pulse-coupled triad and says "yes" when its coherent power over a sliding
// window crosses the threshold (`SynchronyDecision`). The frequency lines are
// never compared directly: coupling, noise and ramp rates act through the
// simulated dynamics. `SynchronyDetectorTrainer` learns a detector for one
// class from labelled samples; `MultiClassDecision` picks one class per sample
// from one detector per class. The benchmark's class names (cheddar, brie,
// cheshire, stilton) are data: `CheeseBenchmark` lists them once, with the
// detector shipped for each.
//
// Units. Task time is in task units of `timeUnit` ns (100 ns by default):
// input times, ramp rates (MHz per task unit), durations, the time of a
// detector's best window. The oscillators run in real time, µs and MHz; the
// detector converts (`microsecondsPerUnit`) when it builds a network, and
// recorded spike times stay in µs. Coherent power is in units of one
// oscillator's power (9 = fully locked triad).
//
// What it knows nothing about: files (the CSV of samples, detector JSON and
// the HDF5 trace are SpinSimKit's), the command line, and spiking neurons.
// It imports Oscillators, EventCore and Diagnostics only.
