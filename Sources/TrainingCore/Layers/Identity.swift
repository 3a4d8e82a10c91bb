/// f(x) = x: the "no activation" of an output layer, and a control in experiments.
public final class Identity<T: Scalar>: ElementwiseActivation<T> {
  public override var name: String { "identity" }

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    let (x, y, n) = beginForward(xMatrix)
    for i in 0..<n { y[i] = x[i] }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    let (_, _, dy, dx, n) = beginBackward(dyMatrix)
    for i in 0..<n { dx[i] = dy[i] * (1) }
    return inputGradient
  }
}

/// `Identity` in a network spec.
public struct IdentitySpec: ActivationKind, PlainKind {
  public static let codingKey = "identity"
  public static let names = ["identity", "linear", "none"]
  public init() {}
  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { Identity<T>(width: width) }
}

extension ActivationSpec {
  public static let identity = ActivationSpec(IdentitySpec())
}
