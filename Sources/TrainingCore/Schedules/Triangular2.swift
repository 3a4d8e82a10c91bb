// Smith's cyclical learning rate, "triangular2" policy: the triangle's height halves every cycle.

/// A triangular cycle whose amplitude halves each cycle (Smith 2017, `triangular2`).
///
/// ```
/// cycle = floor(1 + it / (2 * stepSize))
/// x     = |it / stepSize - 2 * cycle + 1|
/// lr(it) = lower + (upper - lower) * max(0, 1 - x) / 2^(cycle - 1)
/// ```
///
/// References: Smith 2017, Section 3.1; his `clr.py` (`scale_fn = 1 / 2^(cycle - 1)`).
public struct Triangular2: ScheduleKind {
  public let lower: Double
  public let upper: Double
  public let stepSize: Int

  /// - Parameters:
  ///   - lower: the rate at the start of each cycle.
  ///   - upper: the rate at the middle of the first cycle.
  ///   - stepSize: iterations in half a cycle.
  /// - Precondition: `0 <= lower <= upper`, `stepSize > 0`.
  public init(lower: Double, upper: Double, stepSize: Int) {
    checkCyclicalBounds(lower: lower, upper: upper, stepSize: stepSize)
    self.lower = lower
    self.upper = upper
    self.stepSize = stepSize
  }

  public func learningRate(at step: Int) -> Double {
    let (cycle, height) = smithTriangle(at: step, stepSize: stepSize)
    return lower + (upper - lower) * height * Double.pow(2, -Double(cycle - 1))
  }

  public var description: String { "triangular2(lower=\(lower),upper=\(upper),stepSize=\(stepSize))" }
}

extension Triangular2 {
  public static let name = "triangular2"
  public static let codingKey = "triangular2"
  /// As `Triangular`'s: `base` is the first peak; settings `lower` and `step-size`.
  public init(base: Double, settings: inout ScheduleSettings) throws {
    self.init(lower: try settings.number("lower", default: base / 3, .within(0...base)), upper: base,
              stepSize: try settings.steps("step-size", default: max(1, settings.totalSteps / 4)))
  }
}

extension ScheduleSpec {
  public static func triangular2(_ schedule: Triangular2) -> ScheduleSpec { ScheduleSpec(schedule) }
}
