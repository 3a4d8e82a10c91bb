import Harness
import TrainingCore

/// Cross-entropy versus mean squared error for classification — shared/claims.md, `mse-vs-cross-entropy`.
///
/// Method: the lecture demo's recipe (3 sigmoid layers, plain SGD at 0.1, batch 100, Keras defaults)
/// scaled to our budget, plus a shallow net: sigmoid MLPs of width 128 with 1 or 3 hidden layers,
/// Glorot-uniform weights, zero biases, batch 100, 20 epochs on a 10,000-example class-balanced
/// Fashion-MNIST training subset (the demo used 10,000 MNIST images); the full 10,000-image test set.
/// What varies: the loss — softmax cross-entropy, MSE on softmax outputs (the demo's variant), MSE on
/// the raw logits (Hui & Belkin 2021's variant), both against one-hot targets and averaged over rows and
/// classes as Keras' `mse` does — and the optimizer: plain SGD at a fixed 0.1, or Adam (0.9, 0.999, 1e-8)
/// at a fixed 0.001 (Kingma & Ba's and Keras' defaults). Nothing is tuned per loss.
/// Metric: final test accuracy. "Does not train" means a mean below 0.2 (chance is 0.1); "the gap closes"
/// means non-inferiority with a margin of 1 point (about 3 binomial standard errors of one test run).
public struct MSEVersusCrossEntropy: Experiment {
  public init() {}
  public let id = "mse-vs-cross-entropy"
  public let title = "Cross-entropy vs mean squared error"
  public let claim = """
    Cross-entropy suits classification better than mean squared error: with plain SGD, MSE on softmax \
    outputs may not train at all; a better optimizer (Adam) closes most of the gap. Counterpoint: squared \
    loss on the raw logits is competitive with cross-entropy.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Golik et al. 2013; Hung-yi Lee's lecture demo (MSE + 3 \
    sigmoid layers + SGD 0.1: 11.35% MNIST test accuracy, cross-entropy 87.34%); Hui & Belkin 2021.
    """

  static let losses: [LossSpec] = [.crossEntropy, .mseSoftmax, .mseLogits]
  static let optimizers: [(name: String, spec: OptimizerSpec, rate: Double)] = [
    ("sgd", .sgd, 0.1), ("adam", .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), 0.001),
  ]
  static let depths = [1, 3]
  static let margin = 0.01

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  public func arms(for profile: Profile) -> [Arm] {
    Self.depths.flatMap { depth in
      Self.optimizers.flatMap { optimizer in
        Self.losses.map { loss in
          let configuration = RunConfiguration(
            network: NetworkSpec(hidden: Array(repeating: 128, count: depth), activation: .sigmoid,
                                 initializer: .glorotUniform),
            loss: loss, optimizer: optimizer.spec, schedule: .fixed(Fixed(base: optimizer.rate)), batchSize: 100,
            epochs: profile.pick(quick: 1, full: 20), trainSubset: profile.pick(quick: 1000, full: 10_000))
          return Arm("\(loss)-\(optimizer.name)-d\(depth)", configuration,
                     factors: [.init("loss", "\(loss)"), .init("optimizer", optimizer.name), .init("depth", "\(depth)")])
        }
      }
    }
  }

  public let subClaims: [SubClaim] = [
    SubClaim("a", "Under plain SGD, cross-entropy beats MSE on softmax outputs (1 and 3 sigmoid layers)",
             rules: [1, 3].map { .beats("cross-entropy-sgd-d\($0)", ["mse-softmax-sgd-d\($0)"], metric: .finalTestAccuracy) }),
    SubClaim("b", "Under plain SGD, MSE on softmax outputs does not train a 3-layer sigmoid net (test accuracy < 0.2)",
             rules: [.below("mse-softmax-sgd-d3", threshold: 0.2, metric: .finalTestAccuracy)]),
    SubClaim("c", "Under Adam the gap closes: MSE on softmax outputs is within 1 point of cross-entropy (non-inferiority)",
             rules: [1, 3].map {
               .notWorse("mse-softmax-adam-d\($0)", than: "cross-entropy-adam-d\($0)", margin: MSEVersusCrossEntropy.margin,
                         metric: .finalTestAccuracy)
             }),
    SubClaim("d1", "Counterpoint: MSE on logits is within 1 point of cross-entropy under Adam",
             rules: [1, 3].map {
               .notWorse("mse-logits-adam-d\($0)", than: "cross-entropy-adam-d\($0)", margin: MSEVersusCrossEntropy.margin,
                         metric: .finalTestAccuracy)
             }),
    SubClaim("d2", "Counterpoint: MSE on logits is within 1 point of cross-entropy under plain SGD",
             rules: [1, 3].map {
               .notWorse("mse-logits-sgd-d\($0)", than: "cross-entropy-sgd-d\($0)", margin: MSEVersusCrossEntropy.margin,
                         metric: .finalTestAccuracy)
             }),
  ]
}
