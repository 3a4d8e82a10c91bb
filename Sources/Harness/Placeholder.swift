// The harness: filled in by issue 3.
