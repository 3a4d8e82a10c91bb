import Harness
import TrainingCore

/// Deep sigmoid nets stop learning — shared/claims.md, `sigmoid-depth`.
///
/// Method: the lecture demo's recipe (Keras defaults) scaled to our budget: MLPs of width 128 with 1, 2,
/// 3, 4, 6, 8, 10 and 12 hidden layers, sigmoid or ReLU, both Glorot-uniform initialized (Keras' default,
/// so only the activation differs), biases zero, plain SGD at a fixed 0.1, batch 100, cross-entropy,
/// 15 epochs on a 10,000-example class-balanced Fashion-MNIST training subset (the demo trained on 10,000
/// MNIST images); the full 10,000-image test set.
/// Measured: final training accuracy (running mean over the last epoch) and test accuracy by depth;
/// ‖dW first layer‖ / ‖dW last hidden layer‖ at initialization (`signalPropagation`) and after every epoch
/// (`gradientRatioCurve`), on one batch of 256 training examples.
/// "Collapsed" means a mean training accuracy below 0.2 (chance is 0.1); "trains" means above 0.8.
/// The collapse depth (a finding, not a test) is the first depth whose mean training accuracy is below 0.2.
public struct SigmoidDepth: Experiment {
  public init() {}
  public let id = "sigmoid-depth"
  public let title = "Deep sigmoid nets stop learning"
  public let claim = """
    With sigmoid activations, training accuracy collapses once the net is deeper than about 8 layers, \
    because the sigmoid's derivative (at most 0.25) multiplies through the chain rule and the gradient \
    vanishes; ReLU nets of the same depths keep training. Sigmoid also converges more slowly in general.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Hung-yi Lee's lecture notes (MNIST training accuracy falls \
    sharply at about 9-10 sigmoid layers; ReLU trains); Glorot & Bengio 2010 (sigmoid saturation).
    """
  public let probes: [ProbeKind] = [.signalPropagation, .gradientRatioCurve]

  static let depths = [1, 2, 3, 4, 6, 8, 10, 12]
  static let activations: [ActivationSpec] = [.sigmoid, .relu]
  static let collapsed = 0.2, trains = 0.8

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  public func arms(for profile: Profile) -> [Arm] {
    Self.activations.flatMap { activation in
      Self.depths.map { depth in
        let configuration = RunConfiguration(
          network: NetworkSpec(hidden: Array(repeating: 128, count: depth), activation: activation,
                               initializer: .glorotUniform),
          optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 100,
          epochs: profile.pick(quick: 1, full: 15), trainSubset: profile.pick(quick: 1000, full: 10_000))
        return Arm("\(activation)-d\(depth)", configuration,
                   factors: [.init("activation", "\(activation)"), .init("depth", "\(depth)")])
      }
    }
  }

  public let subClaims: [SubClaim] = [
    SubClaim("a", "A 1-hidden-layer sigmoid net trains, but a 12-layer one collapses (train accuracy < 0.2)",
             rules: [.above("sigmoid-d1", threshold: SigmoidDepth.trains, metric: .finalTrainAccuracy),
                     .below("sigmoid-d12", threshold: SigmoidDepth.collapsed, metric: .finalTrainAccuracy)]),
    SubClaim("b", "ReLU nets of the same depth keep training (12 layers: train accuracy > 0.8, above sigmoid at 8, 10, 12)",
             rules: [.above("relu-d12", threshold: SigmoidDepth.trains, metric: .finalTrainAccuracy)]
               + [8, 10, 12].map { .beats("relu-d\($0)", ["sigmoid-d\($0)"], metric: .finalTrainAccuracy) }),
    SubClaim("c", "The gradient vanishes in deep sigmoid nets: at init the first layer gets < 1% of the last hidden layer's gradient norm (12 layers), far less than with ReLU",
             rules: [.below("sigmoid-d12", threshold: 0.01, metric: .probe("gradient_norm_ratio")),
                     .beats("relu-d12", ["sigmoid-d12"], metric: .probe("gradient_norm_ratio"))]),
    SubClaim("d", "Sigmoid converges more slowly even when shallow (1 and 2 layers: lower train accuracy after the same budget)",
             rules: [1, 2].map { .beats("relu-d\($0)", ["sigmoid-d\($0)"], metric: .finalTrainAccuracy) }),
  ]

  public let findings: [Finding] = SigmoidDepth.activations.map { activation in
    Finding("\(activation)_collapse_depth",
            "first depth at which \(activation)'s mean training accuracy is below \(SigmoidDepth.collapsed)",
            steps: SigmoidDepth.depths.map { .init("\($0)", arm: "\(activation)-d\($0)") },
            metric: .finalTrainAccuracy, crossing: .below(SigmoidDepth.collapsed))
  }
}
