import Diagnostics
import EventCore

/// A trained vowel network: what it recognises, how formants become inputs,
/// the chip, its learned DC currents and the pattern read-out.
public struct VowelModel: Sendable, Equatable {
    public var vowels: [String]
    public var encoding: FormantEncoding
    public var network: VowelNetworkParameters
    /// Learned DC current of each oscillator (mA).
    public var currents: [Double]
    public var table: LockPatternTable
    /// Each vowel's target pattern at the chosen epoch (nil: none).
    public var targets: [LockPattern?]

    public init(vowels: [String], encoding: FormantEncoding, network: VowelNetworkParameters, currents: [Double],
                table: LockPatternTable, targets: [LockPattern?]) {
        self.vowels = vowels
        self.encoding = encoding
        self.network = network
        self.currents = currents
        self.table = table
        self.targets = targets
    }

    /// One token's answer.
    public struct Answer: Sendable, Equatable {
        public var response: VowelNetwork.Response
        public var vowel: Int
    }

    /// Every token's answer, on up to `threads` threads (the answers do not depend on it).
    public func answers(_ samples: [FormantSample], threads: Int) throws(InputError) -> [Answer] {
        try VowelNetwork(parameters: network).responses(samples, currents: currents, encoding: encoding, threads: threads)
            .map { Answer(response: $0, vowel: table.vowel(for: $0.pattern)) }
    }
}

extension VowelNetwork {
    /// Each token's response at `currents`, on up to `threads` threads; the
    /// first failure is thrown, naming its token.
    public func responses(_ samples: [FormantSample], currents: [Double], encoding: FormantEncoding,
                          threads: Int) throws(InputError) -> [Response] {
        let results = ParallelMap.run(count: samples.count, threads: threads) { [self] k in
            Result { () throws(InputError) -> Response in
                let s = samples[k]
                return try respond(currents: currents, sourceFrequencies: encoding.sourceFrequencies(f1: s.f1, f2: s.f2),
                                   noiseKey: s.name).response
            }
        }
        var responses: [Response] = []
        responses.reserveCapacity(samples.count)
        for (k, result) in results.enumerated() {
            switch result {
            case let .success(response): responses.append(response)
            case let .failure(error): throw error.inside(field: "token \(samples[k].name)")
            }
        }
        return responses
    }
}
