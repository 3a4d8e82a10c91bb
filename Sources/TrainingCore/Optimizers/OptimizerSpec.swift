// The optimizer as configuration: a Codable value that experiments and the CLI store, print and compare,
// and that builds the optimizer (a non-Sendable class) inside the task that trains.

/// An optimizer's hyper-parameters as a value that `OptimizerTable` lists: it names itself, encodes
/// itself and builds the optimizer. The learning rate is not among them: it comes from the schedule.
public protocol OptimizerKind: SpecKind {
  /// The names this optimizer answers to, each with its defaults (the literature's and PyTorch's), in
  /// the order lists of names show them. `description` starts with one of them.
  static var defaults: [(name: String, optimizer: Self)] { get }

  /// Builds the optimizer for `parameters`, allocating its state.
  func makeOptimizer<T: Scalar>(for parameters: [Parameter<T>]) -> any Optimizer<T>

  /// This optimizer with its first-moment coefficient set to `coefficient`: momentum `mu`, or Adam's
  /// `beta1`. One without such a coefficient returns itself.
  func withMomentum(_ coefficient: Double) -> Self

  /// This optimizer applying weight decay `lambda` itself, decoupled from the gradient (AdamW); nil when
  /// it leaves decay to the L2 penalty in the gradient (`RunConfiguration.weightDecay`).
  func withDecoupledWeightDecay(_ lambda: Double) -> Self?
}

extension OptimizerKind {
  public func withMomentum(_ coefficient: Double) -> Self { self }
  public func withDecoupledWeightDecay(_ lambda: Double) -> Self? { nil }

  /// The names of `defaults`.
  static var names: [String] { defaults.map(\.name) }

  /// The defaults called `name`, if this optimizer answers to it.
  static func named(_ name: String) -> (any OptimizerKind)? {
    defaults.first { $0.name == name }?.optimizer
  }
}

/// Which optimizer a run uses, with its hyper-parameters: any member of `OptimizerTable`.
///
/// `description` is stable (it names arms in manifests): the name, then the hyper-parameters in
/// declaration order, each printed with Swift's shortest round-trip form, e.g. `momentum(0.9)`,
/// `nesterov(0.9)`, `adam(0.9,0.999,1e-08)`, `adamw(0.9,0.999,1e-08,0.01)`.
public struct OptimizerSpec: MemberSpec, Sendable {
  public let optimizer: any OptimizerKind

  public var member: any SpecKind { optimizer }

  public init(_ optimizer: any OptimizerKind) { self.optimizer = optimizer }

  /// The optimizer a name stands for, with its defaults, or nil for an unknown name.
  public init?(name: String) {
    guard let optimizer = OptimizerTable.all.lazy.compactMap({ $0.named(name) }).first else { return nil }
    self.init(optimizer)
  }

  /// The names of `OptimizerTable`, in its order.
  public static var names: [String] { OptimizerTable.all.flatMap { $0.names } }

  /// Builds the optimizer for `parameters`, allocating its state.
  public func makeOptimizer<T: Scalar>(for parameters: [Parameter<T>]) -> any Optimizer<T> {
    optimizer.makeOptimizer(for: parameters)
  }

  /// See `OptimizerKind.withMomentum(_:)`.
  public func withMomentum(_ coefficient: Double) -> OptimizerSpec { OptimizerSpec(optimizer.withMomentum(coefficient)) }

  /// See `OptimizerKind.withDecoupledWeightDecay(_:)`.
  public func withDecoupledWeightDecay(_ lambda: Double) -> OptimizerSpec? {
    optimizer.withDecoupledWeightDecay(lambda).map(OptimizerSpec.init)
  }

  public init(from decoder: any Decoder) throws {
    let (kind, key, container) = try SpecCoding.member(of: "optimizer", in: OptimizerTable.all,
                                                       codingKey: { $0.codingKey }, from: decoder)
    optimizer = try kind.decode(from: container, forKey: key)
  }
}
