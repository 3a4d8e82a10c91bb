// The schedule as one Codable value: experiments store it in arms, the CLI parses names into it.

/// Any of the schedules, as one Codable, Hashable value that is itself a `LearningRateSchedule`.
///
/// `learningRate(at:)` switches on the case rather than boxing the payload in an existential, so
/// asking for the rate allocates nothing. `description` is the wrapped schedule's, e.g.
/// `step(base=0.05,gamma=0.1,stepSize=1000)`.
public enum ScheduleSpec: LearningRateSchedule, Codable, Hashable {
  case fixed(Fixed)
  case step(StepDecay)
  case multiStep(MultiStepDecay)
  case exponential(ExponentialDecay)
  case inverse(InverseDecay)
  case polynomial(PolynomialDecay)
  case sigmoid(SigmoidWarmup)
  case triangular(Triangular)
  case triangular2(Triangular2)
  case expRange(ExpRange)
  case cosineWarmRestarts(CosineWarmRestarts)
  indirect case linearWarmup(LinearWarmup)
  case decayAtEnd(DecayAtEnd)

  public func learningRate(at step: Int) -> Double {
    switch self {
    case let .fixed(s): s.learningRate(at: step)
    case let .step(s): s.learningRate(at: step)
    case let .multiStep(s): s.learningRate(at: step)
    case let .exponential(s): s.learningRate(at: step)
    case let .inverse(s): s.learningRate(at: step)
    case let .polynomial(s): s.learningRate(at: step)
    case let .sigmoid(s): s.learningRate(at: step)
    case let .triangular(s): s.learningRate(at: step)
    case let .triangular2(s): s.learningRate(at: step)
    case let .expRange(s): s.learningRate(at: step)
    case let .cosineWarmRestarts(s): s.learningRate(at: step)
    case let .linearWarmup(s): s.learningRate(at: step)
    case let .decayAtEnd(s): s.learningRate(at: step)
    }
  }

  public var description: String {
    switch self {
    case let .fixed(s): s.description
    case let .step(s): s.description
    case let .multiStep(s): s.description
    case let .exponential(s): s.description
    case let .inverse(s): s.description
    case let .polynomial(s): s.description
    case let .sigmoid(s): s.description
    case let .triangular(s): s.description
    case let .triangular2(s): s.description
    case let .expRange(s): s.description
    case let .cosineWarmRestarts(s): s.description
    case let .linearWarmup(s): s.description
    case let .decayAtEnd(s): s.description
    }
  }

  /// The CLI names, in the order of the cases; each is also the prefix of that case's `description`.
  public static var names: [String] {
    ["fixed", "step", "multistep", "exp", "inv", "poly", "sigmoid", "triangular", "triangular2",
     "exp-range", "sgdr", "warmup", "decay-at-end"]
  }

  /// The CLI name of this case (the prefix of `description`).
  public var name: String {
    switch self {
    case .fixed: "fixed"
    case .step: "step"
    case .multiStep: "multistep"
    case .exponential: "exp"
    case .inverse: "inv"
    case .polynomial: "poly"
    case .sigmoid: "sigmoid"
    case .triangular: "triangular"
    case .triangular2: "triangular2"
    case .expRange: "exp-range"
    case .cosineWarmRestarts: "sgdr"
    case .linearWarmup: "warmup"
    case .decayAtEnd: "decay-at-end"
    }
  }
}
