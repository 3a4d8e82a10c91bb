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

  /// A parameter with the same value storage as `other` and a gradient of its own (data-parallel replicas).
  public init(sharingValueOf other: Parameter<T>) {
    name = other.name
    value = other.value
    gradient = Matrix(rows: other.value.rows, columns: other.value.columns)
    decays = other.decays
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
