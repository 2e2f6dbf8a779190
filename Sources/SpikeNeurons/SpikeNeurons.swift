// SpikeNeurons: spiking-network models that advance exactly between events,
// and networks built from a description.
//
// Models (`Models/`): each is a type conforming to `EventDrivenPopulation`
// with a `ModelSchema` (its equations, parameters with dimension, default and
// bounds, recordable variables), listed once in `Models/Population.swift`.
// Today: `lif` (leaky integrate-and-fire with voltage jumps), `pif` (perfect
// integrate-and-fire with a drive current), and the inputs `poisson` and
// `spike_times`. Every model states its equations in its doc comment and is
// tested against the closed form.
//
// Descriptions (`Description/`): a `NetworkDescription` is plain data (a
// recipe) and `validate()` is the one check of it. Networks (`Network/`):
// `Network` builds a whole description, or one `Partition` of it, drawing
// every random number from a stream named by what it serves (connections
// onto each target, each node's initial value), and orders simultaneous
// events by (time, source id), so parts give the spikes of the whole.
// Plasticity (`Plasticity/`): pair and triplet STDP per synapse.
// Observation (`Observation/`): spike statistics without storing spikes.
//
// Units: ms, mV, Hz, pA, nS, pF (each dimension's internal unit in `Units`).
//
// What it knows nothing about: files and formats (the kit parses network
// files through the schemas and writes traces), tasks, the command line.
