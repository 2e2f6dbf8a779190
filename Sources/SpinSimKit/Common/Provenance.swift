/// What every output file says about the program that wrote it.
public enum Provenance {
    /// SpinSim's version, written to every trace, model and checkpoint.
    public static let version = "0.2.0"
    /// The command line of this process, as written to provenance attributes.
    public static var commandLine: String { CommandLine.arguments.joined(separator: " ") }
}
