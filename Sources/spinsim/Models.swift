import ArgumentParser
import SpinSimKit

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every model a network file can name: equations, parameters with units, defaults and bounds, recordable variables."
    )

    func run() {
        print(ModelCatalog.text)
    }
}
