/// Hyperbolic tangent: zero-centred, f' = 1 - y^2 <= 1.
public final class Tanh<T: Scalar>: ElementwiseActivation<T> {
  public override var name: String { "tanh" }

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    let (x, y, n) = beginForward(xMatrix)
    for i in 0..<n { y[i] = T.tanh(x[i]) }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    let (_, y, dy, dx, n) = beginBackward(dyMatrix)
    for i in 0..<n { dx[i] = dy[i] * (1 - y[i] * y[i]) }
    return inputGradient
  }
}

/// `Tanh` in a network spec.
public struct TanhSpec: ActivationKind, PlainKind {
  public static let codingKey = "tanh"
  public static let names = ["tanh"]
  public init() {}
  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { Tanh<T>(width: width) }
}

extension ActivationSpec {
  public static let tanh = ActivationSpec(TanhSpec())
}
