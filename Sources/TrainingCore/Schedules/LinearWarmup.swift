// A linear warm-up in front of any other schedule (Goyal et al. 2017's gradual warm-up).

/// A linear ramp over the first `steps` iterations up to the rate of the schedule it wraps.
///
/// ```
/// lr(it) = then.lr(steps) * (it + 1) / steps    for it < steps
/// lr(it) = then.lr(it)                          for it >= steps
/// ```
///
/// Choices pinned here: the ramp starts at `then.lr(steps) / steps` rather than 0, so no update is
/// wasted at rate 0, and reaches `then.lr(steps)` at `it = steps - 1`, so the rate is continuous where
/// the wrapped schedule takes over. The wrapped schedule runs on the *unshifted* step count: a
/// `StepDecay` boundary at 1000 is still at 1000, so warmed-up and plain arms decay at the same time
/// (PyTorch's `SequentialLR` shifts instead).
/// References: Goyal et al. 2017, "Accurate, Large Minibatch SGD", Section 2.2.
public struct LinearWarmup: ScheduleKind {
  public let steps: Int
  public let then: ScheduleSpec

  /// - Parameters:
  ///   - steps: iterations in the ramp.
  ///   - then: the schedule after the ramp, which also sets the ramp's target.
  /// - Precondition: `steps > 0`; `then` is resolved (not a request).
  public init(steps: Int, then: ScheduleSpec) {
    precondition(steps > 0, "steps must be positive, got \(steps)")
    precondition(then.isResolved, "the schedule after a warm-up must be resolved, got \(then)")
    self.steps = steps
    self.then = then
  }

  public func learningRate(at step: Int) -> Double {
    guard step < steps else { return then.learningRate(at: step) }
    return then.learningRate(at: steps) * Double(step + 1) / Double(steps)
  }

  public var description: String { "warmup(steps=\(steps),then=\(then))" }
}

extension LinearWarmup {
  public static let name = "warmup"
  public static let codingKey = "linearWarmup"
  /// A ramp to the fixed rate `base`; setting `steps` (a tenth of the run by default).
  public init(base: Double, settings: inout ScheduleSettings) throws {
    self.init(steps: try settings.steps("steps", default: max(1, settings.totalSteps / 10)), then: .fixed(Fixed(base: base)))
  }
}

extension ScheduleSpec {
  public static func linearWarmup(_ schedule: LinearWarmup) -> ScheduleSpec { ScheduleSpec(schedule) }
}
