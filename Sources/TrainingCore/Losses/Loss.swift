/// A loss over class labels: the network's last layer outputs one score per class (the logits).
///
/// `loss` returns the mean over the rows and, when `gradient` is given, writes dL/d(output) into it, already
/// divided by the number of rows, so the backward pass starts from the gradient of the mean.
public protocol ClassificationLoss: Sendable {
  var name: String { get }
  func loss<T: Scalar>(_ output: Matrix<T>, labels: UnsafePointer<Int32>, gradient: Matrix<T>?) -> T
}

/// A loss over real-valued targets of the same shape as the output.
public protocol RegressionLoss: Sendable {
  var name: String { get }
  func loss<T: Scalar>(_ output: Matrix<T>, targets: Matrix<T>, gradient: Matrix<T>?) -> T
}

/// Writes the softmax of `logits` row `row` into `probabilities` (may alias `logits`), subtracting the row
/// maximum first so exp never overflows. Returns log Σ exp(logits) for the row.
@inline(__always)
func softmaxRow<T: Scalar>(_ logits: UnsafePointer<T>, into probabilities: UnsafeMutablePointer<T>,
                           classes: Int) -> T {
  var maximum = logits[0]
  for k in 1..<classes where logits[k] > maximum { maximum = logits[k] }
  var sum = T.zero
  for k in 0..<classes {
    let e = T.exp(logits[k] - maximum)
    probabilities[k] = e
    sum += e
  }
  let inverse = 1 / sum
  for k in 0..<classes { probabilities[k] *= inverse }
  return maximum + T.log(sum)
}

/// How many rows have their largest output at the labelled class (ties go to the lowest index).
@_specialize(where T == Float)
public func countCorrect<T: Scalar>(_ output: Matrix<T>, labels: UnsafePointer<Int32>) -> Int {
  var correct = 0
  for row in 0..<output.rows {
    let o = output.storage + row * output.columns
    var best = 0
    for k in 1..<output.columns where o[k] > o[best] { best = k }
    if best == Int(labels[row]) { correct += 1 }
  }
  return correct
}
