// The layer kinds a data-parallel replica can be built from, and how each one runs its rows of a batch in
// another layer's buffers. Everything here is for `DataParallelReplica`; the layers themselves do not know.

/// A layer that can run rows `start ..< start + count` of a batch in the buffers of another layer of its
/// kind, so that two threads each running half a batch through their own layers fill one full-batch
/// matrix per activation and gradient (what the weight gradients of phase 3 read). The layer keeps
/// whatever else is its own (a dropout mask).
///
/// Dense layers, element-wise activations and dropout qualify. BatchNorm does not (its batch statistics
/// would change with half batches), nor LayerNorm or PReLU (their parameters are not split by units).
protocol BatchRowsLayer<T>: Layer {
  /// y of the last forward, with room for the whole batch: (capacity, outputWidth).
  var output: Matrix<T> { get }
  /// dL/dx of the last backward: (capacity, inputWidth).
  var inputGradient: Matrix<T> { get }
  /// Replaces `reserve(batchSize:)`: this layer's output and input gradient become views of `other`'s rows.
  func reserve(rows start: Int, count: Int, of other: any Layer<T>)
}

extension ElementwiseActivation: BatchRowsLayer {
  func reserve(rows start: Int, count: Int, of other: any Layer<T>) {
    guard let other = other as? ElementwiseActivation<T>, type(of: other) == type(of: self) else {
      preconditionFailure("\(name) cannot continue \(other.name)")
    }
    output = Matrix(viewingRowsOf: other.output, start: start, count: count)
    inputGradient = Matrix(viewingRowsOf: other.inputGradient, start: start, count: count)
  }
}

extension Dropout: BatchRowsLayer {
  func reserve(rows start: Int, count: Int, of other: any Layer<T>) {
    guard let other = other as? Dropout<T> else { preconditionFailure("\(name) cannot continue \(other.name)") }
    output = Matrix(viewingRowsOf: other.output, start: start, count: count)
    inputGradient = Matrix(viewingRowsOf: other.inputGradient, start: start, count: count)
    mask = Matrix(rows: count, columns: width)
  }
}

extension AlphaDropout: BatchRowsLayer {
  func reserve(rows start: Int, count: Int, of other: any Layer<T>) {
    guard let other = other as? AlphaDropout<T> else { preconditionFailure("\(name) cannot continue \(other.name)") }
    output = Matrix(viewingRowsOf: other.output, start: start, count: count)
    inputGradient = Matrix(viewingRowsOf: other.inputGradient, start: start, count: count)
    mask = Matrix(rows: count, columns: width)
  }
}

extension Network {
  /// Runs this network's batches in rows `start ..< start + count` of `main`'s buffers instead of its own.
  /// Both networks must come from the same spec, of `BatchRowsLayer`s only. Such a replica never runs its
  /// own `forward` (`DataParallelReplica` runs its layers), so its `batchCapacity` stays 0.
  func reserve(rows start: Int, count: Int, of main: Network<T>) {
    precondition(main.spec == spec && start + count <= main.batchCapacity, "cannot continue that network's rows")
    for (layer, mainLayer) in zip(layers, main.layers) {
      guard let layer = layer as? any BatchRowsLayer<T> else { preconditionFailure("\(layer.name) cannot share a batch") }
      layer.reserve(rows: start, count: count, of: mainLayer)
    }
  }
}
