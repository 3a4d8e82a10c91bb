import Statistics

/// Inverted dropout (Srivastava et al. 2014, with the rescaling moved from test time to training time).
///
///     training:   m_ij = 1 / (1 − p) with probability 1 − p, else 0      y = m ⊙ x      dx = m ⊙ dy
///     inference:  y = x                                                                 dx = dy
///
/// p is the probability of *dropping* a unit (PyTorch's and Keras' `p`/`rate`; the paper's p is the
/// probability of *keeping* one). Scaling kept units by 1/(1 − p) during training keeps E[y] = x, so
/// inference is the identity and the network needs no rescaling at test time.
///
/// Masks are reproducible: one raw 32-bit draw per element of x, in row-major order, from `stream`; a unit
/// is kept when that draw is below floor((1 − p) 2³²), so P(keep) is 1 − p to within 2⁻³² (`MaskDraws`).
/// To replay one mask across several forward passes (a gradient check), assign a fresh stream with the
/// same names before each pass, e.g. through `checkGradients(..., beforeEachForward:)`.
///
/// References: Srivastava et al. 2014, "Dropout: A Simple Way to Prevent Neural Networks from
/// Overfitting" (which scales the weights by the keep probability at test time instead; the inverted form
/// is what PyTorch and Keras implement).
public final class Dropout<T: Scalar>: Layer {
  public let width: Int
  public var inputWidth: Int { width }
  public var outputWidth: Int { width }
  /// The probability that a unit is dropped.
  public let dropRate: Double
  /// Where masks come from; name it for its purpose (`"dropout"`).
  public var stream: RandomStream
  public var computesInputGradient = true
  public var name: String { "dropout(\(dropRate))" }
  /// The multipliers of the last training forward, 0 or 1/(1 − p): (batch, width).
  public internal(set) var mask = Matrix<T>(rows: 0, columns: 0)

  var output = Matrix<T>(rows: 0, columns: 0)         // y: (batch, width)
  var inputGradient = Matrix<T>(rows: 0, columns: 0)  // dx: (batch, width)
  private let draws: MaskDraws
  private var lastPhase = Phase.inference

  /// - Parameters:
  ///   - width: the number of units.
  ///   - dropRate: p, the probability of dropping each unit.
  ///   - stream: the named stream masks are drawn from, one draw per element.
  /// - Precondition: 0 <= dropRate < 1 (p = 1 would scale by 1/0). A precondition, not a thrown error,
  ///   because a rate is fixed when a network is built; it cannot be tested without crashing the test run.
  public init(width: Int, dropRate: Double, stream: RandomStream) {
    precondition(width > 0, "dropout needs a positive width")
    precondition(dropRate >= 0 && dropRate < 1, "dropout rate \(dropRate) is outside [0, 1)")
    self.width = width
    self.dropRate = dropRate
    self.stream = stream
    draws = MaskDraws(dropRate: dropRate)
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
      output.copy(from: xMatrix)  // our own buffer, so the next layer never aliases the previous one's
      return output
    }
    output.rows = xMatrix.rows
    mask.rows = xMatrix.rows
    let x = xMatrix.storage, m = mask.storage, y = output.storage, count = xMatrix.count
    let scale = 1 / T(1 - dropRate), threshold = draws.keepThreshold
    draws.forEachBlock(count: count, from: stream) { start, draw, n in
      let m = m + start, x = x + start, y = y + start
      for i in 0..<n {
        m[i] = UInt64(draw[i]) < threshold ? scale : 0
        y[i] = m[i] * x[i]
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
    let dy = dyMatrix.storage, m = mask.storage, dx = inputGradient.storage
    for i in 0..<dyMatrix.count { dx[i] = m[i] * dy[i] }
    return inputGradient
  }
}
