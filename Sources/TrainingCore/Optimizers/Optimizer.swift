// The optimizer protocol: one update rule applied to a fixed list of parameters.
//
// The schedule is not part of an optimizer. The training loop asks its `LearningRateSchedule` for the
// rate of each step and passes it to `update(learningRate:)`, so the rate actually used is written to
// the curves CSV (mlx-swift's separation of schedule from optimizer).
//
// Every `update` carries `@_specialize(where T == Float)` and `(where T == Double)`. Optimizers are called
// through `any Optimizer<T>` from other modules, where the compiler cannot specialize them, and the
// unspecialized generic loop sends every `*` through `Scalar`'s witness table, two orders of magnitude slower.

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
