// Caffe's "sigmoid" policy. Caffe requires gamma >= 0, so the rate rises: it is a warm-up, not a decay.

/// A sigmoid ramp from near 0 up to `base`, centred on `stepSize` (Caffe's `sigmoid`).
///
/// ```
/// lr(it) = base / (1 + exp(-gamma * (it - stepSize)))
/// ```
///
/// At `it = stepSize` the rate is `base / 2`. References: Caffe `SGDSolver::GetLearningRate`
/// (which checks `gamma >= 0` for this policy).
public struct SigmoidWarmup: ScheduleKind {
  public let base: Double
  public let gamma: Double
  public let stepSize: Int

  /// - Parameters:
  ///   - base: the rate approached late in training.
  ///   - gamma: the steepness of the ramp, per iteration.
  ///   - stepSize: the iteration at the ramp's midpoint.
  /// - Precondition: `base >= 0`, `gamma >= 0`, `stepSize >= 0`.
  public init(base: Double, gamma: Double, stepSize: Int) {
    precondition(base >= 0, "base must be >= 0, got \(base)")
    precondition(gamma >= 0, "gamma must be >= 0 (Caffe's rule: the sigmoid policy rises), got \(gamma)")
    precondition(stepSize >= 0, "stepSize must be >= 0, got \(stepSize)")
    self.base = base
    self.gamma = gamma
    self.stepSize = stepSize
  }

  public func learningRate(at step: Int) -> Double {
    base / (1 + Double.exp(-gamma * Double(step - stepSize)))
  }

  public var description: String { "sigmoid(base=\(base),gamma=\(gamma),stepSize=\(stepSize))" }
}

extension SigmoidWarmup {
  public static let name = "sigmoid"
  public static let codingKey = "sigmoid"
  /// Settings `gamma` and `step-size`; by default centred at a tenth of the run.
  public init(base: Double, settings: inout ScheduleSettings) throws {
    self.init(base: base, gamma: try settings.number("gamma", default: 0.01, .atLeast(0)),
              stepSize: try settings.steps("step-size", default: max(1, settings.totalSteps / 10)))
  }
}

extension ScheduleSpec {
  public static func sigmoid(_ schedule: SigmoidWarmup) -> ScheduleSpec { ScheduleSpec(schedule) }
}
