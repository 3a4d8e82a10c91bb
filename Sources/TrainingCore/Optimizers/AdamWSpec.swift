/// `AdamW` as configuration: Adam with decoupled weight decay `weightDecay` (`lambda` in `Adam`); its
/// default is PyTorch's.
public struct AdamWSpec: OptimizerKind {
  public static let codingKey = "adamW"
  public static let defaults = [(name: "adamw",
                                 optimizer: AdamWSpec(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01))]
  public let beta1: Double
  public let beta2: Double
  public let epsilon: Double
  public let weightDecay: Double

  public init(beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double) {
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  public func makeOptimizer<T: Scalar>(for parameters: [Parameter<T>]) -> any Optimizer<T> {
    AdamW(parameters: parameters, beta1: T(beta1), beta2: T(beta2), epsilon: T(epsilon),
          decoupledWeightDecay: T(weightDecay))
  }

  public func withMomentum(_ coefficient: Double) -> AdamWSpec {
    AdamWSpec(beta1: coefficient, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
  }

  public func withDecoupledWeightDecay(_ lambda: Double) -> AdamWSpec? {
    AdamWSpec(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: lambda)
  }

  public var description: String { "adamw(\(beta1),\(beta2),\(epsilon),\(weightDecay))" }
}

extension OptimizerSpec {
  public static func adamW(beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double) -> OptimizerSpec {
    OptimizerSpec(AdamWSpec(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay))
  }
}
