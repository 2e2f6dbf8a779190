// The system FFTW 3 (Debian: libfftw3-dev) for Swift: the double-precision
// API imports as is; FFTW_ESTIMATE and friends are macros, wrapped here.
#ifndef SPINSIM_CFFTW_SHIM_H
#define SPINSIM_CFFTW_SHIM_H

#include <fftw3.h>

static inline unsigned spinsim_FFTW_ESTIMATE(void) { return FFTW_ESTIMATE; }
static inline int spinsim_FFTW_FORWARD(void) { return FFTW_FORWARD; }
static inline int spinsim_FFTW_BACKWARD(void) { return FFTW_BACKWARD; }

#endif
