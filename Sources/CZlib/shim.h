// The system zlib for Swift (Debian: zlib1g-dev). SpinSim reads gzipped and
// raw IDX files through gzopen/gzread, which pass uncompressed files through
// unchanged; nothing here needs wrapping beyond the header itself.
#ifndef SPINSIM_CZLIB_SHIM_H
#define SPINSIM_CZLIB_SHIM_H

#include <zlib.h>

#endif
