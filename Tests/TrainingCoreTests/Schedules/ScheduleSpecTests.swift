import Foundation
import Testing
@testable import TrainingCore

@Suite struct ScheduleSpecTests {
  /// One spec per case, in the order of `ScheduleSpec.names`, with its expected description.
  static let specs: [(ScheduleSpec, String)] = [
    (.fixed(Fixed(base: 0.01)), "fixed(base=0.01)"),
    (.step(StepDecay(base: 0.05, gamma: 0.1, stepSize: 1000)), "step(base=0.05,gamma=0.1,stepSize=1000)"),
    (.multiStep(MultiStepDecay(base: 0.1, gamma: 0.1, milestones: [1000, 2000])),
     "multistep(base=0.1,gamma=0.1,milestones=[1000,2000])"),
    (.exponential(ExponentialDecay(base: 0.001, gamma: 0.9995)), "exp(base=0.001,gamma=0.9995)"),
    (.inverse(InverseDecay(base: 0.01, gamma: 1e-4, power: 0.75)), "inv(base=0.01,gamma=0.0001,power=0.75)"),
    (.polynomial(PolynomialDecay(base: 0.1, power: 1, maxSteps: 5000)), "poly(base=0.1,power=1.0,maxSteps=5000)"),
    (.sigmoid(SigmoidWarmup(base: 0.1, gamma: 0.01, stepSize: 500)), "sigmoid(base=0.1,gamma=0.01,stepSize=500)"),
    (.triangular(Triangular(lower: 0.002, upper: 0.006, stepSize: 2000)),
     "triangular(lower=0.002,upper=0.006,stepSize=2000)"),
    (.triangular2(Triangular2(lower: 0.002, upper: 0.006, stepSize: 2000)),
     "triangular2(lower=0.002,upper=0.006,stepSize=2000)"),
    (.expRange(ExpRange(lower: 0.002, upper: 0.006, stepSize: 2000, gamma: 0.99994)),
     "exp-range(lower=0.002,upper=0.006,stepSize=2000,gamma=0.99994)"),
    (.cosineWarmRestarts(CosineWarmRestarts(maxRate: 0.1, minRate: 0, firstPeriod: 1000, periodMultiplier: 2)),
     "sgdr(maxRate=0.1,minRate=0.0,firstPeriod=1000,periodMultiplier=2)"),
    (.linearWarmup(LinearWarmup(steps: 500, then: .step(StepDecay(base: 0.1, gamma: 0.1, stepSize: 1000)))),
     "warmup(steps=500,then=step(base=0.1,gamma=0.1,stepSize=1000))"),
    (.decayAtEnd(DecayAtEnd(base: 0.001, factor: 0.1, fromStep: 9000)),
     "decay-at-end(base=0.001,factor=0.1,fromStep=9000)"),
  ]

  @Test(arguments: specs)
  func descriptionIsStable(spec: ScheduleSpec, description: String) {
    #expect(spec.description == description)
  }

  @Test(arguments: specs.map(\.0))
  func roundTripsThroughJSON(spec: ScheduleSpec) throws {
    let decoded = try JSONDecoder().decode(ScheduleSpec.self, from: JSONEncoder().encode(spec))
    #expect(decoded == spec)
    #expect(decoded.learningRate(at: 1234) == spec.learningRate(at: 1234))
  }

  @Test func namesCoverEveryCaseInOrder() {
    #expect(Self.specs.map(\.0.name) == Array(ScheduleSpec.names.prefix(Self.specs.count)))
    for (spec, description) in Self.specs { #expect(description.hasPrefix(spec.name + "(")) }
  }

  /// Every schedule of the table, made from its name with default settings, describes itself starting
  /// with that name (so a description names the schedule a reader can ask for).
  @Test(arguments: ScheduleTable.all.map { $0.name })
  func everyTableMemberDescribesItselfByName(name: String) throws {
    let kind = try #require(ScheduleTable.kind(named: name))
    let spec = try ScheduleSpec.request(kind, base: 0.1).resolved(totalSteps: 1000)
    #expect(spec.description.hasPrefix(name + "("), "\(spec)")
  }

  /// The enum delegates: a spec gives its payload's rates.
  @Test(arguments: [0, 999, 1000, 2500])
  func specGivesThePayloadsRate(step: Int) {
    let payload = StepDecay(base: 0.05, gamma: 0.1, stepSize: 1000)
    #expect(ScheduleSpec.step(payload).learningRate(at: step) == payload.learningRate(at: step))
  }
}
