/// Rectified linear unit, f(x) = max(0, x). f'(0) is taken as 0, as in PyTorch.
///
/// In a conv block whose max-pool follows, the pool rectifies its taps itself (`MaxPool2D.rectifiesInput`)
/// and this layer passes x and dy through untouched (`isFusedIntoPool`, set by `Network`), so `output` is
/// not written then.
public final class ReLU<T: Scalar>: ElementwiseActivation<T> {
  public override var name: String { "relu" }
  /// Whether the max-pool after this layer computes it (see the type's comment).
  public internal(set) var isFusedIntoPool = false

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    if isFusedIntoPool { return xMatrix }
    let (x, y, n) = beginForward(xMatrix)
    for i in 0..<n { y[i] = max(0, x[i]) }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    if isFusedIntoPool { return dyMatrix }
    let (x, _, dy, dx, n) = beginBackward(dyMatrix)
    for i in 0..<n { dx[i] = dy[i] * (x[i] > 0 ? 1 : 0) }
    return inputGradient
  }
}

/// `ReLU` in a network spec.
public struct ReLUSpec: ActivationKind, PlainKind {
  public static let codingKey = "relu"
  public static let names = ["relu"]
  public init() {}
  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { ReLU<T>(width: width) }
}

extension ActivationSpec {
  public static let relu = ActivationSpec(ReLUSpec())
}
