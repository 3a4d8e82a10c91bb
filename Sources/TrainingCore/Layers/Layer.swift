/// Whether a forward pass is part of training (batch statistics, dropout on) or of evaluation.
public enum Phase: Sendable { case training, inference }

/// A learned tensor and the gradient of the loss with respect to it.
public final class Parameter<T: Scalar> {
  public let name: String
  public let value: Matrix<T>
  public let gradient: Matrix<T>
  /// Whether weight decay (L2 or decoupled) applies: weights yes; biases and normalization scales and
  /// shifts no, following the usual practice (and PyTorch's examples) so that decay does not fight
  /// BatchNorm's gamma.
  public let decays: Bool

  public init(name: String, rows: Int, columns: Int, decays: Bool) {
    self.name = name
    self.value = Matrix(rows: rows, columns: columns)
    self.gradient = Matrix(rows: rows, columns: columns)
    self.decays = decays
  }

}

/// A layer of a feed-forward network: forward, backward and its parameters, nothing else.
///
/// Contract:
/// - `reserve(batchSize:)` allocates every buffer the layer needs for batches of up to that many rows.
///   It is the only place a layer allocates; `forward` and `backward` reuse those buffers.
/// - `forward` returns the layer's own output matrix (valid until the next forward) and remembers what
///   `backward` needs.
/// - `backward(dy)` takes dL/dy for the last forward, *overwrites* each parameter's `gradient` with dL/dθ
///   and returns dL/dx (the layer's own buffer). When `computesInputGradient` is false (the first layer of
///   a network) it may skip dL/dx and return `dy`.
public protocol Layer<T>: AnyObject {
  associatedtype T: Scalar
  /// A short description, e.g. "dense(784->256)" or "relu".
  var name: String { get }
  var inputWidth: Int { get }
  var outputWidth: Int { get }
  var parameters: [Parameter<T>] { get }
  var computesInputGradient: Bool { get set }
  func reserve(batchSize: Int)
  func forward(_ x: Matrix<T>, phase: Phase) -> Matrix<T>
  func backward(_ dy: Matrix<T>) -> Matrix<T>
}

extension Layer {
  public var parameters: [Parameter<T>] { [] }
}

/// A layer that can run rows `start ..< start + count` of a batch in the buffers of another layer of its
/// kind, so that two threads each running half a batch through their own layers fill one full-batch
/// matrix per activation and gradient (what `Dense.weightGradient(units:rows:)` reads). The layer keeps
/// whatever else is its own (a dropout mask).
protocol BatchRowsLayer<T>: Layer {
  /// Replaces `reserve(batchSize:)`: this layer's outputs and input gradients become views of `other`'s.
  func reserve(rows start: Int, count: Int, of other: any Layer<T>)
}
