import Statistics

/// A feed-forward network: a list of layers run forward in order and backward in reverse.
public final class Network<T: Scalar> {
  public let spec: NetworkSpec
  public let layers: [any Layer<T>]
  /// Every learned tensor, in layer order: what the optimizer updates.
  public let parameters: [Parameter<T>]
  public private(set) var batchCapacity = 0
  /// Each ReLU followed by a max-pool, in the conv blocks, with the convolution right before the ReLU
  /// (nil after a norm): what `fusesReLUIntoPooling` joins.
  private let reluPoolBlocks: [(conv: Conv2D<T>?, relu: ReLU<T>, pool: MaxPool2D<T>)]
  /// Whether each conv block's max-pool also does the ReLU's work (`MaxPool2D.rectifiesInput`) and, right
  /// after a convolution, runs chunk by chunk inside its forward pass (`Conv2D.chunkPool`): the same
  /// numbers, fewer passes over the block's feature maps through memory. On by default; off, every ReLU
  /// writes its own `output` (what the probes read, `Trainer.computeGradients(onFirst:)`).
  public var fusesReLUIntoPooling = true {
    didSet { applyFusion() }
  }

  private func applyFusion() {
    for (conv, relu, pool) in reluPoolBlocks {
      relu.isFusedIntoPool = fusesReLUIntoPooling
      pool.rectifiesInput = fusesReLUIntoPooling
      conv?.chunkPool = fusesReLUIntoPooling ? pool : nil
      pool.isRunByConvolution = fusesReLUIntoPooling && conv != nil
    }
  }

  /// Builds the layers of `spec` and initializes every dense and conv weight matrix with `spec.initializer`
  /// in layer order (biases start at zero; a conv layer's fan-in is k k C, its fan-out k k F). Dropout
  /// masks of hidden layer i come from `dropout.child("layer-i")`. An output activation, if the spec has
  /// one, is the last layer (after the output Dense). Convolution blocks, if any, come first
  /// (`ConvolutionSpec`); the flatten between them and the dense layers is the identity (NHWC, `ImageShape`).
  public init(_ spec: NetworkSpec, initialization: RandomStream, dropout: RandomStream) {
    self.spec = spec
    var layers: [any Layer<T>] = []
    var width = spec.inputWidth
    if spec.inputDropout > 0 {
      layers.append(Dropout<T>(width: width, dropRate: spec.inputDropout, stream: dropout.child("input")))
    }
    if let convolution = spec.convolution {
      layers += Self.convolutionLayers(convolution, spec: spec)
      width = convolution.outputWidth
    }
    for (index, hiddenWidth) in spec.hidden.enumerated() {
      layers.append(Dense<T>(width, hiddenWidth, bias: spec.hasBias))
      switch spec.normalization {
      case .none: break
      case .batchNorm: layers.append(BatchNorm<T>(width: hiddenWidth))
      case .layerNorm: layers.append(LayerNorm<T>(width: hiddenWidth))
      }
      layers.append(spec.activation.makeLayer(width: hiddenWidth, as: T.self))
      if spec.dropout > 0 {
        let stream = dropout.child("layer-\(index + 1)")
        layers.append(spec.alphaDropout
          ? AlphaDropout<T>(width: hiddenWidth, dropRate: spec.dropout, stream: stream)
          : Dropout<T>(width: hiddenWidth, dropRate: spec.dropout, stream: stream))
      }
      width = hiddenWidth
    }
    layers.append(Dense<T>(width, spec.outputWidth, bias: spec.hasBias))
    if let outputActivation = spec.outputActivation {
      layers.append(outputActivation.makeLayer(width: spec.outputWidth, as: T.self))
    }
    layers[0].computesInputGradient = false
    self.layers = layers
    parameters = layers.flatMap { $0.parameters }
    reluPoolBlocks = layers.indices.dropFirst().dropLast().compactMap { i in
      guard let relu = layers[i] as? ReLU<T>, let pool = layers[i + 1] as? MaxPool2D<T> else { return nil }
      return (layers[i - 1] as? Conv2D<T>, relu, pool)
    }
    let initializer = spec.initializer.initializer
    for layer in layers {
      if let dense = layer as? Dense<T> {
        initializer.initialize(dense.weight.value, fanIn: dense.inputWidth, fanOut: dense.outputWidth,
                               using: initialization)
      } else if let conv = layer as? Conv2D<T> {
        initializer.initialize(conv.weight.value, fanIn: conv.fanIn, fanOut: conv.fanOut, using: initialization)
      }
    }
    applyFusion()
  }

  /// Each block: Conv2D → [BatchNorm per channel | LayerNorm over C H W] → activation → [max-pool]; then
  /// global average pooling if asked.
  private static func convolutionLayers(_ convolution: ConvolutionSpec, spec: NetworkSpec) -> [any Layer<T>] {
    guard let shapes = convolution.shapes else { preconditionFailure("invalid convolution stack \(convolution)") }
    var layers: [any Layer<T>] = [], shape = convolution.image
    for (block, (convolved, _)) in zip(convolution.blocks, shapes) {
      layers.append(Conv2D<T>(input: shape, filters: block.filters, kernel: block.kernel, stride: block.stride,
                              padding: block.padding, bias: spec.hasBias))
      switch spec.normalization {
      case .none: break
      case .batchNorm: layers.append(BatchNorm<T>(width: convolved.channels, positions: convolved.positions))
      case .layerNorm: layers.append(LayerNorm<T>(width: convolved.count))
      }
      layers.append(spec.activation.makeLayer(width: convolved.count, as: T.self))
      shape = convolved
      if block.maxPool {
        let pool = MaxPool2D<T>(input: shape, size: 2)
        layers.append(pool)
        shape = pool.outputShape
      }
    }
    if convolution.globalAveragePool == true { layers.append(GlobalAveragePool<T>(input: shape)) }
    return layers
  }

  public var denseLayers: [Dense<T>] { layers.compactMap { $0 as? Dense<T> } }
  public var convolutionLayers: [Conv2D<T>] { layers.compactMap { $0 as? Conv2D<T> } }

  /// Allocates every layer's buffers for batches of up to `batchSize` rows: the only allocation a
  /// network makes after it is built.
  public func reserve(batchSize: Int) {
    guard batchSize != batchCapacity else { return }
    for layer in layers { layer.reserve(batchSize: batchSize) }
    batchCapacity = batchSize
  }

  /// The logits for a batch (the last layer's own buffer).
  public func forward(_ input: Matrix<T>, phase: Phase) -> Matrix<T> {
    precondition(input.rows <= batchCapacity, "batch of \(input.rows) exceeds reserved \(batchCapacity)")
    var x = input
    for layer in layers { x = layer.forward(x, phase: phase) }
    return x
  }

  /// Back-propagates dL/d(logits) through every layer, leaving dL/dθ in each parameter's gradient.
  public func backward(_ outputGradient: Matrix<T>) {
    var g = outputGradient
    for layer in layers.reversed() { g = layer.backward(g) }
  }
}
