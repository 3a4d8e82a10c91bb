import CGSL

/// A named, seeded stream of random numbers: GSL's `mt19937` generator.
///
/// Every random draw in TrainingTricks comes from one of these. A stream is seeded from the *names* of what
/// it serves — (experiment, arm, seed, purpose) — through a stable hash, never from a counter shared between
/// runs, so a run draws the same numbers whatever order the scheduler runs it in.
///
/// GSL's mt19937 uses the low 32 bits of its seed; the 64-bit FNV-1a hash of the names is folded to 32 bits.
/// A stream is not thread-safe: each training run owns its streams.
public final class RandomStream {
  /// The names this stream was derived from, joined by "/" (for logs and error messages).
  public let name: String
  /// The 32-bit seed handed to `gsl_rng_set`.
  public let seed: UInt32
  private let generator: UnsafeMutablePointer<gsl_rng>

  /// A stream seeded from names, e.g. `RandomStream("init-schemes", "he-normal", "3", "init")`.
  public convenience init(_ names: String...) {
    self.init(names: names)
  }

  public init(names: [String]) {
    let name = names.joined(separator: "/")
    let hash = RandomStream.fnv1a64(name)
    self.name = name
    self.seed = UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    guard let generator = gsl_rng_alloc(trainingtricks_mt19937()) else {
      fatalError("gsl_rng_alloc failed: out of memory")
    }
    self.generator = generator
    gsl_rng_set(generator, UInt(seed))
  }

  deinit { gsl_rng_free(generator) }

  /// A child stream whose names extend this one's: independent of this stream's position.
  public func child(_ names: String...) -> RandomStream {
    RandomStream(names: [name] + names)
  }

  /// Uniform on [0, 1).
  @inline(__always) public func uniform() -> Double { gsl_rng_uniform(generator) }

  /// Uniform on (0, 1): safe to take the logarithm of.
  @inline(__always) public func uniformPositive() -> Double { gsl_rng_uniform_pos(generator) }

  /// Uniform on [low, high).
  public func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

  /// A raw 32-bit output of mt19937: fast Bernoulli masks compare it against a threshold.
  @inline(__always) public func nextUInt32() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(generator)) }

  /// The next `count` raw 32-bit outputs, the same as `count` calls of `nextUInt32()`, into `out`: one C
  /// loop instead of a call per draw (a dropout mask draws one per element).
  @inline(__always) public func fillUInt32(_ out: UnsafeMutablePointer<UInt32>, count: Int) {
    precondition(count >= 0, "fillUInt32: negative count \(count)")  // C would take it as a huge size_t
    trainingtricks_rng_fill_u32(generator, out, count)
  }

  /// Uniform integer in 0..<n, without modulo bias (GSL's rejection method).
  public func integer(below n: Int) -> Int {
    precondition(n > 0, "integer(below:) needs n > 0")
    return Int(gsl_rng_uniform_int(generator, UInt(n)))
  }

  /// Normal with mean 0 and the given standard deviation (GSL's ziggurat method).
  @inline(__always) public func gaussian(standardDeviation: Double = 1) -> Double {
    gsl_ran_gaussian_ziggurat(generator, standardDeviation)
  }

  /// Fisher-Yates shuffle in place. Inlinable so that callers in other modules get it specialized for
  /// their element type (an unspecialized swap goes through value witnesses, element by element).
  @inlinable public func shuffle<T>(_ array: inout [T]) {
    guard array.count > 1 else { return }
    for i in stride(from: array.count - 1, to: 0, by: -1) {
      array.swapAt(i, integer(below: i + 1))
    }
  }

  /// FNV-1a, 64 bit: stable across runs, processes and platforms (unlike Swift's `Hasher`).
  public static func fnv1a64(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
  }
}
