/// A user-facing failure: ArgumentParser prints it as one line on stderr
/// ("Error: ...") and exits with status 1.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
