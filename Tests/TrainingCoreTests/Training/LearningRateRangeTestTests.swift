import Datasets
import Statistics
import Testing
import TrainingCore

/// The learning-rate range test on a small synthetic problem: its rates, its smoothing, where it stops,
/// that its suggestion trains well (against a brute-force scan of fixed rates), and determinism.
@Suite struct LearningRateRangeTestTests {
  /// Four Gaussian blobs in 10 dimensions (unit noise, means 2.5 apart along random directions): learnable
  /// but not instantly, so both a tiny and a huge rate show.
  static let blobs: Dataset = {
    let stream = RandomStream("tests", "range-test", "blobs")
    let width = 10, classes = 4, count = 800
    let means = (0..<(classes * width)).map { _ in 0.8 * stream.gaussian() }
    var features: [Float] = [], labels: [Int32] = []
    for row in 0..<count {
      let label = row % classes
      labels.append(Int32(label))
      features += (0..<width).map { Float(means[label * width + $0] + stream.gaussian()) }
    }
    return Dataset(features: features, labels: labels, width: width, classes: classes)
  }()

  static func trainer(rate: Double = 0.1, seed: Int = 0, batch: Int = 32, epochs: Int = 1) throws -> Trainer {
    let configuration = RunConfiguration(
      network: NetworkSpec(inputWidth: 10, hidden: [16], outputWidth: 4, activation: .relu, initializer: .heNormal),
      optimizer: .sgd, schedule: .fixed(Fixed(base: rate)), batchSize: batch, epochs: epochs)
    return try Trainer(configuration: configuration, train: blobs, test: blobs,
                       streams: RunStreams(experiment: "tests", arm: "range-test", seed: seed))
  }

  /// Mean training loss of the last epoch after `epochs` epochs at a fixed rate (infinity if it diverged).
  static func lossAfterTraining(rate: Double, epochs: Int = 8) throws -> Double {
    let result = try trainer(rate: rate, seed: 1, epochs: epochs).run()
    guard result.status == .ok, let last = result.epochs.last else { return .infinity }
    return last.trainLoss
  }

  @Test func ratesGrowGeometricallyFromMinimumToMaximum() {
    let test = LearningRateRangeTest(minimumRate: 1e-4, maximumRate: 1, steps: 5)
    let rates = (0..<5).map(test.learningRate(at:))
    for (rate, expected) in zip(rates, [1e-4, 1e-3, 1e-2, 1e-1, 1]) {
      #expect(abs(rate - expected) <= 1e-12 * expected, "\(rates)")
    }
  }

  /// Full-batch steps at a negligible rate give the same loss every step; the bias-corrected average of a
  /// constant is that constant from the first step on (uncorrected, it would start at (1 − β) times it).
  @Test func smoothingIsBiasCorrected() throws {
    let test = LearningRateRangeTest(minimumRate: 1e-12, maximumRate: 2e-12, steps: 30)
    let result = test.run(try Self.trainer(batch: Self.blobs.count))
    #expect(result.stop == .completed && result.losses.count == 30)
    for smoothed in result.smoothedLosses {
      #expect(abs(smoothed - result.losses[0]) <= 1e-5 * result.losses[0], "\(result.smoothedLosses)")
    }
  }

  /// The suggestion trains about as well as the best of a brute-force scan of fixed rates over six
  /// decades, and far better than the extremes of the scan (which crawl or diverge).
  @Test func suggestionTrainsAboutAsWellAsTheBestFixedRate() throws {
    let test = LearningRateRangeTest(minimumRate: 1e-4, maximumRate: 100, steps: 150)
    let found = test.run(try Self.trainer())
    #expect(found.stop != .completed, "a rate of 100 must make the loss rise")
    let suggested = try #require(found.suggestedRate)
    let scan = stride(from: -4.0, through: 2, by: 0.5).map { exponent in
      (rate: Double.pow(10, exponent), loss: try! Self.lossAfterTraining(rate: Double.pow(10, exponent)))
    }
    let best = scan.min { $0.loss < $1.loss }!
    let atSuggestion = try Self.lossAfterTraining(rate: suggested)
    #expect(atSuggestion <= best.loss + 0.05, "suggested \(suggested): \(atSuggestion); scan \(scan)")
    #expect(atSuggestion < 0.5 * scan.first!.loss, "no better than crawling at 1e-4: \(scan.first!)")
    #expect(scan.last!.loss.isInfinite || atSuggestion < 0.5 * scan.last!.loss, "scan \(scan)")
  }

  /// A rate that grows to 1e6 makes the loss explode: the test stops early and keeps only finite values.
  /// Kept below the stop factor, the same test runs every step (the negative control).
  @Test func stopsOnceTheLossExplodes() throws {
    let exploding = LearningRateRangeTest(minimumRate: 1e-3, maximumRate: 1e6, steps: 200)
    let result = exploding.run(try Self.trainer())
    #expect(result.stop != .completed)
    #expect(result.losses.count < 200)
    #expect(result.losses.allSatisfy(\.isFinite) && result.smoothedLosses.allSatisfy(\.isFinite))
    if result.stop == .lossRose {
      let minimum = result.smoothedLosses[try #require(result.minimumIndex)]
      #expect(result.smoothedLosses.last! > exploding.divergenceFactor * minimum)
    }
    let gentle = LearningRateRangeTest(minimumRate: 1e-3, maximumRate: 1e-2, steps: 60)
    let calm = gentle.run(try Self.trainer())
    #expect(calm.stop == .completed && calm.losses.count == 60)
  }

  @Test func sameSeedSameCurveOtherSeedOtherCurve() throws {
    let test = LearningRateRangeTest(minimumRate: 1e-4, maximumRate: 100, steps: 80)
    let first = test.run(try Self.trainer(seed: 3)), again = test.run(try Self.trainer(seed: 3))
    #expect(first.losses == again.losses && first.smoothedLosses == again.smoothedLosses)
    #expect(first.suggestedRate == again.suggestedRate)
    let other = test.run(try Self.trainer(seed: 4))
    #expect(other.losses != first.losses)
  }

  @Test func invalidSettingsNameTheirField() {
    let cases: [(LearningRateRangeTest, ConfigurationError.Field)] = [
      (LearningRateRangeTest(minimumRate: 0), .minimumRate),
      (LearningRateRangeTest(minimumRate: .nan), .minimumRate),
      (LearningRateRangeTest(minimumRate: 1, maximumRate: 1), .maximumRate),
      (LearningRateRangeTest(maximumRate: .infinity), .maximumRate),
      (LearningRateRangeTest(steps: 1), .steps),
    ]
    for (test, field) in cases {
      #expect(throws: ConfigurationError.self) { try test.validate() }
      do { try test.validate() } catch let error as ConfigurationError {
        #expect(error.field == field, "\(error)")
      } catch { Issue.record("unexpected \(error)") }
    }
    #expect(throws: Never.self) { try LearningRateRangeTest().validate() }
  }
}
