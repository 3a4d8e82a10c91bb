// The learning-rate range test (Smith 2017; fast.ai's lr_find): one short run whose rate grows
// exponentially, read as training loss versus rate. It is a tool for choosing a fixed rate, not a
// schedule: it trains a throw-away network and keeps only its curve and a suggestion.

/// The learning-rate range test: train a fresh network for up to `steps` mini-batches while the rate
/// grows exponentially from `minimumRate` to `maximumRate`, and suggest a rate from the smoothed loss.
///
/// ```
/// lr(i)     = minimumRate · (maximumRate / minimumRate)^(i / (steps − 1))      i = 0 ..< steps
/// avg(i)    = β · avg(i − 1) + (1 − β) · loss(i),   avg(−1) = 0                β = smoothing
/// smooth(i) = avg(i) / (1 − β^(i + 1))                                         (bias correction, as Adam's)
/// stop after step i if loss(i) is not finite, or smooth(i) > k · min_{j ≤ i} smooth(j)   k = divergenceFactor
/// suggestion = lr(argmin_i smooth(i)) / 10
/// ```
///
/// Rule for the suggestion (fast.ai v1's `lr_min / 10`): the minimum of the smoothed loss marks where the
/// rate starts to be too large, so training *at* it is at the edge of divergence; one decade lower is
/// still on the fast-descending part of the curve. The defaults are fast.ai's (1e-7 to 10 in 100 steps,
/// β = 0.98, stop at 4×), and the rule belongs with them: β = 0.98 averages about the last 50 steps,
/// which span four decades of rate here, so the smoothed minimum lags the raw one by about a decade, and
/// the division by 10 undoes that lag as much as it adds a safety margin. We chose it over the
/// steepest-descent point (the most negative slope of the smoothed loss), which differentiates a noisy
/// curve, while the minimum of an averaged curve is a steadier statistic. The loss is each mini-batch's loss before its update, in the training phase (an L2 penalty is
/// not part of it).
///
/// References: Smith 2017, "Cyclical Learning Rates for Training Neural Networks", §3.3 (the "LR range
/// test": a linear ramp over a few epochs, read from accuracy); Howard & Gugger 2020, fast.ai `lr_find`
/// (exponential ramp, smoothed and bias-corrected loss, stop at 4× the minimum), which we follow.
public struct LearningRateRangeTest: Sendable, Hashable, Codable, CustomStringConvertible {
  public var minimumRate: Double
  public var maximumRate: Double
  public var steps: Int
  /// β of the exponential moving average of the loss.
  public var smoothing: Double
  /// k: stop once the smoothed loss exceeds k times its minimum so far.
  public var divergenceFactor: Double
  /// The suggestion is the rate at the minimum smoothed loss divided by this.
  public static let suggestionDivisor = 10.0

  public init(minimumRate: Double = 1e-7, maximumRate: Double = 10, steps: Int = 100, smoothing: Double = 0.98,
              divergenceFactor: Double = 4) {
    self.minimumRate = minimumRate
    self.maximumRate = maximumRate
    self.steps = steps
    self.smoothing = smoothing
    self.divergenceFactor = divergenceFactor
  }

  /// Throws a `ConfigurationError` naming the field when a value cannot make a test.
  public func validate() throws {
    guard minimumRate.isFinite, minimumRate > 0 else {
      throw ConfigurationError(.minimumRate, "must be a finite number > 0, got \(minimumRate)")
    }
    guard maximumRate.isFinite, maximumRate > minimumRate else {
      throw ConfigurationError(.maximumRate,
                               "must be a finite number above \(field: .minimumRate) (\(minimumRate)), got \(maximumRate)")
    }
    guard (2...1_000_000).contains(steps) else {
      throw ConfigurationError(.steps, "must be between 2 and 1000000, got \(steps)")
    }
    guard smoothing >= 0, smoothing < 1 else {
      throw ConfigurationError(.smoothing, "must be in [0, 1), got \(smoothing)")
    }
    guard divergenceFactor.isFinite, divergenceFactor > 1 else {
      throw ConfigurationError(.divergenceFactor, "must be a finite number > 1, got \(divergenceFactor)")
    }
  }

  /// The rate of step `i` (counting from 0).
  public func learningRate(at step: Int) -> Double {
    minimumRate * Double.pow(maximumRate / minimumRate, Double(step) / Double(steps - 1))
  }

  /// Why the test stopped.
  public enum Stop: String, Sendable, Codable {
    /// All `steps` steps ran without the loss rising past the factor.
    case completed
    /// The smoothed loss exceeded `divergenceFactor` times its minimum.
    case lossRose = "loss-rose"
    /// A mini-batch loss was NaN or infinite (that step is not in the curve).
    case diverged
  }

  /// The measured curve, one entry per step that ran with a finite loss.
  public struct Result: Sendable {
    public var learningRates: [Double] = []
    public var losses: [Double] = []
    public var smoothedLosses: [Double] = []
    public var stop = Stop.completed
    /// Where the smoothed loss is smallest (nil when not even the first loss was finite).
    public var minimumIndex: Int?
    public var rateAtMinimum: Double? { minimumIndex.map { learningRates[$0] } }
    public var suggestedRate: Double? { rateAtMinimum.map { $0 / LearningRateRangeTest.suggestionDivisor } }
  }

  /// Runs the test on `trainer`, whose network it trains: pass a freshly built one. The batches come
  /// from the trainer's training set and shuffle stream, reshuffled at each pass; the rates replace its
  /// schedule. Allocates nothing per step.
  /// - Precondition: `validate()` does not throw.
  public func run(_ trainer: Trainer) -> Result {
    var result = Result()
    result.learningRates.reserveCapacity(steps)
    result.losses.reserveCapacity(steps)
    result.smoothedLosses.reserveCapacity(steps)
    var average = 0.0, correction = 1.0
    for step in 0..<steps {
      trainer.loadTrainingBatch(stepInEpoch: step % trainer.stepsPerEpoch)
      let rate = learningRate(at: step)
      let loss = Double(trainer.step(learningRate: Float(rate)).loss)
      guard loss.isFinite else {
        result.stop = .diverged
        break
      }
      average = smoothing * average + (1 - smoothing) * loss
      correction *= smoothing
      let smoothed = average / (1 - correction)
      result.learningRates.append(rate)
      result.losses.append(loss)
      result.smoothedLosses.append(smoothed)
      if result.minimumIndex.map({ smoothed < result.smoothedLosses[$0] }) ?? true {
        result.minimumIndex = step
      }
      if smoothed > divergenceFactor * result.smoothedLosses[result.minimumIndex!] {
        result.stop = .lossRose
        break
      }
    }
    return result
  }

  public var description: String {
    "range-test(min=\(minimumRate),max=\(maximumRate),steps=\(steps),smoothing=\(smoothing),stop=\(divergenceFactor)x)"
  }
}
