/// Parametric ReLU (He et al. 2015): a ReLU whose negative slope is learned, one slope per unit.
///
///     y_ij = x_ij                if x_ij > 0
///            slope_j · x_ij      otherwise
///     dx_ij = dy_ij · (x_ij > 0 ? 1 : slope_j)
///     dslope_j = Σ_i dy_ij · x_ij  over the i with x_ij <= 0
///
/// Channel-wise (one slope per unit, the paper's main variant; PyTorch's default `PReLU()` shares a single
/// slope instead). The slope starts at 0.25 as in the paper and does not decay: the paper trains it
/// without weight decay, since decay pushes it toward 0 and PReLU toward ReLU. At x = 0 the slope side is
/// taken, matching `LeakyReLU`; a point of measure zero.
///
/// References: He, Zhang, Ren & Sun 2015, "Delving Deep into Rectifiers", section 2.1, eq. 1 and 4.
public final class PReLU<T: Scalar>: Layer {
  public let width: Int
  public var inputWidth: Int { width }
  public var outputWidth: Int { width }
  /// a_j in the paper (PyTorch's `weight`): (1, width).
  public let slope: Parameter<T>
  public var computesInputGradient = true
  public var name: String { "prelu(\(width))" }
  public var parameters: [Parameter<T>] { [slope] }

  private var output = Matrix<T>(rows: 0, columns: 0)         // y: (batch, width)
  private var inputGradient = Matrix<T>(rows: 0, columns: 0)  // dx: (batch, width)
  private unowned(unsafe) var input: Matrix<T>? = nil         // x of the last forward (the previous layer's)

  /// - Parameters:
  ///   - width: the number of units, each with its own slope.
  ///   - initialSlope: the value every slope starts at.
  public init(width: Int, initialSlope: T = 0.25) {
    precondition(width > 0, "prelu needs a positive width")
    self.width = width
    slope = Parameter(name: "slope", rows: 1, columns: width, decays: false)
    slope.value.fill(initialSlope)
  }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: width)
    inputGradient = Matrix(rows: batchSize, columns: width)
  }

  @_specialize(where T == Float)
  public func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    // x, y: (batch, width)   slope: (1, width)
    precondition(xMatrix.columns == width, "\(name) got \(xMatrix.columns) columns")
    input = xMatrix
    output.rows = xMatrix.rows
    let x = xMatrix.storage, y = output.storage, a = slope.value.storage, n = width
    for row in 0..<xMatrix.rows {
      let xRow = x + row * n, yRow = y + row * n
      for j in 0..<n { yRow[j] = xRow[j] > 0 ? xRow[j] : a[j] * xRow[j] }
    }
    return output
  }

  @_specialize(where T == Float)
  public func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    // x, dy, dx: (batch, width)   slope, dslope: (1, width)
    guard let xMatrix = input else { preconditionFailure("\(name).backward before forward") }
    let rows = dyMatrix.rows, n = width
    let x = xMatrix.storage, dy = dyMatrix.storage, a = slope.value.storage, da = slope.gradient.storage
    da.update(repeating: 0, count: n)
    for row in 0..<rows {
      let xRow = x + row * n, dyRow = dy + row * n
      for j in 0..<n { da[j] += xRow[j] > 0 ? 0 : dyRow[j] * xRow[j] }
    }
    guard computesInputGradient else { return dyMatrix }
    inputGradient.rows = rows
    let dx = inputGradient.storage
    for row in 0..<rows {
      let xRow = x + row * n, dyRow = dy + row * n, dxRow = dx + row * n
      for j in 0..<n { dxRow[j] = dyRow[j] * (xRow[j] > 0 ? 1 : a[j]) }
    }
    return inputGradient
  }
}

/// `PReLU` in a network spec.
public struct PReLUSpec: ActivationKind, PlainKind {
  public static let codingKey = "prelu"
  public static let names = ["prelu"]
  public init() {}
  public func makeLayer<T: Scalar>(width: Int, as: T.Type) -> any Layer<T> { PReLU<T>(width: width) }
}

extension ActivationSpec {
  public static let prelu = ActivationSpec(PReLUSpec())
}
