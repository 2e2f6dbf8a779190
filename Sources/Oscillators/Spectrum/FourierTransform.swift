import CFFTW
import Synchronization

/// A complex sample, laid out as FFTW's `fftw_complex` (two doubles, real part first).
public typealias ComplexSample = (re: Double, im: Double)

/// FFTW's planner shares state between all plans of the process (wisdom, the
/// table of known algorithms, trigonometric tables counted by reference), so
/// creating or destroying plans from two threads at once corrupts it; only the
/// execution of an existing plan is thread-safe. Every plan SpinSim creates or
/// destroys does so holding this lock.
private let fftwPlanner = Mutex(())

/// The discrete Fourier transform of a fixed length n through one FFTW plan,
/// unnormalised with FFTW's forward sign:
///
///     X_k = sum_{j=0}^{n-1} x_j exp(-2 pi i j k / n),    k = 0 ..< n,
///
/// so sum_k |X_k|^2 = n sum_j |x_j|^2 (Parseval). For samples dt apart, bin k
/// is the frequency k / (n dt) for k < (n + 1) / 2 and (k - n) / (n dt) above
/// (MHz for dt in µs). Any length works; FFTW is fastest on products of small primes.
///
/// Planned with FFTW_ESTIMATE: the planner chooses the algorithm from the
/// length alone, so a length always gets the same algorithm and a signal the
/// same bits, run after run. FFTW_MEASURE would time candidate algorithms and
/// may choose differently from one run to the next (and it overwrites the
/// arrays while planning).
///
/// Sendable because nothing changes after `init`: FFTW never modifies a plan
/// while executing it, and documents executing one plan from several threads
/// at once, on different arrays, as safe. `transform` takes its array `inout`,
/// so no two threads can pass it the same one.
public final class FourierTransform: @unchecked Sendable {
    /// n, the number of samples transformed.
    public let length: Int
    private let plan: OpaquePointer
    /// The aligned array the plan was made for, its contents never used: FFTW plans for an
    /// array, noting its alignment and that the transform is in place, and
    /// `transform` then executes the plan on the caller's arrays instead.
    private let planningArray: UnsafeMutablePointer<fftw_complex>
    private let planningAlignment: Int32

    public init(length: Int) {
        precondition(length >= 1 && length <= Int(Int32.max), "FFTW transforms 1 to 2^31 - 1 samples, not \(length)")
        let array = fftw_alloc_complex(length)!
        // Set inside the closure, not returned from it: the lock's result must
        // be `sending`, which a plan sharing a region with `array` is not.
        var planned: OpaquePointer?
        fftwPlanner.withLock { _ in
            planned = fftw_plan_dft_1d(Int32(length), array, array, spinsim_FFTW_FORWARD(), spinsim_FFTW_ESTIMATE())
        }
        plan = planned!
        self.length = length
        planningArray = array
        planningAlignment = fftw_alignment_of(Self.doubles(array))
    }

    /// Replaces `signal` (n samples) by its transform X_k, in place. Allocates
    /// nothing here provided no other copy of `signal` shares its storage
    /// (Swift would copy it first); FFTW itself may take scratch space for
    /// some lengths (large prime factors).
    public func transform(_ signal: inout [ComplexSample]) {
        precondition(signal.count == length, "a transform of \(length) samples was given \(signal.count)")
        signal.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: fftw_complex.self, capacity: length) { samples in
                // FFTW may only run a plan on arrays aligned as the one it was
                // made for (its SIMD codelets assume it). Swift arrays of
                // 16-byte elements start 16-byte aligned (malloc, 32-byte
                // header), and this FFTW compares addresses modulo 16; a
                // mismatch would give wrong numbers silently, so stop instead.
                precondition(fftw_alignment_of(Self.doubles(samples)) == planningAlignment,
                             "array not aligned as FFTW planned for")
                fftw_execute_dft(plan, samples, samples)
            }
        }
    }

    deinit {
        fftwPlanner.withLock { _ in fftw_destroy_plan(plan) }
        fftw_free(planningArray)
    }

    /// The address as FFTW's alignment query takes it (it reads no element).
    private static func doubles(_ array: UnsafeMutablePointer<fftw_complex>) -> UnsafeMutablePointer<Double> {
        UnsafeMutableRawPointer(array).assumingMemoryBound(to: Double.self)
    }
}
