import Testing
@testable import TrainingCore

/// The two-thread team behind data-parallel steps: both parts run, `run` returns only after both, a
/// barrier orders writes before reads across the threads, and a worker that fell asleep wakes up.
@Suite struct TwoThreadTeamTests {
  final class Job: TwoThreadJob {
    let body: (Int) -> Void
    init(_ body: @escaping (Int) -> Void) { self.body = body }
    func runPart(_ part: Int) { body(part) }
  }

  @Test func bothPartsRunAndBarriersOrderWrites() {
    let team = TwoThreadTeam()
    let slots = UnsafeMutablePointer<Int>.allocate(capacity: 4)
    defer { slots.deallocate() }
    var mismatches = 0
    for job in 1...2_000 {
      slots.initialize(repeating: 0, count: 4)
      team.run(Job { part in
        slots[part] = job * 10 + part  // phase 1: each part writes its slot
        team.barrier(part)
        slots[2 + part] = slots[1 - part]  // phase 2: each reads the other's write
        team.barrier(part)
      })
      // After run: both parts have finished (their phase-2 writes are visible) and saw each other.
      if slots[2] != job * 10 + 1 || slots[3] != job * 10 { mismatches += 1 }
    }
    #expect(mismatches == 0)
  }

  @Test func aSleepingWorkerWakesForTheNextJob() async throws {
    let team = TwoThreadTeam()
    let ran = UnsafeMutablePointer<Int>.allocate(capacity: 2)
    defer { ran.deallocate() }
    ran.initialize(repeating: 0, count: 2)
    for _ in 0..<3 {
      // Longer than the worker spins before sleeping (2²² loads: a few ms).
      try await Task.sleep(for: .milliseconds(60))
      team.run(Job { part in ran[part] += 1 })
    }
    #expect(ran[0] == 3 && ran[1] == 3)
  }

  /// The bench's core-to-core probe: both threads take part (a worker that never answered would hang
  /// it), and a round trip is a positive time well under a millisecond.
  @Test func coreRoundTripIsAPositiveLatency() {
    let nanoseconds = CoreRoundTrip.nanoseconds(trips: 2_000)
    #expect(nanoseconds > 0 && nanoseconds < 1e6, "\(nanoseconds) ns")
  }
}
