import ArgumentParser

@main
struct Tricks: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tricks",
    abstract: "Re-run the folklore of deep-learning training as repeatable experiments on Fashion-MNIST.",
    version: TricksVersion.string,
    subcommands: [TrainCommand.self])
}

enum TricksVersion {
  static let string = "0.1.0"
}
