import Statistics

/// The random streams of one run, derived from names so that runs are independent of scheduling order.
public struct RunStreams {
  public let initialization: RandomStream
  public let dropout: RandomStream
  public let shuffle: RandomStream
  /// Shared by every arm of the same seed, so arms train on the same subset.
  public let subset: RandomStream
  /// Chooses the validation split; shared by every arm of the same seed, like `subset`.
  public let validation: RandomStream
  /// Draws the shifts and flips of data augmentation. Each stream is seeded from its own names, so adding
  /// this one changed no draw of the others.
  public let augmentation: RandomStream

  /// Streams named (experiment, arm, seed, purpose); the subset and validation streams omit the arm.
  public init(experiment: String, arm: String, seed: Int) {
    initialization = RandomStream(experiment, arm, "seed-\(seed)", "init")
    dropout = RandomStream(experiment, arm, "seed-\(seed)", "dropout")
    shuffle = RandomStream(experiment, arm, "seed-\(seed)", "shuffle")
    subset = RandomStream(experiment, "seed-\(seed)", "subset")
    validation = RandomStream(experiment, "seed-\(seed)", "validation")
    augmentation = RandomStream(experiment, arm, "seed-\(seed)", "augmentation")
  }
}
