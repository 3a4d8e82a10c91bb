// The schedule protocol: the learning rate as a pure function of the update count.
//
// Schedules are values (Codable, Hashable, Sendable), computed in Double whatever the network's scalar;
// the training loop converts the rate once per step when it calls `Optimizer.update(learningRate:)`.

/// The learning rate as a function of the optimizer iteration.
///
/// `description` is stable: it names arms in manifests, in the form `name(field=value,...)`.
public protocol LearningRateSchedule: Sendable, CustomStringConvertible {
  /// The rate used for the update at `step` (0-based: the first update is step 0).
  func learningRate(at step: Int) -> Double
}
