import Foundation
import Testing

/// One command that must be refused: its arguments and the words its one-line error must contain.
///
/// Arguments may name the case's own folder (`Workspace`): `{data}` valid synthetic data,
/// `{defect:<name>}` data wrong in one way (`SyntheticData.Defect`), `{results}` a copy of the shared
/// finished run (manifest: quick, --seeds 2 --epochs 1), `{partial}` the same with one cell missing (so a
/// run has work to do and must load the data), `{foreign}` a folder whose manifest is not ours, `{file}`
/// a regular file, `{new}` a path that does not exist yet.
struct BadInput: Sendable, CustomTestStringConvertible {
  let arguments: [String]
  let expected: [String]
  init(_ arguments: String, _ expected: String...) {
    self.arguments = arguments.split(separator: " ").map(String.init)
    self.expected = expected
  }
  init(arguments: [String], _ expected: String...) {
    self.arguments = arguments
    self.expected = expected
  }
  var testDescription: String { "tricks " + arguments.joined(separator: " ") }
}

let quick = "run init-schemes --profile quick --seeds 2 --epochs 1"
let trainSmall = "train --hidden 16 --epochs 1 --train-subset 100 --batch 20"

let badInputs: [BadInput] = [
  // Unknown experiment.
  BadInput("run nope --out {results}", "unknown experiment 'nope'", "init-schemes"),
  BadInput("report nope --profile quick --out {results}", "unknown experiment 'nope'", "init-schemes"),
  // Numeric flags of run and all: negative, zero, NaN, huge.
  BadInput("run init-schemes --seeds -1 --out {results}", "--seeds", "between 2 and 1000", "-1"),
  BadInput("run init-schemes --seeds 1 --out {results}", "--seeds", "at least 2 seeds"),
  BadInput("all --seeds nan --out {results}", "nan", "--seeds"),
  BadInput("run init-schemes --seeds 99999999999999999999 --out {results}", "99999999999999999999", "--seeds"),
  BadInput("run init-schemes --epochs 0 --out {results}", "--epochs", "between 1 and 10000"),
  BadInput("all --epochs 100000 --out {results}", "--epochs", "between 1 and 10000"),
  BadInput("run init-schemes --jobs 0 --out {results}", "--jobs", "between 1 and 256"),
  BadInput("all --jobs -2 --out {results}", "--jobs", "between 1 and 256"),
  BadInput("run init-schemes --jobs 1e9 --out {results}", "1e9", "--jobs"),
  BadInput("run init-schemes --profile medium --out {results}", "--profile", "quick or full", "medium"),
  // Numeric flags of train.
  BadInput("train --lr 0", "--lr", "positive"),
  BadInput("train --lr -1", "--lr", "positive"),
  BadInput("train --lr nan", "--lr", "finite"),
  BadInput("train --lr 1e400", "--lr", "finite"),
  BadInput("train --momentum 1", "--momentum", "[0, 1)"),
  BadInput("train --momentum -0.5", "--momentum", "[0, 1)"),
  BadInput("train --dropout 1", "--dropout", "drop rate", "[0, 1)"),
  BadInput("train --dropout -0.2", "--dropout", "[0, 1)"),
  BadInput("train --input-dropout 1.5", "--input-dropout", "[0, 1)"),
  BadInput("train --dropout nan", "--dropout", "finite"),
  BadInput("train --weight-decay -1", "--weight-decay", ">= 0"),
  BadInput("train --clip-norm 0", "--clip-norm", "> 0"),
  BadInput("train --clip-norm nan", "--clip-norm", "> 0"),
  BadInput("train --batch 0", "--batch", "between 1 and 60000"),
  BadInput("train --batch 99999999999999", "--batch", "between 1 and 60000"),
  BadInput("train --epochs 0", "--epochs", "between 1 and 10000"),
  BadInput("train --epochs 99999999999999999", "--epochs", "between 1 and 10000"),  // was an overflow trap
  BadInput("train --train-subset 9999999999999", "--train-subset", "between 1 and 60000"),  // was a failed allocation
  BadInput("train --train-subset 5", "--train-subset", "one example per class"),
  BadInput("train --validation-split 0", "--validation-split", "between 1 and 59999"),
  BadInput("train --validation-split 5", "--validation-split", "one example per class"),
  BadInput("train --seed -1", "--seed", "0 or more"),
  BadInput("train --seed 99999999999999999999", "99999999999999999999", "--seed"),
  BadInput("train --threads 0", "--threads", "between 1 and 256"),
  BadInput("train --threads 100000", "--threads", "between 1 and 256"),
  // Flags of lr-find: its own, and the configuration flags it shares with train.
  BadInput("lr-find --min-lr 0", "--min-lr", "> 0"),
  BadInput("lr-find --min-lr nan", "--min-lr", "finite"),
  BadInput("lr-find --max-lr 1e-9", "--max-lr", "above --min-lr"),
  BadInput("lr-find --min-lr 1 --max-lr 1", "--max-lr", "above --min-lr"),
  BadInput("lr-find --max-lr inf", "--max-lr", "finite"),
  BadInput("lr-find --steps 1", "--steps", "between 2 and 1000000"),
  BadInput("lr-find --steps 99999999999", "--steps", "between 2 and 1000000"),
  BadInput("lr-find --steps many", "many", "--steps"),
  BadInput("lr-find --smoothing 1", "--smoothing", "[0, 1)"),
  BadInput("lr-find --stop-factor 1", "--stop-factor", "> 1"),
  BadInput("lr-find --seed -1", "--seed", "0 or more"),
  BadInput("lr-find --threads 0", "--threads", "between 1 and 256"),
  BadInput("lr-find --momentum 1", "--momentum", "[0, 1)"),
  BadInput("lr-find --optimizer lion", "--optimizer", "'lion'", "valid:"),
  BadInput("lr-find --batch 0", "--batch", "between 1 and 60000"),
  BadInput("lr-find --hidden 16 --train-subset 100 --batch 20 --data {data} --csv {new}/curve.csv", "--csv", "does not exist"),
  BadInput("lr-find --hidden 16 --train-subset 100 --batch 20 --data {data} --csv {results}", "--csv", "is a directory"),
  BadInput("lr-find --hidden 16 --train-subset 100 --batch 20 --data {new}", "Fashion-MNIST not found", "dataset-fashion-mnist"),
  // Layer lists.
  BadInput(arguments: ["train", "--hidden", ""], "--hidden", "empty layer list"),
  BadInput("train --hidden 256,,256", "--hidden", "is not a layer width"),
  BadInput("train --hidden 12x", "--hidden", "'12x'"),
  BadInput("train --hidden -5", "--hidden", "'-5'"),
  BadInput("train --hidden 65536,65536", "--hidden", "parameters"),  // 17 GB of weights otherwise
  BadInput(arguments: ["train", "--conv", ""], "--conv", "empty list"),
  BadInput("train --conv 16,,32", "--conv", "is not a number of filters"),
  BadInput("train --conv 0", "--conv", "'0'"),
  BadInput("train --conv 8,8,8,8,8", "--conv", "shrinks below one pixel"),
  BadInput("train --conv 4096,4096", "--conv", "parameters"),
  BadInput("train --conv 64,64 --hidden 65536,65536", "--hidden", "parameters"),
  // Unknown names: the message lists the valid ones.
  BadInput("train --activation swish", "--activation", "'swish'", "valid:", "relu", "tanh"),
  BadInput("train --init kaiming", "--init", "'kaiming'", "valid:", "he-normal", "glorot-uniform"),
  BadInput("train --optimizer lion", "--optimizer", "'lion'", "valid:", "adam", "momentum"),
  BadInput("train --schedule zigzag", "--schedule", "'zigzag'", "valid:", "step", "sgdr"),
  BadInput("train --loss hinge", "--loss", "'hinge'", "valid:", "cross-entropy"),
  BadInput("train --norm groupnorm", "--norm", "'groupnorm'", "valid:", "batchnorm", "layernorm"),
  BadInput("train --preprocessing whiten", "--preprocessing", "'whiten'", "valid:", "standardized"),
  BadInput("train --schedule step:gamma=abc", "--schedule", "gamma=abc", "finite"),
  BadInput("train --schedule step:warp=2", "--schedule", "no setting 'warp'"),
  // The data folder.
  BadInput("\(trainSmall) --data {new}", "Fashion-MNIST not found", "apt-get install dataset-fashion-mnist"),
  BadInput("\(trainSmall) --data {file}", "Fashion-MNIST not found"),
  BadInput("\(trainSmall) --data {defect:missing-file}", "t10k-labels-idx1-ubyte.gz", "not found"),
  BadInput("\(trainSmall) --data {defect:truncated-gzip}", "train-images-idx3-ubyte.gz", "corrupt gzip", "cut short"),
  BadInput("\(trainSmall) --data {defect:truncated-content}", "train-images-idx3-ubyte.gz", "truncated"),
  BadInput("\(trainSmall) --data {defect:bad-magic}", "train-labels-idx1-ubyte.gz", "not an IDX file"),
  BadInput("\(trainSmall) --data {defect:wrong-shape}", "train-images-idx3-ubyte.gz", "expected shape Nx28x28", "27x27"),
  BadInput("\(trainSmall) --data {defect:label-out-of-range}", "train-labels-idx1-ubyte.gz", "label 10 at index 7"),
  BadInput("\(trainSmall) --data {defect:count-mismatch}", "t10k-labels-idx1-ubyte.gz", "199 labels"),
  BadInput("\(quick) --data {defect:wrong-shape} --out {partial}", "expected shape Nx28x28"),
  BadInput("\(quick) --data {new} --out {partial}", "Fashion-MNIST not found", "dataset-fashion-mnist"),
  // The results folder.
  BadInput("\(quick) --data {data} --out /proc/tricks-results", "--out", "cannot create /proc/tricks-results"),
  BadInput("\(quick) --data {data} --out {file}", "--out", "exists and is not a directory"),
  BadInput("\(quick) --data {data} --out {file}/results", "--out", "cannot create"),
  BadInput("\(trainSmall) --data {data} --csv {new}/curve.csv", "--csv", "does not exist"),
  BadInput("\(trainSmall) --data {data} --csv {results}", "--csv", "is a directory"),
  BadInput("\(quick) --data {data} --out {foreign}", "not a TrainingTricks manifest"),
  // Results of another profile or other overrides in the same folder.
  BadInput("run init-schemes --profile full --data {data} --out {results}", "profile quick", "not full", "--fresh"),
  BadInput("run init-schemes --profile quick --data {data} --out {results}", "--seeds 2 --epochs 1", "--fresh"),
  BadInput("run init-schemes --profile quick --seeds 3 --epochs 1 --data {data} --out {results}", "--seeds 3", "--fresh"),
  // report takes the folder's profile, seeds and epochs; one given that disagrees is refused.
  BadInput("report init-schemes --profile quick --seeds 2 --epochs 2 --out {results}", "--seeds 2 --epochs 1",
           "not of --epochs 2", "leave out --epochs"),
  BadInput("report --profile full --out {results}", "profile quick", "not of --profile full", "leave out --profile"),
  BadInput("report init-schemes --out {foreign}", "not a TrainingTricks manifest", "--out"),
  BadInput("report init-schemes --profile quick --out {new}", "no results for init-schemes"),
]

extension CLITests {
  /// Bad input gives a one-line message that names the problem and a non-zero exit, never a crash, and
  /// changes no existing file.
  @Suite struct BadInputTests {
    @Test(arguments: badInputs)
    func badInputIsRefusedWithAMessageAndChangesNothing(_ input: BadInput) throws {
      let shared = try SharedRun.get()
      let workspace = try Workspace(shared: shared)
      defer { workspace.remove() }
      let before = snapshot(workspace.path)

      let outcome = try runTricks(try input.arguments.map(workspace.resolve), in: workspace.path)

      #expect(outcome.exitedNormally, "killed by a signal: \(outcome)")
      #expect(outcome.status != 0, "\(outcome)")
      #expect(!outcome.hasCrashReport, "\(outcome)")
      let errors = outcome.errorLines
      #expect(errors.count == 1, "expected one 'Error:' line: \(outcome)")
      for word in input.expected {
        #expect(errors.first?.contains(word) == true, "'\(word)' missing from the error: \(outcome)")
      }
      let after = snapshot(workspace.path)
      #expect(after.keys.sorted() == before.keys.sorted(), "files were created or removed")
      #expect(after.filter { before[$0.key] != $0.value }.keys.sorted() == [], "files changed")
    }

    @Test func thereAreAtLeast25Cases() {
      #expect(badInputs.count >= 25)
    }
  }
}

/// One bad-input case's folder: the placeholders of `BadInput` resolved to paths inside it.
struct Workspace {
  let path: String
  let shared: SharedRun

  init(shared: SharedRun) throws {
    self.shared = shared
    path = try TemporaryFolder(prefix: "case").path
    try copyFolder(shared.results, to: path + "/results")
    try copyFolder(shared.results, to: path + "/partial")
    let cells = path + "/partial/\(SharedRun.experiment)/cells"
    let first = try #require(try FileManager.default.contentsOfDirectory(atPath: cells).sorted().first)
    try FileManager.default.removeItem(atPath: cells + "/" + first)
    try FileManager.default.createDirectory(atPath: path + "/foreign/\(SharedRun.experiment)/cells",
                                            withIntermediateDirectories: true)
    try Data(#"{"not": "a manifest of ours"}"#.utf8)
      .write(to: URL(fileURLWithPath: path + "/foreign/\(SharedRun.experiment)/manifest.json"))
    try Data("a regular file\n".utf8).write(to: URL(fileURLWithPath: path + "/file"))
  }

  func resolve(_ argument: String) throws -> String {
    var text = argument
    for (name, value) in [("{data}", shared.data), ("{results}", path + "/results"), ("{partial}", path + "/partial"),
                          ("{foreign}", path + "/foreign"), ("{file}", path + "/file"), ("{new}", path + "/new")] {
      text = text.replacingOccurrences(of: name, with: value)
    }
    if let range = text.range(of: #"\{defect:[a-z-]+\}"#, options: .regularExpression) {
      let name = String(text[range].dropFirst("{defect:".count).dropLast())
      let defect = try #require(SyntheticData.Defect(rawValue: name), "no defect \(name)")
      // Outside the workspace, so the snapshot compares only results.
      let folder = shared.root + "/defects/" + name
      if !FileManager.default.fileExists(atPath: folder) { try SyntheticData.write(to: folder, defect: defect) }
      text.replaceSubrange(range, with: folder)
    }
    return text
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}
