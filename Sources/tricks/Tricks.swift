import ArgumentParser

@main
struct Tricks: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "tricks", version: "0.1.0")
}
