/// f(x) = x for x > 0, alpha*x otherwise (Maas et al. 2013; alpha 0.01 by default, as in PyTorch).
public final class LeakyReLU<T: Scalar>: ElementwiseActivation<T> {
  public let alpha: T
  public init(width: Int, alpha: T = T(0.01)) {
    self.alpha = alpha
    super.init(width: width)
  }
  public override var name: String { "leaky-relu(\(alpha))" }

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    let (x, y, n) = beginForward(xMatrix)
    for i in 0..<n { y[i] = x[i] > 0 ? x[i] : alpha * x[i] }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    let (x, _, dy, dx, n) = beginBackward(dyMatrix)
    for i in 0..<n { dx[i] = dy[i] * (x[i] > 0 ? 1 : alpha) }
    return inputGradient
  }
}
