import Statistics

/// Alpha dropout (Klambauer et al. 2017): dropout that keeps SELU's zero mean and unit variance.
///
///     alpha' = −lambda · alpha                              (SELU's negative saturation value)
///     a = ((1 − p)(1 + p alpha'²))^(−1/2)      b = −a alpha' p
///     training:   k_ij = 1 with probability 1 − p, else 0
///                 y = a (k ⊙ x + (1 − k) alpha') + b        dx = a k ⊙ dy
///     inference:  y = x                                     dx = dy
///
/// Dropped units go to alpha', the value SELU tends to for very negative inputs, rather than to 0 (which
/// is SELU's mean, not its "off" value); a and b then restore mean 0 and variance 1 for inputs with mean 0
/// and variance 1: E[y] = a((1 − p)·0 + p alpha') + b = 0, Var[y] = a²((1 − p) + p(1 − p) alpha'²) = 1.
/// These are PyTorch's `AlphaDropout` formulas; p is the probability of *dropping* a unit.
///
/// Masks follow `Dropout`'s rules (`MaskDraws`): one raw 32-bit draw per element, in row-major order,
/// from `stream`; assign a fresh stream with the same names before each forward to replay a mask.
///
/// References: Klambauer et al. 2017, "Self-Normalizing Neural Networks", section "New Dropout Technique".
public final class AlphaDropout<T: Scalar>: Layer {
  public let width: Int
  public var inputWidth: Int { width }
  public var outputWidth: Int { width }
  /// The probability that a unit is dropped.
  public let dropRate: Double
  /// Where masks come from; name it for its purpose (`"dropout"`).
  public var stream: RandomStream
  public var computesInputGradient = true
  public var name: String { "alpha-dropout(\(dropRate))" }
  /// k of the last training forward, 1 (kept) or 0 (dropped): (batch, width).
  public internal(set) var mask = Matrix<T>(rows: 0, columns: 0)
  /// The affine a x + b applied after dropping.
  public let a: T
  public let b: T

  var output = Matrix<T>(rows: 0, columns: 0)         // y: (batch, width)
  var inputGradient = Matrix<T>(rows: 0, columns: 0)  // dx: (batch, width)
  private let draws: MaskDraws
  private var lastPhase = Phase.inference

  /// - Parameters:
  ///   - width: the number of units.
  ///   - dropRate: p, the probability of dropping each unit.
  ///   - stream: the named stream masks are drawn from, one draw per element.
  /// - Precondition: 0 <= dropRate < 1 (a is infinite at p = 1).
  public init(width: Int, dropRate: Double, stream: RandomStream) {
    precondition(width > 0, "alpha dropout needs a positive width")
    precondition(dropRate >= 0 && dropRate < 1, "alpha dropout rate \(dropRate) is outside [0, 1)")
    self.width = width
    self.dropRate = dropRate
    self.stream = stream
    draws = MaskDraws(dropRate: dropRate)
    let p = dropRate, alphaPrime = -Double(SELU<Double>.lambda * SELU<Double>.alpha)
    let aDouble = 1 / ((1 - p) * (1 + p * alphaPrime * alphaPrime)).squareRoot()
    a = T(aDouble)
    b = T(-aDouble * alphaPrime * p)
  }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: width)
    inputGradient = Matrix(rows: batchSize, columns: width)
    mask = Matrix(rows: batchSize, columns: width)
  }

  @_specialize(where T == Float)
  public func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    // x, mask, y: (batch, width)
    precondition(xMatrix.columns == width, "\(name) got \(xMatrix.columns) columns")
    lastPhase = phase
    guard phase == .training else {
      output.copy(from: xMatrix)
      return output
    }
    output.rows = xMatrix.rows
    mask.rows = xMatrix.rows
    let x = xMatrix.storage, k = mask.storage, y = output.storage, count = xMatrix.count
    let threshold = draws.keepThreshold, alphaPrime = -SELU<T>.lambda * SELU<T>.alpha, a = self.a, b = self.b
    draws.forEachBlock(count: count, from: stream) { start, draw, n in
      let k = k + start, x = x + start, y = y + start
      for i in 0..<n {
        k[i] = UInt64(draw[i]) < threshold ? 1 : 0
        y[i] = a * (k[i] * x[i] + (1 - k[i]) * alphaPrime) + b
      }
    }
    return output
  }

  @_specialize(where T == Float)
  public func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    // dy, mask, dx: (batch, width)
    guard computesInputGradient else { return dyMatrix }
    guard lastPhase == .training else {
      inputGradient.copy(from: dyMatrix)
      return inputGradient
    }
    precondition(dyMatrix.rows == mask.rows, "\(name).backward: dy rows differ from the forward's")
    inputGradient.rows = dyMatrix.rows
    let dy = dyMatrix.storage, k = mask.storage, dx = inputGradient.storage
    for i in 0..<dyMatrix.count { dx[i] = a * k[i] * dy[i] }
    return inputGradient
  }
}
