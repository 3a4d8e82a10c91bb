// Caffe's "exp" policy, also "multiply the rate by 0.9995 every step" of the adam-decay claim.

/// The rate multiplied by `gamma` at every iteration (Caffe's `exp`).
///
/// ```
/// lr(it) = base * gamma^it
/// ```
///
/// `gamma = 0.9995` halves the rate in about 1,386 steps; `gamma = 0.999995` in about 138,600.
/// References: Caffe `SGDSolver::GetLearningRate`.
public struct ExponentialDecay: ScheduleKind {
  public let base: Double
  public let gamma: Double

  /// - Parameters:
  ///   - base: the rate at step 0.
  ///   - gamma: the per-iteration factor.
  /// - Precondition: `base >= 0`, `gamma >= 0`.
  public init(base: Double, gamma: Double) {
    precondition(base >= 0, "base must be >= 0, got \(base)")
    precondition(gamma >= 0, "gamma must be >= 0, got \(gamma)")
    self.base = base
    self.gamma = gamma
  }

  public func learningRate(at step: Int) -> Double { base * Double.pow(gamma, Double(step)) }

  public var description: String { "exp(base=\(base),gamma=\(gamma))" }
}

extension ExponentialDecay {
  public static let name = "exp"
  public static let codingKey = "exponential"
  /// Setting `gamma`.
  public init(base: Double, settings: inout ScheduleSettings) throws {
    self.init(base: base, gamma: try settings.number("gamma", default: 0.9995, .atLeast(0)))
  }
}

extension ScheduleSpec {
  public static func exponential(_ schedule: ExponentialDecay) -> ScheduleSpec { ScheduleSpec(schedule) }
}
