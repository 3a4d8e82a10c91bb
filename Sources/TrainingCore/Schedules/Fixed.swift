// Caffe's "fixed" policy: the control arm every schedule is compared with.

/// A constant learning rate (Caffe's `fixed`).
///
/// ```
/// lr(it) = base
/// ```
public struct Fixed: ScheduleKind {
  public let base: Double

  /// - Parameters:
  ///   - base: the rate at every step.
  /// - Precondition: `base >= 0`.
  public init(base: Double) {
    precondition(base >= 0, "base must be >= 0, got \(base)")
    self.base = base
  }

  public func learningRate(at step: Int) -> Double { base }

  public var description: String { "fixed(base=\(base))" }
}

extension Fixed {
  public static let name = "fixed"
  public static let codingKey = "fixed"
  public init(base: Double, settings: inout ScheduleSettings) throws { self.init(base: base) }
}

extension ScheduleSpec {
  public static func fixed(_ schedule: Fixed) -> ScheduleSpec { ScheduleSpec(schedule) }
}
