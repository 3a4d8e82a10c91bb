import Datasets
import Statistics
import Testing
@testable import TrainingCore

/// `AugmentationSpec` / `Augmenter`: shifts with edge replication and horizontal flips on hand-made images,
/// determinism by stream, and the trainer's use of them (training batches only, labels untouched).
@Suite struct AugmentationTests {
  /// A 3x3 image with distinct pixels:  1 2 3 / 4 5 6 / 7 8 9.
  static let image: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]

  static func transformed(_ image: [Float], side: Int, dx: Int, dy: Int, flip: Bool) -> [Float] {
    var out = [Float](repeating: -1, count: image.count)
    image.withUnsafeBufferPointer { source in
      out.withUnsafeMutableBufferPointer {
        Augmenter.transform(source.baseAddress!, into: $0.baseAddress!, side: side, shiftX: dx, shiftY: dy, flip: flip)
      }
    }
    return out
  }

  @Test func zeroShiftWithoutFlipIsTheIdentity() {
    #expect(Self.transformed(Self.image, side: 3, dx: 0, dy: 0, flip: false) == Self.image)
  }

  /// Content moves right (dx > 0) or down (dy > 0); the vacated edge repeats the nearest edge pixel.
  @Test func shiftsMoveContentAndReplicateTheEdge() {
    #expect(Self.transformed(Self.image, side: 3, dx: 1, dy: 0, flip: false) == [1, 1, 2, 4, 4, 5, 7, 7, 8])
    #expect(Self.transformed(Self.image, side: 3, dx: -1, dy: 0, flip: false) == [2, 3, 3, 5, 6, 6, 8, 9, 9])
    #expect(Self.transformed(Self.image, side: 3, dx: 0, dy: 1, flip: false) == [1, 2, 3, 1, 2, 3, 4, 5, 6])
    #expect(Self.transformed(Self.image, side: 3, dx: 0, dy: -2, flip: false) == [7, 8, 9, 7, 8, 9, 7, 8, 9])
    #expect(Self.transformed(Self.image, side: 3, dx: 1, dy: -1, flip: false) == [4, 4, 5, 7, 7, 8, 7, 7, 8])
  }

  /// The flip mirrors left-right and is applied before the shift.
  @Test func flipMirrorsEachRow() {
    #expect(Self.transformed(Self.image, side: 3, dx: 0, dy: 0, flip: true) == [3, 2, 1, 6, 5, 4, 9, 8, 7])
    #expect(Self.transformed(Self.image, side: 3, dx: 1, dy: 0, flip: true) == [3, 3, 2, 6, 6, 5, 9, 9, 8])
  }

  /// A single bright pixel at the centre of a 7x7 image lands within `maxShift` of the centre, mirrored
  /// or not, and every one of the (2k + 1)² offsets occurs; about half the draws flip.
  @Test func drawsCoverEveryOffsetWithinTheMaximumShift() throws {
    let side = 7, k = 2
    var marked = [Float](repeating: 0, count: side * side)
    marked[3 * side + 2] = 1  // row 3, column 2: one left of centre, so a flip shows as column 4
    let augmenter = try Augmenter(AugmentationSpec(maxShift: k, horizontalFlip: true), inputWidth: side * side,
                                  stream: RandomStream("tests", "augmentation-cover"))
    var seen = Set<[Int]>(), flips = 0  // flips: draws that land where only a flip can put the pixel
    var out = [Float](repeating: 0, count: side * side)
    let draws = 4000
    for _ in 0..<draws {
      marked.withUnsafeBufferPointer { source in
        out.withUnsafeMutableBufferPointer { augmenter.augment(source.baseAddress!, into: $0.baseAddress!) }
      }
      let lit = try #require(out.firstIndex(of: 1))
      #expect(out.filter { $0 != 0 } == [1], "one pixel stays lit (no edge reached with k = 2)")
      let (row, column) = (lit / side, lit % side)
      // Unflipped the pixel lands in column 2 + dx ∈ 0…4; flipped it starts at column 4, so 4 + dx ∈ 2…6.
      #expect(abs(row - 3) <= k && (0...6).contains(column))
      seen.insert([row, column])
      if column > 4 { flips += 1 }
    }
    // Offsets: rows −2…2, columns 0…6 (2 ± 2 unflipped, 4 ± 2 flipped): 5 x 7 positions.
    #expect(seen.count == 35, "saw \(seen.count) of 35 positions")
    // Columns 5 and 6 are reachable only by a flip (4 + 1, 4 + 2): 2/5 of flipped draws, so ~20% overall.
    #expect(abs(Double(flips) / Double(draws) - 0.2) < 0.03, "flip-only columns in \(flips) of \(draws) draws")
  }

  @Test func sameStreamSameImagesOtherStreamOther() throws {
    let side = 28
    let stream = RandomStream("tests", "augmentation-image")
    let image = (0..<(side * side)).map { _ in Float(stream.gaussian()) }
    func run(_ name: String) throws -> [Float] {
      let augmenter = try Augmenter(AugmentationSpec(maxShift: 2, horizontalFlip: true), inputWidth: side * side,
                                    stream: RandomStream("tests", name))
      var all: [Float] = [], out = [Float](repeating: 0, count: side * side)
      for _ in 0..<20 {
        image.withUnsafeBufferPointer { source in
          out.withUnsafeMutableBufferPointer { augmenter.augment(source.baseAddress!, into: $0.baseAddress!) }
        }
        all += out
      }
      return all
    }
    #expect(try run("a") == run("a"))
    #expect(try run("a") != run("b"))
  }

  @Test func badSpecsAreRefused() {
    #expect(throws: ConfigurationError.self) { try AugmentationSpec(maxShift: 1, horizontalFlip: true).validate(inputWidth: 20) }
    #expect(throws: ConfigurationError.self) { try AugmentationSpec(maxShift: 28, horizontalFlip: false).validate(inputWidth: 784) }
    #expect(throws: ConfigurationError.self) { try AugmentationSpec(maxShift: -1, horizontalFlip: false).validate(inputWidth: 784) }
    #expect(throws: Never.self) { try AugmentationSpec(maxShift: 27, horizontalFlip: true).validate(inputWidth: 784) }
    var configuration = RunConfiguration(
      network: NetworkSpec(inputWidth: 20, hidden: [4], activation: .relu, initializer: .heNormal),
      optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 4, epochs: 1,
      augmentation: AugmentationSpec(maxShift: 1, horizontalFlip: false))
    #expect(throws: ConfigurationError.self) { try configuration.validate() }
    configuration.network.inputWidth = 16
    #expect(throws: Never.self) { try configuration.validate() }
  }

  /// Images whose every pixel equals their label stay constant under shifts (edge replication) and flips,
  /// so each gathered training row must still be constant and equal to its own label; evaluation sees
  /// unaugmented data, so it agrees with an identically initialized trainer without augmentation.
  @Test func trainerAugmentsTrainingBatchesOnlyAndKeepsLabels() throws {
    let side = 5, count = 60
    let labels = (0..<count).map { Int32($0 % 3) }
    let constant = Dataset(features: labels.flatMap { [Float](repeating: Float($0), count: side * side) },
                           labels: labels, width: side * side, classes: 3)
    var configuration = RunConfiguration(
      network: NetworkSpec(inputWidth: side * side, hidden: [6], outputWidth: 3, activation: .relu, initializer: .heNormal),
      optimizer: .sgd, schedule: .fixed(Fixed(base: 0.05)), batchSize: 12, epochs: 1,
      augmentation: AugmentationSpec(maxShift: 2, horizontalFlip: true))
    let streams = { RunStreams(experiment: "tests", arm: "augmentation", seed: 0) }
    let trainer = try Trainer(configuration: configuration, train: constant, test: constant, streams: streams())
    trainer.batches.loadTrainingBatch(0)
    let batch = trainer.currentBatch()
    for row in 0..<12 {
      let pixels = batch.features[(row * side * side)..<((row + 1) * side * side)]
      #expect(pixels.allSatisfy { $0 == Float(batch.labels[row]) }, "row \(row)")
    }
    // A varied image set: the augmented trainer's batch differs from the plain one, its evaluation does not.
    let stream = RandomStream("tests", "augmentation-varied")
    let varied = Dataset(features: (0..<(count * side * side)).map { _ in Float(stream.gaussian()) },
                         labels: labels, width: side * side, classes: 3)
    let augmented = try Trainer(configuration: configuration, train: varied, test: varied, streams: streams())
    configuration.augmentation = nil
    let plain = try Trainer(configuration: configuration, train: varied, test: varied, streams: streams())
    augmented.batches.loadTrainingBatch(0)
    plain.batches.loadTrainingBatch(0)
    #expect(augmented.currentBatch().labels == plain.currentBatch().labels)
    #expect(augmented.currentBatch().features != plain.currentBatch().features)
    let (a, b) = (augmented.evaluate(varied), plain.evaluate(varied))
    #expect(a.loss == b.loss && a.accuracy == b.accuracy)
  }
}
