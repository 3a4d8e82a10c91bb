import Datasets
import Statistics
import Testing

@Suite struct DatasetTests {
  /// 50 examples of width 3 in 5 classes (label i mod 5); row i holds 10i, 10i+1, 10i+2, so every row
  /// says which example it is.
  static func numbered(count: Int = 50) -> Dataset {
    let features = (0..<count * 3).map { (k: Int) -> Float in Float(10 * (k / 3) + k % 3) }
    return Dataset(features: features, labels: (0..<count).map { Int32($0 % 5) }, width: 3, classes: 5)
  }

  /// The example ids of a dataset's rows, read back from the features.
  static func ids(_ data: Dataset) -> [Int] {
    (0..<data.count).map { Int(data.features[3 * $0]) / 10 }
  }

  @Test func subsetCopiesRowsAndLabelsInTheGivenOrder() {
    let part = Self.numbered().subset(indices: [7, 2, 7])
    #expect(part.features == [70, 71, 72, 20, 21, 22, 70, 71, 72])
    #expect(part.labels == [2, 2, 2])
    #expect(part.width == 3 && part.classes == 5)
  }

  @Test(arguments: [(20, [4, 4, 4, 4, 4]), (23, [5, 5, 5, 4, 4]), (0, [0, 0, 0, 0, 0]), (50, [10, 10, 10, 10, 10])])
  func balancedSubsetHasExactClassCounts(count: Int, expected: [Int]) throws {
    let part = try Self.numbered().balancedSubset(count: count, stream: RandomStream("test", "subset"))
    #expect(part.count == count)
    #expect(part.classCounts() == expected)
    let ids = Self.ids(part)
    #expect(Set(ids).count == ids.count, "no example chosen twice")
    #expect(ids == ids.sorted(), "the subset keeps the dataset's order")
    #expect(zip(ids, part.labels).allSatisfy { Int32($0 % 5) == $1 }, "rows keep their labels")
  }

  @Test func balancedSubsetIsDeterministicPerStreamName() throws {
    let data = Self.numbered()
    let first = try data.balancedSubset(count: 20, stream: RandomStream("test", "subset"))
    let again = try data.balancedSubset(count: 20, stream: RandomStream("test", "subset"))
    let other = try data.balancedSubset(count: 20, stream: RandomStream("test", "other-subset"))
    #expect(Self.ids(first) == Self.ids(again))
    #expect(Self.ids(first) != Self.ids(other))
  }

  @Test func balancedSubsetThrowsWhenAClassIsTooSmall() throws {
    let message = try #require(errorMessage {
      _ = try Self.numbered().balancedSubset(count: 51, stream: RandomStream("test", "subset"))
    })
    #expect(message == "class 0 has 10 examples; 11 are needed")
  }

  @Test func splitIsDisjointCoveringAndBalanced() throws {
    let data = Self.numbered()
    let (train, validation) = try data.split(validationCount: 15, stream: RandomStream("test", "split"))
    #expect(validation.classCounts() == [3, 3, 3, 3, 3])
    #expect(train.classCounts() == [7, 7, 7, 7, 7])
    let trainIDs = Set(Self.ids(train))
    let validationIDs = Set(Self.ids(validation))
    #expect(trainIDs.isDisjoint(with: validationIDs))
    #expect(trainIDs.union(validationIDs) == Set(0..<50))
  }

  /// The fused form (no copy of the training part) must choose exactly what split-then-subset chooses.
  @Test func splitWithSubsetEqualsSplitThenSubset() throws {
    let data = Self.numbered(count: 200)
    let (pool, validation) = try data.split(validationCount: 40, stream: RandomStream("test", "split"))
    let twoSteps = try pool.balancedSubset(count: 55, stream: RandomStream("test", "subset"))
    let fused = try data.split(validationCount: 40, stream: RandomStream("test", "split"), trainCount: 55,
                               subsetStream: RandomStream("test", "subset"))
    #expect(Self.ids(fused.train) == Self.ids(twoSteps) && fused.train.labels == twoSteps.labels)
    #expect(Self.ids(fused.validation) == Self.ids(validation))
    #expect(Set(Self.ids(fused.train)).isDisjoint(with: Self.ids(fused.validation)))
  }

  @Test func splitIsDeterministicPerStreamName() throws {
    let data = Self.numbered()
    let first = try data.split(validationCount: 10, stream: RandomStream("test", "split")).validation
    let again = try data.split(validationCount: 10, stream: RandomStream("test", "split")).validation
    let other = try data.split(validationCount: 10, stream: RandomStream("test", "split-2")).validation
    #expect(Self.ids(first) == Self.ids(again))
    #expect(Self.ids(first) != Self.ids(other))
  }

  @Test func subsetsKeepTheStandardization() throws {
    let recorded = Standardization(mean: 0.25, standardDeviation: 0.5)
    let data = Dataset(features: [1, 2, 3, 4], labels: [0, 1], width: 2, classes: 2, standardization: recorded)
    #expect(data.subset(indices: [1]).standardization == recorded)
    #expect(try data.split(validationCount: 0, stream: RandomStream("test")).train.standardization == recorded)
  }
}
