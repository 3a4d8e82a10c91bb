import TrainingCore

/// One named configuration of an experiment, run once per seed.
public struct Arm: Sendable, Hashable {
  /// Stable, kebab-case: it names CSV rows and cell files.
  public let name: String
  public var configuration: RunConfiguration
  /// The factors this arm varies, as experiment-specific columns of finals.csv (e.g. depth=20).
  public let factors: [Factor]

  public struct Factor: Sendable, Hashable {
    public let name: String
    public let value: String
    public init(_ name: String, _ value: String) {
      self.name = name
      self.value = value
    }
  }

  public init(_ name: String, _ configuration: RunConfiguration, factors: [Factor] = []) {
    self.name = name
    self.configuration = configuration
    self.factors = factors
  }

  /// One line for manifests and reports.
  public var description: String {
    let c = configuration
    var text = "\(c.network), \(c.loss), \(c.optimizer), \(c.schedule), batch \(c.batchSize), \(c.epochs) epochs"
    if c.weightDecay > 0 { text += ", L2 \(c.weightDecay)" }
    if let subset = c.trainSubset { text += ", \(subset) training examples" }
    if let split = c.validationSplit { text += ", \(split) validation examples" }
    if let patience = c.earlyStoppingPatience { text += ", early stopping (patience \(patience))" }
    if let augmentation = c.augmentation { text += ", augmentation (\(augmentation))" }
    return text
  }
}
