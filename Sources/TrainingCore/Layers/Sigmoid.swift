/// The logistic sigmoid, f(x) = 1 / (1 + e^-x); f' = y(1 - y) <= 1/4, which is why deep sigmoid stacks
/// shrink their gradients layer by layer (the `sigmoid-depth` claim).
public final class Sigmoid<T: Scalar>: ElementwiseActivation<T> {
  public override var name: String { "sigmoid" }

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    let (x, y, n) = beginForward(xMatrix)
    for i in 0..<n { y[i] = 1 / (1 + T.exp(-x[i])) }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    let (_, y, dy, dx, n) = beginBackward(dyMatrix)
    for i in 0..<n { dx[i] = dy[i] * (y[i] * (1 - y[i])) }
    return inputGradient
  }
}

/// `Sigmoid` in a network spec.
public struct SigmoidSpec: ActivationKind, PlainKind {
  public static let codingKey = "sigmoid"
  public static let names = ["sigmoid", "logistic"]
  public init() {}
  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { Sigmoid<T>(width: width) }
}

extension ActivationSpec {
  public static let sigmoid = ActivationSpec(SigmoidSpec())
}
