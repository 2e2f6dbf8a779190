import Diagnostics
import EventCore
import Ising

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Binary spins s_i = +-1 under continuous-time heat-bath (Glauber)
/// dynamics as a population of a network (`Ising.GlauberDynamics` states
/// the process): energy E = - sum_{i<j} J_ij s_i s_j - sum_i h_i s_i with
/// random sparse couplings inside the population, each spin attempting at
/// `attempt_rate` and flipping at w_i = nu / (1 + exp(dE_i / T(t))),
/// dE_i = 2 s_i L_i. Every flip is a spike of its node. An input spike of
/// weight w adds w to the target's field h_i for good (a field step, as a
/// spike steps an `stno` node's current).
///
/// The temperature follows an anneal: from `temperature` to
/// `final_temperature` in `anneal_steps` steps, geometric in 1/T, over
/// `anneal_duration` from the start (constant `temperature` if the duration
/// is 0), then held. Exact: each spin's next flip time is drawn from its own
/// random stream by time rescaling over the temperature staircase
/// (`TemperatureSchedule.flipTime`), and redrawn, which the exponential
/// clocks' memorylessness makes exact, when its local field changes (a
/// neighbour's flip or an input). Couplings: each pair i < j is coupled with
/// probability `coupling_probability`, J_ij uniform in
/// [`coupling_lower`, `coupling_upper`], drawn from spin i's stream (so the
/// same for any number of threads). A population is built whole: its
/// couplings are inside it.
public struct IsingPopulation: EventDrivenPopulation {
    public static let schema = ModelSchema(
        name: "ising",
        summary: "binary spins with random couplings, heat-bath (Glauber) dynamics at an annealed temperature; each flip is a spike",
        equations: [
            "E = - sum_{i<j} J_ij s_i s_j - sum_i h_i s_i,  s_i = +-1,  L_i = h_i + sum_j J_ij s_j",
            "s_i -> -s_i at rate attempt_rate / (1 + exp(2 s_i L_i / T(t)))",
            "T(t): temperature -> final_temperature in anneal_steps geometric steps over anneal_duration, then held",
            "input of weight w: h_i := h_i + w",
        ],
        parameters: [
            ParameterSpec("field", .dimensionless, kind: .perNode, default: .scalar(0), "h_i (energy units, k_B = 1)"),
            ParameterSpec("coupling_probability", .dimensionless, default: .scalar(0.1), bounds: .probability,
                          "probability that a pair of spins is coupled"),
            ParameterSpec("coupling_lower", .dimensionless, default: .scalar(-1), "J_ij uniform from"),
            ParameterSpec("coupling_upper", .dimensionless, default: .scalar(1), "J_ij uniform to"),
            ParameterSpec("temperature", .dimensionless, default: .scalar(1), bounds: .positive, "T at the start"),
            ParameterSpec("final_temperature", .dimensionless, default: .scalar(0.05), bounds: .positive,
                          "T at the end of the anneal"),
            ParameterSpec("anneal_duration", .time, default: .scalar(0), bounds: .nonNegative, "0: T stays at temperature"),
            ParameterSpec("anneal_steps", .dimensionless, default: .scalar(100), bounds: Bounds(lower: 1, upper: 1_000_000),
                          "temperature steps of the anneal"),
            ParameterSpec("attempt_rate", .frequency, default: .scalar(1000), bounds: .positive,
                          "heat-bath attempts per spin per second"),
        ],
        variables: [
            VariableSpec("spin", .dimensionless, "s_i, +1 or -1"),
            VariableSpec("local_field", .dimensionless, "L_i = h_i + sum_j J_ij s_j"),
        ],
        weightDimension: .dimensionless,
        constraints: [
            ModelSchema.Constraint(parameter: "coupling_upper", message: "must not be below coupling_lower") {
                $0.scalar("coupling_upper") >= $0.scalar("coupling_lower")
            },
            ModelSchema.Constraint(parameter: "final_temperature", message: "must not exceed temperature") {
                $0.scalar("final_temperature") <= $0.scalar("temperature")
            },
        ])

    public let size: Int
    /// Couplings and fields; the fields move with inputs.
    private var problem: IsingProblem
    private let schedule: TemperatureSchedule
    /// Per ms.
    private let attemptRate: Double
    private var origin: Double
    private var spins: [Int8]
    private var localFields: [Double]
    private var random: [Xoshiro256StarStar]
    private var flips: IndexedMinHeap

    public init(parameters values: ParameterValues, context: PopulationContext) {
        // Its couplings are inside it: a part of it would miss its other spins' flips.
        precondition(context.nodes == 0..<context.populationSize, "an ising population is built whole, not partitioned")
        let n = context.nodes.count
        size = n
        let p = values.scalar("coupling_probability"), lower = values.scalar("coupling_lower"), upper = values.scalar("coupling_upper")
        random = context.nodes.map { context.random("ising", node: $0) }
        var couplings: [(i: Int, j: Int, coupling: Double)] = []
        for i in 0..<n where p > 0 {
            // Partners j > i by geometric skips: draws in proportion to the couplings made.
            var j = i
            while true {
                j += p >= 1 ? 1 : 1 + Int(log(1 - random[i].uniform()) / log(1 - p))
                guard j < n else { break }
                couplings.append((i, j, random[i].uniform(lower, upper)))
            }
        }
        // Validated parameters: indices in range, finite values.
        problem = try! IsingProblem(fields: context.perNode(values.perNode("field"), purpose: "field"), couplings: couplings)
        let duration = values.scalar("anneal_duration"), steps = Int(values.scalar("anneal_steps"))
        let hot = values.scalar("temperature"), cold = values.scalar("final_temperature")
        schedule = duration > 0
            ? try! .anneal(hot: hot, cold: cold, steps: steps, stepDuration: duration / Double(steps))
            : try! .constant(hot, duration: 0)
        attemptRate = values.scalar("attempt_rate") / 1000
        origin = context.startTime
        var initial = [Int8](repeating: 1, count: n)
        for i in 0..<n where random[i].next() >> 63 == 0 { initial[i] = -1 }
        spins = initial
        localFields = problem.localFields(initial)
        flips = IndexedMinHeap(keys: Array(repeating: .infinity, count: n))
        for i in 0..<n { redraw(i, at: context.startTime) }
    }

    /// A new flip time for spin i from `time`, its local field as it now is.
    private mutating func redraw(_ i: Int, at time: Double) {
        let draw = -log(1 - random[i].uniform())
        flips.setKey(schedule.flipTime(after: time, cost: 2 * Double(spins[i]) * localFields[i], draw: draw, origin: origin,
                                       attemptRate: attemptRate), of: i)
    }

    public func nextEmissionTime() -> Double { flips.minKey }

    public mutating func emit(at time: Double) -> Int {
        guard let i = flips.minSlot else { preconditionFailure("emit() with no pending flip") }
        spins[i] = -spins[i]
        let twice = 2 * Double(spins[i])
        for k in Int(problem.rowStart[i])..<Int(problem.rowStart[i + 1]) {
            let j = Int(problem.neighbours[k])
            localFields[j] += twice * problem.couplings[k]
            redraw(j, at: time)
        }
        redraw(i, at: time)
        return i
    }

    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        for target in targets { step(Int(target), by: weight, at: time) }
    }

    public mutating func receive(weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        for (target, weight) in zip(targets, weights) { step(Int(target), by: weight, at: time) }
    }

    private mutating func step(_ i: Int, by weight: Double, at time: Double) {
        problem.fields[i] += weight
        localFields[i] += weight
        redraw(i, at: time)
    }

    public mutating func value(of variable: Int, node: Int, at time: Double) -> Double {
        variable == 0 ? Double(spins[node]) : localFields[node]
    }

    /// The energy function (couplings, and fields as inputs have moved them).
    public var energyFunction: IsingProblem { problem }
    public var spinValues: [Int8] { spins }

    public struct State: Sendable, Codable, Equatable {
        var spins: [Int8], fields: [Double], localFields: [Double], keys: [Double], random: [Xoshiro256StarStar], origin: Double
    }

    public var state: State {
        State(spins: spins, fields: problem.fields, localFields: localFields, keys: flips.keysBySlot, random: random, origin: origin)
    }

    public mutating func restore(_ saved: State) throws(InputError) {
        guard [saved.spins.count, saved.fields.count, saved.localFields.count, saved.keys.count, saved.random.count].allSatisfy({ $0 == size }),
              saved.spins.allSatisfy({ $0 == 1 || $0 == -1 }), !(saved.fields + saved.localFields + saved.keys).contains(where: \.isNaN),
              saved.origin.isFinite else {
            throw InputError(message: "saved ising state does not match a population of \(size) spins")
        }
        (spins, localFields, random, origin) = (saved.spins, saved.localFields, saved.random, saved.origin)
        problem.fields = saved.fields
        flips = IndexedMinHeap(keys: saved.keys)
    }
}
