import ArgumentParser
import Datasets
import TrainingCore

/// The flags that describe one run configuration, shared by `train` (and later `lr-find`).
struct RunOptions: ParsableArguments {
  @Option(help: "Hidden layer widths, comma-separated (e.g. 256,256).")
  var hidden: String = "256,256"

  @Option(help: "Activation: \(ActivationSpec.names.joined(separator: ", ")).")
  var activation: String = "relu"

  @Option(name: .customLong("init"), help: "Weight initializer: \(InitializerSpec.names.joined(separator: ", ")).")
  var initializer: String = "he-normal"

  @Option(help: "Normalization after each hidden dense layer: \(NormalizationSpec.names.joined(separator: ", ")).")
  var norm: String = "none"

  @Option(help: "Drop rate of hidden units, in [0, 1).")
  var dropout: Double = 0

  @Option(help: "Drop rate of input pixels, in [0, 1).")
  var inputDropout: Double = 0

  @Option(help: "Loss: \(LossSpec.names.joined(separator: ", ")).")
  var loss: String = "cross-entropy"

  @Option(help: "Optimizer: \(OptimizerSpec.names.joined(separator: ", ")).")
  var optimizer: String = "momentum"

  @Option(help: "Base learning rate.")
  var lr: Double = 0.05

  @Option(help: "Momentum coefficient (momentum, nesterov) or beta1 (adam, adamw).")
  var momentum: Double = 0.9

  @Option(help: "Learning-rate schedule: \(ScheduleSpec.names.joined(separator: ", ")); settings as name:key=value,... (e.g. step:gamma=0.1,step-size=2000).")
  var schedule: String = "fixed"

  @Option(help: "L2 penalty added to the gradient (any optimizer); for adamw, the decoupled decay.")
  var weightDecay: Double = 0

  @Option(help: "Clip the global gradient norm to this value.")
  var clipNorm: Double?

  @Option(help: "Mini-batch size.")
  var batch: Int = 128

  @Option(help: "Epochs (passes over the training set).")
  var epochs: Int = 2

  @Option(help: "Train on a class-balanced subset of N examples.")
  var trainSubset: Int?

  @Option(help: "Input preprocessing: standardized, unit-range, raw255.")
  var preprocessing: String = "standardized"

  func configuration() throws -> RunConfiguration {
    let widths = hidden.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard !hidden.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw ConfigurationError("--hidden: empty layer list; give widths such as 256,256")
    }
    let hiddenWidths = try widths.map { text -> Int in
      guard let width = Int(text), width > 0, width <= 1 << 16 else {
        throw ConfigurationError("--hidden: '\(text)' is not a layer width (a whole number from 1 to 65536)")
      }
      return width
    }
    for (flag, value) in [("--lr", lr), ("--momentum", momentum), ("--dropout", dropout),
                          ("--input-dropout", inputDropout), ("--weight-decay", weightDecay)] {
      guard value.isFinite else { throw ConfigurationError("\(flag): must be a finite number, got \(value)") }
    }
    guard lr > 0 else { throw ConfigurationError("--lr: must be positive, got \(lr)") }
    guard momentum >= 0 && momentum < 1 else { throw ConfigurationError("--momentum: must be in [0, 1), got \(momentum)") }
    guard let preprocessing = Preprocessing(rawValue: preprocessing) else {
      throw ConfigurationError("--preprocessing: unknown '\(self.preprocessing)'; valid: standardized, unit-range, raw255")
    }
    let network = NetworkSpec(hidden: hiddenWidths, activation: try ActivationSpec(parsing: activation),
                              initializer: try InitializerSpec(parsing: initializer),
                              normalization: try NormalizationSpec(parsing: norm),
                              dropout: dropout, inputDropout: inputDropout,
                              alphaDropout: activation.lowercased() == "selu")
    return RunConfiguration(
      network: network, loss: try LossSpec(parsing: loss),
      optimizer: try OptimizerSpec(parsing: optimizer, momentum: momentum, weightDecay: weightDecay),
      schedule: try ScheduleSpec(parsing: schedule, base: lr,
                                 totalSteps: epochs * ((trainSubset ?? 60_000) / max(1, batch))),
      weightDecay: optimizer.lowercased() == "adamw" ? 0 : weightDecay,
      gradientClipNorm: clipNorm, batchSize: batch, epochs: epochs, trainSubset: trainSubset,
      preprocessing: preprocessing)
  }
}
