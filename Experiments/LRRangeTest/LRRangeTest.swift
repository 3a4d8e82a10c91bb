import Datasets
import Harness
import TrainingCore

/// The learning-rate range test against a grid of fixed rates — shared/claims.md, `lr-range-test`.
///
/// Method: a 784-256-256-10 ReLU MLP (He-normal weights, zero biases), cross-entropy, SGD with momentum
/// 0.9 (PyTorch convention) at a fixed rate, batch 128, 5 epochs on a class-balanced 10,000-example
/// training subset (shared by all arms of a seed); the full 10,000-image test set.
/// What varies: the rate, over a half-decade log grid 0.001, 0.003, …, 1, 3 (arms `lr-<rate>`), and arm
/// `range-test`, whose rate is found per seed: on the same subset, a fresh network runs the range test of
/// `tricks lr-find` with its defaults (`LearningRateRangeTest()`: rate from 1e-7 to 10 over 100 steps,
/// loss smoothed with β = 0.98, stop at 4× the minimum), then another fresh network trains at the
/// suggestion (the rate at the minimum smoothed loss / 10), recorded as probe `suggested_lr`. The arm's
/// configuration shows the sweep's schedule; the trained network uses the suggestion as a fixed rate.
/// Metrics: final test accuracy and final training loss (a diverged run counts as chance, 10%); 10 seeds.
/// Margins, from the claim's words: "much worse" = below 50% test accuracy, where good rates reach about
/// 85%; the range test "finds a good one" = not worse than any rate of the grid, the best included, by
/// more than 1 point (about 3 binomial standard errors of one run on 10k test images).
public struct LRRangeTest: Experiment {
  public init() {}
  public let id = "lr-range-test"
  public let title = "The learning-rate range test against a grid of fixed rates"
  public let claim = """
    Too large a learning rate diverges and too small a rate crawls; sweeping the rate upward and picking \
    the region of lowest loss (the LR range test) finds a good rate.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Smith 2017, Cyclical Learning Rates, §3.3 (the LR range \
    test); fast.ai's lr_find (Howard & Gugger 2020: exponential sweep, rate at the loss minimum / 10).
    """

  static let gridRates = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3]
  static let rangeTestArm = "range-test"
  static let rangeTest = LearningRateRangeTest()
  static let margin = 0.01

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  static func name(_ rate: Double) -> String { "lr-\(rate)" }

  public func arms(for profile: Profile) -> [Arm] {
    func configuration(_ schedule: ScheduleSpec) -> RunConfiguration {
      RunConfiguration(
        network: NetworkSpec(hidden: profile.pick(quick: [32], full: [256, 256]), activation: .relu,
                             initializer: .heNormal),
        optimizer: .momentum(0.9, nesterov: false), schedule: schedule, batchSize: profile.pick(quick: 50, full: 128),
        epochs: profile.pick(quick: 1, full: 5), trainSubset: profile.pick(quick: 500, full: 10_000))
    }
    let test = Self.rangeTest
    let sweep = ExponentialDecay(base: test.minimumRate,
                                 gamma: Double.pow(test.maximumRate / test.minimumRate, 1 / Double(test.steps - 1)))
    return Self.gridRates.map { rate in
      Arm(Self.name(rate), configuration(.fixed(Fixed(base: rate))), factors: [.init("lr", "\(rate)")])
    } + [Arm(Self.rangeTestArm, configuration(.exponential(sweep)), factors: [.init("lr", "range-test")])]
  }

  /// The grid arms train as configured (nil); the range-test arm sweeps, then trains at the suggestion.
  public func runCell(arm: Arm, seed: Int, train: Dataset, test: Dataset) throws -> CellOutcome? {
    guard arm.name == Self.rangeTestArm else { return nil }
    let sweeper = try Trainer(configuration: arm.configuration, train: train, test: test,
                              streams: RunStreams(experiment: id, arm: "\(arm.name)-sweep", seed: seed))
    let found = Self.rangeTest.run(sweeper)
    guard let suggested = found.suggestedRate, let atMinimum = found.rateAtMinimum else {
      return CellOutcome(status: .diverged(epoch: 0, step: 0), epochs: [])
    }
    var configuration = arm.configuration
    configuration.schedule = .fixed(Fixed(base: suggested))
    let result = try Trainer(configuration: configuration, train: train, test: test,
                             streams: RunStreams(experiment: id, arm: arm.name, seed: seed)).run()
    return CellOutcome(status: result.status, epochs: result.epochs,
                       probes: ["suggested_lr": suggested, "range_test_minimum_lr": atMinimum,
                                "range_test_steps": Double(found.losses.count)],
                       samplesPerSecond: result.samplesPerSecond)
  }

  public let subClaims: [SubClaim] = [
    SubClaim("a-too-large", "too large a rate (3) diverges or is much worse: mean test accuracy below 50%",
             rules: [.below(name(3), threshold: 0.5, metric: .finalTestAccuracy)]),
    SubClaim("b-too-small", "too small a rate crawls: at the small end of the grid, each larger rate ends better after the same epochs (0.01 > 0.003 > 0.001), in test accuracy and in training loss",
             rules: [.ordering([name(0.01), name(0.003), name(0.001)], metric: .finalTestAccuracy),
                     .ordering([name(0.01), name(0.003), name(0.001)], metric: .finalTrainLoss)]),
    SubClaim("c-finds-a-good-rate", "the range test's rate is not worse than any fixed rate of the grid (the best included) by more than 1 point of test accuracy",
             rules: gridRates.map { .notWorse(rangeTestArm, than: name($0), margin: margin, metric: .finalTestAccuracy) }),
    SubClaim("d-beats-the-extremes", "the range test's rate beats the smallest (0.001) and the largest (3) rate of the grid",
             rules: [.beats(rangeTestArm, [name(0.001), name(3)], metric: .finalTestAccuracy)]),
  ]
}
