/// `Momentum` as configuration: the PyTorch-convention coefficient `mu`, heavy-ball or Nesterov.
public struct MomentumSpec: OptimizerKind {
  public static let codingKey = "momentum"
  public static let defaults = [(name: "momentum", optimizer: MomentumSpec(0.9, nesterov: false)),
                                (name: "nesterov", optimizer: MomentumSpec(0.9, nesterov: true))]
  public let momentum: Double
  public let nesterov: Bool

  public init(_ momentum: Double, nesterov: Bool) {
    self.momentum = momentum
    self.nesterov = nesterov
  }

  public func makeOptimizer<T: Scalar>(for parameters: [Parameter<T>]) -> any Optimizer<T> {
    Momentum(parameters: parameters, momentum: T(momentum), nesterov: nesterov)
  }

  public func withMomentum(_ coefficient: Double) -> MomentumSpec { MomentumSpec(coefficient, nesterov: nesterov) }

  public var description: String { "\(nesterov ? "nesterov" : "momentum")(\(momentum))" }

  // "_0": the unlabelled associated value of the enum case this was.
  enum CodingKeys: String, CodingKey { case momentum = "_0", nesterov }
}

extension OptimizerSpec {
  public static func momentum(_ momentum: Double, nesterov: Bool) -> OptimizerSpec {
    OptimizerSpec(MomentumSpec(momentum, nesterov: nesterov))
  }
}
