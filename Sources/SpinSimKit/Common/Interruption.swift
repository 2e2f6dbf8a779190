import Foundation
import Synchronization

/// The signal that asked the run to stop (0: none). Set from a signal handler,
/// read by a periodic task of the simulation: an atomic is the only state a
/// handler may touch.
private let pendingSignal = Atomic<Int32>(0)

/// SIGINT and SIGTERM stop a run cleanly: the run loop notices at its next
/// check (a periodic task, so nothing is added per event), the trace is closed
/// with `completed = false` and the reason, and spinsim exits with 128 + the
/// signal number (130 for SIGINT, 143 for SIGTERM). A second signal while the
/// first is being handled exits at once.
enum Interruption {
    static func install() {
        // A parent may have started spinsim with these signals blocked (test
        // runners do); a blocked signal would never reach the handler.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { received in
                if pendingSignal.exchange(received, ordering: .relaxed) != 0 { _exit(128 + received) }
            }
        }
    }

    /// The signal received so far, if any.
    static var received: Int32? {
        let value = pendingSignal.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    static func name(_ signalNumber: Int32) -> String {
        switch signalNumber {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signalNumber)"
        }
    }
}
