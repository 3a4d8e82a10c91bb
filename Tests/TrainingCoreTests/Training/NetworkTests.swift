import Datasets
import Foundation
import Statistics
import Testing
import TrainingCore
import _TestSupport

/// The whole network: end-to-end gradients, the first-batch loss, and the ability to overfit.
@Suite struct NetworkTests {
  /// Every parameter of a small network, against centered differences of the mean cross-entropy.
  @Test(arguments: [NormalizationSpec.none, .batchNorm, .layerNorm])
  func wholeNetworkGradients(_ normalization: NormalizationSpec) {
    let spec = NetworkSpec(inputWidth: 6, hidden: [5, 4], outputWidth: 3, activation: .tanh,
                           initializer: .glorotNormal, normalization: normalization)
    let stream = RandomStream("tests", "network-gradients", "\(normalization)")
    let network = Network<Double>(spec, initialization: stream.child("init"), dropout: stream.child("dropout"))
    // Non-trivial biases and normalization parameters, so a bug hidden at 0 or 1 shows.
    for parameter in network.parameters where parameter.name != "weight" {
      for i in 0..<parameter.value.count { parameter.value.storage[i] += 0.3 * stream.gaussian() }
    }
    network.reserve(batchSize: 4)
    let input = randomMatrix(4, 6, stream: stream, as: Double.self)
    checkEveryParameter(network, input: input, labels: [0, 2, 1, 2], of: spec)
  }

  /// Every parameter's analytic gradient of the mean cross-entropy against centered differences.
  func checkEveryParameter(_ network: Network<Double>, input: Matrix<Double>, labels: [Int32], of spec: NetworkSpec) {
    let loss = SoftmaxCrossEntropy()
    let gradient = Matrix<Double>(rows: labels.count, columns: spec.outputWidth)
    func value() -> Double {
      labels.withUnsafeBufferPointer { loss.loss(network.forward(input, phase: .training), labels: $0.baseAddress!, gradient: nil) }
    }
    labels.withUnsafeBufferPointer {
      _ = loss.loss(network.forward(input, phase: .training), labels: $0.baseAddress!, gradient: gradient)
    }
    network.backward(gradient)
    let h = 1e-6
    for (index, parameter) in network.parameters.enumerated() {
      let analytic = parameter.gradient.values
      var worst = 0.0
      for i in 0..<parameter.value.count {
        let saved = parameter.value.storage[i]
        parameter.value.storage[i] = saved + h
        let plus = value()
        parameter.value.storage[i] = saved - h
        let minus = value()
        parameter.value.storage[i] = saved
        let numeric = (plus - minus) / (2 * h)
        let absolute = abs(numeric - analytic[i])
        if absolute > 1e-9 { worst = max(worst, absolute / (abs(numeric) + abs(analytic[i]))) }
      }
      #expect(worst <= 1e-6, "parameter \(index) (\(parameter.name)) of \(spec): worst relative error \(worst)")
    }
  }

  /// The deliberately wrong networks of `sanity-checks`: an activation after the output layer and dense
  /// layers without biases, checked end to end against centered differences of the mean cross-entropy.
  @Test(arguments: [(ActivationSpec?.some(.sigmoid), Bool?.some(false)), (.relu, nil), (nil, false)])
  func outputActivationAndNoBiasGradients(_ outputActivation: ActivationSpec?, _ bias: Bool?) {
    let spec = NetworkSpec(inputWidth: 5, hidden: [4], outputWidth: 3, activation: .tanh,
                           initializer: .glorotNormal, outputActivation: outputActivation, bias: bias)
    let stream = RandomStream("tests", "network-variants", spec.description)
    let network = Network<Double>(spec, initialization: stream.child("init"), dropout: stream.child("dropout"))
    #expect(network.parameters.contains { $0.name == "bias" } == spec.hasBias)
    for parameter in network.parameters where parameter.name == "bias" {
      for i in 0..<parameter.value.count { parameter.value.storage[i] += 0.3 * stream.gaussian() }
    }
    network.reserve(batchSize: 3)
    // A ReLU on the output has a kink at 0: with these fixed draws no output pre-activation lies within
    // ±h of it (a crossed kink would show as a failure, never as a pass).
    let input = randomMatrixAwayFromZero(3, 5, stream: stream)
    checkEveryParameter(network, input: input, labels: [0, 2, 1], of: spec)
  }

  /// A sigmoid on the output caps every logit in (0, 1), so the cross-entropy of 10 classes cannot fall
  /// below ln(1 + 9/e) ≈ 1.4612 (label logit 1, the others 0) — the bug `sanity-checks` detects.
  @Test func sigmoidOutputBoundsTheLogits() {
    let spec = NetworkSpec(inputWidth: 4, hidden: [8], activation: .relu, initializer: .heNormal,
                           outputActivation: .sigmoid)
    let network = Network<Float>(spec, initialization: RandomStream("tests", "sigmoid-output"), dropout: RandomStream("d"))
    #expect(network.layers.map(\.name).suffix(2) == ["dense(8->10)", "sigmoid"])
    network.reserve(batchSize: 2)
    let input = randomMatrix(2, 4, stream: RandomStream("tests", "sigmoid-output-x"), scale: 50, as: Float.self)
    let logits = network.forward(input, phase: .inference).values
    #expect(logits.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect(spec.description == "4-8-10 relu he-normal output-sigmoid")
  }

  /// The new optional fields are left out of the encoded spec when nil, so the fingerprints of every
  /// existing cell (sorted-key JSON of its configuration) stay what they were.
  @Test func defaultSpecEncodesWithoutTheOptionalFields() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let plain = NetworkSpec(hidden: [256], activation: .relu, initializer: .heNormal)
    let json = String(decoding: try encoder.encode(plain), as: UTF8.self)
    #expect(!json.contains("outputActivation") && !json.contains("bias"), "\(json)")
    let variant = NetworkSpec(hidden: [256], activation: .relu, initializer: .heNormal, outputActivation: .sigmoid,
                              bias: false)
    let decoded = try JSONDecoder().decode(NetworkSpec.self, from: try encoder.encode(variant))
    #expect(decoded == variant && decoded.description.hasSuffix("output-sigmoid no-bias"))
    #expect(try JSONDecoder().decode(NetworkSpec.self, from: Data(json.utf8)) == plain)
  }

  @Test func layersFollowTheSpec() {
    let spec = NetworkSpec(hidden: [8, 8], activation: .relu, initializer: .heNormal,
                           normalization: .batchNorm, dropout: 0.5, inputDropout: 0.2)
    let network = Network<Float>(spec, initialization: RandomStream("a"), dropout: RandomStream("b"))
    #expect(network.layers.map(\.name).count == 1 + 2 * 4 + 1)
    #expect(network.layers.first?.computesInputGradient == false)
    #expect(network.denseLayers.map(\.outputWidth) == [8, 8, 10])
    #expect(network.denseLayers.allSatisfy { $0.bias?.value.values.allSatisfy { $0 == 0 } == true })
    #expect(spec.description == "784-8-8-10 relu he-normal batchnorm dropout:0.5 input-dropout:0.2")
  }

  /// A synthetic dataset of `count` Gaussian examples with labels cycling through the classes.
  static func syntheticData(count: Int, width: Int, classes: Int, name: String) -> Dataset {
    let stream = RandomStream("tests", name)
    return Dataset(features: (0..<(count * width)).map { _ in Float(stream.gaussian()) },
                   labels: (0..<count).map { Int32($0 % classes) }, width: width, classes: classes)
  }

  /// CS231n's sanity check: at small initialization the logits are near 0, so softmax is near uniform
  /// and the first-batch loss is near ln 10 = 2.3026.
  @Test func firstBatchLossIsNearLogTen() throws {
    let data = Self.syntheticData(count: 256, width: 784, classes: 10, name: "first-batch")
    let configuration = RunConfiguration(
      network: NetworkSpec(hidden: [64, 64], activation: .relu, initializer: .normal(standardDeviation: 0.01)),
      optimizer: .sgd, schedule: .fixed(Fixed(base: 0.0)), batchSize: 128, epochs: 1)
    let trainer = try Trainer(configuration: configuration, train: data, test: data,
                              streams: RunStreams(experiment: "tests", arm: "first-batch", seed: 0))
    let result = trainer.run()
    #expect(abs(result.epochs[0].trainLoss - 2.302585) < 0.02, "first-epoch loss \(result.epochs[0].trainLoss)")
  }

  /// A network that cannot overfit 32 examples has a bug (the `sanity-checks` claim, used here as a test).
  @Test func smallNetworkOverfitsThirtyTwoExamples() throws {
    let data = Self.syntheticData(count: 32, width: 20, classes: 10, name: "overfit")
    let configuration = RunConfiguration(
      network: NetworkSpec(inputWidth: 20, hidden: [64], activation: .relu, initializer: .heNormal),
      optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), schedule: .fixed(Fixed(base: 0.01)),
      batchSize: 32, epochs: 300)
    let trainer = try Trainer(configuration: configuration, train: data, test: data,
                              streams: RunStreams(experiment: "tests", arm: "overfit", seed: 0))
    let result = trainer.run()
    #expect(result.status == .ok)
    #expect(result.epochs.last?.trainAccuracy == 1.0, "train accuracy \(result.epochs.last?.trainAccuracy ?? -1)")
    #expect(trainer.evaluate(data).accuracy == 1.0)
  }

  @Test func hugeLearningRateIsRecordedAsDiverged() throws {
    let data = Self.syntheticData(count: 64, width: 20, classes: 10, name: "diverge")
    let configuration = RunConfiguration(
      network: NetworkSpec(inputWidth: 20, hidden: [32, 32], activation: .relu, initializer: .heNormal),
      optimizer: .sgd, schedule: .fixed(Fixed(base: 1e6)), batchSize: 16, epochs: 5)
    let trainer = try Trainer(configuration: configuration, train: data, test: data,
                              streams: RunStreams(experiment: "tests", arm: "diverge", seed: 0))
    let result = trainer.run()
    guard case .diverged(let epoch, let step) = result.status else {
      Issue.record("expected divergence, got \(result.status)")
      return
    }
    #expect(epoch >= 1 && step >= 1)
  }

  @Test func sameSeedSameCurvesDifferentSeedDifferent() throws {
    let data = Self.syntheticData(count: 128, width: 20, classes: 10, name: "determinism")
    let configuration = RunConfiguration(
      network: NetworkSpec(inputWidth: 20, hidden: [16], activation: .tanh, initializer: .glorotUniform, dropout: 0.2),
      optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.05)), batchSize: 16, epochs: 3)
    func run(_ seed: Int) throws -> [EpochRecord] {
      try Trainer(configuration: configuration, train: data, test: data,
                  streams: RunStreams(experiment: "tests", arm: "determinism", seed: seed)).run().epochs
    }
    #expect(try run(1) == run(1))
    #expect(try run(1) != run(2))
  }

  @Test func badConfigurationsNameTheField() {
    let good = RunConfiguration(network: NetworkSpec(hidden: [8], activation: .relu, initializer: .heNormal),
                                optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 8, epochs: 1)
    var cases: [(RunConfiguration, ConfigurationError.Field)] = []
    var c = good; c.batchSize = 0; cases.append((c, .batchSize))
    c = good; c.epochs = 0; cases.append((c, .epochs))
    c = good; c.network.dropout = 1; cases.append((c, .dropout))
    c = good; c.network.inputDropout = .nan; cases.append((c, .inputDropout))
    c = good; c.network.hidden = [8, 0]; cases.append((c, .hidden))
    c = good; c.weightDecay = -1; cases.append((c, .weightDecay))
    c = good; c.trainSubset = 5; cases.append((c, .trainSubset))
    for (configuration, field) in cases {
      #expect(throws: ConfigurationError.self) { try configuration.validate() }
      do { try configuration.validate() } catch let error as ConfigurationError {
        #expect(error.field == field, "\(error) should be about \(field)")
      } catch { Issue.record("unexpected \(error)") }
    }
  }
}
