import Harness
import TrainingCore

/// Caffe's learning-rate policies, Smith's cyclical rates and SGDR on one budget — shared/claims.md,
/// `lr-schedules`.
///
/// Method: 784-128-128-10 ReLU MLP, He normal, on a 10,000-example class-balanced training subset (full
/// 10,000-image test set), SGD with momentum 0.9 (PyTorch convention), batch 128, 20 epochs, so T = 78 ·
/// 20 = 1,560 updates. Only the schedule varies; every policy starts from (or peaks at) the same base rate
/// 0.125. That base, and the cyclical bounds, come from one LR range test (Smith 2017, Section 3.3) run
/// before this file was written and recorded in paper-notes/lr-schedules.md: the rate rose linearly from
/// 0 to 0.5 over 20 epochs (`tricks train ... --schedule triangular:lower=0,step-size=1560`) and test
/// accuracy peaked at 0.125 for both seeds tried. So upper = 0.125, lower = upper / 3.
///
/// Policies (Caffe's formulas, `it` = update from 0). Decaying policies end at base/100 where their shape
/// has a free rate (Caffe's defaults assume 10^4-10^5 updates, far more than T):
/// - fixed; step (gamma 0.1 every T/3); multistep (gamma 0.1 at T/2 and 3T/4);
/// - exp (gamma = 0.01^(1/T)); inv (Caffe's power 0.75, gamma so that lr(T) = base/100); poly (power 1,
///   zero at T); sigmoid (Caffe's rising policy, a warm-up: midpoint T/10, gamma · T/10 = 5);
/// - triangular and triangular2 between 0.125/3 and 0.125, half-cycle T/4 (5 epochs, inside Smith's 2-10),
///   so two whole cycles end at the lower bound;
/// - SGDR, cosine from 0.125 to 0, first period ceil(T/7), doubling, so the third period ends at T.
/// The rate of each epoch's last update is the `learning_rate` column of curves.csv; the per-update rate
/// is the formula above (the manifest records every arm's parameters).
/// Metric: final test accuracy, 10 seeds; one-sided Welch tests, Holm over the experiment.
public struct LearningRateSchedules: Experiment {
  public init() {}
  public let id = "lr-schedules"
  public let title = "Step vs exp vs cyclical learning-rate schedules"
  public let claim = """
    Among preset policies, step and multistep converge best; exp and poly are comparable; inv and fixed \
    are worst. A cyclical rate between LR-range-test bounds (upper at peak accuracy, lower = upper/3) is \
    at least as good as step, and SGDR behaves similarly.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Caffe's lr_policy definitions; Smith 2017, "Cyclical Learning \
    Rates" (CIFAR-10: triangular2 reaches 81.4% in 25k iterations vs 70k for the standard schedule); \
    Loshchilov & Hutter 2017, SGDR.
    """

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  static let base = 0.125
  static let batchSize = 128

  /// Every policy for a run of `total` updates.
  static func schedules(total: Int) -> [(name: String, schedule: ScheduleSpec)] {
    let t = Double(total), third = max(1, total / 3), tenth = max(1, total / 10)
    return [
      ("fixed", .fixed(Fixed(base: base))),
      ("step", .step(StepDecay(base: base, gamma: 0.1, stepSize: third))),
      ("multistep", .multiStep(MultiStepDecay(base: base, gamma: 0.1,
                                              milestones: [max(1, total / 2), max(2, 3 * total / 4)]))),
      ("exp", .exponential(ExponentialDecay(base: base, gamma: Double.pow(0.01, 1 / t)))),
      ("inv", .inverse(InverseDecay(base: base, gamma: (Double.pow(100, 1 / 0.75) - 1) / t, power: 0.75))),
      ("poly", .polynomial(PolynomialDecay(base: base, power: 1, maxSteps: total))),
      ("sigmoid", .sigmoid(SigmoidWarmup(base: base, gamma: 5 / Double(tenth), stepSize: tenth))),
      ("triangular", .triangular(Triangular(lower: base / 3, upper: base, stepSize: max(1, total / 4)))),
      ("triangular2", .triangular2(Triangular2(lower: base / 3, upper: base, stepSize: max(1, total / 4)))),
      ("sgdr", .cosineWarmRestarts(CosineWarmRestarts(maxRate: base, minRate: 0, firstPeriod: (total + 6) / 7,
                                                      periodMultiplier: 2))),
    ]
  }

  public func arms(for profile: Profile) -> [Arm] {
    let subset = profile.pick(quick: 1000, full: 10_000), epochs = profile.pick(quick: 1, full: 20)
    let total = subset / Self.batchSize * epochs
    return Self.schedules(total: total).map { policy in
      Arm(policy.name, RunConfiguration(
        network: NetworkSpec(hidden: [128, 128], activation: .relu, initializer: .heNormal),
        optimizer: .momentum(0.9, nesterov: false), schedule: policy.schedule,
        batchSize: Self.batchSize, epochs: epochs, trainSubset: subset),
        factors: [.init("policy", policy.schedule.name)])
    }
  }

  static let margin = 0.005  // 0.5 points of accuracy, about 1.5 binomial standard errors on 10k images

  public let subClaims: [SubClaim] = [
    SubClaim("a", "Step and multistep converge best: each beats exp, poly, inv and fixed",
             rules: ["step", "multistep"].map { .beats($0, ["exp", "poly", "inv", "fixed"], metric: .finalTestAccuracy) }),
    SubClaim("b", "Exp and poly are comparable (within 0.5 points)",
             rules: [.equivalent("exp", "poly", margin: margin, metric: .finalTestAccuracy)]),
    SubClaim("c", "Inv and fixed are worst: exp and poly each beat both",
             rules: ["exp", "poly"].map { .beats($0, ["inv", "fixed"], metric: .finalTestAccuracy) }),
    SubClaim("d", "Cyclical rates (triangular, triangular2) are at least as good as step (margin 0.5 points)",
             rules: ["triangular", "triangular2"].map {
               .notWorse($0, than: "step", margin: margin, metric: .finalTestAccuracy)
             }),
    SubClaim("e", "SGDR behaves similarly: not worse than step (margin 0.5 points)",
             rules: [.notWorse("sgdr", than: "step", margin: margin, metric: .finalTestAccuracy)]),
  ]
}
