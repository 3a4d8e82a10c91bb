/// Piecewise-linear sigmoid, f(x) = clamp(x/6 + 1/2, 0, 1): PyTorch's `Hardsigmoid` (Keras 3 uses the same;
/// Keras 2 used 0.2x + 0.5). Slope 1/6 inside (-3, 3), 0 outside.
public final class HardSigmoid<T: Scalar>: ElementwiseActivation<T> {
  public override var name: String { "hard-sigmoid" }

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    let (x, y, n) = beginForward(xMatrix)
    for i in 0..<n { y[i] = min(1, max(0, x[i] / 6 + T(0.5))) }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    let (x, _, dy, dx, n) = beginBackward(dyMatrix)
    for i in 0..<n { dx[i] = dy[i] * ((x[i] > -3 && x[i] < 3) ? 1 / T(6) : 0) }
    return inputGradient
  }
}

/// `HardSigmoid` in a network spec.
public struct HardSigmoidSpec: ActivationKind, PlainKind {
  public static let codingKey = "hardSigmoid"
  public static let names = ["hard-sigmoid"]
  public init() {}
  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { HardSigmoid<T>(width: width) }
}

extension ActivationSpec {
  public static let hardSigmoid = ActivationSpec(HardSigmoidSpec())
}
