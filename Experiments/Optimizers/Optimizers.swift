import Harness
import TrainingCore

/// SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam, each on a small learning-rate grid around its
/// usual default — shared/claims.md, `optimizers`.
///
/// Method: 784-128-128-10 ReLU MLP, He normal, cross-entropy, on a 10,000-example class-balanced training
/// subset (full 10,000-image test set), batch 64, 4 epochs (T = 156 · 4 = 624 updates), constant rate.
/// Only the optimizer and its rate vary. Hyper-parameters other than the rate are PyTorch's defaults
/// (`OptimizerSpec(name:)`): momentum and Nesterov mu = 0.9 (PyTorch convention, v = mu·v + g; w −= lr·v);
/// AdaGrad eps 1e-10; RMSProp rho 0.99, eps 1e-8; Adam 0.9, 0.999, 1e-8 with bias correction.
/// Each optimizer's "default" rate is the one its usual references give, fixed before any run:
/// SGD, momentum and Nesterov 0.01 (Keras's SGD default); AdaGrad 0.01 (PyTorch); RMSProp 0.001 (Keras,
/// Hinton's lecture); Adam 0.001 (Kingma & Ba). Every optimizer runs at x0.1, x1 and x10 its default;
/// arms are `<optimizer>-x<multiplier>` (18 arms; factors `optimizer` and `rate_multiplier`, so the plots
/// put the six optimizers side by side at each multiplier; the manifest gives each arm's rate).
/// Metric: final test accuracy, 10 seeds; one-sided Welch or non-inferiority tests, Holm over the
/// experiment.
/// - "Recommended default": Adam at its default is not worse than *every* arm of the other five
///   optimizers (so not worse than each one's best-tuned rate on this grid) by more than 0.5 points,
///   about 1.5 binomial standard errors of one run on 10k test images (the suite's "tied").
/// - "Robust to its hyper-parameters": at the same multiplier of the default (x0.1 and x10), Adam beats
///   the non-adaptive optimizers (SGD, momentum, Nesterov). A robust method is the one that still works
///   when its rate is off by 10x in either direction.
/// - "Adam = RMSProp + momentum (with bias correction)": adding momentum and bias correction costs
///   nothing: Adam is not worse than RMSProp at each common rate (1e-4, 1e-3, 1e-2) by 0.5 points.
public struct Optimizers: Experiment {
  public init() {}
  public let id = "optimizers"
  public let title = "SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam"
  public let claim = """
    Adam (RMSProp plus momentum, with bias correction) is the recommended default optimizer: at its \
    default rate it is as good as the best-tuned alternative, and it is robust to its hyper-parameters, \
    still training well when the rate is 10x off where SGD and momentum do not.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Kingma & Ba 2014 (Adam, defaults 0.001, 0.9, 0.999, 1e-8); \
    Duchi et al. 2011 (AdaGrad); Tieleman & Hinton 2012 (RMSProp); Sutskever et al. 2013 (momentum, \
    Nesterov).
    """

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  /// Each optimizer's CLI name and default rate, in the order of the literature.
  static let optimizers: [(name: String, rate: Double)] = [
    ("sgd", 0.01), ("momentum", 0.01), ("nesterov", 0.01), ("adagrad", 0.01), ("rmsprop", 0.001), ("adam", 0.001),
  ]
  /// The grid around a default rate. Dividing by 10 rather than multiplying by 0.1 keeps the rates exact
  /// decimals (0.01 · 0.1 is 0.0010000000000000002 in binary floating point).
  static let multipliers: [(label: String, rate: @Sendable (Double) -> Double)] = [
    ("0.1", { $0 / 10 }), ("1", { $0 }), ("10", { $0 * 10 }),
  ]

  static func name(_ optimizer: String, _ multiplier: String) -> String { "\(optimizer)-x\(multiplier)" }

  public func arms(for profile: Profile) -> [Arm] {
    let subset = profile.pick(quick: 1000, full: 10_000), epochs = profile.pick(quick: 1, full: 4)
    return Self.optimizers.flatMap { optimizer in
      Self.multipliers.map { multiplier in
        let rate = multiplier.rate(optimizer.rate)
        return Arm(Self.name(optimizer.name, multiplier.label), RunConfiguration(
          network: NetworkSpec(hidden: [128, 128], activation: .relu, initializer: .heNormal),
          optimizer: OptimizerSpec(name: optimizer.name)!, schedule: .fixed(Fixed(base: rate)),
          batchSize: 64, epochs: epochs, trainSubset: subset),
          factors: [.init("optimizer", optimizer.name), .init("rate_multiplier", multiplier.label)])
      }
    }
  }

  static let margin = 0.005  // 0.5 points of accuracy, about 1.5 binomial standard errors on 10k images

  public let subClaims: [SubClaim] = [
    SubClaim("a", "Adam at its default rate is not worse than any other optimizer at any of its rates (margin 0.5 points)",
             rules: optimizers.filter { $0.name != "adam" }.flatMap { optimizer in
               multipliers.map {
                 .notWorse(name("adam", "1"), than: name(optimizer.name, $0.label), margin: margin,
                           metric: .finalTestAccuracy)
               }
             }),
    SubClaim("b", "Robust to a 10x smaller rate: Adam at x0.1 beats SGD, momentum and Nesterov at x0.1",
             rules: [.beats(name("adam", "0.1"), ["sgd", "momentum", "nesterov"].map { name($0, "0.1") },
                            metric: .finalTestAccuracy)]),
    SubClaim("c", "Robust to a 10x larger rate: Adam at x10 beats SGD, momentum and Nesterov at x10",
             rules: [.beats(name("adam", "10"), ["sgd", "momentum", "nesterov"].map { name($0, "10") },
                            metric: .finalTestAccuracy)]),
    SubClaim("d", "Adam (RMSProp + momentum + bias correction) is not worse than RMSProp at each common rate (margin 0.5 points)",
             rules: multipliers.map {
               .notWorse(name("adam", $0.label), than: name("rmsprop", $0.label), margin: margin,
                         metric: .finalTestAccuracy)
             }),
  ]
}
