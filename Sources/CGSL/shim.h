// Only the GSL declarations TrainingTricks calls.
// gsl_randist.h is deliberately not included: it pulls in gsl_cblas.h, whose CBLAS_TRANSPOSE clashes with
// OpenBLAS's cblas.h once both modules are imported into Swift. The few gsl_ran_* functions we use are
// declared by hand below, with the exact prototypes of gsl/gsl_randist.h (GSL 2.x).
// We link "gsl" only, never "gslcblas", so every cblas_* symbol resolves to OpenBLAS.
#ifndef TRAININGTRICKS_CGSL_SHIM_H
#define TRAININGTRICKS_CGSL_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

double gsl_ran_gaussian_ziggurat(const gsl_rng *r, const double sigma);

// Swift 6 rejects C globals such as gsl_rng_mt19937 as shared mutable state; hand them out through a function.
static inline const gsl_rng_type *trainingtricks_mt19937(void) { return gsl_rng_mt19937; }

// The next n raw outputs of r, exactly as n calls of gsl_rng_get would return them (truncated to 32 bits,
// which mt19937's outputs fit). One C loop through the generator's own function pointer instead of a call
// from Swift per draw: dropout masks take one draw per element, 65,536 per step of the bench's dropout net.
static inline void trainingtricks_rng_fill_u32(const gsl_rng *r, uint32_t *out, size_t n) {
  unsigned long (*const get)(void *) = r->type->get;
  void *const state = r->state;
  for (size_t i = 0; i < n; i++) out[i] = (uint32_t)get(state);
}

// GSL's default error handler aborts the process. We check return values instead.
static inline void trainingtricks_gsl_disable_abort(void) { gsl_set_error_handler_off(); }

#endif
