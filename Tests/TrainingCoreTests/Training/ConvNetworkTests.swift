import Datasets
import Foundation
import Statistics
import Testing
@testable import TrainingCore
import _TestSupport
import _MallocCounter

/// Networks with a convolutional front (`NetworkSpec.convolution`): wiring, initialization, encoding,
/// the fallback from data parallelism, and no allocation per step.
@Suite(.serialized) struct ConvNetworkTests {
  /// 4 x 3 x 1 images, so the 12-wide data of the no-allocation and data-parallel tests fit. Block 2 has
  /// no pool, so both kinds of block end the stack.
  static let smallConvolution = ConvolutionSpec(image: ImageShape(height: 4, width: 3, channels: 1),
                                                blocks: [.init(filters: 4), .init(filters: 3, maxPool: false)])

  static func spec(_ normalization: NormalizationSpec = .none, dropout: Double = 0, globalAveragePool: Bool? = nil,
                   activation: ActivationSpec = .relu) -> NetworkSpec {
    var convolution = smallConvolution
    convolution.globalAveragePool = globalAveragePool
    return NetworkSpec(inputWidth: 12, hidden: [8], outputWidth: 4, activation: activation, initializer: .heNormal,
                       normalization: normalization, dropout: dropout, convolution: convolution)
  }

  @Test func layersShapesAndDescription() {
    let network = Network<Float>(Self.spec(.batchNorm), initialization: RandomStream("i"), dropout: RandomStream("d"))
    #expect(network.layers.map(\.name) == [
      "conv3x3(4x3x1->4x3x4, padding 1)", "batch-norm(4 channels x 12 positions)", "relu", "max-pool2x2(4x3x4->2x1x4)",
      "conv3x3(2x1x4->2x1x3, padding 1)", "batch-norm(3 channels x 2 positions)", "relu",
      "dense(6->8)", "batch-norm(8)", "relu", "dense(8->4)"])
    for (layer, next) in zip(network.layers, network.layers.dropFirst()) { #expect(layer.outputWidth == next.inputWidth) }
    #expect(Self.spec().description == "4x3x1-conv3x3:4-pool-conv3x3:3-8-4 relu he-normal")
    #expect(Self.spec(globalAveragePool: true).denseInputWidth == 3)
    // --conv 16,32 --hidden 128: 2 (784·9·16 + 196·144·32 + 1568·128 + 128·10) FLOPs forward (2.44 M);
    // training is 3 times that less the first layer's (unneeded) input gradient: 7.09 M.
    let cli = NetworkSpec(hidden: [128], activation: .relu, initializer: .heNormal, convolution: .standard([16, 32]))
    #expect(cli.forwardFLOPsPerExample == 2 * Double(784 * 9 * 16 + 196 * 144 * 32 + 1568 * 128 + 1280))
    #expect(cli.trainingFLOPsPerExample == 3 * cli.forwardFLOPsPerExample - 2 * Double(784 * 9 * 16))
  }

  /// He normal draws a conv weight with variance 2 / (k k C): the second layer of `--conv 16,32` has
  /// fan-in 3·3·16 = 144. Over its 4,608 weights the sample SD is within 4% of sqrt(2/144) (its own SE
  /// is 1%).
  @Test func convWeightsUseTheKernelsFanIn() {
    let spec = NetworkSpec(hidden: [128], activation: .relu, initializer: .heNormal, convolution: .standard([16, 32]))
    let network = Network<Double>(spec, initialization: RandomStream("tests", "conv-init"), dropout: RandomStream("d"))
    let second = network.convolutionLayers[1]
    #expect((second.fanIn, second.fanOut) == (144, 288))
    let values = second.weight.value.values
    let sd = (values.map { $0 * $0 }.reduce(0, +) / Double(values.count)).squareRoot()
    #expect(abs(sd / (2.0 / 144).squareRoot() - 1) < 0.04)
    #expect(second.bias!.value.values.allSatisfy { $0 == 0 })
  }

  /// The whole stack as one layer, its input and every parameter checked by finite differences: the
  /// wiring (flatten is the identity, the layers' order) and every backward together. Tanh keeps the net
  /// smooth; BatchNorm per channel and a pool are in the path.
  @Test(arguments: [NormalizationSpec.batchNorm, .layerNorm])
  func wholeNetworkGradientsMatchFiniteDifferences(_ normalization: NormalizationSpec) {
    let stream = RandomStream("tests", "conv-network", "gradient-check", "\(normalization)")
    // 7x5x2 → conv 7x5x3 → pool 3x2x3 → conv stride 2 → 2x1x2 → dense 4 → 3
    let spec = NetworkSpec(inputWidth: 70, hidden: [4], outputWidth: 3, activation: .tanh, initializer: .heNormal,
                           normalization: normalization,
                           convolution: ConvolutionSpec(image: ImageShape(height: 7, width: 5, channels: 2),
                                                        blocks: [.init(filters: 3), .init(filters: 2, stride: 2, maxPool: false)]))
    #expect(throws: Never.self) { try spec.validate() }
    let network = Network<Double>(spec, initialization: stream.child("init"), dropout: stream.child("dropout"))
    let report = checkGradients(of: WholeNetwork(network), input: randomMatrix(4, 70, stream: stream, as: Double.self),
                                stream: stream)
    #expect(report.tensors.count == 1 + network.parameters.count)
    #expect(report.passed, "\(report)")
  }

  /// An MLP encodes as before (no "convolution" key: `SpecEncodingTests` pins its bytes); a conv net
  /// round-trips through JSON.
  @Test func encoding() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let mlp = String(decoding: try encoder.encode(NetworkSpec(hidden: [8], activation: .relu, initializer: .heNormal)), as: UTF8.self)
    #expect(!mlp.contains("convolution"))
    let spec = NetworkSpec(hidden: [128], activation: .relu, initializer: .heNormal, normalization: .batchNorm,
                           convolution: .standard([16, 32]))
    let data = try encoder.encode(spec)
    #expect(try JSONDecoder().decode(NetworkSpec.self, from: data) == spec)
    #expect(String(decoding: data, as: UTF8.self).contains(#""convolution":{"blocks":[{"filters":16,"kernel":3,"maxPool":true,"padding":1,"stride":1}"#))
  }

  @Test func invalidStacksAreConfigurationErrors() {
    func field(_ convolution: ConvolutionSpec, inputWidth: Int = 784) -> ConfigurationError.Field? {
      do {
        try NetworkSpec(inputWidth: inputWidth, hidden: [8], activation: .relu, initializer: .heNormal,
                        convolution: convolution).validate()
        return nil
      } catch { return (error as? ConfigurationError)?.field }
    }
    #expect(field(.standard([16, 32])) == nil)
    #expect(field(.standard([16]), inputWidth: 100) == .convolution)
    #expect(field(.standard([4, 4, 4, 4, 4])) == .convolution)  // 28 → 14 → 7 → 3 → 1 → no 2 x 2 window
    #expect(field(.standard([0])) == .convolution)
    #expect(field(ConvolutionSpec(blocks: [.init(filters: 4, kernel: 3, padding: 3)])) == .convolution)
    #expect(field(ConvolutionSpec(blocks: [])) == .convolution)
  }

  /// The data-parallel engine runs dense layers, activations and dropout only: a conv net asked for two
  /// threads trains on one, with the same bytes as `threads: 1`.
  @Test func twoThreadsFallBackToOne() throws {
    let data = DataParallelTests.data()
    func train(threads: Int) throws -> [Float] {
      let trainer = try Trainer(configuration: DataParallelTests.configuration(Self.spec(.batchNorm, dropout: 0.2)),
                                train: data, test: data, streams: RunStreams(experiment: "conv", arm: "a", seed: 0),
                                threads: threads)
      #expect(!trainer.isDataParallel)
      var step = 0
      let pass = trainer.trainEpoch(epoch: 1, globalStep: &step)
      #expect(pass.steps == 20)
      return trainer.network.parameters.flatMap(\.value.values)
    }
    let one = try train(threads: 1)
    #expect(try train(threads: 2) == one)
    #expect(one.allSatisfy { $0.isFinite })
  }

  /// Conv, BatchNorm per channel, pool, dropout in the head; LayerNorm and global average pooling: no
  /// allocation in a training step.
  @Test(arguments: [Self.spec(.batchNorm, dropout: 0.2), Self.spec(.layerNorm, globalAveragePool: true, activation: .gelu)])
  func aTrainingStepAllocatesNothing(_ spec: NetworkSpec) throws {
    try NoAllocationTests.expectNoAllocation(in: NoAllocationTests.trainer(spec, optimizer: .momentum(0.9, nesterov: false)))
  }
}

/// A network's layers as one layer, computing the input gradient too (a network's first layer skips it).
private final class WholeNetwork: Layer {
  typealias T = Double
  let network: Network<Double>
  var name: String { "network" }
  var inputWidth: Int { network.spec.inputWidth }
  var outputWidth: Int { network.spec.outputWidth }
  var parameters: [Parameter<Double>] { network.parameters }
  var computesInputGradient = true

  init(_ network: Network<Double>) {
    self.network = network
    network.layers[0].computesInputGradient = true
  }

  func reserve(batchSize: Int) { network.reserve(batchSize: batchSize) }
  func forward(_ x: Matrix<Double>, phase: Phase) -> Matrix<Double> { network.forward(x, phase: phase) }
  func backward(_ dy: Matrix<Double>) -> Matrix<Double> {
    var g = dy
    for layer in network.layers.reversed() { g = layer.backward(g) }
    return g
  }
}
