// Smith's cyclical learning rate, "triangular" policy; also the triangle shared by its two variants.

/// A rate cycling linearly between `lower` and `upper` (Smith 2017, `triangular`).
///
/// ```
/// cycle = floor(1 + it / (2 * stepSize))
/// x     = |it / stepSize - 2 * cycle + 1|
/// lr(it) = lower + (upper - lower) * max(0, 1 - x)
/// ```
///
/// `lower` at `it = 0, 2 stepSize, 4 stepSize, ...`; `upper` at `it = stepSize, 3 stepSize, ...`.
/// Smith's advice: `upper` from an LR range test, `lower = upper / 3` or `/ 4`, `stepSize` 2-10 epochs.
/// References: Smith 2017, "Cyclical Learning Rates for Training Neural Networks", Section 3.1.
public struct Triangular: ScheduleKind {
  public let lower: Double
  public let upper: Double
  public let stepSize: Int

  /// - Parameters:
  ///   - lower: the rate at the start of each cycle.
  ///   - upper: the rate at the middle of each cycle.
  ///   - stepSize: iterations in half a cycle.
  /// - Precondition: `0 <= lower <= upper`, `stepSize > 0`.
  public init(lower: Double, upper: Double, stepSize: Int) {
    checkCyclicalBounds(lower: lower, upper: upper, stepSize: stepSize)
    self.lower = lower
    self.upper = upper
    self.stepSize = stepSize
  }

  public func learningRate(at step: Int) -> Double {
    lower + (upper - lower) * smithTriangle(at: step, stepSize: stepSize).height
  }

  public var description: String { "triangular(lower=\(lower),upper=\(upper),stepSize=\(stepSize))" }
}

/// Smith's `cycle` (from 1) and `max(0, 1 - x)` (from 0 at a trough to 1 at a peak) for step `it`.
func smithTriangle(at step: Int, stepSize: Int) -> (cycle: Int, height: Double) {
  precondition(step >= 0, "step must be >= 0, got \(step)")
  let cycle = 1 + step / (2 * stepSize)
  let x = abs(Double(step) / Double(stepSize) - Double(2 * cycle) + 1)
  return (cycle, max(0, 1 - x))
}

func checkCyclicalBounds(lower: Double, upper: Double, stepSize: Int) {
  precondition(lower >= 0 && lower <= upper, "need 0 <= lower <= upper, got lower \(lower), upper \(upper)")
  precondition(stepSize > 0, "stepSize must be positive, got \(stepSize)")
}

extension Triangular {
  public static let name = "triangular"
  public static let codingKey = "triangular"
  /// `base` is the upper rate; settings `lower` (Smith's upper / 3 by default) and `step-size` (a
  /// quarter of the run, so two full cycles).
  public init(base: Double, settings: inout ScheduleSettings) throws {
    self.init(lower: try settings.number("lower", default: base / 3, .within(0...base)), upper: base,
              stepSize: try settings.steps("step-size", default: max(1, settings.totalSteps / 4)))
  }
}

extension ScheduleSpec {
  public static func triangular(_ schedule: Triangular) -> ScheduleSpec { ScheduleSpec(schedule) }
}
