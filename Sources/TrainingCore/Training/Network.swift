import Statistics

/// A feed-forward network: a list of layers run forward in order and backward in reverse.
public final class Network<T: Scalar> {
  public let spec: NetworkSpec
  public let layers: [any Layer<T>]
  /// Every learned tensor, in layer order: what the optimizer updates.
  public let parameters: [Parameter<T>]
  public private(set) var batchCapacity = 0

  /// Builds the layers of `spec` and initializes every dense weight matrix with `spec.initializer`
  /// (biases start at zero). Dropout masks of layer i come from `dropout.child("layer-i")`. An output
  /// activation, if the spec has one, is the last layer (after the output Dense).
  public init(_ spec: NetworkSpec, initialization: RandomStream, dropout: RandomStream) {
    self.spec = spec
    var layers: [any Layer<T>] = []
    var width = spec.inputWidth
    if spec.inputDropout > 0 {
      layers.append(Dropout<T>(width: width, dropRate: spec.inputDropout, stream: dropout.child("input")))
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
    let initializer = spec.initializer.initializer
    for dense in denseLayers {
      initializer.initialize(dense.weight.value, fanIn: dense.inputWidth, fanOut: dense.outputWidth,
                             using: initialization)
    }
  }

  public var denseLayers: [Dense<T>] { layers.compactMap { $0 as? Dense<T> } }

  /// Allocates every layer's buffers for batches of up to `batchSize` rows: the only allocation a
  /// network makes after it is built.
  public func reserve(batchSize: Int) {
    guard batchSize != batchCapacity else { return }
    for layer in layers { layer.reserve(batchSize: batchSize) }
    batchCapacity = batchSize
  }

  /// Runs this network's batches in rows `start ..< start + count` of `main`'s buffers instead of its own
  /// (a data-parallel replica; see `BatchRowsLayer`). Both networks must come from the same spec.
  func reserve(rows start: Int, count: Int, of main: Network<T>) {
    precondition(main.spec == spec && start + count <= main.batchCapacity, "cannot continue that network's rows")
    for (layer, mainLayer) in zip(layers, main.layers) {
      guard let layer = layer as? any BatchRowsLayer<T> else { preconditionFailure("\(layer.name) cannot share a batch") }
      layer.reserve(rows: start, count: count, of: mainLayer)
    }
    batchCapacity = count
  }

  /// The logits for a batch (the last layer's own buffer).
  /// `fromLayer`: start at that layer, with `input` the previous layer's output (a data-parallel step runs
  /// the first layer itself).
  public func forward(_ input: Matrix<T>, phase: Phase, fromLayer first: Int = 0) -> Matrix<T> {
    precondition(input.rows <= batchCapacity, "batch of \(input.rows) exceeds reserved \(batchCapacity)")
    var x = input
    for layer in layers[first...] { x = layer.forward(x, phase: phase) }
    return x
  }

  /// Back-propagates dL/d(logits) through every layer, leaving dL/dθ in each parameter's gradient.
  /// `downToLayer`: stop after that layer and return the gradient it produced (dL/d(its input)).
  @discardableResult
  public func backward(_ outputGradient: Matrix<T>, downToLayer last: Int = 0) -> Matrix<T> {
    var g = outputGradient
    for layer in layers[last...].reversed() { g = layer.backward(g) }
    return g
  }
}
