// Caffe's "step" policy.

/// The rate multiplied by `gamma` every `stepSize` iterations (Caffe's `step`).
///
/// ```
/// lr(it) = base * gamma^floor(it / stepSize)
/// ```
///
/// The first decayed step is `it = stepSize`. References: Caffe `SGDSolver::GetLearningRate`.
public struct StepDecay: ScheduleKind {
  public let base: Double
  public let gamma: Double
  public let stepSize: Int

  /// - Parameters:
  ///   - base: the rate at step 0.
  ///   - gamma: the factor applied at each boundary.
  ///   - stepSize: iterations between boundaries.
  /// - Precondition: `base >= 0`, `gamma >= 0`, `stepSize > 0`.
  public init(base: Double, gamma: Double, stepSize: Int) {
    precondition(base >= 0, "base must be >= 0, got \(base)")
    precondition(gamma >= 0, "gamma must be >= 0, got \(gamma)")
    precondition(stepSize > 0, "stepSize must be positive, got \(stepSize)")
    self.base = base
    self.gamma = gamma
    self.stepSize = stepSize
  }

  public func learningRate(at step: Int) -> Double {
    base * Double.pow(gamma, Double(step / stepSize))
  }

  public var description: String { "step(base=\(base),gamma=\(gamma),stepSize=\(stepSize))" }
}

extension StepDecay {
  public static let name = "step"
  public static let codingKey = "step"
  /// Settings `gamma` and `step-size` (a third of the run by default).
  public init(base: Double, settings: inout ScheduleSettings) throws {
    self.init(base: base, gamma: try settings.number("gamma", default: 0.1, .atLeast(0)),
              stepSize: try settings.steps("step-size", default: max(1, settings.totalSteps / 3)))
  }
}

extension ScheduleSpec {
  public static func step(_ schedule: StepDecay) -> ScheduleSpec { ScheduleSpec(schedule) }
}
