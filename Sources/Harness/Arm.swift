import TrainingCore

/// One named configuration of an experiment, run once per seed.
public struct Arm: Sendable, Hashable {
  /// Stable, kebab-case: it names CSV rows and cell files.
  public let name: String
  public var configuration: RunConfiguration
  /// The factors this arm varies, as experiment-specific columns of finals.csv (e.g. depth=20).
  public let factors: [Factor]
  /// The hyper-parameter this arm tunes on validation before its evaluation seeds run, or nil: the arm
  /// runs as configured (its module says why, e.g. a claim about a default).
  public let tuning: Tuning?

  public struct Factor: Sendable, Hashable {
    public let name: String
    public let value: String
    public init(_ name: String, _ value: String) {
      self.name = name
      self.value = value
    }
  }

  public init(_ name: String, _ configuration: RunConfiguration, factors: [Factor] = [], tuning: Tuning? = nil) {
    self.name = name
    self.configuration = configuration
    self.factors = factors
    self.tuning = tuning
  }

  /// Whether two arms have the same layer shapes and train and select on the same examples, so that in a
  /// paired experiment they start from the same weights and see the same data order per seed.
  /// Preprocessing does not enter: it maps each pixel and leaves which examples are drawn, and in what
  /// order, to the seed's streams (`TrainingData`), so arms that differ only in it are paired.
  public func pairs(with other: Arm) -> Bool {
    let a = configuration, b = other.configuration
    return a.network.inputWidth == b.network.inputWidth && a.network.hidden == b.network.hidden
      && a.network.convolution == b.network.convolution
      && a.network.outputWidth == b.network.outputWidth && a.trainSubset == b.trainSubset
      && a.validationSplit == b.validationSplit
  }

  /// One line for manifests and reports.
  public var description: String {
    let c = configuration
    var text = "\(c.network), \(c.loss), \(c.optimizer), \(c.schedule), batch \(c.batchSize), \(c.epochs) epochs"
    if c.weightDecay > 0 { text += ", L2 \(c.weightDecay)" }
    if let subset = c.trainSubset { text += ", \(subset) training examples" }
    if let split = c.validationSplit { text += ", \(split) validation examples" }
    if let patience = c.earlyStoppingPatience { text += ", early stopping (patience \(patience))" }
    if c.testEvaluation == .selectedEpochOnly { text += ", test set evaluated at the selected epoch only" }
    if let tuning { text += ", \(tuning.parameter) tuned over \(tuning.grid.map { "\($0)" }.joined(separator: ", "))" }
    if let augmentation = c.augmentation { text += ", augmentation (\(augmentation))" }
    return text
  }
}
