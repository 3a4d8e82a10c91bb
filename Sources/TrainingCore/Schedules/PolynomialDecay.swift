// Caffe's "poly" policy, clamped past its end.

/// A polynomial decay to zero at `maxSteps` (Caffe's `poly`, `max_iter` = `maxSteps`).
///
/// ```
/// lr(it) = base * (1 - it / maxSteps)^power     for it <= maxSteps
/// lr(it) = 0                                    for it >  maxSteps
/// ```
///
/// Caffe stops at `max_iter` and never evaluates past it; we clamp to 0 there rather than let a
/// fractional power of a negative number give NaN. References: Caffe `SGDSolver::GetLearningRate`.
public struct PolynomialDecay: ScheduleKind {
  public let base: Double
  public let power: Double
  public let maxSteps: Int

  /// - Parameters:
  ///   - base: the rate at step 0.
  ///   - power: the exponent; 1 is a linear decay.
  ///   - maxSteps: the iteration where the rate reaches 0.
  /// - Precondition: `base >= 0`, `power > 0`, `maxSteps > 0`.
  public init(base: Double, power: Double, maxSteps: Int) {
    precondition(base >= 0, "base must be >= 0, got \(base)")
    precondition(power > 0, "power must be positive, got \(power)")
    precondition(maxSteps > 0, "maxSteps must be positive, got \(maxSteps)")
    self.base = base
    self.power = power
    self.maxSteps = maxSteps
  }

  public func learningRate(at step: Int) -> Double {
    guard step < maxSteps else { return 0 }
    return base * Double.pow(1 - Double(step) / Double(maxSteps), power)
  }

  public var description: String { "poly(base=\(base),power=\(power),maxSteps=\(maxSteps))" }
}

extension PolynomialDecay {
  public static let name = "poly"
  public static let codingKey = "polynomial"
  /// Settings `power` and `max-steps`; by default linear, reaching 0 at the end of the run.
  public init(base: Double, settings: inout ScheduleSettings) throws {
    self.init(base: base, power: try settings.number("power", default: 1, .above(0)),
              maxSteps: try settings.steps("max-steps", default: settings.totalSteps))
  }
}

extension ScheduleSpec {
  public static func polynomial(_ schedule: PolynomialDecay) -> ScheduleSpec { ScheduleSpec(schedule) }
}
