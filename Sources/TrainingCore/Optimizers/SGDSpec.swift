/// `SGD` as configuration: no hyper-parameters beyond the rate.
public struct SGDSpec: OptimizerKind {
  public static let codingKey = "sgd"
  public static let defaults = [(name: "sgd", optimizer: SGDSpec())]
  public init() {}
  public func makeOptimizer<T: Scalar>(for parameters: [Parameter<T>]) -> any Optimizer<T> {
    SGD(parameters: parameters)
  }
  public var description: String { "sgd" }
}

extension OptimizerSpec {
  public static let sgd = OptimizerSpec(SGDSpec())
}
