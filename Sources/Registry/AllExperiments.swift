import Activations
import AdamDecay
import BatchNormRescues
import BatchNormVersusLayerNorm
import BatchSize
import DropoutRates
import Harness
import InitSchemes
import InputNormalization
import LearningRateSchedules
import MomentumValues
import MSEVersusCrossEntropy
import Regularization
import Optimizers
import RobustLoss
import SanityChecks
import LRRangeTest
import MSEVersusCrossEntropy
import RandomVersusGridSearch
import SigmoidDepth

/// Every experiment, in the order `tricks list` and `tricks all` use. A test checks that this list, the
/// `experiments` list in Package.swift and the folders under Experiments/ agree.
public let allExperiments: [any Experiment] = [
  InitSchemes(),
  SigmoidDepth(),
  LearningRateSchedules(),
  AdamDecay(),
  MSEVersusCrossEntropy(),
  BatchNormVersusLayerNorm(),
  DropoutRates(),
  Optimizers(),
  MomentumValues(),
  BatchSize(),
  LRRangeTest(),
  Activations(),
  BatchNormRescues(),
  InputNormalization(),
  RandomVersusGridSearch(),
  Regularization(),
  SanityChecks(),
  RobustLoss(),
]

/// The experiment with this id, or an error that lists the valid ids.
public func experiment(withID id: String) throws -> any Experiment {
  guard let found = allExperiments.first(where: { $0.id == id }) else {
    throw UnknownExperiment(id: id)
  }
  return found
}

public struct UnknownExperiment: Error, CustomStringConvertible {
  public let id: String
  public var description: String {
    "unknown experiment '\(id)'; valid: \(allExperiments.map(\.id).joined(separator: ", "))"
  }
}
