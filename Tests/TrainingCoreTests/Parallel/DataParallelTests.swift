import Datasets
import Statistics
import Testing
@testable import TrainingCore

/// `Trainer(threads: 2)`: the two half batches on shared weights must give the full batch's mean gradient
/// (to rounding), the same bytes on every run, and never be used where half batches change the math.
@Suite struct DataParallelTests {
  /// 400 Gaussian examples of width 12, labelled by which of their first 4 features is largest.
  static func data() -> Dataset {
    let stream = RandomStream("tests", "data-parallel")
    let features = (0..<(400 * 12)).map { _ in Float(stream.gaussian()) }
    let labels: [Int32] = (0..<400).map { row in
      let first = Array(features[(row * 12)..<(row * 12 + 4)])
      return Int32(first.firstIndex(of: first.max()!)!)
    }
    return Dataset(features: features, labels: labels, width: 12, classes: 4)
  }

  static func configuration(_ network: NetworkSpec, epochs: Int = 1,
                            optimizer: OptimizerSpec = .momentum(0.9, nesterov: false)) -> RunConfiguration {
    RunConfiguration(network: network, optimizer: optimizer,
                     schedule: .fixed(Fixed(base: 0.05)), batchSize: 20, epochs: epochs)
  }

  static let plain = NetworkSpec(inputWidth: 12, hidden: [16, 8], outputWidth: 4, activation: .tanh,
                                 initializer: .glorotNormal)

  func trainer(_ spec: NetworkSpec, threads: Int, epochs: Int = 1,
               optimizer: OptimizerSpec = .momentum(0.9, nesterov: false)) throws -> Trainer {
    let data = Self.data()
    return try Trainer(configuration: Self.configuration(spec, epochs: epochs, optimizer: optimizer), train: data,
                       test: data, streams: RunStreams(experiment: "dp", arm: "a", seed: 0), threads: threads)
  }

  /// Heavy ball, Nesterov and SGD, each updating in shares: two threads follow one.
  @Test(arguments: [OptimizerSpec.momentum(0.9, nesterov: false), .momentum(0.9, nesterov: true), .sgd])
  func halvesGiveTheFullBatchGradient(_ optimizer: OptimizerSpec) throws {
    let one = try trainer(Self.plain, threads: 1, optimizer: optimizer)
    let two = try trainer(Self.plain, threads: 2, optimizer: optimizer)
    #expect(!one.isDataParallel && two.isDataParallel && two.dataParallel?.shares != nil)
    var step = 0
    _ = one.trainEpoch(epoch: 1, globalStep: &step)
    step = 0
    _ = two.trainEpoch(epoch: 1, globalStep: &step)
    // 20 steps later the weights agree to float rounding (a wrong scale or a lost half would not).
    for (a, b) in zip(one.network.parameters, two.network.parameters) {
      for i in 0..<a.value.count {
        #expect(abs(a.value.storage[i] - b.value.storage[i]) < 1e-4, "\(a.name)[\(i)]")
      }
    }
    let moved = zip(one.network.parameters, two.network.parameters).contains { a, _ in
      (0..<a.value.count).contains { abs(a.value.storage[$0]) > 1e-3 }
    }
    #expect(moved)
  }

  /// L2 decay and clipping need the whole gradient (decay adds to it, clipping takes its norm): then the
  /// update runs whole, after both threads.
  @Test func decayAndClippingKeepTheGradient() throws {
    let data = Self.data()
    var decayed = Self.configuration(Self.plain), clipped = Self.configuration(Self.plain)
    decayed.weightDecay = 1e-4
    clipped.gradientClipNorm = 1
    for configuration in [decayed, clipped] {
      let trainer = try Trainer(configuration: configuration, train: data, test: data,
                                streams: RunStreams(experiment: "dp", arm: "a", seed: 0), threads: 2)
      #expect(trainer.isDataParallel && trainer.dataParallel?.shares == nil)
    }
  }

  @Test func sameSeedSameBytesWithTwoThreads() throws {
    let withDropout = NetworkSpec(inputWidth: 12, hidden: [16, 8], outputWidth: 4, activation: .relu,
                                  initializer: .heNormal, dropout: 0.3)
    let a = try trainer(withDropout, threads: 2, epochs: 3).run()
    let b = try trainer(withDropout, threads: 2, epochs: 3).run()
    #expect(a.epochs == b.epochs)
  }

  @Test func normalizationAndOddBatchesFallBackToOneStream() throws {
    var batchNorm = Self.plain
    batchNorm.normalization = .batchNorm
    #expect(try !trainer(batchNorm, threads: 2).isDataParallel)
    var prelu = Self.plain
    prelu.activation = .prelu
    #expect(try !trainer(prelu, threads: 2).isDataParallel)
    let data = Self.data()
    var odd = Self.configuration(Self.plain)
    odd.batchSize = 21
    #expect(try !Trainer(configuration: odd, train: data, test: data,
                         streams: RunStreams(experiment: "dp", arm: "a", seed: 0), threads: 2).isDataParallel)
  }

  /// Optimizers over the two shares of each parameter, updated share by share, touch every element
  /// exactly once with the same arithmetic as one optimizer over everything: the same bytes, step after
  /// step (state included). Rules that run whole, and any rule with decay or clipping, get no shares.
  @Test(arguments: [OptimizerSpec.sgd, .momentum(0.9, nesterov: false), .momentum(0.9, nesterov: true),
                    .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)])
  func updatingInSharesEqualsOneUpdate(_ spec: OptimizerSpec) throws {
    let stream = RandomStream("tests", "shares")
    func layers() -> [Dense<Float>] {
      [(5, 7), (3, 1), (3, 3)].enumerated().map { index, shape in
        let dense = Dense<Float>(shape.0, shape.1, bias: index != 2)
        for p in dense.parameters {
          for i in 0..<p.value.count {
            p.value.storage[i] = Float(stream.gaussian())
            p.gradient.storage[i] = Float(stream.gaussian())
          }
        }
        return dense
      }
    }
    let whole = layers()
    let split = whole.map { dense in
      let copy = Dense<Float>(dense.inputWidth, dense.outputWidth, bias: dense.bias != nil)
      for (p, q) in zip(dense.parameters, copy.parameters) {
        q.value.copy(from: p.value)
        q.gradient.copy(from: p.gradient)
      }
      return copy
    }
    var configuration = Self.configuration(Self.plain, optimizer: spec)
    guard spec.optimizer is AdamSpec else {
      let one = spec.makeOptimizer(for: whole.flatMap(\.parameters))
      let shares = try #require(ShareOptimizers(configuration, layers: split))
      for _ in 0..<3 {
        one.update(learningRate: 0.1)
        // Layer by layer, as a data-parallel step does, and the second share first.
        for k in split.indices {
          shares.optimizers[1][k].update(learningRate: 0.1)
          shares.optimizers[0][k].update(learningRate: 0.1)
        }
      }
      for (a, b) in zip(whole.flatMap(\.parameters), split.flatMap(\.parameters)) {
        #expect(a.value.values == b.value.values, "\(spec) \(a.name)")
      }
      configuration.weightDecay = 1e-4
      #expect(ShareOptimizers(configuration, layers: split) == nil)
      configuration.weightDecay = 0
      configuration.gradientClipNorm = 1
      #expect(ShareOptimizers(configuration, layers: split) == nil)
      return
    }
    #expect(ShareOptimizers(configuration, layers: split) == nil)
  }

  /// A share of a dense layer's parameters is whole rows of its weight and a slice of its bias: the output
  /// units whose weight gradient the same thread computed. A layer of one unit has a (1, in) weight, which
  /// is one unit's row (all in the second share), not a row vector to split by columns.
  @Test func sharesFollowOutputUnits() {
    let dense = Dense<Float>(3, 5)
    #expect(dense.parameterElements(units: share(5, part: 0, of: 2)) == [0..<6, 0..<2])
    #expect(dense.parameterElements(units: share(5, part: 1, of: 2)) == [6..<15, 2..<5])
    let one = Dense<Float>(3, 1), noBias = Dense<Float>(3, 1, bias: false)
    #expect(one.parameterElements(units: share(1, part: 0, of: 2)) == [0..<0, 0..<0])
    #expect(one.parameterElements(units: share(1, part: 1, of: 2)) == [0..<3, 0..<1])
    #expect(noBias.parameterElements(units: share(1, part: 1, of: 2)) == [0..<3])
  }

  /// A hidden layer of one unit (a (1, in) weight) splits by units like any other: two threads follow one.
  @Test func aOneUnitLayerTrainsAsOnOneThread() throws {
    let narrow = NetworkSpec(inputWidth: 12, hidden: [1], outputWidth: 4, activation: .tanh, initializer: .glorotNormal)
    let one = try trainer(narrow, threads: 1), two = try trainer(narrow, threads: 2)
    #expect(two.isDataParallel && two.dataParallel?.shares != nil)
    var step = 0
    _ = one.trainEpoch(epoch: 1, globalStep: &step)
    step = 0
    _ = two.trainEpoch(epoch: 1, globalStep: &step)
    for (a, b) in zip(one.network.parameters, two.network.parameters) {
      for i in 0..<a.value.count {
        #expect(abs(a.value.storage[i] - b.value.storage[i]) < 1e-4, "\(a.name)[\(i)]")
      }
    }
  }

  /// Adam updates as a whole, after both threads' gradients: two threads still follow one thread's path.
  @Test func adamWithTwoThreadsFollowsOneThread() throws {
    let data = Self.data()
    func trainer(threads: Int) throws -> Trainer {
      var configuration = Self.configuration(Self.plain)
      configuration.optimizer = .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
      configuration.schedule = .fixed(Fixed(base: 0.01))
      return try Trainer(configuration: configuration, train: data, test: data,
                         streams: RunStreams(experiment: "dp", arm: "adam", seed: 0), threads: threads)
    }
    let one = try trainer(threads: 1), two = try trainer(threads: 2)
    #expect(two.isDataParallel)
    let a = one.run(), b = two.run()
    for (x, y) in zip(a.epochs, b.epochs) { #expect(abs(x.testLoss - y.testLoss) < 1e-4) }
    for (p, q) in zip(one.network.parameters, two.network.parameters) {
      for i in 0..<p.value.count { #expect(abs(p.value.storage[i] - q.value.storage[i]) < 1e-4, "\(p.name)[\(i)]") }
    }
  }

  /// With input dropout the first layer is not dense, and the whole forward runs by rows.
  @Test func inputDropoutNetworksRunByRows() throws {
    var spec = Self.plain
    spec.inputDropout = 0.2
    let two = try trainer(spec, threads: 2, epochs: 2)
    #expect(two.isDataParallel)
    let result = two.run()
    #expect(result.status == .ok && result.epochs.last!.trainLoss < result.epochs.first!.trainLoss)
    let again = try trainer(spec, threads: 2, epochs: 2).run()
    #expect(result.epochs == again.epochs)
  }

  /// A probe on a data-parallel trainer still gets every weight gradient.
  @Test func probesSeeWeightGradientsWithTwoThreads() throws {
    let one = try trainer(Self.plain, threads: 1), two = try trainer(Self.plain, threads: 2)
    one.computeGradients(onFirst: 40)
    two.computeGradients(onFirst: 40)
    for (p, q) in zip(one.network.parameters, two.network.parameters) {
      #expect(p.gradient.values == q.gradient.values, "\(p.name)")
      #expect(p.gradient.values.contains { $0 != 0 }, "\(p.name)")
    }
  }

  /// `trainEpoch` on two threads runs one loop per epoch and gathers batches in chunks, by whichever
  /// thread is waiting; `step` runs one batch gathered beforehand. Both must give the same bytes: with the
  /// update in shares (heavy ball, Nesterov), the update after both threads (Adam), dropout masks drawn in
  /// the halves, and an input layer that is not dense. The batch of 20 is not a multiple of the gather's
  /// chunk of 8 rows.
  @Test(arguments: [
    (DataParallelTests.plain, OptimizerSpec.momentum(0.9, nesterov: false)),
    (DataParallelTests.plain, .momentum(0.9, nesterov: true)),
    (DataParallelTests.plain, .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)),
    (NetworkSpec(inputWidth: 12, hidden: [16, 8], outputWidth: 4, activation: .relu, initializer: .heNormal,
                 dropout: 0.3), .momentum(0.9, nesterov: false)),
    (NetworkSpec(inputWidth: 12, hidden: [16, 8], outputWidth: 4, activation: .relu, initializer: .heNormal,
                 inputDropout: 0.2), .momentum(0.9, nesterov: false)),
  ])
  func anEpochLoopEqualsAStepPerBatch(_ spec: NetworkSpec, _ optimizer: OptimizerSpec) throws {
    let loop = try trainer(spec, threads: 2, optimizer: optimizer)
    let steps = try trainer(spec, threads: 2, optimizer: optimizer)
    #expect(loop.isDataParallel && loop.configuration.batchSize % DataParallelEngine.rowsPerGatherChunk != 0)
    var lossSum = 0.0, correct = 0
    for epoch in 1...2 {
      var step = (epoch - 1) * loop.stepsPerEpoch
      let pass = loop.trainEpoch(epoch: epoch, globalStep: &step)
      #expect(step == epoch * loop.stepsPerEpoch && pass.steps == loop.stepsPerEpoch && pass.divergedAtStep == nil)
      lossSum = 0
      correct = 0
      for stepInEpoch in 0..<steps.stepsPerEpoch {
        steps.loadTrainingBatch(stepInEpoch: stepInEpoch)
        let (loss, right) = steps.step(learningRate: 0.05)
        lossSum += Double(loss)
        correct += right
      }
      #expect(pass.lossSum == lossSum && pass.correct == correct, "epoch \(epoch)")
    }
    for (a, b) in zip(loop.network.parameters, steps.network.parameters) {
      #expect(a.value.values == b.value.values, "\(a.name)")
    }
  }

  /// Augmentation draws from one stream in row order, so a two-thread trainer with it gathers each batch
  /// on the calling thread and runs a data-parallel step per batch instead of the epoch loop: it still
  /// trains, and gives the same bytes twice.
  @Test func augmentedTrainingRunsAStepPerBatch() throws {
    var configuration = Self.configuration(Self.plain, epochs: 2)
    configuration.network.inputWidth = 16
    configuration.augmentation = AugmentationSpec(maxShift: 1, horizontalFlip: true)
    let stream = RandomStream("tests", "data-parallel-augmented")
    let labels = (0..<200).map { Int32($0 % 4) }
    let images = Dataset(features: labels.flatMap { label in (0..<16).map { _ in Float(label) + Float(stream.gaussian()) } },
                         labels: labels, width: 16, classes: 4)
    func run() throws -> (Trainer, RunResult) {
      let trainer = try Trainer(configuration: configuration, train: images, test: images,
                                streams: RunStreams(experiment: "dp", arm: "augmented", seed: 0), threads: 2)
      return (trainer, trainer.run())
    }
    let (trainer, a) = try run(), (_, b) = try run()
    #expect(trainer.isDataParallel && a.status == .ok)
    #expect(a.epochs.last!.trainLoss < a.epochs.first!.trainLoss)
    #expect(a.epochs == b.epochs)
  }

  /// ReLU, so that large weights give overflowing logits (tanh would saturate and stay finite).
  static let unbounded = NetworkSpec(inputWidth: 12, hidden: [16, 8], outputWidth: 4, activation: .relu,
                                     initializer: .heNormal)

  /// A run that blows up stops at the same step in the two-thread loop as in a step-per-batch loop, and
  /// the loop's threads stop with it (a thread going on alone would wait forever at the next barrier).
  @Test func theEpochLoopStopsWhereTheRunDiverges() throws {
    func trainer() throws -> Trainer {
      var configuration = Self.configuration(Self.unbounded, epochs: 3)
      configuration.schedule = .fixed(Fixed(base: 1e6))
      let data = Self.data()
      return try Trainer(configuration: configuration, train: data, test: data,
                         streams: RunStreams(experiment: "dp", arm: "a", seed: 0), threads: 2)
    }
    let result = try trainer().run()
    let steps = try trainer()
    var diverged = 0
    for stepInEpoch in 0..<steps.stepsPerEpoch where diverged == 0 {
      steps.loadTrainingBatch(stepInEpoch: stepInEpoch)
      if !steps.step(learningRate: 1e6).loss.isFinite { diverged = stepInEpoch + 1 }
    }
    #expect(diverged > 0, "a rate of 1e6 did not diverge")
    #expect(result.status == .diverged(epoch: 1, step: diverged))
  }

  @Test func matrixViewsWriteThroughToTheirBase() {
    let base = Matrix<Float>(rows: 4, columns: 3)
    let lower = Matrix(viewingRowsOf: base, start: 2, count: 2)
    lower[1, 2] = 7
    #expect(base[3, 2] == 7 && lower.rows == 2 && lower.columns == 3)
    #expect(base.values.filter { $0 != 0 }.count == 1)
    let elements = Matrix(viewingElementsOf: base, range: 4..<9)  // (1, 5): row 1 from column 1, row 2
    elements[0, 4] = 5
    #expect(base[2, 2] == 5 && elements.rows == 1 && elements.columns == 5)
    #expect(elements.values == [0, 0, 0, 0, 5])
  }
}
