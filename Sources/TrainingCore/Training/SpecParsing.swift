/// Command-line spellings of optimizers and schedules.
///
/// Schedules are written `name` or `name:key=value,key=value`, e.g. `step:gamma=0.1,step-size=2000` or
/// `multistep:milestones=2000/4000`. Unset keys default to values scaled to the run (`totalSteps`), so
/// `--schedule poly` decays to zero exactly at the end of training.
extension ScheduleSpec {
  public init(parsing text: String, base: Double, totalSteps: Int) throws {
    let (name, settings) = try parseSettings(text, flag: "--schedule")
    var used: Set<String> = []
    func number(_ key: String, _ fallback: Double) throws -> Double {
      used.insert(key)
      guard let raw = settings[key] else { return fallback }
      guard let value = Double(raw), value.isFinite else {
        throw ConfigurationError("--schedule: \(key)=\(raw) is not a finite number")
      }
      return value
    }
    func steps(_ key: String, _ fallback: Int) throws -> Int {
      let value = try number(key, Double(fallback))
      guard value >= 1, value == value.rounded(), value < 1e12 else {
        throw ConfigurationError("--schedule: \(key) must be a whole number of steps >= 1, got \(settings[key] ?? "")")
      }
      return Int(value)
    }
    let total = max(1, totalSteps)
    switch name {
    case "fixed": self = .fixed(Fixed(base: base))
    case "step": self = .step(StepDecay(base: base, gamma: try number("gamma", 0.1), stepSize: try steps("step-size", max(1, total / 3))))
    case "multistep":
      used.insert("milestones")
      let milestones = try (settings["milestones"] ?? "\(total / 2)/\(3 * total / 4)").split(separator: "/").map { part -> Int in
        guard let value = Int(part), value >= 1 else {
          throw ConfigurationError("--schedule: milestones must be step numbers separated by '/', e.g. 2000/4000")
        }
        return value
      }
      self = .multiStep(MultiStepDecay(base: base, gamma: try number("gamma", 0.1), milestones: milestones))
    case "exp": self = .exponential(ExponentialDecay(base: base, gamma: try number("gamma", 0.9995)))
    case "inv": self = .inverse(InverseDecay(base: base, gamma: try number("gamma", 1e-4), power: try number("power", 0.75)))
    case "poly": self = .polynomial(PolynomialDecay(base: base, power: try number("power", 1), maxSteps: try steps("max-steps", total)))
    case "sigmoid": self = .sigmoid(SigmoidWarmup(base: base, gamma: try number("gamma", 0.01), stepSize: try steps("step-size", max(1, total / 10))))
    case "triangular": self = .triangular(Triangular(lower: try number("lower", base / 3), upper: base, stepSize: try steps("step-size", max(1, total / 4))))
    case "triangular2": self = .triangular2(Triangular2(lower: try number("lower", base / 3), upper: base, stepSize: try steps("step-size", max(1, total / 4))))
    case "exp-range": self = .expRange(ExpRange(lower: try number("lower", base / 3), upper: base, stepSize: try steps("step-size", max(1, total / 4)), gamma: try number("gamma", 0.99994)))
    case "sgdr": self = .cosineWarmRestarts(CosineWarmRestarts(maxRate: base, minRate: try number("min", 0), firstPeriod: try steps("first-period", max(1, total / 7)), periodMultiplier: try steps("multiplier", 2)))
    case "warmup": self = .linearWarmup(LinearWarmup(steps: try steps("steps", max(1, total / 10)), then: .fixed(Fixed(base: base))))
    case "decay-at-end": self = .decayAtEnd(DecayAtEnd(base: base, factor: try number("factor", 0.1), fromStep: try steps("from", max(1, total * 9 / 10))))
    default:
      throw ConfigurationError("--schedule: unknown schedule '\(name)'; valid: \(Self.names.joined(separator: ", "))")
    }
    if let unknown = settings.keys.sorted().first(where: { !used.contains($0) }) {
      throw ConfigurationError("--schedule: '\(name)' has no setting '\(unknown)'; it takes \(used.sorted().joined(separator: ", "))")
    }
  }
}

extension OptimizerSpec {
  /// `momentum` is the momentum coefficient for momentum and nesterov, beta1 for adam and adamw;
  /// `weightDecay` is adamw's decoupled decay (other optimizers take L2 through the run configuration).
  public init(parsing text: String, momentum: Double, weightDecay: Double) throws {
    guard let named = OptimizerSpec(name: text.lowercased()) else {
      throw ConfigurationError("--optimizer: unknown optimizer '\(text)'; valid: \(Self.names.joined(separator: ", "))")
    }
    switch named {
    case .momentum(_, let nesterov): self = .momentum(momentum, nesterov: nesterov)
    case .adam(_, let beta2, let epsilon): self = .adam(beta1: momentum, beta2: beta2, epsilon: epsilon)
    case .adamW(_, let beta2, let epsilon, _): self = .adamW(beta1: momentum, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    default: self = named
    }
  }
}

/// "name:key=value,key=value" → (name, [key: value]).
func parseSettings(_ text: String, flag: String) throws -> (String, [String: String]) {
  let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
  guard let name = parts.first?.lowercased(), !name.isEmpty else { throw ConfigurationError("\(flag): empty value") }
  var settings: [String: String] = [:]
  if parts.count == 2 {
    for pair in parts[1].split(separator: ",") {
      let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
      guard kv.count == 2, !kv[0].isEmpty else {
        throw ConfigurationError("\(flag): '\(pair)' is not key=value (e.g. \(name):gamma=0.1)")
      }
      settings[kv[0].lowercased()] = kv[1]
    }
  }
  return (name, settings)
}
