import Harness
import TrainingCore

/// What BatchNorm rescues: stuck sigmoid/tanh nets, large learning rates, bad initializations —
/// shared/claims.md, `batchnorm-rescues`.
///
/// Method: MLPs with 10 hidden layers of 128 units, without normalization ("none") or with BatchNorm after
/// each hidden dense layer and before its activation ("bn"; PyTorch conventions: biased batch variance,
/// running statistics with momentum 0.1 at test time, ε 1e-5). A 10,000-example class-balanced
/// Fashion-MNIST training subset, the full 10,000-image test set, cross-entropy, SGD with momentum 0.9
/// (PyTorch convention), batch 64, 4 epochs (624 updates), biases zero. Each pair differs only in
/// normalization:
/// - sigmoid and tanh, Glorot uniform, rate 0.01 (a 10-layer sigmoid net is past the ~8-layer collapse of
///   `sigmoid-depth`);
/// - ReLU, He normal, rate 0.01 (the base) and 0.3 (30x, Ioffe & Szegedy's largest multiple, BN-x30);
/// - ReLU, N(0, 1) weights, rate 0.01: a bad initialization whose forward signal grows by about
///   √(128/2) = 8 per layer (and √(784/2) ≈ 20 in the first), 10⁹ after ten layers.
/// Metrics: final training accuracy (running mean over the last epoch) for "stuck" (< 0.2; chance is 0.1)
/// and "trains" (> 0.8), the thresholds of `sigmoid-depth`; final test accuracy for comparisons. A
/// diverged run counts as chance accuracy. "Hides" the bad initialization = the N(0, 1) net with BN is
/// within 1 point of the He-initialized net with BN (non-inferiority; 1 point, the suite's margin for
/// "flat" in `batchnorm-vs-layernorm`). One-sided Welch tests, Holm over the experiment; rules decided
/// from the claim's wording before any full run.
public struct BatchNormRescues: Experiment {
  public init() {}
  public let id = "batchnorm-rescues"
  public let title = "What BatchNorm rescues"
  public let claim = """
    BatchNorm lets sigmoid and tanh nets train without getting stuck, permits larger learning rates (a \
    rate that diverges or degrades an unnormalized net trains with BN), and can hide a bad initialization \
    that explodes without it.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Ioffe & Szegedy 2015 (MNIST 3x100 sigmoid nets train faster \
    and better with BN; BN-x5 and BN-x30 learning rates; "reduces the dependence of gradients on the \
    scale of the parameters or of their initial values").
    """

  static let depth = 10
  static let stuck = 0.2, trains = 0.8
  static let baseRate = 0.01, largeMultiple = 30
  static let margin = 0.01

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  /// (name stem, activation, initializer, rate multiple)
  static let setups: [(stem: String, activation: ActivationSpec, initializer: InitializerSpec, multiple: Int)] = [
    ("sigmoid", .sigmoid, .glorotUniform, 1), ("tanh", .tanh, .glorotUniform, 1),
    ("relu-he", .relu, .heNormal, 1), ("relu-he", .relu, .heNormal, largeMultiple),
    ("relu-normal1", .relu, .normal(standardDeviation: 1), 1),
  ]

  static func name(_ stem: String, _ norm: NormalizationSpec, multiple: Int = 1) -> String {
    "\(stem)-\(norm == .batchNorm ? "bn" : "none")" + (multiple == 1 ? "" : "-x\(multiple)")
  }

  public func arms(for profile: Profile) -> [Arm] {
    Self.setups.flatMap { setup in
      [NormalizationSpec.none, .batchNorm].map { norm in
        let configuration = RunConfiguration(
          network: NetworkSpec(hidden: Array(repeating: 128, count: Self.depth), activation: setup.activation,
                               initializer: setup.initializer, normalization: norm),
          optimizer: .momentum(0.9, nesterov: false),
          schedule: .fixed(Fixed(base: Self.baseRate * Double(setup.multiple))), batchSize: 64,
          epochs: profile.pick(quick: 1, full: 4), trainSubset: profile.pick(quick: 200, full: 10_000))
        return Arm(Self.name(setup.stem, norm, multiple: setup.multiple), configuration,
                   factors: [.init("normalization", "\(norm)"), .init("activation", "\(setup.activation)"),
                             .init("initializer", "\(setup.initializer)"),
                             .init("rate", "\(Self.baseRate * Double(setup.multiple))")])
      }
    }
  }

  public let subClaims: [SubClaim] = [
    SubClaim("a", "A 10-layer sigmoid net is stuck without BN (train accuracy < 0.2) and trains with it (> 0.8, better than without)",
             rules: [.below("sigmoid-none", threshold: stuck, metric: .finalTrainAccuracy),
                     .above("sigmoid-bn", threshold: trains, metric: .finalTrainAccuracy),
                     .beats("sigmoid-bn", ["sigmoid-none"], metric: .finalTestAccuracy)]),
    SubClaim("b", "BN helps a 10-layer tanh net too: higher test accuracy with BN than without",
             rules: [.beats("tanh-bn", ["tanh-none"], metric: .finalTestAccuracy)]),
    SubClaim("c", "BN permits a larger rate: 30x the base rate degrades the plain ReLU net, while the BN net trains at it (> 0.8) and beats the plain one",
             rules: [.beats("relu-he-none", ["relu-he-none-x30"], metric: .finalTestAccuracy),
                     .above("relu-he-bn-x30", threshold: trains, metric: .finalTrainAccuracy),
                     .beats("relu-he-bn-x30", ["relu-he-none-x30"], metric: .finalTestAccuracy)]),
    SubClaim("d", "N(0, 1) initialization explodes a 10-layer ReLU net without BN (test accuracy < 0.2, below He)",
             rules: [.below("relu-normal1-none", threshold: stuck, metric: .finalTestAccuracy),
                     .beats("relu-he-none", ["relu-normal1-none"], metric: .finalTestAccuracy)]),
    SubClaim("e", "BN hides the bad initialization: with BN, N(0, 1) beats N(0, 1) without BN and is within 1 point of He with BN",
             rules: [.beats("relu-normal1-bn", ["relu-normal1-none"], metric: .finalTestAccuracy),
                     .notWorse("relu-normal1-bn", than: "relu-he-bn", margin: margin, metric: .finalTestAccuracy)]),
  ]
}
