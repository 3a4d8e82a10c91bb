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

  public convenience init(name: String, rows: Int, columns: Int, decays: Bool) {
    self.init(name: name, value: Matrix(rows: rows, columns: columns),
              gradient: Matrix(rows: rows, columns: columns), decays: decays)
  }

  /// A parameter over matrices that already exist (views of another parameter's elements, say).
  init(name: String, value: Matrix<T>, gradient: Matrix<T>, decays: Bool) {
    precondition(value.rows == gradient.rows && value.columns == gradient.columns,
                 "\(name): value and gradient shapes differ")
    self.name = name
    self.value = value
    self.gradient = gradient
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
