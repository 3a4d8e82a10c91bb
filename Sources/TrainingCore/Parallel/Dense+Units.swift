// A dense layer's pieces of a data-parallel step: its forward pass and its weight gradient for a share of
// its output units, and a backward pass that leaves the weight gradient for later. Each computes exactly
// the matching part of `Dense.forward` / `Dense.backward` (tests check).
//
//     x: (batch, in)   W: (out, in)   b: (1, out)   y, dy: (batch, out)   dx: (batch, in)

extension Dense: BatchRowsLayer {
  func reserve(rows start: Int, count: Int, of other: any Layer<T>) {
    guard let other = other as? Dense<T> else { preconditionFailure("\(name) cannot continue \(other.name)") }
    output = Matrix(viewingRowsOf: other.output, start: start, count: count)
    inputGradient = Matrix(viewingRowsOf: other.inputGradient, start: start, count: count)
  }

  /// Makes this layer use `other`'s weight and bias (the same parameters): a data-parallel replica runs
  /// half of each batch on the main network's weights.
  func shareParameters(with other: Dense<T>) {
    precondition(other.inputWidth == inputWidth && other.outputWidth == outputWidth, "replica widths differ")
    weight = other.weight
    bias = other.bias
  }

  /// Sizes the output for `forward(units:input:)` calls on several threads (which must not all write
  /// `output.rows`).
  func beginForwardByUnits(rows: Int) {
    precondition(rows <= output.capacity, "\(name) cannot take a batch of \(rows) rows")
    output.rows = rows
  }

  /// The forward pass of output units `units` only, for every row of `x`:
  ///
  ///     y[:, units] = x W[units, :]ᵀ + b[units]
  ///
  /// A data-parallel step runs the first layer this way, each thread one share of the units over the
  /// whole batch, so that each thread reads only the weights it later updates: a weight row read by both
  /// cores and then written by one costs a cross-core invalidation per cache line.
  @_specialize(where T == Float)
  func forward(units: Range<Int>, input x: Matrix<T>) {
    precondition(x.columns == inputWidth && x.rows == output.rows, "\(name) was begun with \(output.rows) rows, got \(x.rows)")
    precondition(units.lowerBound >= 0 && units.upperBound <= outputWidth, "units \(units) outside 0..<\(outputWidth)")
    guard !units.isEmpty, x.rows > 0 else { return }
    let y = output.storage + units.lowerBound, n = outputWidth
    T.gemm(transposeA: false, transposeB: true, m: x.rows, n: units.count, k: inputWidth,
           alpha: 1, a: x.storage, lda: inputWidth, b: weight.value.storage + units.lowerBound * inputWidth,
           ldb: inputWidth, beta: 0, c: y, ldc: n)
    guard let bias else { return }
    let b = bias.value.storage
    for row in 0..<x.rows {
      let yRow = output.storage + row * n
      for j in units { yRow[j] += b[j] }
    }
  }

  /// `backward` without the weight gradient: dx = dy W for this layer's rows. Phase 3 computes dW and db
  /// over the whole batch, by units (`weightGradient(units:rows:input:outputGradient:)`).
  @_specialize(where T == Float)
  func inputGradientOnly(_ dy: Matrix<T>) -> Matrix<T> {
    precondition(dy.columns == outputWidth, "\(name).backward got \(dy.columns) columns")
    guard computesInputGradient else { return dy }
    gemm(dy, weight.value, into: inputGradient)
    return inputGradient
  }

  /// dW and db of output units `units` (rows of W, entries of b) over the first `rows` rows of `x` and `dy`:
  ///
  ///     dW[units, :] = dy[:, units]ᵀ x      db[units] = Σ_rows dy[:, units]
  ///
  /// A data-parallel step calls it with a share of the units and the whole batch, whose second half the
  /// replica wrote in the rows that follow the main network's (`Network.reserve(rows:count:of:)`), so `x`
  /// and `dy` are the main network's full-capacity buffers.
  @_specialize(where T == Float)
  func weightGradient(units: Range<Int>, rows: Int, input x: Matrix<T>, outputGradient dy: Matrix<T>) {
    precondition(x.columns == inputWidth && x.capacity >= rows && dy.columns == outputWidth && dy.capacity >= rows,
                 "\(name) cannot take its weight gradient over \(rows) rows of a (\(x.rows), \(x.columns)) input")
    precondition(units.lowerBound >= 0 && units.upperBound <= outputWidth, "units \(units) outside 0..<\(outputWidth)")
    guard !units.isEmpty else { return }
    let dW = weight.gradient.storage + units.lowerBound * inputWidth
    if rows == 0 {  // BLAS leaves C untouched when k == 0; the gradient of an empty batch is zero.
      dW.update(repeating: 0, count: units.count * inputWidth)
    } else {
      T.gemm(transposeA: true, transposeB: false, m: units.count, n: inputWidth, k: rows,
             alpha: 1, a: dy.storage + units.lowerBound, lda: outputWidth,
             b: x.storage, ldb: inputWidth, beta: 0, c: dW, ldc: inputWidth)
    }
    if let bias {
      let db = bias.gradient.storage, g = dy.storage, n = outputWidth
      for j in units { db[j] = 0 }
      for row in 0..<rows {
        let gRow = g + row * n
        for j in units { db[j] += gRow[j] }
      }
    }
  }
}
