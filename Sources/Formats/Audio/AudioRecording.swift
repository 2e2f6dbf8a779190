import CSndfile
import Foundation
import Diagnostics

/// A mono PCM recording: samples scaled to [-1, 1) and their rate.
///
/// Read through libsndfile (Debian: libsndfile1-dev), which parses RIFF/WAVE
/// headers and chunk layouts, integer and float encodings, and rejects
/// truncated or inconsistent files: a WAV parser of our own would relearn
/// its corner cases. Only PCM WAV is accepted (8, 16, 24, 32-bit integer),
/// the format of the spoken-digit datasets; libsndfile converts to doubles
/// with full scale at 1 (a 16-bit sample s becomes s / 32768).
public struct AudioRecording: Sendable, Equatable {
    /// Samples per second (Hz).
    public let sampleRate: Double
    public let samples: [Double]

    public init(sampleRate: Double, samples: [Double]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// Duration (s).
    public var duration: Double { Double(samples.count) / sampleRate }

    /// Reads a mono PCM WAV file; errors name the file.
    public static func read(path: String) throws(InputError) -> AudioRecording {
        try InputFile.check(path)
        var info = SF_INFO()
        guard let file = sf_open(path, spinsim_SFM_READ(), &info) else {
            let reason = String(cString: sf_strerror(nil))
            throw InputError(input: path, "not a readable WAV file (\(reason))")
        }
        defer { sf_close(file) }
        guard info.format & spinsim_SF_FORMAT_TYPEMASK() == spinsim_SF_FORMAT_WAV() else {
            throw InputError(input: path, "not a WAV file")
        }
        let pcm = [spinsim_SF_FORMAT_PCM_S8(), spinsim_SF_FORMAT_PCM_U8(), spinsim_SF_FORMAT_PCM_16(),
                   spinsim_SF_FORMAT_PCM_24(), spinsim_SF_FORMAT_PCM_32()]
        guard pcm.contains(info.format & spinsim_SF_FORMAT_SUBMASK()) else {
            throw InputError(input: path, "not integer PCM (WAV sub-format 0x\(String(info.format & spinsim_SF_FORMAT_SUBMASK(), radix: 16)))")
        }
        guard info.channels == 1 else { throw InputError(input: path, "has \(info.channels) channels; mono expected") }
        guard info.samplerate > 0 else { throw InputError(input: path, "sample rate \(info.samplerate) Hz") }
        // libsndfile reads a data chunk cut short (an interrupted copy) up to
        // where it ends, and only says so in its log: "data : 8000 (should be 6)".
        var log = [CChar](repeating: 0, count: 4096)
        _ = sf_command(file, spinsim_SFC_GET_LOG_INFO(), &log, Int32(log.count))
        let logText = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if let line = logText.split(separator: "\n").first(where: { $0.hasPrefix("data") && $0.contains("(should be") }) {
            throw InputError(input: path, "truncated: data chunk \(line.drop { $0 != ":" }.dropFirst().trimmingCharacters(in: .whitespaces)) bytes")
        }
        guard info.frames > 0 else { throw InputError(input: path, "holds no samples") }
        // The header's frame count bounds the read; a file claiming more than
        // an hour at its rate is not a spoken utterance and would only exhaust memory.
        guard info.frames <= Int64(info.samplerate) * 3600 else {
            throw InputError(input: path, "declares \(info.frames) samples, more than an hour")
        }
        var samples = [Double](repeating: 0, count: Int(info.frames))
        let read = samples.withUnsafeMutableBufferPointer { sf_readf_double(file, $0.baseAddress, info.frames) }
        guard read == info.frames else {
            throw InputError(input: path, "truncated: \(read) of \(info.frames) samples readable")
        }
        return AudioRecording(sampleRate: Double(info.samplerate), samples: samples)
    }
}
