#ifndef TRAININGTRICKS_CZLIB_SHIM_H
#define TRAININGTRICKS_CZLIB_SHIM_H
#include <zlib.h>
#endif
