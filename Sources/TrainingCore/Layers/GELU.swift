/// Gaussian error linear unit, exact form f(x) = x Φ(x) = x/2 (1 + erf(x/√2)) (Hendrycks & Gimpel 2016; PyTorch's
/// default, not the tanh approximation); f' = Φ(x) + x φ(x).
public final class GELU<T: Scalar>: ElementwiseActivation<T> {
  public override var name: String { "gelu" }

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    let (x, y, n) = beginForward(xMatrix)
    for i in 0..<n { y[i] = x[i] * T(0.5) * (1 + T.erf(x[i] * T(0.70710678118654752440))) }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    let (x, _, dy, dx, n) = beginBackward(dyMatrix)
    for i in 0..<n { dx[i] = dy[i] * (T(0.5) * (1 + T.erf(x[i] * T(0.70710678118654752440))) + x[i] * T(0.39894228040143267794) * T.exp(-x[i] * x[i] / 2)) }
    return inputGradient
  }
}

/// `GELU` in a network spec.
public struct GELUSpec: ActivationKind, PlainKind {
  public static let codingKey = "gelu"
  public static let names = ["gelu"]
  public init() {}
  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { GELU<T>(width: width) }
}

extension ActivationSpec {
  public static let gelu = ActivationSpec(GELUSpec())
}
