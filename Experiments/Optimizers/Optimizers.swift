import Harness
import TrainingCore

/// SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam, each at its own tuned learning rate, against Adam
/// at its default — shared/claims.md, `optimizers`.
///
/// Method: 784-128-128-10 ReLU MLP, He normal, cross-entropy, batch 64, constant rate, on a 10,000-example
/// class-balanced training subset, a class-balanced 10,000-image validation split held out of the 60,000
/// training images (a new split per seed), and the 10,000-image test set. Hyper-parameters other than the
/// rate are PyTorch's defaults (`OptimizerSpec(name:)`): momentum and Nesterov mu = 0.9 (PyTorch
/// convention, v = mu·v + g; w −= lr·v); AdaGrad eps 1e-10; RMSProp rho 0.99, eps 1e-8; Adam 0.9, 0.999,
/// 1e-8 with bias correction. Each optimizer's default rate is the one its usual references give:
/// SGD, momentum and Nesterov 0.01 (Keras); AdaGrad 0.01 (PyTorch); RMSProp 0.001 (Keras, Hinton's
/// lecture); Adam 0.001 (Kingma & Ba).
///
/// Protocol (shared/protocol.md; Choi et al. 2019, Schmidt et al. 2021):
/// - Tuned arms `<optimizer>`: each optimizer tunes its rate over its default × 10^(−1/2, 0, 1/2),
///   extended up to two half-decades either way from an edge, on 2 tuning seeds: the same budget for all.
/// - Fixed arms, because their claims are about a default or a mis-set rate, not a tuned one:
///   `adam-default` (0.001); `<optimizer>-x0.1` and `-x10` for Adam, SGD, momentum and Nesterov, at 10x
///   below and above the default.
/// - Budget (final accuracy): until validation accuracy has not improved for 5 epochs (at most 60); the
///   test accuracy reported is the best-validation epoch's.
/// - Paired: every arm has the same shapes, so per seed they share initial weights and data order.
/// - Smallest effect of interest: 0.5 accuracy points, about 1.5 binomial standard errors of one run on
///   10,000 test images (the suite's "tied"), also the non-inferiority margin.
/// Sub-claims: (a) Adam at its default is not worse than any tuned optimizer; (b, c) a 10x mis-set rate
/// hurts Adam less than SGD, momentum and Nesterov; (d) tuned Adam is not worse than tuned RMSProp
/// (Adam = RMSProp + momentum + bias correction: the additions cost nothing).
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
    Nesterov); Choi et al. 2019 and Schmidt et al. 2021 (tuning protocols).
    """
  public let pairsArms = true

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  /// Each optimizer's CLI name and default rate, in the order of the literature.
  static let optimizers: [(name: String, rate: Double)] = [
    ("sgd", 0.01), ("momentum", 0.01), ("nesterov", 0.01), ("adagrad", 0.01), ("rmsprop", 0.001), ("adam", 0.001),
  ]
  static let misSet = ["adam", "sgd", "momentum", "nesterov"]

  public func arms(for profile: Profile) -> [Arm] {
    func configuration(_ optimizer: String, _ rate: Double) -> RunConfiguration {
      RunConfiguration(
        network: NetworkSpec(hidden: [128, 128], activation: .relu, initializer: .heNormal),
        optimizer: OptimizerSpec(name: optimizer)!, schedule: .fixed(Fixed(base: rate)), batchSize: 64,
        epochs: profile.pick(quick: 2, full: 60), trainSubset: profile.pick(quick: 500, full: 10_000),
        validationSplit: profile.pick(quick: 500, full: 10_000), earlyStoppingPatience: profile.pick(quick: 1, full: 5))
    }
    let tuned = Self.optimizers.map { optimizer in
      Arm(optimizer.name, configuration(optimizer.name, optimizer.rate),
          factors: [.init("optimizer", optimizer.name), .init("rate", "tuned")],
          tuning: .learningRate(Tuning.logGrid(optimizer.rate / 10.0.squareRoot(), optimizer.rate * 10.0.squareRoot(),
                                               perDecade: 2), maxExtensions: profile.pick(quick: 1, full: 2)))
    }
    let fixed = [Arm("adam-default", configuration("adam", 0.001),
                     factors: [.init("optimizer", "adam"), .init("rate", "default")])]
      + Self.misSet.flatMap { name -> [Arm] in
        let rate = Self.optimizers.first { $0.name == name }!.rate
        // Dividing by 10 rather than multiplying by 0.1 keeps the rates exact decimals.
        return [("0.1", rate / 10), ("10", rate * 10)].map { label, value in
          Arm("\(name)-x\(label)", configuration(name, value),
              factors: [.init("optimizer", name), .init("rate", "default x\(label)")])
        }
      }
    return tuned + fixed
  }

  static let margin = 0.005  // 0.5 points of accuracy, about 1.5 binomial standard errors on 10k images

  public let subClaims: [SubClaim] = [
    SubClaim("a", "Adam at its default rate is not worse than any other optimizer at its tuned rate (margin 0.5 points)",
             smallestEffect: margin,
             rules: optimizers.map(\.name).map {
               .notWorse("adam-default", than: $0, margin: margin, metric: .finalTestAccuracy)
             }),
    SubClaim("b", "Robust to a 10x smaller rate: Adam at x0.1 its default beats SGD, momentum and Nesterov at x0.1 theirs",
             smallestEffect: margin,
             rules: [.beats("adam-x0.1", ["sgd-x0.1", "momentum-x0.1", "nesterov-x0.1"], metric: .finalTestAccuracy)]),
    SubClaim("c", "Robust to a 10x larger rate: Adam at x10 its default beats SGD, momentum and Nesterov at x10 theirs",
             smallestEffect: margin,
             rules: [.beats("adam-x10", ["sgd-x10", "momentum-x10", "nesterov-x10"], metric: .finalTestAccuracy)]),
    SubClaim("d", "Adam (RMSProp + momentum + bias correction), tuned, is not worse than tuned RMSProp (margin 0.5 points)",
             smallestEffect: margin,
             rules: [.notWorse("adam", than: "rmsprop", margin: margin, metric: .finalTestAccuracy)]),
  ]
}
