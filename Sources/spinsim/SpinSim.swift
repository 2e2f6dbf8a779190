// spinsim: the command-line tool. One file per command; each parses its
// options (ArgumentParser), makes one call into SpinSimKit, prints the
// result, and maps errors to exit codes (64 bad usage, 1 failure, 128 + n
// after signal n). No logic a test would want to call lives here.
import ArgumentParser
import Foundation
import SpinSimKit

@main
struct SpinSim: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "spinsim",
        abstract: "An exact event-driven simulator of spiking and oscillator neural networks.",
        discussion: """
            Neurons advance in closed form between events, so spike times are exact \
            to floating-point precision, with no time step. Runs are reproducible: \
            the same network file and seed give bit-identical spikes.
            """,
        version: version,
        subcommands: [Run.self, Sweep.self, Resume.self, Inspect.self, Models.self, Cheese.self, VowelsCommand.self, Spectrum.self, EqSpikeCommand.self, ReservoirCommand.self, IsingCommand.self]
    )

    /// Runs the command; every failure is one line on stderr ("Error: ..."),
    /// without the usage text ArgumentParser would append, and a non-zero
    /// exit status (64 for bad usage, 1 for failures, 128 + n after signal n).
    /// Help and version requests print as usual.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let interrupted as Interrupted {
            Foundation.exit(interrupted.exitStatus)
        } catch {
            let status = exitCode(for: error)
            guard status != .success else { exit(withError: error) }
            let text = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("Error: \(text)\n".utf8))
            // _exit, not exit: after a failed HDF5 write (a full disk) libhdf5's
            // own exit handler dereferences the failed file's freed state and
            // segfaults. Every output is complete-or-marked (atomic renames,
            // `completed = false` on traces), so skipping exit handlers loses nothing.
            fflush(nil)
            _exit(status.rawValue)
        }
    }
}
