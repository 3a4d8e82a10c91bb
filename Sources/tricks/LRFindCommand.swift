import ArgumentParser
import Datasets
import Foundation
import Harness
import TrainingCore

/// `tricks lr-find`: the learning-rate range test on one configuration, given by the same flags as
/// `tricks train`; prints the loss-versus-rate curve, a suggested rate and a machine-readable last line.
struct LRFindCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lr-find",
    abstract: "Find a learning rate with a range test: train while the rate grows, watch the loss.",
    discussion: """
      From a fresh network, takes --steps mini-batch steps while the rate grows exponentially from \
      --min-lr to --max-lr, smooths the training loss (moving average with --smoothing, bias-corrected) \
      and stops once it exceeds --stop-factor times its minimum or becomes NaN. The suggestion is the \
      rate at the minimum smoothed loss divided by 10 (Smith 2017; fast.ai's lr_find, whose defaults \
      these are). The flags of `train` set the network, optimizer, batch and data; --lr, --schedule and \
      --epochs are not used (the test sets the rates and the number of steps).
      Example:
        tricks lr-find --hidden 256,256 --optimizer momentum --momentum 0.9 --batch 128 --train-subset 10000
      The last line is machine-readable:
        final suggested_lr=<x> min_loss_lr=<y> min_smoothed_loss=<z> steps=<n> stop=<completed|loss-rose|diverged>
      """)

  @OptionGroup var options: RunOptions
  @OptionGroup var flags: SingleRunOptions

  @Option(parsing: .unconditional, help: "The rate of the first step.")
  var minLr: Double = 1e-7

  @Option(parsing: .unconditional, help: "The rate of the last step.")
  var maxLr: Double = 10

  @Option(parsing: .unconditional, help: "Mini-batch steps from --min-lr to --max-lr (the test may stop earlier).")
  var steps: Int = 100

  @Option(parsing: .unconditional, help: "Beta of the moving average of the loss, in [0, 1) (0: no smoothing).")
  var smoothing: Double = 0.98

  @Option(parsing: .unconditional, help: "Stop once the smoothed loss exceeds this many times its minimum (> 1).")
  var stopFactor: Double = 4

  var rangeTest: LearningRateRangeTest { LearningRateRangeTest(minimumRate: minLr, maximumRate: maxLr, steps: steps, smoothing: smoothing,
                          divergenceFactor: stopFactor) }

  /// The configuration the flags describe, parsed and checked once, by `validate()`.
  private var validated: RunConfiguration.Validated?
  private enum CodingKeys: CodingKey { case options, flags, minLr, maxLr, steps, smoothing, stopFactor }

  mutating func validate() throws {
    validated = try options.validatedConfiguration()
    try inFlagWords { try rangeTest.validate() }
  }

  func run() throws {
    guard let validated else { preconditionFailure("ArgumentParser runs validate() before run()") }
    let (train, test) = try flags.prepare(validated.configuration)
    let trainer = try Trainer(configuration: validated, train: train, test: test,
                              streams: RunStreams(experiment: "lr-find", arm: "cli", seed: flags.seed), threads: flags.threads)
    flags.describe(trainer)
    printErr("range test: \(rangeTest)")
    let result = rangeTest.run(trainer)
    printCurve(result)
    if let csv = flags.csv {
      var text = "step,learning_rate,loss,smoothed_loss\n"
      for i in result.losses.indices {
        text += "\(i),\(result.learningRates[i]),\(result.losses[i]),\(result.smoothedLosses[i])\n"
      }
      try FileStore.writeAtomically(text, to: csv)
    }
    let minimum = result.minimumIndex
    if let minimum, let suggested = result.suggestedRate {
      print(String(format: "suggested learning rate: %.4g (the minimum smoothed loss %.4f is at rate %.4g, step %d; divided by %g)",
                   suggested, result.smoothedLosses[minimum], result.learningRates[minimum], minimum,
                   LearningRateRangeTest.suggestionDivisor))
    } else {
      printErr("no suggestion: the loss of the first step was not finite; lower --min-lr")
    }
    print("final suggested_lr=\(result.suggestedRate.map { String($0) } ?? "nan") "
          + "min_loss_lr=\(result.rateAtMinimum.map { String($0) } ?? "nan") "
          + "min_smoothed_loss=\(minimum.map { String(result.smoothedLosses[$0]) } ?? "nan") "
          + "steps=\(result.losses.count) stop=\(result.stop.rawValue)")
  }

  /// About 20 rows of the curve, plus the minimum and the last step.
  private func printCurve(_ result: LearningRateRangeTest.Result) {
    let every = max(1, steps / 20)
    print("step  learning_rate  loss      smoothed_loss")
    for i in result.losses.indices where i % every == 0 || i == result.minimumIndex || i == result.losses.count - 1 {
      let mark = i == result.minimumIndex ? "  <- minimum" : ""
      print(String(format: "%4d  %13.4g  %8.4f  %13.4f", i, result.learningRates[i], result.losses[i],
                   result.smoothedLosses[i]) + mark)
    }
    switch result.stop {
    case .completed: print("completed all \(steps) steps")
    case .lossRose: print("stopped: the smoothed loss rose past \(rangeTest.divergenceFactor)x its minimum")
    case .diverged: print("stopped: the loss became NaN or infinite at step \(result.losses.count)")
    }
  }
}
