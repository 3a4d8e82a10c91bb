import Statistics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Labelled examples of a fixed width, held in memory: what the training loop batches from.
///
/// ```
/// features: (count, width) row-major Float    row i is example i
/// labels:   (count)        Int32 in 0..<classes
/// ```
/// A value type (copy-on-write arrays) and `Sendable`, so every (arm, seed) task can share one loaded copy.
/// It is not a data loader: per-epoch shuffling and batching belong to the training loop and its
/// "data-order" stream. Subsets and splits keep the original example order.
public struct Dataset: Sendable {
  public let features: [Float]
  public let labels: [Int32]
  /// Features per example: 784 for 28x28 images.
  public let width: Int
  public let classes: Int
  /// The μ and σ the features were standardized with, or nil if they were not standardized.
  public let standardization: Standardization?

  /// The number of examples.
  public var count: Int { labels.count }

  /// - Precondition: `features.count == labels.count * width`, and every label is in `0..<classes`.
  public init(features: [Float], labels: [Int32], width: Int, classes: Int,
              standardization: Standardization? = nil) {
    precondition(width > 0 && classes > 0, "a dataset needs a positive width and class count")
    precondition(features.count == labels.count * width,
                 "\(features.count) features do not make \(labels.count) rows of width \(width)")
    precondition(labels.allSatisfy { (0..<Int32(classes)).contains($0) }, "a label is outside 0..<\(classes)")
    self.features = features
    self.labels = labels
    self.width = width
    self.classes = classes
    self.standardization = standardization
  }

  /// How many examples each class has, indexed by label.
  public func classCounts() -> [Int] {
    var counts = [Int](repeating: 0, count: classes)
    for label in labels { counts[Int(label)] += 1 }
    return counts
  }

  /// The examples at `indices`, in that order (repeats allowed).
  ///
  /// - Precondition: every index is in `0..<count`.
  public func subset(indices: [Int]) -> Dataset {
    var rows = [Float](repeating: 0, count: indices.count * width)
    rows.withUnsafeMutableBufferPointer { rows in
      features.withUnsafeBufferPointer { features in
        for (row, index) in indices.enumerated() {
          precondition((0..<count).contains(index), "subset index \(index) is outside 0..<\(count)")
          memcpy(rows.baseAddress! + row * width, features.baseAddress! + index * width,
                 width * MemoryLayout<Float>.stride)
        }
      }
    }
    return Dataset(features: rows, labels: indices.map { labels[$0] }, width: width, classes: classes,
                   standardization: standardization)
  }

  /// `n` examples drawn at random without replacement, balanced across classes.
  ///
  /// Each class gets `n / classes` examples; the remainder `n % classes` goes one each to the lowest class
  /// ids. Within a class the choice is a partial Fisher-Yates shuffle driven by `stream`, so the same stream
  /// name gives the same subset. The result keeps the dataset's order.
  /// - Parameters:
  ///   - n: how many examples to keep, `0...count`.
  ///   - stream: the stream that chooses; name it for its purpose (e.g. "subset").
  /// - Throws: `DatasetError.tooFewExamples` if a class has fewer examples than its share.
  public func balancedSubset(count n: Int, stream: RandomStream) throws -> Dataset {
    subset(indices: try balancedIndices(count: n, stream: stream))
  }

  /// A seeded, class-balanced hold-out split: `validationCount` examples chosen as by `balancedSubset`
  /// become the validation set, and all the others the training set.
  ///
  /// - Parameters:
  ///   - validationCount: the size of the validation set, `0...count`.
  ///   - stream: the stream that chooses; name it for its purpose (e.g. "validation-split").
  /// - Throws: `DatasetError.tooFewExamples` if a class has fewer examples than its validation share.
  public func split(validationCount: Int, stream: RandomStream) throws -> (train: Dataset, validation: Dataset) {
    let (rest, validation) = try splitIndices(validationCount: validationCount, stream: stream)
    return (subset(indices: rest), subset(indices: validation))
  }

  /// The sorted indices of the examples `split` keeps for training, and of its validation set.
  private func splitIndices(validationCount: Int, stream: RandomStream) throws -> (rest: [Int], validation: [Int]) {
    let validation = try balancedIndices(count: validationCount, stream: stream)
    var isValidation = [Bool](repeating: false, count: count)
    for index in validation { isValidation[index] = true }
    return ((0..<count).filter { !isValidation[$0] }, validation)
  }

  /// `split(validationCount:stream:)`, then `balancedSubset(count: trainCount, stream: subsetStream)` of its
  /// training part — the same two datasets, without first copying the whole training part (60,000 images
  /// would be 185 MB per run).
  public func split(validationCount: Int, stream: RandomStream, trainCount: Int,
                    subsetStream: RandomStream) throws -> (train: Dataset, validation: Dataset) {
    let (rest, validation) = try splitIndices(validationCount: validationCount, stream: stream)
    let chosen = try Dataset.balancedIndices(labels: rest.map { labels[$0] }, classes: classes, count: trainCount,
                                             stream: subsetStream)
    return (subset(indices: chosen.map { rest[$0] }), subset(indices: validation))
  }

  /// The sorted indices of a balanced random subset (see `balancedSubset`).
  private func balancedIndices(count n: Int, stream: RandomStream) throws -> [Int] {
    try Dataset.balancedIndices(labels: labels, classes: classes, count: n, stream: stream)
  }

  /// The sorted indices of a balanced random subset of examples with these labels.
  private static func balancedIndices(labels: [Int32], classes: Int, count n: Int,
                                      stream: RandomStream) throws -> [Int] {
    precondition(n >= 0, "a subset needs a non-negative count, not \(n)")
    var byClass = [[Int]](repeating: [], count: classes)
    for (index, label) in labels.enumerated() { byClass[Int(label)].append(index) }

    var chosen: [Int] = []
    // Never more than the dataset holds: a huge `n` must reach the tooFewExamples error below, not
    // fail to allocate here.
    chosen.reserveCapacity(min(n, labels.count))
    for label in 0..<classes {
      let needed = n / classes + (label < n % classes ? 1 : 0)
      var candidates = byClass[label]
      guard needed <= candidates.count else {
        throw DatasetError.tooFewExamples(label: label, needed: needed, available: candidates.count)
      }
      // Partial Fisher-Yates: after step i, candidates[0...i] is a uniform sample without replacement.
      for i in 0..<needed {
        candidates.swapAt(i, i + stream.integer(below: candidates.count - i))
      }
      chosen += candidates[..<needed]
    }
    return chosen.sorted()
  }
}
