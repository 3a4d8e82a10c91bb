/// Batch normalization (Ioffe & Szegedy 2015) of a (batch, width) matrix, unit by unit.
///
///     training:   mean_j = Σ_i x_ij / N      var_j = Σ_i (x_ij − mean_j)² / N     (biased)
///                 xhat_ij = (x_ij − mean_j) / sqrt(var_j + epsilon)
///                 y_ij = gamma_j xhat_ij + beta_j
///                 runningMean_j     = (1 − momentum) runningMean_j     + momentum mean_j
///                 runningVariance_j = (1 − momentum) runningVariance_j + momentum var_j · N / (N − 1)
///     inference:  the same y with runningMean, runningVariance in place of the batch statistics
///
/// Conventions, following PyTorch's `BatchNorm1d` so our numbers compare with its users': normalize with
/// the *biased* batch variance, but feed the *unbiased* one into the running variance; `momentum` weighs
/// the new batch (PyTorch's convention, the complement of TensorFlow's `decay`). Running statistics start
/// at mean 0, variance 1; gamma at 1, beta at 0 (a `Network`'s initializer touches only Dense weights).
///
/// A batch of one in training normalizes every unit to xhat = 0, so y = beta: that is the failure the
/// small-batch claim is about, so it is computed, not refused (PyTorch raises). N/(N − 1) is undefined
/// then, and the running variance is left unchanged; the running mean still moves.
///
/// Per channel, for convolutional layers (`positions` > 1): an NHWC batch of N rows of H W C values is, in
/// the same memory, an (N H W, C) matrix (`ImageShape`), and normalizing its C columns is BatchNorm over
/// channels with statistics over the batch and all positions, as PyTorch's `BatchNorm2d` (N above becomes
/// N H W, in the running variance's N/(N − 1) too). So this one layer serves both: it runs the formulas
/// above on `rows × positions` rows of `width` values.
///
/// References: Ioffe & Szegedy 2015, "Batch Normalization", Algorithm 1 and 2 (and section 3.2 for
/// convolutional layers: statistics per feature map, over the mini-batch and all locations).
public final class BatchNorm<T: Scalar>: Layer {
  /// The units (or channels) normalized, each on its own.
  public let width: Int
  /// The positions each example has per unit: 1 for a dense layer, H W for a feature map.
  public let positions: Int
  public var inputWidth: Int { width * positions }
  public var outputWidth: Int { width * positions }
  public let momentum: T
  public let epsilon: T
  /// The learned scale and shift, each (1, width).
  public let gamma: Parameter<T>, beta: Parameter<T>
  /// The statistics the inference phase normalizes with, each (1, width).
  public let runningMean: Matrix<T>, runningVariance: Matrix<T>
  public var computesInputGradient = true
  public var name: String { positions == 1 ? "batch-norm(\(width))" : "batch-norm(\(width) channels x \(positions) positions)" }
  public var parameters: [Parameter<T>] { [gamma, beta] }

  // Each (batch, width × positions); the comments below write "rows" for batch × positions.
  private var output = Matrix<T>(rows: 0, columns: 0)         // y
  private var inputGradient = Matrix<T>(rows: 0, columns: 0)  // dx
  private var normalized = Matrix<T>(rows: 0, columns: 0)     // xhat
  private let mean: Matrix<T>, inverseStd: Matrix<T>         // 1 / sqrt(var + eps); (1, width) each
  private var lastPhase = Phase.inference

  /// - Parameters:
  ///   - width: the number of units (channels) normalized, each on its own.
  ///   - positions: per example, how many values each unit has (H W of a feature map; 1 for dense).
  ///   - momentum: the weight of the current batch in the running statistics.
  ///   - epsilon: added to the variance before the square root.
  public init(width: Int, positions: Int = 1, momentum: T = 0.1, epsilon: T = 1e-5) {
    precondition(width > 0 && positions > 0, "batch norm needs a positive width and positions")
    precondition(momentum >= 0 && momentum <= 1, "batch norm momentum \(momentum) is outside [0, 1]")
    self.width = width
    self.positions = positions
    self.momentum = momentum
    self.epsilon = epsilon
    gamma = Parameter(name: "gamma", rows: 1, columns: width, decays: false)
    beta = Parameter(name: "beta", rows: 1, columns: width, decays: false)
    gamma.value.fill(1)
    (runningMean, runningVariance) = (Matrix(rows: 1, columns: width), Matrix(rows: 1, columns: width))
    runningVariance.fill(1)
    (mean, inverseStd) = (Matrix(rows: 1, columns: width), Matrix(rows: 1, columns: width))
  }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: inputWidth)
    inputGradient = Matrix(rows: batchSize, columns: inputWidth)
    normalized = Matrix(rows: batchSize, columns: inputWidth)
  }

  @_specialize(where T == Float)
  public func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    // x, xhat, y: (rows, width)   mean, inverseStd, gamma, beta: (1, width)
    precondition(xMatrix.columns == inputWidth, "\(name) got \(xMatrix.columns) columns")
    lastPhase = phase
    let rows = xMatrix.rows * positions, n = width
    output.rows = xMatrix.rows
    normalized.rows = xMatrix.rows
    let x = xMatrix.storage, xhat = normalized.storage, y = output.storage
    let mu = mean.storage, invStd = inverseStd.storage
    if phase == .training {
      computeBatchStatistics(x, rows: rows)
    } else {
      for j in 0..<n {
        mu[j] = runningMean.storage[j]
        invStd[j] = 1 / T.sqrt(runningVariance.storage[j] + epsilon)
      }
    }
    let g = gamma.value.storage, b = beta.value.storage
    for row in 0..<rows {
      let xRow = x + row * n, xhatRow = xhat + row * n, yRow = y + row * n
      for j in 0..<n {
        xhatRow[j] = (xRow[j] - mu[j]) * invStd[j]
        yRow[j] = g[j] * xhatRow[j] + b[j]
      }
    }
    return output
  }

  /// Two passes (mean, then squared deviations), never E[x²] − E[x]², which cancels catastrophically.
  /// Fills `mean` and `inverseStd` and moves the running statistics.
  @inline(__always)
  private func computeBatchStatistics(_ x: UnsafeMutablePointer<T>, rows: Int) {
    let n = width, mu = mean.storage, invStd = inverseStd.storage  // invStd holds Σ (x − mean)² first
    mu.update(repeating: 0, count: n)
    invStd.update(repeating: 0, count: n)
    for row in 0..<rows { for j in 0..<n { mu[j] += x[row * n + j] } }
    for j in 0..<n { mu[j] /= T(rows) }
    for row in 0..<rows { for j in 0..<n { invStd[j] += (x[row * n + j] - mu[j]) * (x[row * n + j] - mu[j]) } }
    let runMean = runningMean.storage, runVar = runningVariance.storage, m = momentum
    for j in 0..<n {
      let squares = invStd[j]
      runMean[j] = (1 - m) * runMean[j] + m * mu[j]
      if rows > 1 { runVar[j] = (1 - m) * runVar[j] + m * squares / T(rows - 1) }
      invStd[j] = 1 / T.sqrt(squares / T(rows) + epsilon)
    }
  }

  /// Training phase, through the batch statistics (the three-term formula):
  ///
  ///     dbeta_j  = Σ_i dy_ij        dgamma_j = Σ_i dy_ij xhat_ij
  ///     dx_ij    = gamma_j inverseStd_j / N · (N dy_ij − dbeta_j − xhat_ij dgamma_j)
  ///
  /// Inference phase, where the statistics are constants: dx_ij = gamma_j inverseStd_j dy_ij.
  @_specialize(where T == Float)
  public func backward(_ dyMatrix: Matrix<T>) -> Matrix<T> {
    // dy, xhat, dx: (rows, width)   gamma, inverseStd, dgamma, dbeta: (1, width)
    precondition(dyMatrix.rows == normalized.rows, "\(name).backward: dy rows differ from the forward's")
    let rows = dyMatrix.rows * positions, n = width
    let dy = dyMatrix.storage, xhat = normalized.storage
    let dgamma = gamma.gradient.storage, dbeta = beta.gradient.storage
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
    inputGradient.rows = dyMatrix.rows
    let dx = inputGradient.storage, g = gamma.value.storage, invStd = inverseStd.storage, count = T(rows)
    for row in 0..<rows {
      let dyRow = dy + row * n, xhatRow = xhat + row * n, dxRow = dx + row * n
      if lastPhase == .training {
        for j in 0..<n {
          dxRow[j] = g[j] * invStd[j] / count * (count * dyRow[j] - dbeta[j] - xhatRow[j] * dgamma[j])
        }
      } else {
        for j in 0..<n { dxRow[j] = g[j] * invStd[j] * dyRow[j] }
      }
    }
    return inputGradient
  }
}
