/// `Adam` as configuration, without decoupled weight decay (L2, if any, goes into the gradient).
public struct AdamSpec: OptimizerKind {
  public static let codingKey = "adam"
  public static let defaults = [(name: "adam", optimizer: AdamSpec(beta1: 0.9, beta2: 0.999, epsilon: 1e-8))]
  public let beta1: Double
  public let beta2: Double
  public let epsilon: Double

  public init(beta1: Double, beta2: Double, epsilon: Double) {
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  public func makeOptimizer<T: Scalar>(for parameters: [Parameter<T>]) -> any Optimizer<T> {
    Adam(parameters: parameters, beta1: T(beta1), beta2: T(beta2), epsilon: T(epsilon))
  }

  public func withMomentum(_ coefficient: Double) -> AdamSpec {
    AdamSpec(beta1: coefficient, beta2: beta2, epsilon: epsilon)
  }

  public var description: String { "adam(\(beta1),\(beta2),\(epsilon))" }
}

extension OptimizerSpec {
  public static func adam(beta1: Double, beta2: Double, epsilon: Double) -> OptimizerSpec {
    OptimizerSpec(AdamSpec(beta1: beta1, beta2: beta2, epsilon: epsilon))
  }
}
