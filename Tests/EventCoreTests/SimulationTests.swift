import Testing
@testable import EventCore

/// A system whose events are the given times.
private struct Ticks: EventDrivenSystem {
    var queue = EventQueue()
    var processed: [Double] = []

    init(_ times: [Double]) { for time in times { queue.push(time: time, target: 0) } }

    mutating func nextEventTime() -> Double { queue.firstTime }
    mutating func processNextEvent() { processed.append(queue.popFirst()!.time) }
}

@Test func runUntilProcessesEventsStrictlyBeforeTheEndTime() {
    var simulation = Simulation(system: Ticks([1, 2, 3, 3, 5]))
    #expect(simulation.run(until: 3) == .endTime)
    #expect(simulation.system.processed == [1, 2])
    #expect(simulation.time == 3)
    #expect(simulation.run(until: 10) == .endTime)
    #expect(simulation.system.processed == [1, 2, 3, 3, 5])
    #expect(simulation.eventsProcessed == 5)
}

@Test func runUntilQuiescentStopsWhenNothingIsPending() {
    var simulation = Simulation(system: Ticks([4, 1]))
    #expect(simulation.runUntilQuiescent() == .quiescent)
    #expect(simulation.time == 4)
}

@Test func runStopsWhenTheConditionHolds() {
    var simulation = Simulation(system: Ticks([1, 2, 3]))
    #expect(simulation.run(until: 10, stopWhen: { $0.processed.count == 2 }) == .conditionMet)
    #expect(simulation.time == 2)
}

@Test func periodicTasksRunBeforeEventsAtTheirTimeWithoutDrift() {
    var simulation = Simulation(system: Ticks([0.5, 1.0]))
    var seen: [(Double, Int)] = []
    simulation.every(0.5) { system, status in
        seen.append((status.time, system.processed.count))
        return .proceed
    }
    simulation.run(until: 1.6)
    #expect(seen.map(\.0) == [0, 0.5, 1.0, 1.5])
    // At 0.5 and 1.0 the task sees the state before the event at that time.
    #expect(seen.map(\.1) == [0, 0, 1, 2])

    var long = Simulation(system: Ticks([]))
    var last = 0.0
    long.every(0.1) { _, status in last = status.time; return .proceed }
    long.run(until: 100_000.05)
    #expect(last == 1_000_000 * 0.1)
}

@Test func aTaskCanStopTheRun() {
    var simulation = Simulation(system: Ticks([1, 2, 3]))
    simulation.every(1.5, startingAt: 1.5) { _, _ in .stop }
    #expect(simulation.run(until: 10) == .stoppedByTask)
    #expect(simulation.system.processed == [1])
    #expect(simulation.time == 1.5)
}

/// The event watch runs after every `count` events, even when every event is
/// at one instant (no periodic task would ever be due), and can stop the run
/// there; continuing processes the rest as an unwatched run would.
@Test func theEventWatchRunsByEventCountAndCanStopARunStuckAtOneInstant() {
    var simulation = Simulation(system: Ticks(Array(repeating: 0.5, count: 10) + [2]))
    simulation.every(1, startingAt: 1) { _, _ in .stop }
    var seen: [UInt64] = []
    simulation.everyEvents(3) { _, status in
        seen.append(status.eventsProcessed)
        return status.eventsProcessed >= 6 ? .stop : .proceed
    }
    #expect(simulation.run(until: 10) == .stoppedByTask)
    #expect(seen == [3, 6] && simulation.eventsProcessed == 6 && simulation.time == 0.5)
    simulation.everyEvents(100) { _, _ in .stop }
    #expect(simulation.run(until: 10) == .stoppedByTask)  // the periodic task at t = 1
    #expect(simulation.system.processed == Array(repeating: 0.5, count: 10))
}

/// Task runs count towards the watch too: a task whose interval is too small
/// for the clock to reach the next event (here 2^60 runs before t = 1) still
/// lets the watch stop the run, after `count` runs.
@Test func theEventWatchAlsoCountsTaskRuns() {
    var simulation = Simulation(system: Ticks([1]))
    var runs = 0
    // The task gives up after 10,000 runs, so a watch that missed them fails the test instead of hanging it.
    simulation.every(0x1p-60) { _, _ in runs += 1; return runs < 10_000 ? .proceed : .stop }
    simulation.everyEvents(1000) { _, _ in .stop }
    #expect(simulation.run(until: 2) == .stoppedByTask)
    #expect(runs == 1000 && simulation.eventsProcessed == 0)
}

/// A system whose events cost work to find: it records the horizons it is
/// asked with and finds its events only up to them, answering with a bound
/// just past the horizon when the next event lies further.
private struct Horizons: EventDrivenSystem {
    var events: [Double]
    var asked: [Double] = []
    var processed: [Double] = []

    mutating func nextEventTime() -> Double { nextEventTime(before: .infinity) }
    mutating func nextEventTime(before horizon: Double) -> Double {
        asked.append(horizon)
        guard let next = events.first else { return .infinity }
        return next <= horizon ? next : horizon.nextUp
    }
    mutating func processNextEvent() { processed.append(events.removeFirst()) }
}

/// The kernel asks with the end of the run, or the next task when that comes
/// first, and processes only the events a system found before them.
@Test func theKernelAsksForEventsOnlyAsFarAsTheRunAndItsTasksGo() {
    var simulation = Simulation(system: Horizons(events: [1, 4, 9]))
    simulation.run(until: 5)
    #expect(simulation.system.processed == [1, 4])
    #expect(simulation.system.asked.allSatisfy { $0 == 5 })
    simulation.every(3) { _, _ in .proceed }
    simulation.run(until: 20)
    #expect(simulation.system.processed == [1, 4, 9])
    #expect(simulation.system.asked.dropFirst(3).allSatisfy { $0 <= 20 } && simulation.system.asked.contains(8))
}
