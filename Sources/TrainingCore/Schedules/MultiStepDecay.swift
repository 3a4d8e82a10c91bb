// Caffe's "multistep" policy.

/// The rate multiplied by `gamma` at each milestone (Caffe's `multistep`, its `stepvalue`s).
///
/// ```
/// lr(it) = base * gamma^(number of milestones m with it >= m)
/// ```
///
/// At `it == m` the decay has already happened, as in Caffe. References: Caffe `SGDSolver::GetLearningRate`.
public struct MultiStepDecay: ScheduleKind {
  public let base: Double
  public let gamma: Double
  public let milestones: [Int]

  /// - Parameters:
  ///   - base: the rate before the first milestone.
  ///   - gamma: the factor applied at each milestone.
  ///   - milestones: the iterations where the rate drops.
  /// - Precondition: `base >= 0`, `gamma >= 0`, milestones positive and strictly increasing.
  public init(base: Double, gamma: Double, milestones: [Int]) {
    precondition(base >= 0, "base must be >= 0, got \(base)")
    precondition(gamma >= 0, "gamma must be >= 0, got \(gamma)")
    precondition(milestones.allSatisfy { $0 > 0 }, "milestones must be positive, got \(milestones)")
    precondition(zip(milestones, milestones.dropFirst()).allSatisfy { $0 < $1 },
                 "milestones must be strictly increasing, got \(milestones)")
    self.base = base
    self.gamma = gamma
    self.milestones = milestones
  }

  public func learningRate(at step: Int) -> Double {
    var passed = 0
    for milestone in milestones where step >= milestone { passed += 1 }
    return base * Double.pow(gamma, Double(passed))
  }

  public var description: String {
    "multistep(base=\(base),gamma=\(gamma),milestones=[\(milestones.map(String.init).joined(separator: ","))])"
  }
}

extension MultiStepDecay {
  public static let name = "multistep"
  public static let codingKey = "multiStep"
  /// Settings `gamma` and `milestones`; by default drops at half and three quarters of the run (kept
  /// apart in runs of under four steps).
  public init(base: Double, settings: inout ScheduleSettings) throws {
    let half = max(1, settings.totalSteps / 2)
    self.init(base: base, gamma: try settings.number("gamma", default: 0.1, .atLeast(0)),
              milestones: try settings.stepList("milestones", default: [half, max(half + 1, 3 * settings.totalSteps / 4)]))
  }
}

extension ScheduleSpec {
  public static func multiStep(_ schedule: MultiStepDecay) -> ScheduleSpec { ScheduleSpec(schedule) }
}
