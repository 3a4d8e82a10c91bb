import Harness
import TrainingCore

/// Caffe's learning-rate policies, Smith's cyclical rates and SGDR on one budget, each at its own tuned
/// base rate — shared/claims.md, `lr-schedules`.
///
/// Method: 784-128-128-10 ReLU MLP, He normal, cross-entropy, SGD with momentum 0.9 (PyTorch convention),
/// batch 128, on a 10,000-example class-balanced training subset, a class-balanced 10,000-image
/// validation split held out of the 60,000 training images (a new split per seed, drawn before the
/// subset) and the 10,000-image test set. 20 epochs, so T = 78 · 20 = 1,560 updates.
///
/// Policies (Caffe's formulas, `it` = update from 0, `base` = the arm's tuned rate). Decaying policies end
/// at base/100 where their shape has a free rate (Caffe's defaults assume 10^4-10^5 updates, far more than
/// T):
/// - fixed; step (gamma 0.1 every T/3); multistep (gamma 0.1 at T/2 and 3T/4);
/// - exp (gamma = 0.01^(1/T)); inv (Caffe's power 0.75, gamma so that lr(T) = base/100); poly (power 1,
///   zero at T);
/// - triangular and triangular2 between base/3 and base (Smith's lower = upper/3), half-cycle T/4
///   (5 epochs, inside Smith's 2-10), so two whole cycles end at the lower bound;
/// - SGDR, cosine from base to 0, first period ceil(T/7), doubling, so the third period ends at T.
/// The rate of each epoch's last update is the `learning_rate` column of curves.csv; the per-update rate
/// is the formula above (the manifest records every arm's parameters).
///
/// Protocol (shared/protocol.md):
/// - Tuned, every arm: its base rate (the peak, for the cyclical arms and SGDR) over 0.01-0.1 at four
///   points a decade (0.01, 0.0178, 0.0316, 0.0562, 0.1), extended up to two points either way from an
///   edge, on 2 tuning seeds, scored by final validation accuracy. (A trial of the full profile's first
///   tuning runs put fixed's best at 0.0178 or below and step's and multistep's at 0.03-0.06, with 0.178
///   collapsing both fixed and step, hence this range.) Before this, one base (0.125) served every policy, read off an LR range
///   test that looked at *test* accuracy (paper-notes/lr-schedules.md): a selection on the test set, and
///   one rate measures which policy it suits (a fixed rate wants a smaller one than a decaying policy).
///   Quarter-decade points (ratio 1.78) rather than the suite's usual half-decades, because the claimed
///   differences between policies are a few tenths of a point, about what a rate off by a factor of 1.8
///   costs.
/// - The cyclical claim names its method for the bounds (an LR range test, upper at the peak, lower =
///   upper/3). Here the upper bound is tuned on validation like every other base and lower = upper/3 is
///   kept: the range test is a cheap approximation of that search, so the cyclical arms get at least
///   the chance the claim gives them; whether the range test itself finds a good rate is `lr-range-test`'s
///   claim.
/// - Budget: a fixed T for every arm, no early stopping, and the final model is the one tested. A
///   schedule is a function of T (step's thirds, poly's zero at T, SGDR's periods), so the budget is part
///   of each arm and the claim ("converge best") is about where each schedule ends; verdict.md lists how
///   many runs had converged (less than 0.2 points of validation gain over the last quarter).
/// - Paired: every arm has the same shapes, so per seed they share initial weights and data order.
/// - Smallest effect of interest: 0.5 accuracy points (about 1.5 binomial standard errors of one run on
///   10,000 test images, the suite's "tied"), also the equivalence and non-inferiority margin.
/// - Seeds: 20, the cap (the suite's 5-CPU-hour budget; verdict.md prints each rule's minimum detectable
///   effect). The power calculation alone chose 5: its pilot, the validation accuracy of the 2 tuning
///   seeds, put the paired SD at 0.14 points, but the first full run's 5 evaluation seeds had paired SDs
///   of test accuracy of 0.10-0.82 points (median 0.34; 36 pairs of arms), which at 0.5 points and alpha
///   0.05/16 need 8 seeds for the median pair and more than the cap for the widest. `seedMinimum` = 20.
/// Cost (estimate, CPU seconds at --jobs 2 on a quiet machine): one run about 2.0 s (`tricks train` of
/// this configuration, user time); tuning 9 arms x 5 values x 2 seeds = 90 runs plus about 10 extension
/// runs, about 200 s; evaluation 9 arms x 20 seeds (the cap binds: two tuning seeds give the paired SD one
/// degree of freedom) = 180 runs, about 360 s; about 560 s in all, within the 900 s this claim has.
/// The review in issue 20 is right that the old base was selected on test. One caution on "each policy
/// at its best": the articles' reason for "fixed is worst" is that a fixed rate "stays too large", which
/// presumes the same base for every policy. Tuned, fixed gets a smaller rate; if it then ties the decays,
/// the claim holds only in its weaker, same-base reading, and the paper-note should say which was tested.
/// Cut: Caffe's sigmoid policy (a warm-up to the fixed rate, not a decay) is no longer an arm; no
/// sub-claim is about it, and dropping it saves a tenth of the cost. Its old result (1.1 points above
/// fixed, below every decay) is in the paper-note.
public struct LearningRateSchedules: Experiment {
  public init() {}
  public let id = "lr-schedules"
  public let title = "Step vs exp vs cyclical learning-rate schedules, each at its tuned base rate"
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
  public let pairsArms = true
  public let seedCap = 20  // the suite's 5-CPU-hour budget; verdict.md prints each rule's detectable effect
  public let seedMinimum = 20  // the tuning runs understate the evaluation spread: see Seeds above

  /// Quick: the declared 2; full: chosen by the power calculation from the tuning runs (this is its
  /// fallback when that has nothing to go on).
  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  static let batchSize = 128
  static let policies = ["fixed", "step", "multistep", "exp", "inv", "poly", "triangular", "triangular2", "sgdr"]

  /// The policy `name` at base (or peak) rate `base` for a run of `total` updates.
  static func schedule(_ name: String, base: Double, total: Int) -> ScheduleSpec {
    let t = Double(total), third = max(1, total / 3), quarter = max(1, total / 4)
    switch name {
    case "fixed": return .fixed(Fixed(base: base))
    case "step": return .step(StepDecay(base: base, gamma: 0.1, stepSize: third))
    case "multistep":
      return .multiStep(MultiStepDecay(base: base, gamma: 0.1, milestones: [max(1, total / 2), max(2, 3 * total / 4)]))
    case "exp": return .exponential(ExponentialDecay(base: base, gamma: Double.pow(0.01, 1 / t)))
    case "inv": return .inverse(InverseDecay(base: base, gamma: (Double.pow(100, 1 / 0.75) - 1) / t, power: 0.75))
    case "poly": return .polynomial(PolynomialDecay(base: base, power: 1, maxSteps: total))
    case "triangular": return .triangular(Triangular(lower: base / 3, upper: base, stepSize: quarter))
    case "triangular2": return .triangular2(Triangular2(lower: base / 3, upper: base, stepSize: quarter))
    case "sgdr":
      return .cosineWarmRestarts(CosineWarmRestarts(maxRate: base, minRate: 0, firstPeriod: (total + 6) / 7,
                                                    periodMultiplier: 2))
    default: preconditionFailure("no policy \(name)")
    }
  }

  public func arms(for profile: Profile) -> [Arm] {
    let subset = profile.pick(quick: 1000, full: 10_000), epochs = profile.pick(quick: 1, full: 20)
    let total = subset / Self.batchSize * epochs
    let grid = profile.pick(quick: [0.0316227766017, 0.1], full: Tuning.logGrid(0.01, 0.1, perDecade: 4))
    return Self.policies.map { policy in
      let configuration = RunConfiguration(
        network: NetworkSpec(hidden: [128, 128], activation: .relu, initializer: .heNormal),
        optimizer: .momentum(0.9, nesterov: false), schedule: Self.schedule(policy, base: 0.1, total: total),
        batchSize: Self.batchSize, epochs: epochs, trainSubset: subset,
        validationSplit: profile.pick(quick: 500, full: 10_000))
      let tuning = Tuning("learning_rate", grid: grid, maxExtensions: profile.pick(quick: 1, full: 2)) { c, rate in
        var c = c
        c.schedule = Self.schedule(policy, base: rate, total: total)
        return c
      }
      return Arm(policy, configuration, factors: [.init("policy", policy), .init("base_rate", "tuned")], tuning: tuning)
    }
  }

  static let margin = 0.005  // 0.5 points of accuracy, about 1.5 binomial standard errors on 10k images

  public let subClaims: [SubClaim] = [
    SubClaim("a", "Step and multistep converge best: each, at its tuned base, beats exp, poly, inv and fixed at theirs",
             smallestEffect: margin,
             rules: ["step", "multistep"].map { .beats($0, ["exp", "poly", "inv", "fixed"], metric: .finalTestAccuracy) }),
    SubClaim("b", "Exp and poly are comparable (within 0.5 points, TOST), each at its tuned base",
             smallestEffect: margin,
             rules: [.equivalent("exp", "poly", margin: margin, metric: .finalTestAccuracy)]),
    SubClaim("c", "Inv and fixed are worst: exp and poly each beat both, each at its tuned base",
             smallestEffect: margin,
             rules: ["exp", "poly"].map { .beats($0, ["inv", "fixed"], metric: .finalTestAccuracy) }),
    SubClaim("d", "Cyclical rates (triangular, triangular2; lower = upper/3, upper tuned) are at least as good as step (margin 0.5 points)",
             smallestEffect: margin,
             rules: ["triangular", "triangular2"].map {
               .notWorse($0, than: "step", margin: margin, metric: .finalTestAccuracy)
             }),
    SubClaim("e", "SGDR behaves similarly: not worse than step (margin 0.5 points), each at its tuned peak",
             smallestEffect: margin,
             rules: [.notWorse("sgdr", than: "step", margin: margin, metric: .finalTestAccuracy)]),
  ]
}
