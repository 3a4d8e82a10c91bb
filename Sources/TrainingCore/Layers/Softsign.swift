/// f(x) = x / (1 + |x|): tanh-shaped with polynomial tails (Glorot & Bengio 2010 compare it to tanh).
public final class Softsign<T: Scalar>: ElementwiseActivation<T> {
  public override var name: String { "softsign" }

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    let (x, y, n) = beginForward(xMatrix)
    for i in 0..<n { y[i] = x[i] / (1 + abs(x[i])) }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    let (x, _, dy, dx, n) = beginBackward(dyMatrix)
    for i in 0..<n { dx[i] = dy[i] * (1 / ((1 + abs(x[i])) * (1 + abs(x[i])))) }
    return inputGradient
  }
}

/// `Softsign` in a network spec.
public struct SoftsignSpec: ActivationKind, PlainKind {
  public static let codingKey = "softsign"
  public static let names = ["softsign"]
  public init() {}
  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { Softsign<T>(width: width) }
}

extension ActivationSpec {
  public static let softsign = ActivationSpec(SoftsignSpec())
}
