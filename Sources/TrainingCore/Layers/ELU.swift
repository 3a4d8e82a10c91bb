/// Exponential linear unit (Clevert et al. 2015): x for x > 0, alpha(e^x - 1) otherwise; f' = y + alpha
/// on the negative side. Mean activations near zero without a normalization layer.
public final class ELU<T: Scalar>: ElementwiseActivation<T> {
  public let alpha: T
  public init(width: Int, alpha: T = 1) {
    self.alpha = alpha
    super.init(width: width)
  }
  public override var name: String { "elu(\(alpha))" }

  @_specialize(where T == Float)
  public override func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    let (x, y, n) = beginForward(xMatrix)
    for i in 0..<n { y[i] = x[i] > 0 ? x[i] : alpha * (T.exp(x[i]) - 1) }
    return output
  }

  @_specialize(where T == Float)
  public override func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    let (x, y, dy, dx, n) = beginBackward(dyMatrix)
    for i in 0..<n { dx[i] = dy[i] * (x[i] > 0 ? 1 : y[i] + alpha) }
    return inputGradient
  }
}

/// `ELU` in a network spec: `elu` (alpha 1, the paper's), or `elu:<alpha>`.
public struct ELUSpec: ActivationKind {
  public static let codingKey = "elu"
  public static let spellings = ["elu[:alpha]"]
  public let alpha: Double

  public init(alpha: Double = 1) { self.alpha = alpha }

  public init?(name: String, argument: Double?) throws {
    guard ["elu"].contains(name) else { return nil }
    self.init(alpha: argument ?? 1)
  }

  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { ELU<T>(width: width, alpha: T(alpha)) }

  public var description: String { alpha == 1 ? "elu" : "elu:\(alpha)" }
}

extension ActivationSpec {
  public static func elu(alpha: Double) -> ActivationSpec { ActivationSpec(ELUSpec(alpha: alpha)) }
}
