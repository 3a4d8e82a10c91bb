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

/// `LeakyReLU` in a network spec: `leaky-relu` (alpha 0.01, PyTorch's), or `leaky-relu:<alpha>`.
public struct LeakyReLUSpec: ActivationKind {
  public static let codingKey = "leakyReLU"
  public static let spellings = ["leaky-relu[:alpha]"]
  public let alpha: Double

  public init(alpha: Double = 0.01) { self.alpha = alpha }

  public init?(name: String, argument: Double?) throws {
    guard ["leaky-relu", "lrelu"].contains(name) else { return nil }
    self.init(alpha: argument ?? 0.01)
  }

  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { LeakyReLU<T>(width: width, alpha: T(alpha)) }

  public var description: String { alpha == 0.01 ? "leaky-relu" : "leaky-relu:\(alpha)" }
}

extension ActivationSpec {
  public static func leakyReLU(alpha: Double) -> ActivationSpec { ActivationSpec(LeakyReLUSpec(alpha: alpha)) }
}
