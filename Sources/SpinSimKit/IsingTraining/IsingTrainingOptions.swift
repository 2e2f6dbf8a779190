import Diagnostics
import Foundation

/// What `spinsim ising train` was asked, as stored in its checkpoint.
public struct IsingTrainingOptions: Sendable, Codable, Equatable {
    public var mnistDirectory: String
    /// Class-balanced prefixes (the paper's 1,000 and 100); nil: all images.
    public var trainLimit: Int?
    public var testLimit: Int?
    public var threads: Int
    public var savePath: String
    public var checkpointPath: String?
    /// Examples between checkpoints (nil: after each epoch only).
    public var checkpointEvery: Int?
    public var commandLine: String
    public var wallClockStart: String

    public init(mnistDirectory: String, trainLimit: Int? = 1000, testLimit: Int? = 100, threads: Int = 2, savePath: String,
                checkpointPath: String? = nil, checkpointEvery: Int? = nil, commandLine: String = Provenance.commandLine,
                wallClockStart: String = ISO8601DateFormatter().string(from: Date())) {
        self.mnistDirectory = mnistDirectory
        self.trainLimit = trainLimit
        self.testLimit = testLimit
        self.threads = threads
        self.savePath = savePath
        self.checkpointPath = checkpointPath
        self.checkpointEvery = checkpointEvery
        self.commandLine = commandLine
        self.wallClockStart = wallClockStart
    }

    func check() throws(InputError) {
        guard threads >= 1, threads <= 4096 else { throw InputError(input: "--threads", "must be in 1...4096 (got \(threads))") }
        if let trainLimit, trainLimit < 10 { throw InputError(input: "--train-limit", "must be at least 10 (got \(trainLimit))") }
        if let testLimit, testLimit < 0 { throw InputError(input: "--test-limit", "must be non-negative (got \(testLimit))") }
        if let checkpointEvery {
            guard checkpointPath != nil else { throw InputError(input: "--checkpoint-every", "needs --checkpoint") }
            guard checkpointEvery >= 1 else { throw InputError(input: "--checkpoint-every", "must be at least 1 example") }
        }
        let outputs = [("--save", savePath)] + (checkpointPath.map { [("--checkpoint", $0)] } ?? [])
        for (option, path) in outputs where Self.standardised(path) == Self.standardised(mnistDirectory) {
            throw InputError(input: option, "\(path) is the MNIST directory")
        }
        if let checkpointPath, Self.standardised(checkpointPath) == Self.standardised(savePath) {
            throw InputError(input: "--checkpoint", "\(checkpointPath) is also the --save model file")
        }
    }

    static func standardised(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
}
