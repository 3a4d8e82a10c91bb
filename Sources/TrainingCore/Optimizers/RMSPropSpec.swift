/// `RMSProp` as configuration; `decay` is its `rho` (PyTorch's `alpha`).
public struct RMSPropSpec: OptimizerKind {
  public static let codingKey = "rmsProp"
  public static let defaults = [(name: "rmsprop", optimizer: RMSPropSpec(decay: 0.99, epsilon: 1e-8))]
  public let decay: Double
  public let epsilon: Double

  public init(decay: Double, epsilon: Double) {
    self.decay = decay
    self.epsilon = epsilon
  }

  public func makeOptimizer<T: Scalar>(for parameters: [Parameter<T>]) -> any Optimizer<T> {
    RMSProp(parameters: parameters, decay: T(decay), epsilon: T(epsilon))
  }

  public var description: String { "rmsprop(\(decay),\(epsilon))" }
}

extension OptimizerSpec {
  public static func rmsProp(decay: Double, epsilon: Double) -> OptimizerSpec {
    OptimizerSpec(RMSPropSpec(decay: decay, epsilon: epsilon))
  }
}
