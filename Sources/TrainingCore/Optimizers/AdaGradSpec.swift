/// `AdaGrad` as configuration.
public struct AdaGradSpec: OptimizerKind {
  public static let codingKey = "adaGrad"
  public static let defaults = [(name: "adagrad", optimizer: AdaGradSpec(epsilon: 1e-10))]
  public let epsilon: Double

  public init(epsilon: Double) { self.epsilon = epsilon }

  public func makeOptimizer<T: Scalar>(for parameters: [Parameter<T>]) -> any Optimizer<T> {
    AdaGrad(parameters: parameters, epsilon: T(epsilon))
  }

  public var description: String { "adagrad(\(epsilon))" }
}

extension OptimizerSpec {
  public static func adaGrad(epsilon: Double) -> OptimizerSpec { OptimizerSpec(AdaGradSpec(epsilon: epsilon)) }
}
