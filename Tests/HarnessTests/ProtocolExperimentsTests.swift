@testable import AdamDecay
@testable import Harness
@testable import LearningRateSchedules
@testable import Regularization
import Testing
import TrainingCore

/// What the modules of lr-schedules, adam-decay and regularization promise in their doc comments about
/// their arms and tunings (issue 20). Expected values come from the doc comments' formulas, not from the
/// modules' code.
@Suite struct ProtocolExperimentsTests {
  static func arm(_ experiment: any Experiment, _ name: String) throws -> Arm {
    try #require(experiment.arms(for: .full).first { $0.name == name }, "\(experiment.id) has no arm \(name)")
  }

  /// lr-schedules: tuning an arm's base rate scales its whole schedule (every update's rate is
  /// proportional to the base, so the cyclical lower bound stays upper/3 and no policy keeps a fixed
  /// piece), and the base is the schedule's highest rate over the run.
  @Test(arguments: LearningRateSchedules.policies)
  func tuningScalesTheWholeSchedule(policy: String) throws {
    let experiment = LearningRateSchedules(), arm = try Self.arm(experiment, policy)
    let tuning = try #require(arm.tuning)
    #expect(tuning.parameter == "learning_rate")
    let total = 10_000 / 128 * 20  // T = 1,560 updates
    let low = tuning.candidate(arm, 0.01).configuration.schedule
    let high = tuning.candidate(arm, 0.1).configuration.schedule
    #expect(low.name == arm.configuration.schedule.name && high.name == low.name)
    var peak = 0.0
    for step in 0..<total {
      let (a, b) = (low.learningRate(at: step), high.learningRate(at: step))
      peak = max(peak, b)
      // 1e-9 relative: far above the formulas' rounding (about 1e-15), far below a piece left unscaled.
      if a > 1e-300 { #expect(abs(b / a - 10) <= 1e-9, "\(policy) step \(step): \(b) vs \(a)") }
    }
    #expect(abs(peak - 0.1) <= 1e-12, "\(policy) peaks at \(peak)")
  }

  /// adam-decay's budget: T = 50,000 / 32 · 13 = 20,306 updates; ×0.9995 falls below 1% of base at update
  /// 9,209 (ln 0.01 / ln 0.9995 = 9,208.04), before half the run, and ×0.999995 still runs at more
  /// than 0.9 of base at the last update (0.999995^20,305 ≈ 0.9035).
  @Test func perStepDecaysMeanWhatTheClaimMeans() throws {
    let experiment = AdamDecay()
    let constant = try Self.arm(experiment, "constant").configuration
    #expect(constant.trainSubset == nil && constant.validationSplit == 10_000 && constant.batchSize == 32)
    let total = (60_000 - 10_000) / 32 * constant.epochs
    #expect(total == 20_306)
    let fast = try Self.arm(experiment, "exp-0.9995").configuration.schedule
    let slow = try Self.arm(experiment, "exp-0.999995").configuration.schedule
    #expect(fast.learningRate(at: 9_208) >= 0.01 * 0.001 && fast.learningRate(at: 9_209) < 0.01 * 0.001)
    #expect(9_209 < total / 2)
    let end = slow.learningRate(at: total - 1)
    #expect(end > 0.9 * 0.001 && end < 0.91 * 0.001, "\(end)")
  }

  /// adam-decay: each weight-decay form tunes its own λ, in its own place (L2 in the gradient for
  /// adam-l2, decoupled in AdamW for adamw), at Adam's default constant rate.
  @Test func eachWeightDecayFormTunesItsOwnLambda() throws {
    let experiment = AdamDecay()
    let l2 = try Self.arm(experiment, "adam-l2"), decoupled = try Self.arm(experiment, "adamw")
    let a = try #require(l2.tuning).candidate(l2, 3e-5).configuration
    let b = try #require(decoupled.tuning).candidate(decoupled, 0.1).configuration
    #expect(a.weightDecay == 3e-5 && a.optimizer == .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
    #expect(b.weightDecay == 0 && b.optimizer == .adamW(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1))
    #expect(a.schedule == .fixed(Fixed(base: 0.001)) && b.schedule == a.schedule)
    let untuned = experiment.arms(for: .full).filter { $0.tuning == nil }.map(\.name)
    #expect(untuned == ["constant", "step", "decay-at-end", "exp-0.9995", "exp-0.999995"])
  }

  /// regularization: width varies at the baseline's depth (two hidden layers, the MLP arms), and only L2
  /// tunes, its λ.
  @Test func widthVariesAtAFixedDepth() throws {
    let arms = Regularization().arms(for: .full).filter { $0.configuration.network.convolution == nil }
    #expect(arms.allSatisfy { $0.configuration.network.hidden.count == 2 })
    #expect(try Self.arm(Regularization(), "net-16").configuration.network.hidden == [16, 16])
    #expect(try Self.arm(Regularization(), "net-64").configuration.network.hidden == [64, 64])
    #expect(arms.filter { $0.tuning != nil }.map(\.name) == ["l2"])
    let l2 = try Self.arm(Regularization(), "l2")
    #expect(try #require(l2.tuning).candidate(l2, 0.003).configuration.weightDecay == 0.003)
  }
}
