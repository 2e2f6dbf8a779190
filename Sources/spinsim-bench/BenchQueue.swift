import ArgumentParser
import EventCore
import Foundation
import HeapModule
import Diagnostics

extension SpinSimBench {
    struct Queue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queue",
            abstract: "Compare EventQueue with swift-collections' Heap on the hold model.",
            discussion: """
                The hold model is the classic priority-queue benchmark for event \
                simulation: N events pending; repeatedly pop the earliest and push a new \
                one an exponentially distributed time later. Both queues must pop the \
                same sequence (checked).
                """
        )

        @Option(help: "Pending events.")
        var size = 10_000

        @Option(help: "Pop-push operations to time.")
        var operations = 5_000_000

        /// Event ordered as EventQueue orders it, for Heap.
        struct Ordered: Comparable {
            var event: Event
            static func < (a: Ordered, b: Ordered) -> Bool { a.event.precedes(b.event) }
        }

        func validate() throws {
            guard size > 0, operations > 0 else { throw ValidationError("--size and --operations must be positive") }
        }

        func run() throws {
            var random = Xoshiro256StarStar(seed: 1)
            let initial = (0..<size).map { _ in random.exponential(mean: Double(size)) }
            let increments = (0..<operations).map { _ in random.exponential(mean: Double(size)) }

            var queue = EventQueue(minimumCapacity: size)
            for (index, time) in initial.enumerated() { queue.push(time: time, target: UInt64(index)) }
            var checksum = 0.0
            var start = Date()
            for increment in increments {
                let event = queue.popFirst()!
                checksum += event.time
                queue.push(time: event.time + increment, target: event.target)
            }
            let ours = Date().timeIntervalSince(start)

            var heap = Heap<Ordered>(minimumCapacity: size)
            var sequence: UInt64 = 0
            for (index, time) in initial.enumerated() {
                heap.insert(Ordered(event: Event(time: time, sequence: sequence, target: UInt64(index))))
                sequence += 1
            }
            var heapChecksum = 0.0
            start = Date()
            for increment in increments {
                let event = heap.removeMin().event
                heapChecksum += event.time
                heap.insert(Ordered(event: Event(time: event.time + increment, sequence: sequence, target: event.target)))
                sequence += 1
            }
            let theirs = Date().timeIntervalSince(start)
            guard checksum == heapChecksum else { throw InputError("the two queues popped different sequences") }
            print(String(format: "hold model, %d pending, %d operations", size, operations))
            print(String(format: "EventQueue (4-ary)           %6.1f ns per pop+push", ours / Double(operations) * 1e9))
            print(String(format: "swift-collections Heap       %6.1f ns per pop+push", theirs / Double(operations) * 1e9))
            print(String(format: "ratio Heap / EventQueue      %6.2f", theirs / ours))
        }
    }
}
