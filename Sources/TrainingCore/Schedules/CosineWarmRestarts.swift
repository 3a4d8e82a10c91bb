// SGDR: cosine annealing from maxRate to minRate, restarting at maxRate; periods may grow.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter 2017), counted in iterations.
///
/// ```
/// period i has length T_i = firstPeriod * periodMultiplier^i  (i = 0, 1, ...)
/// tCur = iterations since the start of the current period
/// lr(it) = minRate + (maxRate - minRate) * (1 + cos(pi * tCur / T_i)) / 2
/// ```
///
/// `maxRate` at `it = 0` and at every restart; `(maxRate + minRate) / 2` halfway through a period.
/// The rate is updated every iteration, as in the paper and PyTorch's `CosineAnnealingWarmRestarts`.
/// References: Loshchilov & Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts", eq. 5.
public struct CosineWarmRestarts: ScheduleKind {
  public let maxRate: Double
  public let minRate: Double
  public let firstPeriod: Int
  public let periodMultiplier: Int

  /// - Parameters:
  ///   - maxRate: the rate at the start of each period (`eta_max`).
  ///   - minRate: the rate approached at the end of each period (`eta_min`).
  ///   - firstPeriod: iterations in the first period (`T_0`).
  ///   - periodMultiplier: each period is this many times the previous one (`T_mult`).
  /// - Precondition: `0 <= minRate <= maxRate`, `firstPeriod > 0`, `periodMultiplier >= 1`.
  public init(maxRate: Double, minRate: Double, firstPeriod: Int, periodMultiplier: Int) {
    precondition(minRate >= 0 && minRate <= maxRate,
                 "need 0 <= minRate <= maxRate, got minRate \(minRate), maxRate \(maxRate)")
    precondition(firstPeriod > 0, "firstPeriod must be positive, got \(firstPeriod)")
    precondition(periodMultiplier >= 1, "periodMultiplier must be >= 1, got \(periodMultiplier)")
    self.maxRate = maxRate
    self.minRate = minRate
    self.firstPeriod = firstPeriod
    self.periodMultiplier = periodMultiplier
  }

  public func learningRate(at step: Int) -> Double {
    precondition(step >= 0, "step must be >= 0, got \(step)")
    var tCur = step, period = firstPeriod
    if periodMultiplier == 1 {
      tCur = step % period
    } else {
      while tCur >= period {  // at most log_mult(step / firstPeriod) + 1 rounds
        tCur -= period
        period *= periodMultiplier
      }
    }
    return minRate + (maxRate - minRate) * (1 + cos(Double.pi * Double(tCur) / Double(period))) / 2
  }

  public var description: String {
    "sgdr(maxRate=\(maxRate),minRate=\(minRate),firstPeriod=\(firstPeriod),periodMultiplier=\(periodMultiplier))"
  }
}

extension CosineWarmRestarts {
  public static let name = "sgdr"
  public static let codingKey = "cosineWarmRestarts"
  /// `base` is the maximum rate; settings `min`, `first-period` (a seventh of the run by default, so
  /// periods of 1, 2 and 4 sevenths end with it) and `multiplier`.
  public init(base: Double, settings: inout ScheduleSettings) throws {
    self.init(maxRate: base, minRate: try settings.number("min", default: 0, .within(0...base)),
              firstPeriod: try settings.steps("first-period", default: max(1, settings.totalSteps / 7)),
              periodMultiplier: try settings.steps("multiplier", default: 2))
  }
}

extension ScheduleSpec {
  public static func cosineWarmRestarts(_ schedule: CosineWarmRestarts) -> ScheduleSpec { ScheduleSpec(schedule) }
}
