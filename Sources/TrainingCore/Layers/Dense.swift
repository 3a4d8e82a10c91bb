/// A fully connected layer: y = x Wᵀ + b.
///
///     x: (batch, in)   W: (out, in)   b: (1, out)   y: (batch, out)
///
/// W is stored (out, in) as in PyTorch, so each row holds one unit's incoming weights. All three products
/// run on BLAS with transpose flags; nothing is copied. A layer built with `bias: false` computes y = x Wᵀ
/// and has no bias parameter at all (nothing for an optimizer to update, nothing for decay to skip).
public final class Dense<T: Scalar>: BatchRowsLayer {
  public let inputWidth: Int
  public let outputWidth: Int
  public private(set) var weight: Parameter<T>
  /// Nil for a layer without bias.
  public private(set) var bias: Parameter<T>?
  public var computesInputGradient = true
  public var name: String { "dense(\(inputWidth)->\(outputWidth))" }
  public var parameters: [Parameter<T>] { bias.map { [weight, $0] } ?? [weight] }

  private(set) var output = Matrix<T>(rows: 0, columns: 0)
  private var inputGradient = Matrix<T>(rows: 0, columns: 0)
  private unowned(unsafe) var input: Matrix<T>? = nil

  /// Weights and bias start at zero: a `Network` runs its initializer over them.
  public init(_ inputWidth: Int, _ outputWidth: Int, bias hasBias: Bool = true) {
    precondition(inputWidth > 0 && outputWidth > 0, "dense layer needs positive widths")
    self.inputWidth = inputWidth
    self.outputWidth = outputWidth
    weight = Parameter(name: "weight", rows: outputWidth, columns: inputWidth, decays: true)
    bias = hasBias ? Parameter(name: "bias", rows: 1, columns: outputWidth, decays: false) : nil
  }

  /// With `true`, `backward` computes only dx and remembers dy; `weightGradient(units:rows:)` computes dW
  /// and db later. A data-parallel step sets it: each thread back-propagates its half of the batch, then
  /// each computes the weight gradient of half the units over the whole batch (see `DataParallelReplica`).
  public var defersWeightGradient = false
  /// Where `weightGradient(units:rows:folding:)` folds this layer's gradients: its weight's state, and its
  /// bias's when it has a bias.
  typealias GradientFolds = (weight: GradientFold<T>, bias: GradientFold<T>?)
  private unowned(unsafe) var outputGradient: Matrix<T>? = nil

  /// Makes this layer use `other`'s weight and bias (the same parameters): a data-parallel replica runs
  /// half of each batch on the main network's weights.
  func shareParameters(with other: Dense<T>) {
    precondition(other.inputWidth == inputWidth && other.outputWidth == outputWidth, "replica widths differ")
    weight = other.weight
    bias = other.bias
  }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: outputWidth)
    inputGradient = Matrix(rows: batchSize, columns: inputWidth)
  }

  func reserve(rows start: Int, count: Int, of other: any Layer<T>) {
    guard let other = other as? Dense<T> else { preconditionFailure("\(name) cannot continue \(other.name)") }
    output = Matrix(viewingRowsOf: other.output, start: start, count: count)
    inputGradient = Matrix(viewingRowsOf: other.inputGradient, start: start, count: count)
  }

  @_specialize(where T == Float)
  public func forward(_ x: Matrix<T>, phase: Phase) -> Matrix<T> {
    beginForward(x)
    forward(units: 0..<outputWidth)  // y = x Wᵀ + b
    return output
  }

  /// The forward pass of output units `units` only, for every row of the remembered x:
  ///
  ///     y[:, units] = x W[units, :]ᵀ + b[units]
  ///
  /// `forward` calls it for every unit. A data-parallel step runs the first layer this way, each thread one
  /// share of the units over the whole batch, so that each thread reads only the weights it later updates:
  /// a weight row read by both cores and then written by one costs a cross-core invalidation per cache
  /// line, which measured 4x slower updates. Call `beginForward(x)` once before the threads start.
  ///
  /// `x` given here overrides the remembered one (same shape): a data-parallel epoch alternates two input
  /// buffers, and one thread must not re-point the layer while the other still reads the last batch.
  @_specialize(where T == Float)
  func forward(units: Range<Int>, input given: Matrix<T>? = nil) {
    guard let x = given ?? input else { preconditionFailure("Dense.forward(units:) before beginForward") }
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

  /// Remembers `x` and sizes the output for `forward(units:)` calls on other threads.
  func beginForward(_ x: Matrix<T>) {
    precondition(x.columns == inputWidth && x.rows <= output.capacity, "\(name) cannot take a (\(x.rows), \(x.columns)) batch")
    input = x
    output.rows = x.rows
  }

  @_specialize(where T == Float)
  public func backward(_ dy: Matrix<T>) -> Matrix<T> {
    precondition(input != nil, "Dense.backward before forward")
    precondition(dy.columns == outputWidth, "\(name).backward got \(dy.columns) columns")
    outputGradient = dy
    if !defersWeightGradient { weightGradient(units: 0..<outputWidth, rows: dy.rows) }
    guard computesInputGradient else { return dy }
    gemm(dy, weight.value, into: inputGradient)  // dx = dy W
    return inputGradient
  }

  /// dW and db of output units `units` (rows of W, entries of b) over the first `rows` rows of the last
  /// forward's x and backward's dy:
  ///
  ///     dW[units, :] = dy[:, units]ᵀ x      db[units] = Σ_rows dy[:, units]
  ///
  /// `backward` calls it for every unit and the batch it saw. A data-parallel step calls it with a share of
  /// the units and the whole batch, whose second half the replica wrote in the rows that follow this
  /// layer's x and dy (the replica's buffers continue the main network's, `Network.reserve(rows:count:of:)`).
  ///
  /// With `folding`, the gradients go into an optimizer's states as `s = β·s + g` (see `GradientFold`):
  /// the weights' in the GEMM itself (β·C + A·B), never touching `weight.gradient`; the bias's after its
  /// sum in `bias.gradient` (one row, so that pass is cheap). `x` given here overrides the remembered one,
  /// as in `forward(units:input:)`.
  @_specialize(where T == Float)
  func weightGradient(units: Range<Int>, rows: Int, input given: Matrix<T>? = nil, folding fold: GradientFolds? = nil) {
    guard let x = given ?? input, let dy = outputGradient else { preconditionFailure("Dense.weightGradient before backward") }
    precondition(x.columns == inputWidth && x.capacity >= rows, "\(name) cannot take its weight gradient over \(rows) rows of a (\(x.rows), \(x.columns)) input")
    precondition(units.lowerBound >= 0 && units.upperBound <= outputWidth, "units \(units) outside 0..<\(outputWidth)")
    if let fold {
      precondition(fold.weight.state.count == weight.value.count && fold.bias?.state.count == bias?.value.count,
                   "\(name): a gradient fold's states do not match the weight and bias")
    }
    guard !units.isEmpty else { return }
    let offset = units.lowerBound * inputWidth
    let (dW, beta) = fold.map { ($0.weight.state.storage + offset, $0.weight.decay) } ?? (weight.gradient.storage + offset, 0)
    if rows == 0 {  // BLAS leaves C untouched when k == 0; the gradient of an empty batch is zero.
      if beta == 0 {
        dW.update(repeating: 0, count: units.count * inputWidth)
      } else {
        for i in 0..<(units.count * inputWidth) { dW[i] *= beta }
      }
    } else {
      T.gemm(transposeA: true, transposeB: false, m: units.count, n: inputWidth, k: rows,
             alpha: 1, a: dy.storage + units.lowerBound, lda: outputWidth,
             b: x.storage, ldb: inputWidth, beta: beta, c: dW, ldc: inputWidth)
    }
    if let bias {
      let db = bias.gradient.storage, g = dy.storage, n = outputWidth
      for j in units { db[j] = 0 }
      for row in 0..<rows {
        let gRow = g + row * n
        for j in units { db[j] += gRow[j] }
      }
      if let biasFold = fold?.bias {
        let s = biasFold.state.storage, decay = biasFold.decay
        for j in units { s[j] = decay * s[j] + db[j] }
      }
    }
  }
}
