import Foundation
import Testing
@testable import TrainingCore

/// The JSON of every spec goes into cell fingerprints and manifests, so it must not change when a family
/// moves from an enum to a table. The expected strings below were generated with the enum-based code at
/// c231c45 (JSONEncoder with `.sortedKeys`, as fingerprints and manifests use), one per case, and pasted
/// in; so were the descriptions, which name arms in manifests and tables.
@Suite struct SpecEncodingTests {
  static let schedules: [(ScheduleSpec, String, String)] = [
    (.fixed(Fixed(base: 0.125)), #"{"fixed":{"_0":{"base":0.125}}}"#, #"fixed(base=0.125)"#),
    (.step(StepDecay(base: 0.05, gamma: 0.1, stepSize: 1000)), #"{"step":{"_0":{"base":0.05,"gamma":0.1,"stepSize":1000}}}"#, #"step(base=0.05,gamma=0.1,stepSize=1000)"#),
    (.multiStep(MultiStepDecay(base: 0.1, gamma: 0.1, milestones: [1000, 2000])), #"{"multiStep":{"_0":{"base":0.1,"gamma":0.1,"milestones":[1000,2000]}}}"#, #"multistep(base=0.1,gamma=0.1,milestones=[1000,2000])"#),
    (.exponential(ExponentialDecay(base: 0.001, gamma: 0.9995)), #"{"exponential":{"_0":{"base":0.001,"gamma":0.9995}}}"#, #"exp(base=0.001,gamma=0.9995)"#),
    (.inverse(InverseDecay(base: 0.01, gamma: 1e-4, power: 0.75)), #"{"inverse":{"_0":{"base":0.01,"gamma":0.0001,"power":0.75}}}"#, #"inv(base=0.01,gamma=0.0001,power=0.75)"#),
    (.polynomial(PolynomialDecay(base: 0.1, power: 1, maxSteps: 5000)), #"{"polynomial":{"_0":{"base":0.1,"maxSteps":5000,"power":1}}}"#, #"poly(base=0.1,power=1.0,maxSteps=5000)"#),
    (.sigmoid(SigmoidWarmup(base: 0.1, gamma: 0.01, stepSize: 500)), #"{"sigmoid":{"_0":{"base":0.1,"gamma":0.01,"stepSize":500}}}"#, #"sigmoid(base=0.1,gamma=0.01,stepSize=500)"#),
    (.triangular(Triangular(lower: 0.002, upper: 0.006, stepSize: 2000)), #"{"triangular":{"_0":{"lower":0.002,"stepSize":2000,"upper":0.006}}}"#, #"triangular(lower=0.002,upper=0.006,stepSize=2000)"#),
    (.triangular2(Triangular2(lower: 0.002, upper: 0.006, stepSize: 2000)), #"{"triangular2":{"_0":{"lower":0.002,"stepSize":2000,"upper":0.006}}}"#, #"triangular2(lower=0.002,upper=0.006,stepSize=2000)"#),
    (.expRange(ExpRange(lower: 0.002, upper: 0.006, stepSize: 2000, gamma: 0.99994)), #"{"expRange":{"_0":{"gamma":0.99994,"lower":0.002,"stepSize":2000,"upper":0.006}}}"#, #"exp-range(lower=0.002,upper=0.006,stepSize=2000,gamma=0.99994)"#),
    (.cosineWarmRestarts(CosineWarmRestarts(maxRate: 0.1, minRate: 0, firstPeriod: 1000, periodMultiplier: 2)), #"{"cosineWarmRestarts":{"_0":{"firstPeriod":1000,"maxRate":0.1,"minRate":0,"periodMultiplier":2}}}"#, #"sgdr(maxRate=0.1,minRate=0.0,firstPeriod=1000,periodMultiplier=2)"#),
    (.linearWarmup(LinearWarmup(steps: 500, then: .step(StepDecay(base: 0.1, gamma: 0.1, stepSize: 1000)))), #"{"linearWarmup":{"_0":{"steps":500,"then":{"step":{"_0":{"base":0.1,"gamma":0.1,"stepSize":1000}}}}}}"#, #"warmup(steps=500,then=step(base=0.1,gamma=0.1,stepSize=1000))"#),
    (.decayAtEnd(DecayAtEnd(base: 0.001, factor: 0.1, fromStep: 9000)), #"{"decayAtEnd":{"_0":{"base":0.001,"factor":0.1,"fromStep":9000}}}"#, #"decay-at-end(base=0.001,factor=0.1,fromStep=9000)"#),
  ]

  static let optimizers: [(OptimizerSpec, String, String)] = [
    (.sgd, #"{"sgd":{}}"#, #"sgd"#),
    (.momentum(0.9, nesterov: false), #"{"momentum":{"_0":0.9,"nesterov":false}}"#, #"momentum(0.9)"#),
    (.momentum(0.99, nesterov: true), #"{"momentum":{"_0":0.99,"nesterov":true}}"#, #"nesterov(0.99)"#),
    (.adaGrad(epsilon: 1e-10), #"{"adaGrad":{"epsilon":1e-10}}"#, #"adagrad(1e-10)"#),
    (.rmsProp(decay: 0.99, epsilon: 1e-8), #"{"rmsProp":{"decay":0.99,"epsilon":1e-08}}"#, #"rmsprop(0.99,1e-08)"#),
    (.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), #"{"adam":{"beta1":0.9,"beta2":0.999,"epsilon":1e-08}}"#, #"adam(0.9,0.999,1e-08)"#),
    (.adamW(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01), #"{"adamW":{"beta1":0.9,"beta2":0.999,"epsilon":1e-08,"weightDecay":0.01}}"#, #"adamw(0.9,0.999,1e-08,0.01)"#),
  ]

  static let activations: [(ActivationSpec, String, String)] = [
    (.identity, #"{"identity":{}}"#, #"identity"#),
    (.sigmoid, #"{"sigmoid":{}}"#, #"sigmoid"#),
    (.hardSigmoid, #"{"hardSigmoid":{}}"#, #"hard-sigmoid"#),
    (.tanh, #"{"tanh":{}}"#, #"tanh"#),
    (.softsign, #"{"softsign":{}}"#, #"softsign"#),
    (.softplus, #"{"softplus":{}}"#, #"softplus"#),
    (.relu, #"{"relu":{}}"#, #"relu"#),
    (.leakyReLU(alpha: 0.01), #"{"leakyReLU":{"alpha":0.01}}"#, #"leaky-relu"#),
    (.leakyReLU(alpha: 0.2), #"{"leakyReLU":{"alpha":0.2}}"#, #"leaky-relu:0.2"#),
    (.prelu, #"{"prelu":{}}"#, #"prelu"#),
    (.elu(alpha: 1), #"{"elu":{"alpha":1}}"#, #"elu"#),
    (.elu(alpha: 0.5), #"{"elu":{"alpha":0.5}}"#, #"elu:0.5"#),
    (.selu, #"{"selu":{}}"#, #"selu"#),
    (.gelu, #"{"gelu":{}}"#, #"gelu"#),
  ]

  static let initializers: [(InitializerSpec, String, String)] = [
    (.zeros, #"{"constant":{"_0":0}}"#, #"zeros"#),
    (.constant(0.5), #"{"constant":{"_0":0.5}}"#, #"constant:0.5"#),
    (.normal(standardDeviation: 0.01), #"{"normal":{"standardDeviation":0.01}}"#, #"normal:0.01"#),
    (.truncatedNormal(standardDeviation: 0.02), #"{"truncatedNormal":{"standardDeviation":0.02}}"#, #"truncated-normal:0.02"#),
    (.uniform(limit: 0.05), #"{"uniform":{"limit":0.05}}"#, #"uniform:0.05"#),
    (.glorotUniform, #"{"glorotUniform":{}}"#, #"glorot-uniform"#),
    (.glorotNormal, #"{"glorotNormal":{}}"#, #"glorot-normal"#),
    (.heUniform, #"{"heUniform":{}}"#, #"he-uniform"#),
    (.heNormal, #"{"heNormal":{}}"#, #"he-normal"#),
    (.lecunNormal, #"{"lecunNormal":{}}"#, #"lecun-normal"#),
  ]

  static let losses: [(LossSpec, String, String)] = [
    (.crossEntropy, #""cross-entropy""#, #"cross-entropy"#),
    (.mseSoftmax, #""mse-softmax""#, #"mse-softmax"#),
    (.mseLogits, #""mse-logits""#, #"mse-logits"#),
  ]

  static func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// Encodes as before, describes itself as before, and decodes back to an equal spec.
  static func check<T: Codable & Equatable & CustomStringConvertible>(_ spec: T, _ expected: String,
                                                                       _ description: String) throws {
    #expect(try json(spec) == expected)
    #expect(spec.description == description)
    #expect(try JSONDecoder().decode(T.self, from: Data(expected.utf8)) == spec)
  }

  @Test(arguments: schedules) func schedule(_ spec: ScheduleSpec, _ expected: String, _ description: String) throws {
    try Self.check(spec, expected, description)
  }

  @Test(arguments: optimizers) func optimizer(_ spec: OptimizerSpec, _ expected: String, _ description: String) throws {
    try Self.check(spec, expected, description)
  }

  @Test(arguments: activations) func activation(_ spec: ActivationSpec, _ expected: String, _ description: String) throws {
    try Self.check(spec, expected, description)
  }

  @Test(arguments: initializers) func initializer(_ spec: InitializerSpec, _ expected: String, _ description: String) throws {
    try Self.check(spec, expected, description)
  }

  @Test(arguments: losses) func loss(_ spec: LossSpec, _ expected: String, _ description: String) throws {
    try Self.check(spec, expected, description)
  }

  /// Every member pinned above is still in its table, so results that name it can still be read.
  @Test func everyPinnedMemberIsStillInItsTable() {
    #expect(Set(Self.schedules.map(\.0.name)).isSubset(of: ScheduleTable.all.map { $0.name }))
    #expect(Set(Self.optimizers.map { type(of: $0.0.optimizer).codingKey }).isSubset(of: OptimizerTable.all.map { $0.codingKey }))
    #expect(Set(Self.activations.map { type(of: $0.0.activation).codingKey }).isSubset(of: ActivationTable.all.map { $0.codingKey }))
    #expect(Set(Self.initializers.map { type(of: $0.0.kind).codingKey }).isSubset(of: InitializerTable.all.map { $0.codingKey }))
    #expect(Set(Self.losses.map(\.0)).isSubset(of: LossSpec.allCases))
  }

  /// Each member encodes under its own key: two sharing one could not be told apart when read back.
  @Test func codingKeysAreDistinctWithinEachFamily() {
    for keys in [ScheduleTable.all.map { $0.codingKey } + ["request"], OptimizerTable.all.map { $0.codingKey },
                 ActivationTable.all.map { $0.codingKey }, InitializerTable.all.map { $0.codingKey }] {
      #expect(Set(keys).count == keys.count, "\(keys)")
    }
    #expect(Set(LossSpec.names).count == LossSpec.names.count)
  }

  /// A whole configuration encodes as it did: the arm "fixed" of lr-schedules, pasted from
  /// results/lr-schedules/manifest.json (re-encoded compactly with sorted keys).
  @Test func aManifestConfigurationEncodesAsBefore() throws {
    let configuration = RunConfiguration(
      network: NetworkSpec(hidden: [128, 128], activation: .relu, initializer: .heNormal),
      optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.125)),
      batchSize: 128, epochs: 20, trainSubset: 10000)
    let expected = #"{"batchSize":128,"epochs":20,"loss":"cross-entropy","network":{"activation":{"relu":{}},"alphaDropout":false,"dropout":0,"hidden":[128,128],"initializer":{"heNormal":{}},"inputDropout":0,"inputWidth":784,"normalization":"none","outputWidth":10},"optimizer":{"momentum":{"_0":0.9,"nesterov":false}},"preprocessing":"standardized","schedule":{"fixed":{"_0":{"base":0.125}}},"trainSubset":10000,"weightDecay":0}"#
    #expect(try Self.json(configuration) == expected)
  }
}
