import Datasets
import Harness
@testable import LRRangeTest
@testable import RandomVersusGridSearch
import Statistics
import Testing
import TrainingCore
import _TestSupport

/// The two experiments that compute their own cells: the points a search tries, and the range-test arm
/// training at the rate its range test suggests.
@Suite struct SearchExperimentsTests {
  typealias Search = RandomVersusGridSearch

  /// Full grids at the centres of equal log slabs: for the learning rate in [1e-4, 1], 2 points per axis
  /// are 1e-3 and 1e-1; 3 points are 10^-3.33, 10^-2, 10^-0.67.
  @Test func gridsAreFullCubesAtLogSlabCentres() {
    let stream = RandomStream("tests", "grid")
    let eight = Search.points(kind: "grid", trials: 8, stream: stream)
    let rates = Set(eight.map { ($0[0] * 1e6).rounded() / 1e6 })
    #expect(eight.count == 8 && Set(eight.map { $0.description }).count == 8)
    #expect(rates == [0.001, 0.1])
    let cube = Search.points(kind: "grid", trials: 27, stream: stream)
    #expect(cube.count == 27 && Set(cube.map { $0.description }).count == 27)
    for axis in 0..<3 {
      let values = Set(cube.map { $0[axis] }).sorted()
      #expect(values.count == 3)
      let (low, high) = Search.box.ranges[axis]
      #expect(abs(values[1] - (low * high).squareRoot()) <= 1e-12 * values[1], "the middle point is the log centre")
    }
  }

  /// Random points stay in the box; on the log scale half the rates fall below the log centre 1e-2, on
  /// the linear scale only about 1%.
  @Test func randomPointsAreUniformInLogOrLinearSpace() {
    let log = Search.points(kind: "random", trials: 2000, stream: RandomStream("tests", "log"))
    let linear = Search.points(kind: "random-linear", trials: 2000, stream: RandomStream("tests", "linear"))
    for point in log + linear {
      for (value, range) in zip(point, Search.box.ranges) { #expect(value >= range.low && value <= range.high) }
    }
    let belowCentre = { (points: [[Double]]) in Double(points.filter { $0[0] < 1e-2 }.count) / Double(points.count) }
    #expect(abs(belowCentre(log) - 0.5) < 0.05)
    #expect(belowCentre(linear) < 0.03)
    let again = Search.points(kind: "random", trials: 2000, stream: RandomStream("tests", "log"))
    #expect(again == log, "the same stream name gives the same points")
  }

  /// The range-test arm trains at its suggestion (recorded as `suggested_lr`); the tuned arm is left to the
  /// harness (nil). At a tuning seed (its pilot run) it is blind to the test set.
  @Test func rangeTestArmTrainsAtItsSuggestedRate() throws {
    // Other tests in this process set OpenBLAS to one thread (the runner, data-parallel trainers); set it
    // first, so the two runs compared below cannot straddle that change.
    BLAS.setThreads(1)
    let directory = try makeTemporaryDirectory("range-test-cell")
    try writeSyntheticFashionMNIST(to: directory, trainCount: 1200, testCount: 100)
    let (train, test) = try FashionMNIST.load(directory: directory)
    let experiment = LRRangeTest()
    let arms = experiment.arms(for: .quick)
    #expect(try experiment.runCell(arm: arms[0], seed: 0, train: train, test: test) == nil)
    let rangeArm = try #require(arms.first { $0.name == LRRangeTest.rangeTestArm })
    let outcome = try #require(try experiment.runCell(arm: rangeArm, seed: 0, train: train, test: test))
    let suggested = try #require(outcome.probes["suggested_lr"])
    let atMinimum = try #require(outcome.probes["range_test_minimum_lr"])
    #expect(suggested == atMinimum / 10)
    // Early stopping may end it before its epoch cap (patience 1 in the quick profile).
    #expect(!outcome.epochs.isEmpty && outcome.epochs.count <= rangeArm.configuration.epochs)
    #expect(outcome.epochs.allSatisfy { abs($0.learningRate - suggested) <= 1e-12 * suggested })
    let again = try #require(try experiment.runCell(arm: rangeArm, seed: 0, train: train, test: test))
    // Compared as text: epochs that skip the test set hold NaN, which is never == itself.
    #expect("\(again.epochs)" == "\(outcome.epochs)" && again.probes == outcome.probes)
    let pilot = try #require(try experiment.runCell(arm: rangeArm, seed: Tuning.firstSeed, train: train, test: test))
    #expect(pilot.epochs.allSatisfy { $0.testAccuracy.isNaN } && pilot.epochs.allSatisfy { $0.validationAccuracy != nil })
  }
}
