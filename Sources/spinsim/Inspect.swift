import ArgumentParser
import SpinSimKit

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a trace: populations, spike counts, rates, recorded variables, provenance."
    )

    @Argument(help: "Trace file written by spinsim run --out.")
    var trace: String

    @Flag(help: "Also print the network file stored in the trace.")
    var network = false

    func run() throws {
        print(try TraceInspection.text(of: trace, showingNetwork: network))
    }
}
