import ArgumentParser
import TrainingCore

// The command line's words for the core's settings: which flag sets each field of a configuration, and
// how the text of a flag (`--schedule step:gamma=0.1`, `--init normal:0.01`) becomes the core's values.
// The core names no flag; everything a user types is read and worded here.

extension ConfigurationError.Field {
  /// The flag that sets this field; nil for settings no flag reaches (the message then uses the field's
  /// own name).
  var flag: String? {
    switch self {
    case .batchSize: "--batch"
    case .epochs: "--epochs"
    case .weightDecay: "--weight-decay"
    case .gradientClipNorm: "--clip-norm"
    case .trainSubset: "--train-subset"
    case .validationSplit: "--validation-split"
    case .preprocessing: "--preprocessing"
    case .schedule: "--schedule"
    case .learningRate: "--lr"
    case .optimizer: "--optimizer"
    case .loss: "--loss"
    case .hidden: "--hidden"
    case .convolution: "--conv"
    case .activation: "--activation"
    case .initializer: "--init"
    case .normalization: "--norm"
    case .dropout: "--dropout"
    case .inputDropout: "--input-dropout"
    case .minimumRate: "--min-lr"
    case .maximumRate: "--max-lr"
    case .steps: "--steps"
    case .smoothing: "--smoothing"
    case .divergenceFactor: "--stop-factor"
    case .earlyStoppingPatience, .augmentation, .testEvaluation, .inputWidth, .outputWidth: nil
    }
  }
}

extension ConfigurationError {
  /// The message with every field named by its flag: "--batch: must be at least 1, got 0".
  var flagMessage: String { message(naming: { $0.flag ?? $0.rawValue }) }
}

/// `body`'s result; a `ConfigurationError` it throws becomes ArgumentParser's `ValidationError`, worded
/// with flags (one "Error:" line and the usage, exit code 64).
func inFlagWords<T>(_ body: () throws -> T) throws -> T {
  do { return try body() } catch let error as ConfigurationError { throw ValidationError(error.flagMessage) }
}

/// "name" or "name:<number>" (`normal:0.01`, `leaky-relu:0.2`): the name, lowercased, and the number.
func splitNameAndNumber(_ text: String, flag: String) throws -> (name: String, number: Double?) {
  let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
  guard let name = parts.first?.lowercased(), !name.isEmpty else { throw ValidationError("\(flag): empty value") }
  guard parts.count == 2 else { return (name, nil) }
  guard let number = Double(parts[1]), number.isFinite else {
    throw ValidationError("\(flag): '\(parts[1])' in '\(text)' is not a finite number")
  }
  return (name, number)
}

/// "name:key=value,key=value" (`step:gamma=0.1,step-size=2000`): the name, lowercased, and each key's
/// numbers (one, or several joined by '/': `milestones=2000/4000`).
func splitNameAndSettings(_ text: String, flag: String) throws -> (name: String, settings: [String: [Double]]) {
  let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
  guard let name = parts.first?.lowercased(), !name.isEmpty else { throw ValidationError("\(flag): empty value") }
  var settings: [String: [Double]] = [:]
  for pair in parts.count == 2 ? parts[1].split(separator: ",") : [] {
    let keyAndValue = pair.split(separator: "=", maxSplits: 1).map(String.init)
    guard keyAndValue.count == 2, !keyAndValue[0].isEmpty else {
      throw ValidationError("\(flag): '\(pair)' is not key=value (e.g. \(name):gamma=0.1)")
    }
    let (key, raw) = (keyAndValue[0].lowercased(), keyAndValue[1])
    let numbers = raw.split(separator: "/", omittingEmptySubsequences: false).map { Double($0) }
    guard !numbers.isEmpty, numbers.allSatisfy({ $0?.isFinite == true }) else {
      throw ValidationError(numbers.count > 1
        ? "\(flag): \(key)=\(raw) is not a list of finite numbers separated by '/', e.g. 2000/4000"
        : "\(flag): \(key)=\(raw) is not a finite number")
    }
    settings[key] = numbers.map { $0! }
  }
  return (name, settings)
}

/// "unknown <what> '<text>'; valid: <names>".
func unknownName(_ flag: String, _ what: String, _ text: String, valid names: [String]) -> ValidationError {
  ValidationError("\(flag): unknown \(what) '\(text)'; valid: \(names.joined(separator: ", "))")
}

extension ActivationSpec {
  /// `--activation` text: a name of `ActivationTable`, with `:<number>` where it takes one.
  init(flag text: String) throws {
    let (name, number) = try splitNameAndNumber(text, flag: "--activation")
    guard let spec = try inFlagWords({ try ActivationSpec(name: name, argument: number) }) else {
      throw unknownName("--activation", "activation", text, valid: Self.names)
    }
    self = spec
  }
}

extension InitializerSpec {
  /// `--init` text: a name of `InitializerTable`, with `:<number>` where it takes one.
  init(flag text: String) throws {
    let (name, number) = try splitNameAndNumber(text, flag: "--init")
    guard let spec = try inFlagWords({ try InitializerSpec(name: name, argument: number) }) else {
      throw unknownName("--init", "initializer", text, valid: Self.names)
    }
    self = spec
  }
}

extension ScheduleSpec {
  /// `--schedule` text at base rate `--lr`: a request, whose lengths the trainer scales to the run.
  init(flag text: String, base: Double) throws {
    let (name, settings) = try splitNameAndSettings(text, flag: "--schedule")
    guard let kind = ScheduleTable.kind(named: name) else {
      throw unknownName("--schedule", "schedule", name, valid: Self.names)
    }
    self = try inFlagWords { try ScheduleSpec.request(kind, base: base, settings: settings) }
  }
}

extension OptimizerSpec {
  /// `--optimizer` text with `--momentum` (momentum and nesterov: mu; adam and adamw: beta1) and
  /// `--weight-decay`, which an optimizer with decoupled decay (adamw) takes itself; the rest is the L2
  /// penalty of the run.
  static func flag(_ text: String, momentum: Double, weightDecay: Double) throws -> (OptimizerSpec, l2: Double) {
    guard let named = OptimizerSpec(name: text.lowercased()) else {
      throw unknownName("--optimizer", "optimizer", text, valid: Self.names)
    }
    let spec = named.withMomentum(momentum)
    if let decoupled = spec.withDecoupledWeightDecay(weightDecay) { return (decoupled, 0) }
    return (spec, weightDecay)
  }
}

extension LossSpec {
  /// `--loss` text: a name of `LossTable`.
  init(flag text: String) throws {
    guard let spec = LossSpec(name: text.lowercased()) else {
      throw unknownName("--loss", "loss", text, valid: Self.names)
    }
    self = spec
  }
}

extension NormalizationSpec {
  /// `--norm` text.
  init(flag text: String) throws {
    guard let spec = NormalizationSpec(rawValue: text.lowercased()) else {
      throw unknownName("--norm", "normalization", text, valid: Self.names)
    }
    self = spec
  }
}
