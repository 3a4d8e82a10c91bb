/// `Momentum` as configuration: the PyTorch-convention coefficient `mu`, heavy-ball or Nesterov, and an
/// optional ramp up to `mu` (Sutskever et al. 2013; see `Momentum`).
public struct MomentumSpec: OptimizerKind {
  public static let codingKey = "momentum"
  public static let defaults = [(name: "momentum", optimizer: MomentumSpec(0.9, nesterov: false)),
                                (name: "nesterov", optimizer: MomentumSpec(0.9, nesterov: true))]
  public let momentum: Double
  public let nesterov: Bool
  /// Updates per step of the momentum ramp; nil (the default, and absent from the encoding): no ramp.
  public let rampPeriod: Int?

  public init(_ momentum: Double, nesterov: Bool, rampPeriod: Int? = nil) {
    self.momentum = momentum
    self.nesterov = nesterov
    self.rampPeriod = rampPeriod
  }

  public func makeOptimizer<T: Scalar>(for parameters: [Parameter<T>]) -> any Optimizer<T> {
    Momentum(parameters: parameters, momentum: T(momentum), nesterov: nesterov, rampPeriod: rampPeriod)
  }

  public func withMomentum(_ coefficient: Double) -> MomentumSpec {
    MomentumSpec(coefficient, nesterov: nesterov, rampPeriod: rampPeriod)
  }

  /// `momentum(0.9)`, or with a ramp `momentum(0.99,ramp=250)`.
  public var description: String {
    "\(nesterov ? "nesterov" : "momentum")(\(momentum)\(rampPeriod.map { ",ramp=\($0)" } ?? ""))"
  }

  // "_0": the unlabelled associated value of the enum case this was.
  enum CodingKeys: String, CodingKey { case momentum = "_0", nesterov, rampPeriod }
}

extension OptimizerSpec {
  public static func momentum(_ momentum: Double, nesterov: Bool, rampPeriod: Int? = nil) -> OptimizerSpec {
    OptimizerSpec(MomentumSpec(momentum, nesterov: nesterov, rampPeriod: rampPeriod))
  }
}
