// OpenBLAS's cblas.h (Debian: /usr/include/x86_64-linux-gnu/openblas-pthread/, found through pkg-config "openblas").
#ifndef TRAININGTRICKS_COPENBLAS_SHIM_H
#define TRAININGTRICKS_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
