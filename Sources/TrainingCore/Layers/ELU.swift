/// Exponential linear unit (Clevert et al. 2015): x for x > 0, alpha(e^x - 1) otherwise; f' = y + alpha
/// on the negative side. Mean activations near zero without a normalization layer.
public final class ELU<T: Scalar>: ElementwiseActivation<T> {
  public let alpha: T
  public init(width: Int, alpha: T = 1) {
    self.alpha = alpha
    super.init(width: width)
  }
  public override var name: String { "elu(\(alpha))" }

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    let (x, y, n) = beginForward(xMatrix)
    for i in 0..<n { y[i] = x[i] > 0 ? x[i] : alpha * (T.exp(x[i]) - 1) }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    let (x, y, dy, dx, n) = beginBackward(dyMatrix)
    for i in 0..<n { dx[i] = dy[i] * (x[i] > 0 ? 1 : y[i] + alpha) }
    return inputGradient
  }
}
