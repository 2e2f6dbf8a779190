import Foundation
import Formats
import SynchronyTask

/// Traces of chosen tokens, readable with h5py:
///
///     /tokens/<name>   attributes: vowel, predicted, pattern (e.g. "AA-B"), source_a_mhz, source_b_mhz
///         time         float64 (samples), µs, every 10 ns from 0
///         frequency    float64 (samples x oscillators), MHz: instantaneous frequency
///         power        float64 (samples x oscillators), dimensionless
///         phase        float64 (samples x oscillators), cycles, unwrapped
///         window_frequency  float64 (oscillators), MHz: mean over the read-out window
///
/// The figure of the issue (the oscillators' frequencies against the two
/// inputs) is `frequency` against `time` with the two source lines.
enum VowelTraceFile {
    static func write(model: VowelModel, samples: [FormantSample], answers: [VowelModel.Answer], provenance: [String: String],
                      to path: String, replacing: Bool) throws {
        let chip = try VowelNetwork(parameters: model.network)
        let n = model.currents.count
        try AtomicOutput(path: path, replacing: replacing).write { temporaryPath in
            let file = try HDF5File.create(path: temporaryPath, overwrite: true)
            let root = try file.rootGroup()
            try root.setAttributes(provenance)
            let tokens = try root.createGroup("tokens")
            for (sample, answer) in zip(samples, answers) {
                let sources = model.encoding.sourceFrequencies(f1: sample.f1, f2: sample.f2)
                let (response, trace) = try chip.respond(currents: model.currents, sourceFrequencies: sources, noiseKey: sample.name,
                                                         trace: true)
                precondition(response == answer.response, "a traced token answers as it did unobserved")
                let group = try tokens.createGroup(sample.name)
                try group.setAttribute("vowel", string: model.vowels[sample.vowel])
                try group.setAttribute("predicted", string: model.vowels[answer.vowel])
                try group.setAttribute("pattern", string: response.pattern.description)
                try group.setAttribute("source_a_mhz", value: sources.a)
                try group.setAttribute("source_b_mhz", value: sources.b)
                try group.createDataset("time", values: trace!.times)
                for (name, values) in [("frequency", trace!.frequencies), ("power", trace!.powers), ("phase", trace!.phases)] {
                    let d = try group.createExtendibleDataset(name, of: Double.self, chunkSize: 1024, columns: n)
                    try d.append(values)
                }
                try group.createDataset("window_frequency", values: response.windowFrequencies)
            }
            try file.flush()
        }
    }
}
