import Harness
import TrainingCore

/// Momentum coefficients 0, 0.5, 0.9 and 0.99, at one rate and at one effective step — shared/claims.md,
/// `momentum-values`.
///
/// Method: 784-128-128-10 ReLU MLP, He normal, cross-entropy, on a 10,000-example class-balanced training
/// subset (full 10,000-image test set), heavy-ball momentum in PyTorch's convention (v = beta·v + g;
/// w −= lr·v), batch 32 (noisy gradients, as the claim has it), 6 epochs (T = 312 · 6 = 1,872 updates),
/// constant rate. Only beta and the rate vary, in two sets that share the arm beta = 0.9, lr = 0.01:
/// - "fixed rate": lr = 0.01 for every beta. In this convention a steady gradient moves the weights by
///   lr / (1 − beta) per update, so beta also multiplies the effective step (x1, x2, x10, x100).
/// - "equal step": lr · 1 / (1 − beta) held at 0.1: beta 0 at lr 0.1, 0.5 at 0.05, 0.9 at 0.01, 0.99 at
///   0.001. What differs here is only how much gradient history each step averages, which separates
///   "momentum" from "a bigger step".
/// Arms are `b<beta>-lr<rate>`. Metrics: how fast the net learns is the training loss after the fixed
/// budget (`final_train_loss`, the running mean over the last epoch's mini-batches: lower after the same
/// number of updates means faster); the recommended value is judged on final test accuracy. Sutskever et
/// al. measured optimization (training error of deep autoencoders), so "0.99 beats 0.9" is judged on the
/// training loss. 10 seeds; one-sided Welch, ordering or non-inferiority tests, Holm over the experiment.
/// Margin for "not worse": 0.5 points, about 1.5 binomial standard errors of one run on 10k test images.
public struct MomentumValues: Experiment {
  public init() {}
  public let id = "momentum-values"
  public let title = "Momentum 0 vs 0.5 vs 0.9 vs 0.99"
  public let claim = """
    Momentum speeds learning under high curvature and noisy gradients; 0.9 is the recommended value; \
    larger values (0.99) optimize better still (Sutskever et al. 2013).
    """
  public let source = """
    Practitioner articles (shared/claims.md); Polyak 1964; Sutskever, Martens, Dahl & Hinton 2013 \
    (0.99-0.999 beat 0.9 on deep autoencoders).
    """

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  static let betas = [0, 0.5, 0.9, 0.99]
  static let fixedRate = 0.01
  /// The equal-step rate for `beta`: lr / (1 − beta) = 0.1, written out so every rate is an exact decimal.
  static let equalStepRates: [Double: Double] = [0: 0.1, 0.5: 0.05, 0.9: 0.01, 0.99: 0.001]

  /// lr / (1 − beta), rounded to 6 decimals so the factor reads 0.1 rather than 0.09999999999999999.
  static func effectiveStep(_ rate: Double, _ beta: Double) -> Double { (rate / (1 - beta) * 1e6).rounded() / 1e6 }

  static func name(_ beta: Double, _ rate: Double) -> String { "b\(beta)-lr\(rate)" }
  static func fixed(_ beta: Double) -> String { name(beta, fixedRate) }
  static func equal(_ beta: Double) -> String { name(beta, equalStepRates[beta]!) }

  public func arms(for profile: Profile) -> [Arm] {
    let subset = profile.pick(quick: 1000, full: 10_000), epochs = profile.pick(quick: 1, full: 6)
    let settings = Self.betas.map { (beta: $0, rate: Self.fixedRate) }
      + Self.betas.filter { Self.equalStepRates[$0] != Self.fixedRate }.map { (beta: $0, rate: Self.equalStepRates[$0]!) }
    return settings.map { setting in
      Arm(Self.name(setting.beta, setting.rate), RunConfiguration(
        network: NetworkSpec(hidden: [128, 128], activation: .relu, initializer: .heNormal),
        optimizer: .momentum(setting.beta, nesterov: false), schedule: .fixed(Fixed(base: setting.rate)),
        batchSize: 32, epochs: epochs, trainSubset: subset),
        factors: [.init("momentum", "\(setting.beta)"), .init("learning_rate", "\(setting.rate)"),
                  .init("effective_step", "\(Self.effectiveStep(setting.rate, setting.beta))")])
    }
  }

  static let margin = 0.005

  public let subClaims: [SubClaim] = [
    SubClaim("a", "Momentum speeds learning at a fixed rate: training loss after the budget falls as beta = 0 > 0.5 > 0.9",
             rules: [.ordering([fixed(0.9), fixed(0.5), fixed(0)], metric: .finalTrainLoss)]),
    SubClaim("b", "Not only through a bigger step: at an equal effective step, beta = 0.9 reaches a lower training loss than 0",
             rules: [.beats(equal(0.9), [equal(0)], metric: .finalTrainLoss)]),
    SubClaim("c-fixed", "0.9 is the recommended value (fixed rate): not worse than 0, 0.5 or 0.99 in test accuracy (margin 0.5 points)",
             rules: [0, 0.5, 0.99].map { .notWorse(fixed(0.9), than: fixed($0), margin: margin, metric: .finalTestAccuracy) }),
    SubClaim("c-equal", "0.9 is the recommended value (equal step): not worse than 0, 0.5 or 0.99 in test accuracy (margin 0.5 points)",
             rules: [0, 0.5, 0.99].map { .notWorse(equal(0.9), than: equal($0), margin: margin, metric: .finalTestAccuracy) }),
    SubClaim("d-fixed", "Sutskever: beta = 0.99 optimizes better than 0.9 (lower training loss) at a fixed rate",
             rules: [.beats(fixed(0.99), [fixed(0.9)], metric: .finalTrainLoss)]),
    SubClaim("d-equal", "Sutskever: beta = 0.99 optimizes better than 0.9 (lower training loss) at an equal effective step",
             rules: [.beats(equal(0.99), [equal(0.9)], metric: .finalTrainLoss)]),
  ]
}
