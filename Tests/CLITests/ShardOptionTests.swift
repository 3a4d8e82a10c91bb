import ArgumentParser
import Harness
import Testing
@testable import tricks

/// `--shard i/n` on `run` and `all`: bad values fail at parse time with a message naming the flag.
@Suite struct ShardOptionTests {
  @Test(arguments: [("0/4", "between 1 and 4"), ("5/4", "between 1 and 4"), ("1/0", "at least 1"),
                    ("garbage", "not of the form i/n"), ("2/", "not of the form i/n")])
  func badShardIsAValidationErrorNamingTheFlag(value: String, reason: String) {
    for arguments in [["run", "init-schemes", "--shard", value], ["all", "--shard", value]] {
      #expect {
        _ = try Tricks.parseAsRoot(arguments)
      } throws: { error in
        let message = Tricks.message(for: error)
        return message.contains("--shard") && message.contains(reason) && message.contains("'\(value)'")
      }
    }
  }

  @Test func goodShardParses() throws {
    let command = try #require(try Tricks.parseAsRoot(["run", "init-schemes", "--shard", "2/4"]) as? RunCommand)
    #expect(try command.scheduling.parsedShard() == Shard(index: 2, count: 4))
    let all = try #require(try Tricks.parseAsRoot(["all", "--shard=3/3"]) as? AllCommand)
    #expect(try all.scheduling.parsedShard() == Shard(index: 3, count: 3))
  }

  @Test func freshAndShardTogetherAreRefused() {
    #expect { _ = try Tricks.parseAsRoot(["run", "init-schemes", "--shard", "1/2", "--fresh"]) } throws: {
      Tricks.message(for: $0).contains("--fresh cannot be combined with --shard")
    }
  }

  /// The manifest keeps the command that regenerates every cell, so the shard flag is dropped from it.
  @Test func manifestCommandDropsTheShard() {
    #expect(commandWithoutShard(["tricks", "run", "x", "--shard", "2/4", "--jobs", "2"]) == ["tricks", "run", "x", "--jobs", "2"])
    #expect(commandWithoutShard(["tricks", "all", "--shard=1/3"]) == ["tricks", "all"])
  }
}
