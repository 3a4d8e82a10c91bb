// Smith's cyclical learning rate, "exp_range" policy: the triangle's height decays by gamma per iteration.

/// A triangular cycle whose amplitude decays as `gamma^it` (Smith 2017, `exp_range`).
///
/// ```
/// cycle = floor(1 + it / (2 * stepSize))
/// x     = |it / stepSize - 2 * cycle + 1|
/// lr(it) = lower + (upper - lower) * max(0, 1 - x) * gamma^it
/// ```
///
/// References: Smith 2017, Section 3.1 (`exp_range`, e.g. `gamma = 0.99994`); his `clr.py`, where the
/// scale is applied per iteration, not per cycle.
public struct ExpRange: ScheduleKind {
  public let lower: Double
  public let upper: Double
  public let stepSize: Int
  public let gamma: Double

  /// - Parameters:
  ///   - lower: the rate at the start of each cycle.
  ///   - upper: the rate the first peak would reach with `gamma = 1`.
  ///   - stepSize: iterations in half a cycle.
  ///   - gamma: the per-iteration decay of the amplitude.
  /// - Precondition: `0 <= lower <= upper`, `stepSize > 0`, `0 <= gamma <= 1`.
  public init(lower: Double, upper: Double, stepSize: Int, gamma: Double) {
    checkCyclicalBounds(lower: lower, upper: upper, stepSize: stepSize)
    precondition(gamma >= 0 && gamma <= 1, "gamma must be in [0, 1], got \(gamma)")
    self.lower = lower
    self.upper = upper
    self.stepSize = stepSize
    self.gamma = gamma
  }

  public func learningRate(at step: Int) -> Double {
    let height = smithTriangle(at: step, stepSize: stepSize).height
    return lower + (upper - lower) * height * Double.pow(gamma, Double(step))
  }

  public var description: String {
    "exp-range(lower=\(lower),upper=\(upper),stepSize=\(stepSize),gamma=\(gamma))"
  }
}

extension ExpRange {
  public static let name = "exp-range"
  public static let codingKey = "expRange"
  /// As `Triangular`'s, plus `gamma` (Smith's example value by default).
  public init(base: Double, settings: inout ScheduleSettings) throws {
    self.init(lower: try settings.number("lower", default: base / 3, .within(0...base)), upper: base,
              stepSize: try settings.steps("step-size", default: max(1, settings.totalSteps / 4)),
              gamma: try settings.number("gamma", default: 0.99994, .within(0...1)))
  }
}

extension ScheduleSpec {
  public static func expRange(_ schedule: ExpRange) -> ScheduleSpec { ScheduleSpec(schedule) }
}
