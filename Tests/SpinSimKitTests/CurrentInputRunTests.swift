import Formats
import Foundation
import SpinSimKit
import Testing
import TestSupport

/// lif_exp and aeif_cond_exp cells driven by current inputs (noise on all,
/// a step on some, a ramp on others) and a few Poisson sources, and
/// connected to each other.
private let networkText = """
    duration = "300 ms"
    seed = 5

    [[population]]
    name = "exact"
    model = "lif_exp"
    size = 60
    tau_m = "10 ms"
    v_rest = "-70 mV"
    v_threshold = "-55 mV"
    v_reset = "-70 mV"
    v_init = { uniform = ["-70 mV", "-56 mV"] }

    [[population]]
    name = "adex"
    model = "aeif_cond_exp"
    size = 20

    [[population]]
    name = "drive"
    model = "poisson"
    size = 10
    rate = "20 Hz"

    [[projection]]
    source = ["exact", "adex", "drive"]
    target = "exact"
    connectivity = { rule = "fixed_probability", p = 0.2 }
    weight = { normal = { mean = "20 pA", sd = "5 pA" } }
    delay = "1.5 ms"

    [[projection]]
    source = ["exact", "adex"]
    target = "adex"
    connectivity = { rule = "fixed_probability", p = 0.2 }
    weight = { normal = { mean = "1 nS", sd = "0.5 nS" } }
    delay = "0.7 ms"

    [[current]]
    target = "exact"
    kind = "noise"
    mean = "300 pA"
    sd = "150 pA"
    interval = "0.5 ms"
    stop = "250 ms"

    [[current]]
    target = "exact"
    nodes = "0-29"
    kind = "steps"
    times = ["50 ms", "120 ms"]
    amplitudes = ["200 pA", "-50 pA"]

    [[current]]
    target = "adex"
    kind = "ramps"
    times = ["20 ms", "200 ms", "260 ms"]
    amplitudes = ["0 pA", "900 pA", "0 pA"]

    [[current]]
    target = "adex"
    kind = "noise"
    sd = "100 pA"
    interval = "1 ms"
    """

/// Stopped at 133.7 ms with a checkpoint and resumed, and run in 2 parts,
/// the network writes the straight run's spikes bit for bit; the step
/// shows (nodes 0-29 fire more than 30-59 while it is on).
@Test func currentInputsResumeAndRunInPartsBitForBit() throws {
    let straight = try expectStraightResumedAndPartedRunsAgree(try NetworkFile.parse(networkText), duration: 300, stop: 133.7, seed: 5,
                                                               populations: ["exact", "adex"])
    for (population, least) in [("exact", 100), ("adex", 30)] {
        let count = try spikes(straight, population).times.count
        #expect(count > least, "\(population): \(count) spikes")
    }
    let exact = try spikes(straight, "exact")
    let during = exact.times.indices.filter { (50..<120).contains(exact.times[$0]) }
    let stepped = during.filter { exact.nodes[$0] < 30 }.count
    #expect(stepped > 2 * (during.count - stepped), "\(stepped) of \(during.count) spikes from the stepped half")
    let adex = try spikes(straight, "adex")
    #expect(adex.times.contains { $0 > 150 && $0 < 260 })
}

private func error(replacing old: String, with new: String) -> String? {
    precondition(networkText.contains(old), old)
    do {
        _ = try NetworkFile.parse(networkText.replacingOccurrences(of: old, with: new))
        return nil
    } catch {
        return error.description
    }
}

@Test(arguments: [
    ("kind = \"steps\"", "kind = \"sine\"", "current[1].kind: unknown kind \"sine\" (expected steps, ramps or noise)"),
    ("target = \"adex\"\nkind = \"ramps\"", "target = \"nobody\"\nkind = \"ramps\"", "current[2].target: no population named \"nobody\""),
    ("nodes = \"0-29\"", "nodes = \"0-60\"", "current[1].nodes: node 60 is outside population exact (0..<60)"),
    ("nodes = \"0-29\"", "nodes = [3, 2]", "current[1].nodes: must be increasing and distinct (3 then 2)"),
    ("times = [\"50 ms\", \"120 ms\"]", "times = [\"50 ms\", \"50 ms\"]", "current[1].times: must increase strictly (50.0 ms then 50.0 ms)"),
    ("times = [\"50 ms\", \"120 ms\"]", "times = [\"50 ms\"]", "current[1].amplitudes: lists 2 values for 1 times"),
    ("times = [\"50 ms\", \"120 ms\"]", "times = [\"-5 ms\", \"120 ms\"]", "current[1].times: must be finite and >= 0, got -5.0 ms"),
    ("amplitudes = [\"200 pA\", \"-50 pA\"]", "amplitudes = [\"200 mV\", \"-50 pA\"]", "current[1].amplitudes[0]: cannot read \"200 mV\" as a current"),
    ("amplitudes = [\"200 pA\", \"-50 pA\"]", "amplitudes = [\"2 A\", \"-50 pA\"]", "current[1].amplitudes: must be finite and at most 1 mA"),
    ("sd = \"150 pA\"", "sd = \"-1 pA\"", "current[0].sd: must be finite, >= 0"),
    ("sd = \"150 pA\"", "", "current[0].sd: missing required field"),
    ("interval = \"0.5 ms\"", "interval = \"0 ms\"", "current[0].interval: must be finite and at least"),
    ("stop = \"250 ms\"", "stop = \"250 ms\"\nstart = \"300 ms\"", "current[0].stop: must come after start"),
    ("stop = \"250 ms\"", "stop = \"250 ms\"\ntimes = []", "current[0].times: unknown key"),
    ("target = \"adex\"\nkind = \"ramps\"", "target = \"drive\"\nkind = \"ramps\"", "current[2].target: population \"drive\" (poisson) cannot take current inputs (models that can: lif_exp, lif_cond_exp, aeif_cond_exp)"),
])
func badCurrentInputsAreNamed(old: String, new: String, expected: String) {
    let message = error(replacing: old, with: new)
    #expect(message?.contains(expected) == true, "got: \(message ?? "no error")")
    #expect(message?.contains("\n") == false)
}
