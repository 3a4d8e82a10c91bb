import ArgumentParser
import Datasets
import Foundation
import Harness
import Statistics
import TrainingCore

/// `tricks train`: one configuration from flags, one line per epoch, a machine-readable last line.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train one configuration on Fashion-MNIST and report its accuracy.",
    discussion: """
      Example (the sanity configuration):
        tricks train --hidden 256,256 --activation relu --init he-normal --optimizer momentum \\
          --lr 0.05 --momentum 0.9 --batch 128 --epochs 2 --seed 0
      The last line is machine-readable:
        final test_accuracy=<x> train_loss=<y> status=<ok|diverged> samples_per_second=<z>
      """)

  @OptionGroup var options: RunOptions
  @OptionGroup var flags: SingleRunOptions
  /// The configuration the flags describe, parsed and checked once, by `validate()`.
  private var validated: RunConfiguration.Validated?
  private enum CodingKeys: CodingKey { case options, flags }

  mutating func validate() throws {
    validated = try options.validatedConfiguration()
  }

  func run() throws {
    guard let validated else { preconditionFailure("ArgumentParser runs validate() before run()") }
    let configuration = validated.configuration
    let (train, test) = try flags.prepare(configuration)
    let trainer = try Trainer(configuration: validated, train: train, test: test,
                              streams: RunStreams(experiment: "train", arm: "cli", seed: flags.seed), threads: flags.threads)
    flags.describe(trainer)
    let progress = ProgressLine()
    let result = trainer.run(
      onEpoch: { record in
        progress.clear()
        let held = record.validationAccuracy.map { String(format: "  val_acc %.4f", $0) } ?? ""
        print(String(format: "epoch %d  train_loss %.4f  train_acc %.4f  test_loss %.4f  test_acc %.4f  lr %.6g",
                     record.epoch, record.trainLoss, record.trainAccuracy, record.testLoss,
                     record.testAccuracy, record.learningRate) + held)
      },
      onProgress: { epoch, step, steps in
        progress.show("epoch \(epoch)/\(configuration.epochs)  step \(step)/\(steps)")
      })
    progress.clear()
    if let csv = flags.csv {
      var text = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,learning_rate\n"
      for r in result.epochs {
        text += "\(r.epoch),\(r.trainLoss),\(r.trainAccuracy),\(r.testLoss),\(r.testAccuracy),\(r.learningRate)\n"
      }
      try FileStore.writeAtomically(text, to: csv)
    }
    if case .diverged(let epoch, let step) = result.status {
      printErr("diverged: the loss became NaN or infinite at epoch \(epoch), step \(step)")
    }
    let last = result.epochs.last
    print("final test_accuracy=\(last.map { String($0.testAccuracy) } ?? "nan") "
          + "train_loss=\(last.map { String($0.trainLoss) } ?? "nan") status=\(result.status) "
          + "samples_per_second=\(Int(result.samplesPerSecond.rounded()))")
  }
}

/// Fails before training, not after it, when the CSV cannot be written where asked.
func checkWritableFile(_ path: String) throws {
  var isDirectory: ObjCBool = false
  if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
    throw ValidationError("--csv: \(path) is a directory; name a file")
  }
  let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
  guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
    throw ValidationError("--csv: the folder \(folder) does not exist")
  }
  guard access(folder, W_OK) == 0 else { throw ValidationError("--csv: the folder \(folder) is not writable") }
}

/// Loads Fashion-MNIST; a `DatasetError` propagates to ArgumentParser, which prints its one-line
/// description (naming the file, and the Debian package when the data is missing) and exits with 1.
func loadFashionMNIST(override: String?, preprocessing: Preprocessing) throws -> (Dataset, Dataset) {
  let loaded = try FashionMNIST.load(directory: FashionMNIST.directory(override: override),
                                     preprocessing: preprocessing)
  return (loaded.train, loaded.test)
}

func printErr(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// A single updating status line on stderr (only when stderr is a terminal, so logs stay clean).
final class ProgressLine {
  private let enabled = isatty(STDERR_FILENO) != 0
  func show(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
  }
  func clear() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
