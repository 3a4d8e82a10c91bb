/// A fully connected layer: y = x Wᵀ + b.
///
///     x: (batch, in)   W: (out, in)   b: (1, out)   y: (batch, out)
///
/// W is stored (out, in) as in PyTorch, so each row holds one unit's incoming weights. All three products
/// run on BLAS with transpose flags; nothing is copied. A layer built with `bias: false` computes y = x Wᵀ
/// and has no bias parameter at all (nothing for an optimizer to update, nothing for decay to skip).
public final class Dense<T: Scalar>: Layer {
  public let inputWidth: Int
  public let outputWidth: Int
  /// `internal(set)` so that a data-parallel replica can share the main network's (`Parallel/`).
  public internal(set) var weight: Parameter<T>
  /// Nil for a layer without bias.
  public internal(set) var bias: Parameter<T>?
  public var computesInputGradient = true
  public var name: String { "dense(\(inputWidth)->\(outputWidth))" }
  public var parameters: [Parameter<T>] { bias.map { [weight, $0] } ?? [weight] }

  var output = Matrix<T>(rows: 0, columns: 0)         // y: (batch, out)
  var inputGradient = Matrix<T>(rows: 0, columns: 0)  // dx: (batch, in)
  private unowned(unsafe) var input: Matrix<T>? = nil  // x of the last forward (the previous layer's)

  /// Weights and bias start at zero: a `Network` runs its initializer over them.
  public init(_ inputWidth: Int, _ outputWidth: Int, bias hasBias: Bool = true) {
    precondition(inputWidth > 0 && outputWidth > 0, "dense layer needs positive widths")
    self.inputWidth = inputWidth
    self.outputWidth = outputWidth
    weight = Parameter(name: "weight", rows: outputWidth, columns: inputWidth, decays: true)
    bias = hasBias ? Parameter(name: "bias", rows: 1, columns: outputWidth, decays: false) : nil
  }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: outputWidth)
    inputGradient = Matrix(rows: batchSize, columns: inputWidth)
  }

  /// y = x Wᵀ + b
  @_specialize(where T == Float)
  public func forward(_ x: Matrix<T>, phase: Phase) -> Matrix<T> {
    precondition(x.columns == inputWidth && x.rows <= output.capacity, "\(name) cannot take a (\(x.rows), \(x.columns)) batch")
    input = x
    gemm(x, weight.value, transposeB: true, into: output)
    guard let bias else { return output }
    let b = bias.value.storage, n = outputWidth
    for row in 0..<x.rows {
      let yRow = output.storage + row * n
      for j in 0..<n { yRow[j] += b[j] }
    }
    return output
  }

  /// dW = dyᵀ x      db = Σ_rows dy      dx = dy W
  @_specialize(where T == Float)
  public func backward(_ dy: Matrix<T>) -> Matrix<T> {
    guard let x = input else { preconditionFailure("Dense.backward before forward") }
    precondition(dy.columns == outputWidth && dy.rows == x.rows, "\(name).backward got a (\(dy.rows), \(dy.columns)) gradient")
    gemm(dy, x, transposeA: true, into: weight.gradient)
    if let bias {
      let db = bias.gradient.storage, g = dy.storage, n = outputWidth
      for j in 0..<n { db[j] = 0 }
      for row in 0..<dy.rows {
        let gRow = g + row * n
        for j in 0..<n { db[j] += gRow[j] }
      }
    }
    guard computesInputGradient else { return dy }
    gemm(dy, weight.value, into: inputGradient)
    return inputGradient
  }
}
