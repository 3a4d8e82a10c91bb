import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The caller's thread and one persistent worker thread running the two parts of one job at a time, with a
/// barrier the two parts can meet at inside the job (llm.c's OpenMP loop, by hand).
///
/// Why not `DispatchQueue.concurrentPerform`: a data-parallel training step is short, and handing it to a
/// pool thread costs a futex wake-up on the way in and a `sched_yield` spin on the way out, twice per step.
/// Here the worker spins on an atomic counter between jobs, so a new job starts within a cache-line
/// transfer. A worker left waiting for longer than a step (the trainer is evaluating, or idle) goes to
/// sleep on a semaphore instead of burning a core.
///
/// Not re-entrant: one `run` at a time, from one thread.
final class TwoThreadTeam: @unchecked Sendable {
  /// Jobs handed to the worker so far; the worker runs job n once it sees `posted == n`.
  private let posted = Atomic<Int>(0)
  /// Jobs the worker has finished.
  private let finished = Atomic<Int>(0)
  /// Arrivals at `barrier` by both parts, ever; the k-th meeting is complete at 2k arrivals.
  private let arrivals = Atomic<Int>(0)
  /// Meetings each part has passed (slot 0: caller, slot 1: worker; each thread touches only its own).
  private let meetings = UnsafeMutablePointer<Int>.allocate(capacity: 2)
  private let sleeping = Atomic<Bool>(false)
  private let stopping = Atomic<Bool>(false)
  private let wake = DispatchSemaphore(value: 0)
  /// The current job: written before `posted` is incremented, read by the worker after it sees that. An
  /// object rather than a closure: storing a closure would copy its context to the heap on every step.
  private unowned(unsafe) var job: (any TwoThreadJob)?
  private var worker: pthread_t?

  /// Spins (atomic loads) a waiting worker makes before it sleeps: longer than the caller's work between
  /// two training steps.
  private static let spinsBeforeSleeping = 1 << 22

  init() {
    meetings.initialize(repeating: 0, count: 2)
    var thread = pthread_t()
    let context = Unmanaged.passUnretained(self).toOpaque()
    let created = pthread_create(&thread, nil, { context in
      Unmanaged<TwoThreadTeam>.fromOpaque(context!).takeUnretainedValue().workerLoop()
      return nil
    }, context)
    precondition(created == 0, "could not start a worker thread (pthread_create: \(created))")
    worker = thread
  }

  deinit {
    stopping.store(true, ordering: .sequentiallyConsistent)
    post()
    if let worker { pthread_join(worker, nil) }
    meetings.deallocate()
  }

  /// Runs `job.runPart(0)` on the calling thread and `job.runPart(1)` on the worker; returns when both
  /// have returned.
  func run(_ job: any TwoThreadJob) {
    self.job = job
    let number = post()
    job.runPart(0)
    while finished.load(ordering: .acquiring) < number {}
    self.job = nil
  }

  /// Waits until the other part reaches its matching `barrier` call. Both parts of a job must call it the
  /// same number of times. Spins: both threads are mid-job, so the wait is short. Meanwhile it calls
  /// `work` (a small piece of work at a time, which returns false once there is none left), so the wait
  /// may end up to one piece late.
  func barrier(_ part: Int, whileWaiting work: () -> Bool = { false }) {
    meetings[part] += 1
    let complete = 2 * meetings[part]
    arrivals.add(1, ordering: .sequentiallyConsistent)
    var working = true
    while arrivals.load(ordering: .acquiring) < complete {
      if working { working = work() }
    }
  }

  @discardableResult
  private func post() -> Int {
    let number = posted.add(1, ordering: .sequentiallyConsistent).newValue
    // The worker announces `sleeping` before its last look at `posted`, so one of the two sees the other.
    if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
    return number
  }

  private func workerLoop() {
    var done = 0
    while true {
      waitForJob(after: done)
      if stopping.load(ordering: .acquiring) { return }
      done += 1
      job!.runPart(1)
      finished.store(done, ordering: .releasing)
    }
  }

  private func waitForJob(after done: Int) {
    for _ in 0..<Self.spinsBeforeSleeping where posted.load(ordering: .acquiring) > done { return }
    sleeping.store(true, ordering: .sequentiallyConsistent)
    if posted.load(ordering: .sequentiallyConsistent) > done {
      // A job arrived meanwhile. If its poster already cleared `sleeping`, it also signalled: take it.
      if !sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.wait() }
      return
    }
    wake.wait()
  }
}

/// Work split in two parts, run at once by a `TwoThreadTeam`.
protocol TwoThreadJob: AnyObject {
  /// Part 0 runs on the caller's thread, part 1 on the worker.
  func runPart(_ part: Int)
}
