// Every schedule a run can name. Adding one: a new file with the schedule and its `ScheduleKind`
// conformance (see StepDecay.swift), and one line here.

/// The schedules runs can name, in the order lists of names show them.
public enum ScheduleTable {
  public static let all: [any ScheduleKind.Type] = [
    Fixed.self,
    StepDecay.self,
    MultiStepDecay.self,
    ExponentialDecay.self,
    InverseDecay.self,
    PolynomialDecay.self,
    SigmoidWarmup.self,
    Triangular.self,
    Triangular2.self,
    ExpRange.self,
    CosineWarmRestarts.self,
    LinearWarmup.self,
    DecayAtEnd.self,
  ]

  /// The schedule called `name`, if there is one.
  public static func kind(named name: String) -> (any ScheduleKind.Type)? {
    all.first { $0.name == name }
  }
}
