import Harness
import TrainingCore

/// Xavier vs He vs zero (and small-random, LeCun) initialization — shared/claims.md, `init-schemes`.
///
/// Method: plain MLPs of width 128 on Fashion-MNIST (a 10,000-example class-balanced training subset,
/// the full 10,000-image test set), SGD with momentum 0.9 at a fixed 0.01, batch 64, 5 epochs, biases
/// zero. Each arm is (activation, initializer, depth) with depth = number of hidden layers:
/// - tanh at depth 5: zeros, constant 0.1, N(0, 0.01²), Xavier (Glorot uniform), He normal, LeCun normal;
///   at depth 20: N(0, 0.01²), Xavier, He.
/// - ReLU at depth 5: zeros, N(0, 0.01²), N(0, 0.1²), truncated N(0, 0.1²) (the TensorFlow MNIST
///   tutorial's init), Xavier, He, LeCun; at depth 20: N(0, 0.01²), Xavier, He; at depth 30: Xavier, He.
/// Probes: activation std per hidden layer and gradient norm per layer at initialization (one batch of
/// 256), and the number of distinct units of the first hidden layer after training.
public struct InitSchemes: Experiment {
  public init() {}
  public let id = "init-schemes"
  public let title = "Xavier vs He vs zero initialization"
  public let claim = """
    A constant (e.g. zero) initialization keeps all hidden units of a layer identical, so the net cannot \
    learn; N(0, 0.01²) breaks symmetry but the signal shrinks layer by layer in deep nets until learning \
    stalls; Xavier/Glorot suits tanh and He suits ReLU (Xavier halves a ReLU net's signal variance per \
    layer, so a 30-layer ReLU net stalls with it); He-style variance scaling generalizes better than \
    plain Gaussian, truncated Gaussian and Xavier initialization.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Glorot & Bengio 2010; He et al. 2015 (22- and 30-layer \
    ReLU nets: Xavier stalls at 30 layers, He converges).
    """
  public let probes: [ProbeKind] = [.signalPropagation, .distinctUnits]

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  static let arms: [(activation: ActivationSpec, initializer: InitializerSpec, label: String, depth: Int)] = [
    (.tanh, .zeros, "zeros", 5), (.tanh, .constant(0.1), "constant0.1", 5),
    (.tanh, .normal(standardDeviation: 0.01), "normal0.01", 5), (.tanh, .glorotUniform, "xavier", 5),
    (.tanh, .heNormal, "he", 5), (.tanh, .lecunNormal, "lecun", 5),
    (.tanh, .normal(standardDeviation: 0.01), "normal0.01", 20), (.tanh, .glorotUniform, "xavier", 20),
    (.tanh, .heNormal, "he", 20),
    (.relu, .zeros, "zeros", 5), (.relu, .normal(standardDeviation: 0.01), "normal0.01", 5),
    (.relu, .normal(standardDeviation: 0.1), "normal0.1", 5),
    (.relu, .truncatedNormal(standardDeviation: 0.1), "truncnormal0.1", 5),
    (.relu, .glorotUniform, "xavier", 5), (.relu, .heNormal, "he", 5), (.relu, .lecunNormal, "lecun", 5),
    (.relu, .normal(standardDeviation: 0.01), "normal0.01", 20), (.relu, .glorotUniform, "xavier", 20),
    (.relu, .heNormal, "he", 20),
    (.relu, .glorotUniform, "xavier", 30), (.relu, .heNormal, "he", 30),
  ]

  public func arms(for profile: Profile) -> [Arm] {
    Self.arms.map { arm in
      let configuration = RunConfiguration(
        network: NetworkSpec(hidden: Array(repeating: 128, count: arm.depth), activation: arm.activation,
                             initializer: arm.initializer),
        optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.01)),
        batchSize: 64, epochs: profile.pick(quick: 1, full: 5),
        trainSubset: profile.pick(quick: 1000, full: 10_000))
      return Arm("\(arm.activation)-\(arm.label)-d\(arm.depth)", configuration,
                 factors: [.init("activation", "\(arm.activation)"), .init("initializer", "\(arm.initializer)"),
                           .init("depth", "\(arm.depth)")])
    }
  }

  public let subClaims: [SubClaim] = [
    SubClaim("a1", "A constant initialization (zero included) keeps every hidden unit of a layer identical",
             rules: ["tanh-zeros-d5", "tanh-constant0.1-d5", "relu-zeros-d5"].map {
               .below($0, threshold: 1.5, metric: .probe("distinct_units"))
             }),
    SubClaim("a2", "... so the network cannot learn (about 10% test accuracy)",
             rules: ["tanh-zeros-d5", "tanh-constant0.1-d5", "relu-zeros-d5"].map {
               .below($0, threshold: 0.2, metric: .finalTestAccuracy)
             }),
    SubClaim("b", "N(0, 0.01²) shrinks the signal layer by layer in a deep (20-layer) net until learning stalls",
             rules: ["tanh-normal0.01-d20", "relu-normal0.01-d20"].flatMap { arm -> [DecisionRule] in
               [.below(arm, threshold: 0.01, metric: .probe("activation_std_ratio")),
                .below(arm, threshold: 0.2, metric: .finalTestAccuracy)]
             }),
    SubClaim("c1", "He keeps a deep ReLU net's signal while Xavier shrinks it (30 layers)",
             rules: [.below("relu-xavier-d30", threshold: 0.01, metric: .probe("activation_std_ratio")),
                     .above("relu-he-d30", threshold: 0.1, metric: .probe("activation_std_ratio"))]),
    SubClaim("c2", "A 30-layer ReLU net stalls with Xavier and trains with He",
             rules: [.below("relu-xavier-d30", threshold: 0.2, metric: .finalTestAccuracy),
                     .beats("relu-he-d30", ["relu-xavier-d30"], metric: .finalTestAccuracy)]),
    SubClaim("c3", "Xavier suits tanh: on a 20-layer tanh net it is not worse than He (margin 0.5 points)",
             rules: [.notWorse("tanh-xavier-d20", than: "tanh-he-d20", margin: 0.005, metric: .finalTestAccuracy)]),
    SubClaim("d", "He initialization generalizes better than plain Gaussian, truncated Gaussian and Xavier (ReLU, depth 5)",
             rules: [.beats("relu-he-d5", ["relu-normal0.1-d5", "relu-truncnormal0.1-d5", "relu-xavier-d5"],
                            metric: .finalTestAccuracy)]),
  ]
}
