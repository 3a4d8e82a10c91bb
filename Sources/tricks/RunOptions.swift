import ArgumentParser
import Datasets
import TrainingCore

/// The flags that describe one run configuration, shared by `train` and `lr-find`.
struct RunOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Hidden layer widths, comma-separated (e.g. 256,256).")
  var hidden: String = "256,256"

  @Option(parsing: .unconditional, help: "Convolution widths before the dense layers, comma-separated (e.g. 16,32): each a 3x3 convolution with padding 1, then --norm, the activation, and a 2x2 max-pool. Default: none (an MLP).")
  var conv: String?

  @Option(help: "Activation: \(ActivationSpec.names.joined(separator: ", ")).")
  var activation: String = "relu"

  @Option(name: .customLong("init"), help: "Weight initializer: \(InitializerSpec.names.joined(separator: ", ")).")
  var initializer: String = "he-normal"

  @Option(help: "Normalization after each hidden dense layer and each convolution (batchnorm: per channel; layernorm: over CxHxW): \(NormalizationSpec.names.joined(separator: ", ")).")
  var norm: String = "none"

  @Option(parsing: .unconditional, help: "Drop rate of hidden units, in [0, 1).")
  var dropout: Double = 0

  @Option(parsing: .unconditional, help: "Drop rate of input pixels, in [0, 1).")
  var inputDropout: Double = 0

  @Option(help: "Loss: \(LossSpec.names.joined(separator: ", ")).")
  var loss: String = "cross-entropy"

  @Option(help: "Optimizer: \(OptimizerSpec.names.joined(separator: ", ")).")
  var optimizer: String = "momentum"

  @Option(parsing: .unconditional, help: "Base learning rate.")
  var lr: Double = 0.05

  @Option(parsing: .unconditional, help: "Momentum coefficient (momentum, nesterov) or beta1 (adam, adamw).")
  var momentum: Double = 0.9

  @Option(help: "Learning-rate schedule: \(ScheduleSpec.names.joined(separator: ", ")); settings as name:key=value,... (e.g. step:gamma=0.1,step-size=2000); lengths not given scale to the run's steps.")
  var schedule: String = "fixed"

  @Option(parsing: .unconditional, help: "L2 penalty added to the gradient (any optimizer); for adamw, the decoupled decay.")
  var weightDecay: Double = 0

  @Option(parsing: .unconditional, help: "Clip the global gradient norm to this value.")
  var clipNorm: Double?

  @Option(parsing: .unconditional, help: "Mini-batch size.")
  var batch: Int = 128

  @Option(parsing: .unconditional, help: "Epochs (passes over the training set).")
  var epochs: Int = 2

  @Option(parsing: .unconditional, help: "Train on a class-balanced subset of N examples.")
  var trainSubset: Int?

  @Option(parsing: .unconditional, help: "Hold out N class-balanced training examples as a validation split (reported each epoch; never the test set).")
  var validationSplit: Int?

  @Option(help: "Input preprocessing: standardized, unit-range, raw255, tanh-raw, tanh-standardized.")
  var preprocessing: String = "standardized"

  /// The configuration the flags describe, checked once (`RunConfiguration.Validated`), before any data is
  /// loaded; every error names its flag. The schedule's lengths are left to the trainer, which scales
  /// them to the training set it actually uses.
  func validatedConfiguration() throws -> RunConfiguration.Validated {
    try inFlagWords {
      let configuration = try configuration()
      // Checked before the data is loaded, so its message comes before the batch-size check's.
      try TrainingData.checkBalancedSubset(configuration, classes: configuration.network.outputWidth)
      return try RunConfiguration.Validated(configuration)
    }
  }

  private func configuration() throws -> RunConfiguration {
    let widths = hidden.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard !hidden.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw ValidationError("--hidden: empty layer list; give widths such as 256,256")
    }
    let hiddenWidths = try widths.map { text -> Int in
      guard let width = Int(text), width > 0, width <= 1 << 16 else {
        throw ValidationError("--hidden: '\(text)' is not a layer width (a whole number from 1 to 65536)")
      }
      return width
    }
    let convolution = try conv.map { try Self.convolution($0) }
    for (flag, value) in [("--lr", lr), ("--momentum", momentum), ("--dropout", dropout),
                          ("--input-dropout", inputDropout), ("--weight-decay", weightDecay)] {
      guard value.isFinite else { throw ValidationError("\(flag): must be a finite number, got \(value)") }
    }
    guard lr > 0 else { throw ValidationError("--lr: must be positive, got \(lr)") }
    try checkSizes(hiddenWidths, convolution: convolution)
    guard momentum >= 0 && momentum < 1 else { throw ValidationError("--momentum: must be in [0, 1), got \(momentum)") }
    guard let preprocessing = Preprocessing(rawValue: preprocessing) else {
      throw ValidationError("--preprocessing: unknown '\(self.preprocessing)'; valid: \(Preprocessing.names.joined(separator: ", "))")
    }
    let activation = try ActivationSpec(flag: activation)
    let network = NetworkSpec(hidden: hiddenWidths, activation: activation,
                              initializer: try InitializerSpec(flag: initializer),
                              normalization: try NormalizationSpec(flag: norm),
                              dropout: dropout, inputDropout: inputDropout, alphaDropout: activation == .selu,
                              convolution: convolution)
    let (optimizer, l2) = try OptimizerSpec.flag(optimizer, momentum: momentum, weightDecay: weightDecay)
    return RunConfiguration(
      network: network, loss: try LossSpec(flag: loss), optimizer: optimizer,
      schedule: try ScheduleSpec(flag: schedule, base: lr), weightDecay: l2,
      gradientClipNorm: clipNorm, batchSize: batch, epochs: epochs, trainSubset: trainSubset,
      preprocessing: preprocessing, validationSplit: validationSplit)
  }

  /// `--conv 16,32`: the standard stack on 28 x 28 x 1 images (`ConvolutionSpec.standard`). Widths up to
  /// 4096; more than four pools would shrink 28 x 28 below a pixel, which the spec's check reports.
  static func convolution(_ text: String) throws -> ConvolutionSpec {
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw ValidationError("--conv: empty list; give widths such as 16,32")
    }
    let filters = try text.split(separator: ",", omittingEmptySubsequences: false).map { part -> Int in
      let part = part.trimmingCharacters(in: .whitespaces)
      guard let width = Int(part), width > 0, width <= 1 << 12 else {
        throw ValidationError("--conv: '\(part)' is not a number of filters (a whole number from 1 to 4096)")
      }
      return width
    }
    let spec = ConvolutionSpec.standard(filters)
    try inFlagWords { try spec.validate(inputWidth: 28 * 28) }
    return spec
  }

  /// Whole-number limits, checked before anything multiplies them (steps = epochs x batches per epoch)
  /// or allocates from them, so a huge value is a message rather than an overflow trap or a failed
  /// allocation.
  static let maximumEpochs = 10_000
  /// Fashion-MNIST's training set; a subset or batch cannot be larger.
  static let trainingExamples = 60_000
  /// Weights and biases of the whole network: 100 M floats is 400 MB, and the gradient and optimizer
  /// state take as much again (two or three times).
  static let maximumParameters = 100_000_000

  private func checkSizes(_ hiddenWidths: [Int], convolution: ConvolutionSpec?) throws {
    guard (1...Self.maximumEpochs).contains(epochs) else {
      throw ValidationError("--epochs: must be between 1 and \(Self.maximumEpochs), got \(epochs)")
    }
    guard (1...Self.trainingExamples).contains(batch) else {
      throw ValidationError("--batch: must be between 1 and \(Self.trainingExamples) (the training set), got \(batch)")
    }
    if let validationSplit, !(1..<Self.trainingExamples).contains(validationSplit) {
      throw ValidationError("--validation-split: must be between 1 and \(Self.trainingExamples - 1), got \(validationSplit)")
    }
    if let trainSubset, !(1...Self.trainingExamples).contains(trainSubset) {
      throw ValidationError("--train-subset: must be between 1 and \(Self.trainingExamples) (the training set), got \(trainSubset)")
    }
    // Each term is at most 65537 x 65536 (widths are capped), and the sum stops at the first one past
    // the limit, so it cannot overflow.
    let widths = [convolution?.outputWidth ?? 28 * 28] + hiddenWidths + [10]
    var parameters = 0
    var channels = 1
    for block in convolution?.blocks ?? [] {  // at most 9 x 4096 x 4096 each, and few (pools run out)
      parameters += (block.kernel * block.kernel * channels + 1) * block.filters
      channels = block.filters
    }
    guard parameters <= Self.maximumParameters else {
      throw ValidationError("--conv: the convolutions would have more than \(Self.maximumParameters) parameters; use fewer or narrower layers")
    }
    for (fanIn, fanOut) in zip(widths, widths.dropFirst()) {
      parameters += (fanIn + 1) * fanOut
      guard parameters <= Self.maximumParameters else {
        throw ValidationError("--hidden: the network would have more than \(Self.maximumParameters) parameters; use fewer or narrower layers")
      }
    }
  }
}

/// The flags of one run beyond its configuration, shared by `tricks train` and `tricks lr-find`.
struct SingleRunOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Random seed: names the initialization, dropout and shuffling streams.")
  var seed: Int = 0

  @Option(parsing: .unconditional, help: "Threads for this run. With 2 or more, each batch is split across two cores (data parallel) when the network has no BatchNorm, LayerNorm or PReLU; OpenBLAS gets the threads otherwise.")
  var threads: Int = 1

  @Option(help: "Write the run's curve (train: per epoch; lr-find: loss against rate) to this CSV file (atomically).")
  var csv: String?

  @Option(help: "Folder holding the four Fashion-MNIST *-ubyte.gz files (default: $TRICKS_DATA, else \(FashionMNIST.defaultDirectory)).")
  var data: String?

  /// Sets the thread count, loads the data `configuration` asks for and reports the BLAS on stderr: what
  /// `train` and `lr-find` do before they build their trainer.
  func prepare(_ configuration: RunConfiguration) throws -> (train: Dataset, test: Dataset) {
    BLAS.setThreads(threads)
    let data = try loadFashionMNIST(override: self.data, preprocessing: configuration.preprocessing)
    printErr("BLAS: \(BLAS.summary)")
    return data
  }

  /// Reports on stderr what `trainer` runs, its schedule scaled to its training set.
  func describe(_ trainer: Trainer) {
    let configuration = trainer.configuration
    printErr("network: \(configuration.network), \(configuration.optimizer), \(configuration.schedule), batch \(configuration.batchSize)")
  }

  func validate() throws {
    guard seed >= 0 else { throw ValidationError("--seed must be 0 or more, got \(seed)") }
    guard threads >= 1 && threads <= 256 else {
      throw ValidationError("--threads must be between 1 and 256, got \(threads)")
    }
    if let csv { try checkWritableFile(csv) }
  }
}
