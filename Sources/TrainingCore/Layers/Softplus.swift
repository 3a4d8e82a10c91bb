/// f(x) = ln(1 + e^x), computed as max(x, 0) + ln(1 + e^-|x|) so it never overflows; f' = sigmoid(x).
public final class Softplus<T: Scalar>: ElementwiseActivation<T> {
  public override var name: String { "softplus" }

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    let (x, y, n) = beginForward(xMatrix)
    for i in 0..<n { y[i] = max(x[i], 0) + T.log1p(T.exp(-abs(x[i]))) }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    let (x, _, dy, dx, n) = beginBackward(dyMatrix)
    for i in 0..<n { dx[i] = dy[i] * (1 / (1 + T.exp(-x[i]))) }
    return inputGradient
  }
}

/// `Softplus` in a network spec.
public struct SoftplusSpec: ActivationKind, PlainKind {
  public static let codingKey = "softplus"
  public static let names = ["softplus"]
  public init() {}
  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { Softplus<T>(width: width) }
}

extension ActivationSpec {
  public static let softplus = ActivationSpec(SoftplusSpec())
}
