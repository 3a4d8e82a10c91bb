import Foundation

/// How values map to positions along an axis.
public enum AxisScale: Sendable, Equatable {
  case linear
  /// Base-10 logarithmic; zero and negative values cannot be drawn and are skipped.
  case logarithmic
  /// Logarithmic when no finite value is negative and the positive ones span at least three decades
  /// (max/min ≥ 1000), linear otherwise: per-layer signal and learning rates need it, accuracies never.
  /// Zeros (a zero-initialized layer) are then left undrawn rather than flattening every other line.
  case automatic

  /// The concrete scale for these values.
  func resolved(for values: [Double]) -> AxisScale {
    guard self == .automatic else { return self }
    let finite = values.filter(\.isFinite)
    let positive = finite.filter { $0 > 0 }
    guard !finite.contains(where: { $0 < 0 }), positive.count >= 2, let low = positive.min(), let high = positive.max(), high / low >= 1000 else {
      return .linear
    }
    return .logarithmic
  }
}

/// A resolved axis: its domain, ticks with labels, and the map from data to pixels.
///
/// The domain always contains every drawable value it was built from, so no plotted point can fall
/// outside the plot area; the ticks are "nice" numbers (1, 2 or 5 times a power of ten).
struct Axis {
  let scale: AxisScale
  let low: Double
  let high: Double
  let ticks: [(value: Double, label: String)]

  /// Builds an axis over `values` (non-drawable ones ignored), with `explicitTicks` if given
  /// (e.g. the depths 5, 20, 30 of a factor), else about five nice ticks.
  ///
  /// - Parameters:
  ///   - values: every value the chart will draw on this axis, bands included.
  ///   - scale: `.linear` or `.logarithmic` (`.automatic` must be resolved first).
  ///   - explicitTicks: tick positions to use instead of nice ones; the domain is widened to hold them.
  init(values: [Double], scale: AxisScale, explicitTicks: [Double]? = nil) {
    self.scale = scale
    let drawable = values.filter { $0.isFinite && (scale != .logarithmic || $0 > 0) }
    let given = (explicitTicks ?? []).filter { $0.isFinite && (scale != .logarithmic || $0 > 0) }
    let all = drawable + given
    if scale == .logarithmic {
      var lowExponent = Int(all.min().map { floor(log10($0)) } ?? 0)
      var highExponent = Int(all.max().map { ceil(log10($0)) } ?? 1)
      if highExponent <= lowExponent { highExponent = lowExponent + 1 }
      // At most about six labelled decades; the bottom is pushed down to a whole number of steps so
      // both ends of the axis carry a label.
      let stride = max(1, (highExponent - lowExponent + 5) / 6)
      lowExponent = highExponent - stride * ((highExponent - lowExponent + stride - 1) / stride)
      low = pow(10, Double(lowExponent))
      high = pow(10, Double(highExponent))
      if !given.isEmpty {
        ticks = given.map { ($0, Axis.label($0, step: nil)) }
      } else {
        ticks = Swift.stride(from: lowExponent, through: highExponent, by: stride).map { exponent in
          (pow(10, Double(exponent)), Axis.powerLabel(exponent))
        }
      }
      return
    }
    var lowValue = all.min() ?? 0, highValue = all.max() ?? 1
    if highValue - lowValue < 1e-12 * max(1, abs(highValue)) {
      // A flat series still needs a visible range; ±1 around small values, ±10% around large ones.
      let pad = max(1e-12, abs(lowValue) > 10 ? abs(lowValue) * 0.1 : (abs(lowValue) >= 0.5 ? 0.5 : 0.05))
      lowValue -= pad
      highValue += pad
    }
    let step = Axis.niceStep((highValue - lowValue) / 5)
    let first = floor(lowValue / step) * step, last = ceil(highValue / step) * step
    low = first
    high = last
    if !given.isEmpty {
      ticks = given.map { ($0, Axis.label($0, step: nil)) }
    } else {
      let count = Int(((last - first) / step).rounded())
      ticks = (0...count).map { index in
        let value = first + Double(index) * step
        return (value, Axis.label(value, step: step))
      }
    }
  }

  /// Maps a value to a pixel between `start` (at `low`) and `end` (at `high`); nil when not drawable.
  func position(_ value: Double, from start: Double, to end: Double) -> Double? {
    guard value.isFinite else { return nil }
    let fraction: Double
    if scale == .logarithmic {
      guard value > 0 else { return nil }
      fraction = (log10(value) - log10(low)) / (log10(high) - log10(low))
    } else {
      fraction = (value - low) / (high - low)
    }
    return start + fraction * (end - start)
  }

  /// 1, 2 or 5 times a power of ten, the smallest such not below `rough`.
  static func niceStep(_ rough: Double) -> Double {
    guard rough > 0, rough.isFinite else { return 1 }
    let power = pow(10, floor(log10(rough)))
    for multiple in [1.0, 2, 5, 10] where multiple * power >= rough * (1 - 1e-9) { return multiple * power }
    return 10 * power
  }

  /// A tick label with as many decimals as the step needs (step 0.05 → "0.15"), or the shortest
  /// plain form for explicit ticks ("0.5", "20", "1e-05").
  static func label(_ value: Double, step: Double?) -> String {
    if let step {
      let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
      return fixed(value, decimals: decimals)
    }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    let magnitude = abs(value)
    if magnitude >= 1e-4 && magnitude < 1e6 {
      for decimals in 1...6 where abs(Double(fixed(value, decimals: decimals))! - value) <= magnitude * 1e-9 {
        return fixed(value, decimals: decimals)
      }
    }
    let exponent = Int(floor(log10(magnitude)))
    return fixed(value / pow(10, Double(exponent)), decimals: 2) + "e" + String(exponent)
  }

  /// "0.001", "0.01", ..., "1000" in the readable range, "1e-5" outside it.
  static func powerLabel(_ exponent: Int) -> String {
    if (0...3).contains(exponent) { return String(Int(pow(10, Double(exponent)))) }
    if (-3 ... -1).contains(exponent) { return "0." + String(repeating: "0", count: -exponent - 1) + "1" }
    return "1e\(exponent)"
  }

  /// Fixed decimals without locale and without "-0".
  static func fixed(_ value: Double, decimals: Int) -> String {
    let scale = pow(10, Double(decimals))
    let scaled = (value * scale).rounded()
    // Beyond 15 digits (a diverging run's loss can reach 1e30) an Int64 cannot hold the digits: switch to
    // a mantissa with two decimals and a power of ten.
    guard abs(scaled) < 1e15 else {
      let exponent = Int(floor(log10(abs(value))))
      return fixed(value / pow(10, Double(exponent)), decimals: 2) + "e" + String(exponent)
    }
    if scaled == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
    let negative = scaled < 0
    var digits = String(Int64(abs(scaled)))
    if decimals > 0 {
      if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
      digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
    }
    return (negative ? "-" : "") + digits
  }
}
