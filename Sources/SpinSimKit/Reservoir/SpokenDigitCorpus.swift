import Dispatch
import Foundation
import Diagnostics
import Formats
import Reservoir

/// The recordings of a spoken-digit directory in the Free Spoken Digit
/// Dataset's naming, `{digit}_{speaker}_{index}.wav`: every `*.wav` file
/// the directory holds (any subset of the dataset, or other recordings named
/// so), in name order. The class is the digit; the fold of a recording is
/// its index modulo the fold count, so every recording of one index (all
/// speakers, all digits) is in one fold.
public struct SpokenDigitCorpus: Sendable {
    public struct Recording: Sendable, Equatable {
        public var path: String
        public var name: String
        public var digit: Int
        public var speaker: String
        public var index: Int
    }

    public static let classes = (0...9).map(String.init)

    public let directory: String
    public let recordings: [Recording]

    public init(directory: String) throws(InputError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw InputError(input: directory, "no such directory")
        }
        guard isDirectory.boolValue else { throw InputError(input: directory, "not a directory of WAV files") }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw InputError(input: directory, "cannot list (\(error.localizedDescription))")
        }
        let wavs = names.filter { $0.lowercased().hasSuffix(".wav") }.sorted()
        guard !wavs.isEmpty else { throw InputError(input: directory, "holds no .wav files") }
        var recordings: [Recording] = []
        for name in wavs {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            let parts = name.dropLast(4).split(separator: "_", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 1, let digit = Int(parts[0]), !parts[1].isEmpty,
                  let index = Int(parts[2]), index >= 0 else {
                throw InputError(input: path, "name is not {digit}_{speaker}_{index}.wav (digit 0-9, index a whole number)")
            }
            recordings.append(Recording(path: path, name: name, digit: digit, speaker: String(parts[1]), index: index))
        }
        self.directory = directory
        self.recordings = recordings
    }

    /// The recordings named in `names` (file names, with or without `.wav`), in corpus order.
    public func selecting(_ names: [String]) throws(InputError) -> [Recording] {
        let wanted = Set(names.map { $0.lowercased().hasSuffix(".wav") ? $0 : $0 + ".wav" })
        let found = recordings.filter { wanted.contains($0.name) }
        if let missing = wanted.subtracting(found.map(\.name)).sorted().first {
            throw InputError(input: URL(fileURLWithPath: directory).appendingPathComponent(missing).path,
                             "not among the directory's recordings")
        }
        return found
    }

    /// Features of each recording (scaled to [0, 1] per utterance), read and
    /// analysed on `threads` threads; every recording must have the first one's sample rate.
    public static func features(of recordings: [Recording], frontEnd: FrontEnd, threads: Int) throws -> [FeatureFrames] {
        guard let first = recordings.first else { return [] }
        let rate = try AudioRecording.read(path: first.path).sampleRate
        let analyser: FrontEnd.Analyser
        do { analyser = try frontEnd.analyser(sampleRate: rate) } catch { throw error.located(in: "front end") }
        let results = Array<Result<FeatureFrames, InputError>>(unsafeUninitializedCapacity: recordings.count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            let workers = max(1, min(threads, recordings.count))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for k in stride(from: worker, to: recordings.count, by: workers) {
                    let result: Result<FeatureFrames, InputError>
                    do throws(InputError) {
                        let audio = try AudioRecording.read(path: recordings[k].path)
                        if audio.sampleRate != rate {
                            throw InputError(input: recordings[k].path,
                                             "sample rate \(audio.sampleRate) Hz differs from \(rate) Hz of \(first.path)")
                        }
                        result = .success(analyser.reservoirInput(audio.samples))
                    } catch {
                        result = .failure(error)
                    }
                    (output.baseAddress! + k).initialize(to: result)
                }
            }
            initialized = recordings.count
        }
        return try results.map { try $0.get() }
    }

    /// The sample rate of the first recording (Hz).
    public static func sampleRate(of recordings: [Recording]) throws -> Double {
        guard let first = recordings.first else { throw InputError("no recordings") }
        return try AudioRecording.read(path: first.path).sampleRate
    }
}
