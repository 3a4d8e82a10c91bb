// The adam-decay claim's "lower the rate briefly near the end": a constant rate, then one drop.

/// A constant rate that drops once, by `factor`, from `fromStep` on.
///
/// ```
/// lr(it) = base            for it < fromStep
/// lr(it) = base * factor   for it >= fromStep
/// ```
///
/// A `MultiStepDecay` with one milestone computes the same rates; this type names the claim's intent.
public struct DecayAtEnd: ScheduleKind {
  public let base: Double
  public let factor: Double
  public let fromStep: Int

  /// - Parameters:
  ///   - base: the rate before `fromStep`.
  ///   - factor: the multiplier from `fromStep` on.
  ///   - fromStep: the first iteration at the lower rate.
  /// - Precondition: `base >= 0`, `factor >= 0`, `fromStep >= 0`.
  public init(base: Double, factor: Double, fromStep: Int) {
    precondition(base >= 0, "base must be >= 0, got \(base)")
    precondition(factor >= 0, "factor must be >= 0, got \(factor)")
    precondition(fromStep >= 0, "fromStep must be >= 0, got \(fromStep)")
    self.base = base
    self.factor = factor
    self.fromStep = fromStep
  }

  public func learningRate(at step: Int) -> Double { step < fromStep ? base : base * factor }

  public var description: String { "decay-at-end(base=\(base),factor=\(factor),fromStep=\(fromStep))" }
}

extension DecayAtEnd {
  public static let name = "decay-at-end"
  public static let codingKey = "decayAtEnd"
  /// Settings `factor` and `from` (the last tenth of the run by default).
  public init(base: Double, settings: inout ScheduleSettings) throws {
    self.init(base: base, factor: try settings.number("factor", default: 0.1, .atLeast(0)),
              fromStep: try settings.steps("from", default: max(1, settings.totalSteps * 9 / 10)))
  }
}

extension ScheduleSpec {
  public static func decayAtEnd(_ schedule: DecayAtEnd) -> ScheduleSpec { ScheduleSpec(schedule) }
}
