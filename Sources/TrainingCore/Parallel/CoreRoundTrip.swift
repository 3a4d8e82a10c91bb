import Synchronization

/// How long one cache line takes to go from one core to the other and back, between the two threads of a
/// `TwoThreadTeam`: the latency under every barrier and every shared row of a two-thread training step.
///
/// Why the bench measures it: on a virtual machine the same two vCPUs may sit on cores that share a cache
/// at one time and on cores that do not at another, as the hypervisor moves them. A two-thread step moves
/// hundreds of kilobytes between the cores (the other half's batch rows, activations and updated weights),
/// so its speed follows the placement, which this probe reveals. One thread is not affected.
public enum CoreRoundTrip {
  /// The mean round trip over `trips` exchanges, after 1,000 untimed ones, in nanoseconds.
  public static func nanoseconds(trips: Int = 20_000) -> Double {
    precondition(trips > 0, "a round-trip measurement needs at least one trip")
    let probe = PingPong(warmUp: 1_000, trips: trips)
    TwoThreadTeam().run(probe)
    return probe.nanoseconds
  }
}

/// Part 0 serves odd numbers and waits for the next even one; part 1 answers each odd with the next even.
private final class PingPong: TwoThreadJob {
  private let ball = Atomic<Int>(0)
  private let warmUp: Int
  private let trips: Int
  private(set) var nanoseconds = 0.0

  init(warmUp: Int, trips: Int) {
    self.warmUp = warmUp
    self.trips = trips
  }

  func runPart(_ part: Int) {
    let total = warmUp + trips
    if part == 1 {
      for i in 0..<total {
        while ball.load(ordering: .acquiring) != 2 * i + 1 {}
        ball.store(2 * i + 2, ordering: .releasing)
      }
      return
    }
    var started = ContinuousClock.now
    for i in 0..<total {
      if i == warmUp { started = ContinuousClock.now }
      ball.store(2 * i + 1, ordering: .releasing)
      while ball.load(ordering: .acquiring) != 2 * i + 2 {}
    }
    nanoseconds = (ContinuousClock.now - started) / .nanoseconds(1) / Double(trips)
  }
}
