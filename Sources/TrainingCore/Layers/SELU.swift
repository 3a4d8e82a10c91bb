/// Scaled ELU (Klambauer et al. 2017): lambda * (x for x > 0, alpha(e^x - 1) otherwise), with the paper's
/// constants (eq. 14), which make zero mean and unit variance a fixed point under LeCun-normal init.
public final class SELU<T: Scalar>: ElementwiseActivation<T> {
  public static var alpha: T { T(1.6732632423543772848170429916717) }
  public static var lambda: T { T(1.0507009873554804934193349852946) }
  public override var name: String { "selu" }

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    let (x, y, n) = beginForward(xMatrix)
    let lambda = SELU.lambda, lambdaAlpha = SELU.lambda * SELU.alpha
    for i in 0..<n { y[i] = x[i] > 0 ? lambda * x[i] : lambdaAlpha * (T.exp(x[i]) - 1) }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    let (x, y, dy, dx, n) = beginBackward(dyMatrix)
    let lambda = SELU.lambda, lambdaAlpha = SELU.lambda * SELU.alpha
    for i in 0..<n { dx[i] = dy[i] * (x[i] > 0 ? lambda : y[i] + lambdaAlpha) }
    return inputGradient
  }
}

/// `SELU` in a network spec.
public struct SELUSpec: ActivationKind, PlainKind {
  public static let codingKey = "selu"
  public static let names = ["selu"]
  public init() {}
  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { SELU<T>(width: width) }
}

extension ActivationSpec {
  public static let selu = ActivationSpec(SELUSpec())
}
