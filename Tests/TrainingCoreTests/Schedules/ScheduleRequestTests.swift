import Foundation
import Testing
@testable import TrainingCore

/// A schedule requested by name with some settings: checked when made, its other lengths scaled to the
/// run by the trainer, which alone knows how many steps the run takes.
@Suite struct ScheduleRequestTests {
  /// Unset lengths are the documented fractions of the run; given settings are kept as given.
  @Test func unsetLengthsScaleWithTheRun() throws {
    func resolved(_ kind: any ScheduleKind.Type, _ settings: [String: [Double]] = [:], total: Int) throws -> ScheduleSpec {
      try ScheduleSpec.request(kind, base: 0.1, settings: settings).resolved(totalSteps: total)
    }
    #expect(try resolved(PolynomialDecay.self, total: 900) == .polynomial(PolynomialDecay(base: 0.1, power: 1, maxSteps: 900)))
    #expect(try resolved(StepDecay.self, total: 900) == .step(StepDecay(base: 0.1, gamma: 0.1, stepSize: 300)))
    #expect(try resolved(StepDecay.self, ["step-size": [7]], total: 900)
            == .step(StepDecay(base: 0.1, gamma: 0.1, stepSize: 7)))
    #expect(try resolved(MultiStepDecay.self, total: 900)
            == .multiStep(MultiStepDecay(base: 0.1, gamma: 0.1, milestones: [450, 675])))
    #expect(try resolved(DecayAtEnd.self, total: 900) == .decayAtEnd(DecayAtEnd(base: 0.1, factor: 0.1, fromStep: 810)))
    #expect(try resolved(CosineWarmRestarts.self, total: 700)
            == .cosineWarmRestarts(CosineWarmRestarts(maxRate: 0.1, minRate: 0, firstPeriod: 100, periodMultiplier: 2)))
    #expect(try resolved(LinearWarmup.self, total: 900) == .linearWarmup(LinearWarmup(steps: 90, then: .fixed(Fixed(base: 0.1)))))
    #expect(try resolved(Triangular.self, total: 900)
            == .triangular(Triangular(lower: 0.1 / 3, upper: 0.1, stepSize: 225)))
  }

  /// Short runs still give valid schedules (two distinct milestones even in a run of two steps).
  @Test(arguments: ScheduleTable.all.map { $0.name }, [1, 2, 3])
  func everyScheduleResolvesForTinyRuns(name: String, total: Int) throws {
    let kind = try #require(ScheduleTable.kind(named: name))
    let spec = try ScheduleSpec.request(kind, base: 0.1).resolved(totalSteps: total)
    #expect(spec.isResolved && spec.name == name)
    #expect(spec.learningRate(at: total - 1).isFinite)
  }

  @Test func badSettingsAreRefusedWhenRequested() {
    let bad: [(any ScheduleKind.Type, [String: [Double]], String)] = [
      (StepDecay.self, ["warp": [2]], "no setting 'warp'; it takes gamma, step-size"),
      (StepDecay.self, ["step-size": [1.5]], "step-size must be a whole number of steps >= 1, got 1.5"),
      (StepDecay.self, ["gamma": [0.1, 0.2]], "gamma takes one number"),
      (MultiStepDecay.self, ["milestones": [3000, 1000]], "increasing order"),
      (Triangular.self, ["lower": [1]], "lower must be in [0.0, 0.1], got 1.0"),
      (PolynomialDecay.self, ["power": [0]], "power must be > 0.0"),
      (Fixed.self, ["gamma": [1]], "it takes none"),
    ]
    for (kind, settings, words) in bad {
      do {
        _ = try ScheduleSpec.request(kind, base: 0.1, settings: settings)
        Issue.record("\(kind.name) \(settings) was accepted")
      } catch let error as ConfigurationError {
        #expect(error.field == .schedule)
        #expect(error.description.contains(words), "\(error)")
      } catch { Issue.record("unexpected \(error)") }
    }
    #expect(throws: ConfigurationError.self) { try ScheduleSpec.request(Fixed.self, base: -1) }
  }

  @Test func aResolvedScheduleResolvesToItself() throws {
    let spec = ScheduleSpec.step(StepDecay(base: 0.05, gamma: 0.5, stepSize: 10))
    #expect(try spec.resolved(totalSteps: 12345) == spec)
  }

  @Test func aRequestRoundTripsThroughJSON() throws {
    let request = try ScheduleSpec.request(MultiStepDecay.self, base: 0.05, settings: ["milestones": [20, 40]])
    let decoded = try JSONDecoder().decode(ScheduleSpec.self, from: JSONEncoder().encode(request))
    #expect(decoded == request && !decoded.isResolved)
    #expect(try decoded.resolved(totalSteps: 100) == request.resolved(totalSteps: 100))
  }

  static func configuration(_ schedule: ScheduleSpec, validationSplit: Int?, trainSubset: Int?) -> RunConfiguration {
    RunConfiguration(network: NetworkSpec(inputWidth: 20, hidden: [8], activation: .relu, initializer: .heNormal),
                     optimizer: .sgd, schedule: schedule, batchSize: 10, epochs: 3, trainSubset: trainSubset,
                     validationSplit: validationSplit)
  }

  /// The trainer scales a request to the examples it trains on: 500 less the validation split, or the
  /// subset; a poly schedule then reaches 0 exactly one step after the last (Caffe's max_iter).
  @Test(arguments: [(Int?.some(100), Int?.none, 400), (nil, 200, 200), (100, 150, 150), (nil, nil, 500)])
  func theTrainerScalesARequestToItsTrainingSet(split: Int?, subset: Int?, trainExamples: Int) throws {
    let data = NetworkTests.syntheticData(count: 500, width: 20, classes: 10, name: "schedule-request")
    let request = try ScheduleSpec.request(PolynomialDecay.self, base: 0.1)
    let trainer = try Trainer(configuration: Self.configuration(request, validationSplit: split, trainSubset: subset),
                              train: data, test: data, streams: RunStreams(experiment: "tests", arm: "poly", seed: 0))
    let totalSteps = 3 * (trainExamples / 10)
    #expect(trainer.train.count == trainExamples)
    #expect(trainer.configuration.schedule == .polynomial(PolynomialDecay(base: 0.1, power: 1, maxSteps: totalSteps)))
    let result = trainer.run()
    #expect(result.steps == totalSteps)
    // The last step's rate is base·(1 − (T−1)/T) = base/T: one step from zero.
    let last = try #require(result.epochs.last?.learningRate)
    #expect(abs(last - 0.1 / Double(totalSteps)) <= 1e-15)
  }
}
