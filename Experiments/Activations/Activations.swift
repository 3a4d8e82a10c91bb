import Harness
import TrainingCore

/// Eleven activations at depths 3, 6 and 10 — shared/claims.md, `activations`.
///
/// Method: MLPs of width 128 with 3, 6 or 10 hidden layers on a 10,000-example class-balanced
/// Fashion-MNIST training subset (the full 10,000-image test set), cross-entropy, SGD with momentum 0.9
/// (PyTorch convention) at a fixed 0.01, batch 64, 4 epochs (624 updates), biases zero, no dropout.
/// What varies: the activation, each with the initializer its family is designed for, so no activation
/// is handicapped by a mismatched weight scale:
/// - He normal (Var = 2/n_in) for the rectifier family: ReLU, LeakyReLU (slope 0.01), PReLU (per-unit
///   slope starting at 0.25, He et al. 2015), ELU (α = 1), GELU (exact), softplus;
/// - Glorot uniform (Var = 2/(n_in + n_out)) for the sigmoid family: sigmoid, hard-sigmoid
///   (clamp(x/6 + 1/2, 0, 1)), tanh, softsign;
/// - LeCun normal (Var = 1/n_in) for SELU, as Klambauer et al. 2017 prescribe.
/// Dropout: none in the compared arms. Klambauer et al.'s AlphaDropout is SELU's *regularizer*, not part
/// of self-normalization, and giving every arm dropout at one rate would add a factor whose best value
/// differs by activation (and costs a third to a half more time per run in mask draws). One extra arm,
/// `selu-alphadrop-d10` (AlphaDropout 0.05, the lower of the two rates Klambauer et al. found to work
/// well, 0.05 and 0.1), shows whether the full SNN recipe changes the depth-10 picture; no rule reads it.
/// Metrics: final test accuracy; training loss of epoch 1 (running mean over its mini-batches) as the
/// "learns faster" measure, read where final values have not yet caught up.
/// Rules (decided from the claim's wording before any full run): one-sided Welch tests, Holm over the
/// experiment. "At least as well" = non-inferiority with a 0.5-point margin (about 1.5 binomial standard
/// errors of one run on 10,000 test images, the suite's margin for "tied"). Diverged runs count as
/// chance accuracy.
public struct Activations: Experiment {
  public init() {}
  public let id = "activations"
  public let title = "Activation functions at depths 3, 6 and 10"
  public let claim = """
    ELU learns faster and generalizes better than ReLU in nets deeper than 5 layers; saturating \
    activations (sigmoid, hard-sigmoid) fall behind in deep nets; a good activation is non-saturating and \
    zero-mean: LeakyReLU, PReLU, ELU, SELU (with LeCun-normal init) and GELU do at least as well as ReLU, \
    and zero mean speeds learning (ELU over the all-positive softplus).
    """
  public let source = """
    Practitioner articles (shared/claims.md); Clevert, Unterthiner & Hochreiter 2016 (ELU: faster \
    learning and better generalization than ReLU past 5 layers); Klambauer et al. 2017 (SELU, LeCun \
    normal, AlphaDropout); He et al. 2015 (PReLU); Hendrycks & Gimpel 2016 (GELU).
    """

  static let depths = [3, 6, 10]
  static let activations: [(activation: ActivationSpec, initializer: InitializerSpec)] = [
    (.sigmoid, .glorotUniform), (.hardSigmoid, .glorotUniform), (.tanh, .glorotUniform),
    (.softsign, .glorotUniform), (.softplus, .heNormal), (.relu, .heNormal),
    (.leakyReLU(alpha: 0.01), .heNormal), (.prelu, .heNormal), (.elu(alpha: 1), .heNormal),
    (.selu, .lecunNormal), (.gelu, .heNormal),
  ]
  static let alphaDropoutRate = 0.05
  static let margin = 0.005

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  public func arms(for profile: Profile) -> [Arm] {
    func arm(_ name: String, _ activation: ActivationSpec, _ initializer: InitializerSpec, depth: Int,
             alphaDropout: Double = 0) -> Arm {
      let configuration = RunConfiguration(
        network: NetworkSpec(hidden: Array(repeating: 128, count: depth), activation: activation,
                             initializer: initializer, dropout: alphaDropout, alphaDropout: alphaDropout > 0),
        optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.01)), batchSize: 64,
        epochs: profile.pick(quick: 1, full: 4), trainSubset: profile.pick(quick: 200, full: 10_000))
      return Arm(name, configuration,
                 factors: [.init("activation", "\(activation)"), .init("initializer", "\(initializer)"),
                           .init("depth", "\(depth)"),
                           .init("dropout", alphaDropout > 0 ? "alpha-\(alphaDropout)" : "none")])
    }
    return Self.depths.flatMap { depth in
      Self.activations.map { arm("\($0.activation)-d\(depth)", $0.activation, $0.initializer, depth: depth) }
    } + [arm("selu-alphadrop-d10", .selu, .lecunNormal, depth: 10, alphaDropout: Self.alphaDropoutRate)]
  }

  public let subClaims: [SubClaim] = [
    SubClaim("a", "ELU learns faster than ReLU past 5 layers: lower training loss in epoch 1 at depths 6 and 10",
             rules: [6, 10].map { .beats("elu-d\($0)", ["relu-d\($0)"], metric: .trainLoss(epoch: 1)) }),
    SubClaim("b", "ELU generalizes better than ReLU past 5 layers: higher test accuracy at depths 6 and 10",
             rules: [6, 10].map { .beats("elu-d\($0)", ["relu-d\($0)"], metric: .finalTestAccuracy) }),
    SubClaim("c", "Saturating sigmoid and hard-sigmoid fall behind at depth 10: ReLU beats both on test accuracy",
             rules: [.beats("relu-d10", ["sigmoid-d10", "hard-sigmoid-d10"], metric: .finalTestAccuracy)]),
    SubClaim("d", "Non-saturating, (near) zero-mean activations do at least as well as ReLU at depth 10 (LeakyReLU, PReLU, ELU, SELU, GELU within 0.5 points or better)",
             rules: ["leaky-relu", "prelu", "elu", "selu", "gelu"].map {
               .notWorse("\($0)-d10", than: "relu-d10", margin: margin, metric: .finalTestAccuracy)
             }),
    SubClaim("e", "Non-saturation matters even for zero-centred activations: at depth 10 ReLU beats tanh and softsign on test accuracy",
             rules: [.beats("relu-d10", ["tanh-d10", "softsign-d10"], metric: .finalTestAccuracy)]),
    SubClaim("f", "Zero mean speeds learning: at depth 10 ELU (negative outputs) has a lower epoch-1 training loss than the all-positive softplus",
             rules: [.beats("elu-d10", ["softplus-d10"], metric: .trainLoss(epoch: 1))]),
  ]
}
