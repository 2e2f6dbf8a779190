import Diagnostics
import EventCore
import Foundation

/// The law each synapse of a projection draws its own weight from, in the
/// unit of the target model's `weightDimension` (mV for voltage jumps, pA
/// for currents). The draws of target node j come from its own stream
/// ("weights", source, target, rank, j), one draw per connection onto j in
/// the order its sources are listed, so a connection's weight is the same
/// bits whichever part of the network builds it.
public enum WeightDistribution: Sendable, Hashable, Codable {
    /// Uniform in [lower, upper).
    case uniform(lower: Double, upper: Double)
    /// Normal with mean and standard deviation, truncated to [lower, upper]
    /// (either bound may be absent) by drawing again until a value falls
    /// inside. Bounds that keep less than `smallestTruncatedMass` of the law
    /// are refused: the expected number of draws per weight is 1 / mass.
    case normal(mean: Double, standardDeviation: Double, lower: Double?, upper: Double?)
    /// w = median exp(sigma Z) with Z standard normal: ln |w| is normal with
    /// mean ln |median| and standard deviation sigma (dimensionless), and
    /// every weight has the sign of the median (a negative median gives
    /// lognormal inhibition). Mean m and standard deviation s of w give
    /// sigma^2 = ln(1 + s^2 / m^2) and median = m / sqrt(1 + s^2 / m^2)
    /// (`lognormal(mean:standardDeviation:)`).
    case lognormal(median: Double, sigma: Double)

    /// The lognormal law whose weights have mean `mean` (not 0) and standard deviation `standardDeviation`.
    public static func lognormal(mean: Double, standardDeviation: Double) -> WeightDistribution {
        let spread = 1 + (standardDeviation / mean) * (standardDeviation / mean)
        return .lognormal(median: mean / spread.squareRoot(), sigma: log(spread).squareRoot())
    }

    /// Truncation bounds of a normal law must keep at least this fraction of
    /// it (1 %: at most 100 draws per weight on average).
    public static let smallestTruncatedMass = 0.01
    /// Draws of a truncated normal before giving up. With at least 1 % of
    /// the mass inside, 10,000 misses in a row have probability below 1e-43.
    public static let maximumAttempts = 10_000

    /// Every value finite, spreads >= 0, bounds ordered and keeping enough mass.
    /// Errors name the law's key (`normal.sd`) under the caller's field.
    func validate() throws(InputError) {
        func finite(_ values: [(String, Double?)]) throws(InputError) {
            for case let (name, value?) in values where !value.isFinite {
                throw InputError(field: name, message: "must be finite, got \(value)")
            }
        }
        switch self {
        case let .uniform(lower, upper):
            try finite([("uniform[0]", lower), ("uniform[1]", upper)])
            guard lower <= upper else { throw InputError(field: "uniform", message: "lower bound \(lower) exceeds upper bound \(upper)") }
        case let .normal(mean, sd, lower, upper):
            try finite([("normal.mean", mean), ("normal.sd", sd), ("normal.lower", lower), ("normal.upper", upper)])
            guard sd >= 0 else { throw InputError(field: "normal.sd", message: "must be >= 0, got \(sd)") }
            if let lower, let upper, lower >= upper {
                throw InputError(field: "normal.lower", message: "must be below upper (\(upper)), got \(lower)")
            }
            let mass = truncatedMass
            guard mass >= Self.smallestTruncatedMass else {
                throw InputError(field: "normal", message: String(
                    "bounds [\(lower ?? -.infinity), \(upper ?? .infinity)] keep \(mass) of the law, less than \(Self.smallestTruncatedMass) "
                    + "(a weight would take about \(mass > 0 ? "\(Int(min(1 / mass, 1e18)))" : "infinitely many") draws); widen them"))
            }
        case let .lognormal(median, sigma):
            try finite([("lognormal.median", median), ("lognormal.sigma", sigma)])
            guard median != 0 else { throw InputError(field: "lognormal.median", message: "must not be 0 (it sets every weight's sign)") }
            guard sigma >= 0 else { throw InputError(field: "lognormal.sigma", message: "must be >= 0, got \(sigma)") }
        }
    }

    /// Fraction of a normal law inside its bounds (1 for other laws).
    var truncatedMass: Double {
        guard case let .normal(mean, sd, lower, upper) = self else { return 1 }
        let low = lower ?? -.infinity, high = upper ?? .infinity
        guard sd > 0 else { return low <= mean && mean <= high ? 1 : 0 }
        // Phi(x) = erfc(-x / sqrt 2) / 2, accurate in both tails.
        let phi = { (x: Double) in 0.5 * erfc(-(x - mean) / (sd * 2.0.squareRoot())) }
        return phi(high) - phi(low)
    }

    /// One weight from `random`; nil when a truncated normal missed its
    /// bounds `maximumAttempts` times in a row.
    func draw(_ random: inout Xoshiro256StarStar) -> Double? {
        switch self {
        case let .uniform(lower, upper):
            return random.uniform(lower, upper)
        case let .normal(mean, sd, lower, upper):
            for _ in 0..<Self.maximumAttempts {
                let weight = mean + sd * random.standardNormal()
                if weight >= (lower ?? -.infinity) && weight <= (upper ?? .infinity) { return weight }
            }
            return nil
        case let .lognormal(median, sigma):
            return median * exp(sigma * random.standardNormal())
        }
    }

    /// The law's mean (a truncated normal's untruncated mean).
    var mean: Double {
        switch self {
        case let .uniform(lower, upper): (lower + upper) / 2
        case let .normal(mean, _, _, _): mean
        case let .lognormal(median, sigma): median * exp(sigma * sigma / 2)
        }
    }

    /// The interval every draw lies in (ends may be infinite).
    var support: (lower: Double, upper: Double) {
        switch self {
        case let .uniform(lower, upper): (lower, upper)
        case let .normal(_, _, lower, upper): (lower ?? -.infinity, upper ?? .infinity)
        case let .lognormal(median, _): median > 0 ? (0, .infinity) : (-.infinity, 0)
        }
    }

    /// Whether some weight drawn can be positive (excitatory).
    var allowsPositive: Bool {
        switch self {
        case let .uniform(_, upper): upper > 0
        case let .normal(mean, sd, _, upper): (upper ?? .infinity) > 0 && (sd > 0 || mean > 0)
        case let .lognormal(median, _): median > 0
        }
    }
}

/// The weights of the connections onto one target node, drawn in the order
/// its sources are listed from the target's own stream.
struct TargetWeights {
    private let law: WeightDistribution
    private var random: Xoshiro256StarStar

    init(_ law: WeightDistribution, seed: UInt64, key: StreamKey, target: Int) {
        self.law = law
        random = Xoshiro256StarStar(seed: seed, key: key.with(UInt64(target)))
    }

    /// The next connection's weight; an error when a truncated normal keeps missing its bounds.
    mutating func next() throws(InputError) -> Double {
        guard let weight = law.draw(&random) else {
            throw InputError(field: "weight", message: String(
                "a truncated normal draw fell outside its bounds \(WeightDistribution.maximumAttempts) times in a row; widen the bounds"))
        }
        return weight
    }
}
