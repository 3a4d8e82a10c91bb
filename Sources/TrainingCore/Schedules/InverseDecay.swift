// Caffe's "inv" policy (LeNet's default: gamma 1e-4, power 0.75).

/// An inverse-power decay (Caffe's `inv`).
///
/// ```
/// lr(it) = base * (1 + gamma * it)^(-power)
/// ```
///
/// With Caffe's LeNet values (`gamma = 1e-4`, `power = 0.75`) the rate is `2^-0.75 ≈ 0.5946` of base at
/// 10,000 iterations. References: Caffe `SGDSolver::GetLearningRate`, `examples/mnist/lenet_solver.prototxt`.
public struct InverseDecay: ScheduleKind {
  public let base: Double
  public let gamma: Double
  public let power: Double

  /// - Parameters:
  ///   - base: the rate at step 0.
  ///   - gamma: how fast the denominator grows per iteration.
  ///   - power: the exponent of the denominator.
  /// - Precondition: `base >= 0`, `gamma >= 0`, `power >= 0`.
  public init(base: Double, gamma: Double, power: Double) {
    precondition(base >= 0, "base must be >= 0, got \(base)")
    precondition(gamma >= 0, "gamma must be >= 0, got \(gamma)")
    precondition(power >= 0, "power must be >= 0, got \(power)")
    self.base = base
    self.gamma = gamma
    self.power = power
  }

  public func learningRate(at step: Int) -> Double {
    base * Double.pow(1 + gamma * Double(step), -power)
  }

  public var description: String { "inv(base=\(base),gamma=\(gamma),power=\(power))" }
}

extension InverseDecay {
  public static let name = "inv"
  public static let codingKey = "inverse"
  /// Settings `gamma` and `power`, by default Caffe's LeNet values.
  public init(base: Double, settings: inout ScheduleSettings) throws {
    self.init(base: base, gamma: try settings.number("gamma", default: 1e-4, .atLeast(0)),
              power: try settings.number("power", default: 0.75, .atLeast(0)))
  }
}

extension ScheduleSpec {
  public static func inverse(_ schedule: InverseDecay) -> ScheduleSpec { ScheduleSpec(schedule) }
}
