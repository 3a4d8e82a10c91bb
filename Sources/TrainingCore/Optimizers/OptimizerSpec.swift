// The optimizer as configuration: a Codable value that experiments and the CLI store, print and compare,
// and that builds the optimizer (a non-Sendable class) inside the task that trains.

/// Which optimizer a run uses, with its hyper-parameters (the learning rate comes from the schedule).
///
/// `description` is stable (it names arms in manifests): the CLI name, then the hyper-parameters in
/// declaration order, each printed with Swift's shortest round-trip form, e.g. `momentum(0.9)`,
/// `nesterov(0.9)`, `adam(0.9,0.999,1e-08)`, `adamw(0.9,0.999,1e-08,0.01)`.
public enum OptimizerSpec: Codable, Sendable, Hashable, CustomStringConvertible {
  case sgd
  /// PyTorch-convention momentum `mu` (see `Momentum`); `nesterov` picks the look-ahead form.
  case momentum(Double, nesterov: Bool)
  case adaGrad(epsilon: Double)
  /// `decay` is RMSProp's `rho` (PyTorch's `alpha`).
  case rmsProp(decay: Double, epsilon: Double)
  case adam(beta1: Double, beta2: Double, epsilon: Double)
  /// Adam with decoupled weight decay `weightDecay` (`lambda` in `Adam`).
  case adamW(beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double)

  /// Builds the optimizer for `parameters`, allocating its state.
  public func makeOptimizer<T: Scalar>(for parameters: [Parameter<T>]) -> any Optimizer<T> {
    switch self {
    case .sgd:
      return SGD(parameters: parameters)
    case let .momentum(mu, nesterov):
      return Momentum(parameters: parameters, momentum: T(mu), nesterov: nesterov)
    case let .adaGrad(epsilon):
      return AdaGrad(parameters: parameters, epsilon: T(epsilon))
    case let .rmsProp(decay, epsilon):
      return RMSProp(parameters: parameters, decay: T(decay), epsilon: T(epsilon))
    case let .adam(beta1, beta2, epsilon):
      return Adam(parameters: parameters, beta1: T(beta1), beta2: T(beta2), epsilon: T(epsilon))
    case let .adamW(beta1, beta2, epsilon, weightDecay):
      return AdamW(parameters: parameters, beta1: T(beta1), beta2: T(beta2), epsilon: T(epsilon),
                   decoupledWeightDecay: T(weightDecay))
    }
  }

  public var description: String {
    switch self {
    case .sgd: "sgd"
    case let .momentum(mu, nesterov): "\(nesterov ? "nesterov" : "momentum")(\(mu))"
    case let .adaGrad(epsilon): "adagrad(\(epsilon))"
    case let .rmsProp(decay, epsilon): "rmsprop(\(decay),\(epsilon))"
    case let .adam(beta1, beta2, epsilon): "adam(\(beta1),\(beta2),\(epsilon))"
    case let .adamW(beta1, beta2, epsilon, weightDecay): "adamw(\(beta1),\(beta2),\(epsilon),\(weightDecay))"
    }
  }

  /// The CLI names, in the order of the cases (`nesterov` is `momentum` with `nesterov: true`).
  public static var names: [String] { ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] }

  /// The optimizer a CLI name stands for, with the usual defaults of the literature and PyTorch
  /// (AdamW's decay is PyTorch's default), or nil for an unknown name.
  public init?(name: String) {
    switch name {
    case "sgd": self = .sgd
    case "momentum": self = .momentum(0.9, nesterov: false)
    case "nesterov": self = .momentum(0.9, nesterov: true)
    case "adagrad": self = .adaGrad(epsilon: 1e-10)
    case "rmsprop": self = .rmsProp(decay: 0.99, epsilon: 1e-8)
    case "adam": self = .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
    case "adamw": self = .adamW(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01)
    default: return nil
    }
  }
}
