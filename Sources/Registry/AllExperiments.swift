import Activations
import AdamDecay
import BatchNormRescues
import BatchNormVersusLayerNorm
import BatchSize
import DropoutRates
import Harness
import InitSchemes
import InputNormalization
import LRRangeTest
import LearningRateSchedules
import MSEVersusCrossEntropy
import MomentumValues
import Optimizers
import RandomVersusGridSearch
import Regularization
import RobustLoss
import SanityChecks
import SigmoidDepth

/// Every experiment, in the order of Package.swift's `experiments` list, which is the order `tricks list`
/// and `tricks all` use. RegistryTests checks that this array, the imports above, that list and the folders
/// under Experiments/ agree.
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
