// The optimizer protocol: one update rule applied to a fixed list of parameters.
//
// The schedule is not part of an optimizer. The training loop asks its `LearningRateSchedule` for the
// rate of each step and passes it to `update(learningRate:)`, so the rate actually used is written to
// the curves CSV (mlx-swift's separation of schedule from optimizer).
//
// Every `update` carries `@_specialize(where T == Float)` and `(where T == Double)`. Optimizers are called
// through `any Optimizer<T>` from other modules, where the compiler cannot specialize them, and the
// unspecialized generic loop sends every `*` through `Scalar`'s witness table: measured in a release
// build on a (1024, 1024) Float parameter, SGD ran 140x and Adam 28x slower without it.

/// An update rule applied to every parameter from its gradient.
///
/// Conforming types are `final class`es that take their parameters at `init`, allocate their state
/// (velocities, moments) there, once, for exactly those parameters in that order, and allocate nothing in
/// `update`. They are not `Sendable`: each training run builds its own optimizer inside its task.
public protocol Optimizer<T>: AnyObject {
  associatedtype T: Scalar
  /// Applies one update to every parameter from its `gradient`, at the given learning rate.
  /// State (velocities, moments) is allocated once, at init, for exactly these parameters, in this order.
  func update(learningRate: T)
  /// Whether `update(learningRate:parameters:part:of:)` is available: true for element-wise rules, whose
  /// shares touch disjoint elements and can run on different threads at once; false (the default) for
  /// rules with state beyond the elements (Adam's step count), which a data-parallel step runs whole.
  var updatesInShares: Bool { get }
  /// One share of `update`: for the parameters at `indices`, the elements `share(of:part:of:)` names, the
  /// ones a data-parallel step's thread `part` has just computed the gradient of (it updates each layer
  /// right after its weight gradient, while the gradient is still in cache).
  func update(learningRate: T, parameters indices: Range<Int>, part: Int, of parts: Int)
}

extension Optimizer {
  public var updatesInShares: Bool { false }
  public func update(learningRate: T, parameters indices: Range<Int>, part: Int, of parts: Int) {
    preconditionFailure("\(Self.self) updates all parameters at once (updatesInShares is false)")
  }
}

/// Elements `n·part/parts ..< n·(part+1)/parts` of an n-element range.
@inline(__always)
func share(_ n: Int, part: Int, of parts: Int) -> Range<Int> { (n * part / parts)..<(n * (part + 1) / parts) }

/// The elements of `parameter` in share `part` of `parts`, by output unit: whole rows of a matrix (a dense
/// weight is (out, in)) or a slice of a row vector (a bias is (1, out)). These are exactly the elements
/// `Dense.weightGradient(units: share(out, part:, of:), ...)` writes, so a thread can update what it has
/// just computed without waiting for the other.
@inline(__always)
func share<T: Scalar>(of parameter: Parameter<T>, part: Int, of parts: Int) -> Range<Int> {
  let value = parameter.value
  if value.rows == 1 { return share(value.columns, part: part, of: parts) }
  let rows = share(value.rows, part: part, of: parts)
  return (rows.lowerBound * value.columns)..<(rows.upperBound * value.columns)
}

/// One zero-filled state matrix per parameter, of the same shape (velocities, moments).
func stateBuffers<T: Scalar>(like parameters: [Parameter<T>]) -> [Matrix<T>] {
  parameters.map { Matrix<T>(rows: $0.value.rows, columns: $0.value.columns) }
}

/// Stops with a message when a parameter no longer has the element count its state was sized for.
@inline(__always)
func checkStateSize<T: Scalar>(_ parameter: Parameter<T>, _ state: Matrix<T>) {
  precondition(parameter.value.count == state.count && parameter.gradient.count == state.count,
               "\(parameter.name): \(parameter.value.count) values, \(parameter.gradient.count) gradients, "
               + "but the optimizer's state was sized for \(state.count) at init")
}

/// Where a weight-gradient product can deliver its gradient already folded into an optimizer's state:
///
///     state = decay * state + g
///
/// BLAS forms that in the product itself (C = A·B + β·C), so the gradient never passes through its own
/// buffer: one pass fewer over the largest tensors of a step (`Dense.weightGradient(units:rows:folding:)`).
public struct GradientFold<T: Scalar> {
  public let state: Matrix<T>
  public let decay: T
}

/// An update rule that begins `s = β·s + g` and reads g nowhere else (heavy-ball momentum), so a caller
/// may hand it the gradient folded into s. The rule may keep s already decayed between steps and offer
/// β = 1 (`Momentum` does); a caller that folds must then fold at every step. A data-parallel step does,
/// for every dense layer. On the bench's net, whose first layer's weights, velocities and gradients
/// (2.4 MB) do not fit in the cores' L2, a C model of the step ran 3% faster with the fold, and
/// `tricks bench` 2-4%.
public protocol GradientFoldingOptimizer<T>: Optimizer {
  /// The state and decay of parameter `index` if its update can take a folded gradient, else nil.
  func gradientFold(parameter index: Int) -> GradientFold<T>?
  /// `update(learningRate:parameters:part:of:)` for parameters whose caller has already formed
  /// `s = β·s + g` in `gradientFold(parameter:)`'s state: the rest of the rule, without reading g.
  func updateFromFoldedGradients(learningRate: T, parameters indices: Range<Int>, part: Int, of parts: Int)
}
