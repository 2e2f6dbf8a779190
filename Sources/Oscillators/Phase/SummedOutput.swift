#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EventCore

extension OscillatorNetwork {
    /// Simulates the network from its current state and samples the summed
    /// output sum_i cos(2 pi theta_i) at start + k interval for k < count
    /// (microseconds), exactly (phases evaluated in closed form between events).
    public func summedOutput(from start: Double, interval: Double, count: Int) -> [Double] {
        precondition(interval > 0 && count > 0)
        var simulation = Simulation(system: self)
        let samples = SampleBuffer(capacity: count)
        simulation.every(interval, startingAt: start) { network, status in
            var total = 0.0
            for i in 0..<network.count {
                let theta = network.phase(i, at: status.time)
                total += cos(2 * Double.pi * (theta - theta.rounded(.down)))
            }
            samples.values.append(total)
            return samples.values.count == count ? .stop : .proceed
        }
        simulation.run(until: start + interval * Double(count))
        return samples.values
    }
}

private final class SampleBuffer {
    var values: [Double] = []
    init(capacity: Int) { values.reserveCapacity(capacity) }
}
