/// Layer normalization (Ba et al. 2016): each row normalized over its own units, then a per-unit affine.
///
///     mean_i = Σ_j x_ij / n      var_i = Σ_j (x_ij − mean_i)² / n     (biased, over the n = width units)
///     xhat_ij = (x_ij − mean_i) / sqrt(var_i + epsilon)
///     y_ij = gamma_j xhat_ij + beta_j
///
/// No statistic crosses rows, so an example's output does not depend on the rest of its batch, and the
/// training and inference phases compute the same thing (no running statistics). The affine is
/// elementwise over units, as PyTorch's `LayerNorm(width)`; gamma starts at 1, beta at 0.
///
/// References: Ba, Kiros & Hinton 2016, "Layer Normalization", eq. 4.
public final class LayerNorm<T: Scalar>: Layer {
  public let width: Int
  public var inputWidth: Int { width }
  public var outputWidth: Int { width }
  public let epsilon: T
  /// gamma, (1, width): the learned scale.
  public let gamma: Parameter<T>
  /// beta, (1, width): the learned shift.
  public let beta: Parameter<T>
  public var computesInputGradient = true
  public var name: String { "layer-norm(\(width))" }
  public var parameters: [Parameter<T>] { [gamma, beta] }

  private var output = Matrix<T>(rows: 0, columns: 0)         // y: (batch, width)
  private var inputGradient = Matrix<T>(rows: 0, columns: 0)  // dx: (batch, width)
  private var normalized = Matrix<T>(rows: 0, columns: 0)     // xhat: (batch, width)
  private var inverseStd = Matrix<T>(rows: 0, columns: 0)     // 1 / sqrt(var + eps): (batch, 1)

  /// - Parameters:
  ///   - width: the number of units each row is normalized over.
  ///   - epsilon: added to the variance before the square root.
  public init(width: Int, epsilon: T = 1e-5) {
    precondition(width > 0, "layer norm needs a positive width")
    self.width = width
    self.epsilon = epsilon
    gamma = Parameter(name: "gamma", rows: 1, columns: width, decays: false)
    beta = Parameter(name: "beta", rows: 1, columns: width, decays: false)
    gamma.value.fill(1)
  }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: width)
    inputGradient = Matrix(rows: batchSize, columns: width)
    normalized = Matrix(rows: batchSize, columns: width)
    inverseStd = Matrix(rows: batchSize, columns: 1)
  }

  /// Two passes per row (mean, then squared deviations), never E[x²] − E[x]².
  @_specialize(where T == Float)
  public func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    // x, xhat, y: (batch, width)   inverseStd: (batch, 1)   gamma, beta: (1, width)
    precondition(xMatrix.columns == width, "\(name) got \(xMatrix.columns) columns")
    let rows = xMatrix.rows, n = width
    output.rows = rows
    normalized.rows = rows
    inverseStd.rows = rows
    let x = xMatrix.storage, xhat = normalized.storage, y = output.storage, invStd = inverseStd.storage
    let g = gamma.value.storage, b = beta.value.storage
    for row in 0..<rows {
      let xRow = x + row * n, xhatRow = xhat + row * n, yRow = y + row * n
      var sum = T.zero
      for j in 0..<n { sum += xRow[j] }
      let mean = sum / T(n)
      var squares = T.zero
      for j in 0..<n { squares += (xRow[j] - mean) * (xRow[j] - mean) }
      invStd[row] = 1 / T.sqrt(squares / T(n) + epsilon)
      for j in 0..<n {
        xhatRow[j] = (xRow[j] - mean) * invStd[row]
        yRow[j] = g[j] * xhatRow[j] + b[j]
      }
    }
    return output
  }

  /// The three-term formula, per row, on dxhat = dy ⊙ gamma:
  ///
  ///     dx_ij = inverseStd_i / n · (n dxhat_ij − Σ_k dxhat_ik − xhat_ij Σ_k dxhat_ik xhat_ik)
  ///     dgamma_j = Σ_i dy_ij xhat_ij      dbeta_j = Σ_i dy_ij
  @_specialize(where T == Float)
  public func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    // dy, xhat, dx: (batch, width)   inverseStd: (batch, 1)   gamma, dgamma, dbeta: (1, width)
    precondition(dyMatrix.rows == normalized.rows, "\(name).backward: dy rows differ from the forward's")
    let rows = dyMatrix.rows, n = width
    let dy = dyMatrix.storage, xhat = normalized.storage, invStd = inverseStd.storage
    let g = gamma.value.storage, dgamma = gamma.gradient.storage, dbeta = beta.gradient.storage
    dgamma.update(repeating: 0, count: n)
    dbeta.update(repeating: 0, count: n)
    for row in 0..<rows {
      let dyRow = dy + row * n, xhatRow = xhat + row * n
      for j in 0..<n {
        dbeta[j] += dyRow[j]
        dgamma[j] += dyRow[j] * xhatRow[j]
      }
    }
    guard computesInputGradient else { return dyMatrix }
    inputGradient.rows = rows
    let dx = inputGradient.storage, count = T(n)
    for row in 0..<rows {
      let dyRow = dy + row * n, xhatRow = xhat + row * n, dxRow = dx + row * n
      var sumDxhat = T.zero, sumDxhatXhat = T.zero
      for j in 0..<n {
        sumDxhat += dyRow[j] * g[j]
        sumDxhatXhat += dyRow[j] * g[j] * xhatRow[j]
      }
      for j in 0..<n {
        dxRow[j] = invStd[row] / count * (count * dyRow[j] * g[j] - sumDxhat - xhatRow[j] * sumDxhatXhat)
      }
    }
    return inputGradient
  }
}
