// Comparison for schedule tables: the expected rates are written as arithmetic in each test.
import Testing
@testable import TrainingCore

/// Relative agreement to 1e-12: each rate is a handful of libm calls on doubles, so a few ulp at most;
/// an exact 0 must be exactly 0.
func expectRate(_ schedule: some LearningRateSchedule, at step: Int, is expected: Double,
                sourceLocation: SourceLocation = #_sourceLocation) {
  let actual = schedule.learningRate(at: step)
  let ok = expected == 0 ? actual == 0 : abs(actual - expected) <= 1e-12 * abs(expected)
  #expect(ok, "\(schedule) at step \(step): \(actual), expected \(expected)", sourceLocation: sourceLocation)
}
