import Statistics

/// Copies examples into a trainer's input buffers: training batches in a fresh seeded order each pass
/// (augmented if configured), evaluation batches in order.
///
/// Each pass visits a permutation of the training examples in batches of `batchSize`; a final partial
/// batch is dropped (so BatchNorm never sees a batch of 1 by accident, and every step has the same size).
/// A batch that is the whole training set is not shuffled: every order holds the same examples, and a
/// fixed order keeps a full-batch run's sums in one order.
final class BatchSource {
  let train: any ExampleSet
  let batchSize: Int
  /// Where batches are gathered: (capacity, width) features and their targets.
  let buffer: InputBuffer
  private(set) var order: [Int]
  private let shuffleStream: RandomStream
  private let augmenter: Augmenter?

  /// A batch's features and targets, rows in step.
  struct InputBuffer {
    let features: Matrix<Float>
    let targets: Targets
    init(capacity: Int, width: Int, targetWidth: Int) {
      features = Matrix(rows: capacity, columns: width)
      targets = Targets(capacity: capacity, width: targetWidth)
    }
    /// The rows in use, of the features and of the target vectors alike.
    var rows: Int {
      get { features.rows }
      nonmutating set {
        features.rows = newValue
        targets.values.rows = newValue
      }
    }
  }

  init(train: any ExampleSet, batchSize: Int, capacity: Int, targetWidth: Int, shuffle: RandomStream,
       augmenter: Augmenter?) {
    self.train = train
    self.batchSize = batchSize
    buffer = InputBuffer(capacity: capacity, width: train.width, targetWidth: targetWidth)
    order = Array(0..<train.count)
    shuffleStream = shuffle
    self.augmenter = augmenter
  }

  /// Mini-batches per pass over the training set.
  var stepsPerPass: Int { train.count / batchSize }

  /// Draws the next pass's order.
  func beginPass() {
    if batchSize < train.count { shuffleStream.shuffle(&order) }
  }

  /// Loads batch `step` of the current pass, augmented if configured.
  func loadTrainingBatch(_ step: Int) {
    buffer.rows = batchSize
    gatherTraining(rows: 0..<batchSize, ofBatch: step, into: buffer)
  }

  /// Rows `rows` of training batch `batch` of the current pass, into `buffer` (a data-parallel epoch
  /// gathers a batch in chunks of rows).
  func gatherTraining(rows: Range<Int>, ofBatch batch: Int, into buffer: InputBuffer) {
    order.withUnsafeBufferPointer { order in
      gather(train, rows: rows, into: buffer, augmenter: augmenter) { order[batch * batchSize + $0] }
    }
  }

  /// Loads examples `start ..< start + count` of `set` in order, unaugmented (evaluation).
  func load(_ set: any ExampleSet, start: Int, count: Int) {
    buffer.rows = count
    gather(set, rows: 0..<count, into: buffer, augmenter: nil) { start + $0 }
  }

  private func gather(_ set: any ExampleSet, rows: Range<Int>, into buffer: InputBuffer, augmenter: Augmenter?,
                      example: (Int) -> Int) {
    let width = set.width
    set.features.withUnsafeBufferPointer { features in
      for row in rows {
        let index = example(row)
        let source = features.baseAddress! + index * width, destination = buffer.features.storage + row * width
        if let augmenter {
          augmenter.augment(source, into: destination)
        } else {
          destination.update(from: source, count: width)
        }
        set.copyTarget(of: index, into: buffer.targets, row: row)
      }
    }
  }
}
