// libsndfile (Debian: libsndfile1-dev) for Swift: the API imports as is; the
// mode and format constants are enum members or macros, wrapped here.
#ifndef SPINSIM_CSNDFILE_SHIM_H
#define SPINSIM_CSNDFILE_SHIM_H

#include <sndfile.h>

static inline int spinsim_SFM_READ(void) { return SFM_READ; }
static inline int spinsim_SFC_GET_LOG_INFO(void) { return SFC_GET_LOG_INFO; }
static inline int spinsim_SF_FORMAT_TYPEMASK(void) { return SF_FORMAT_TYPEMASK; }
static inline int spinsim_SF_FORMAT_SUBMASK(void) { return SF_FORMAT_SUBMASK; }
static inline int spinsim_SF_FORMAT_WAV(void) { return SF_FORMAT_WAV; }
static inline int spinsim_SF_FORMAT_PCM_S8(void) { return SF_FORMAT_PCM_S8; }
static inline int spinsim_SF_FORMAT_PCM_U8(void) { return SF_FORMAT_PCM_U8; }
static inline int spinsim_SF_FORMAT_PCM_16(void) { return SF_FORMAT_PCM_16; }
static inline int spinsim_SF_FORMAT_PCM_24(void) { return SF_FORMAT_PCM_24; }
static inline int spinsim_SF_FORMAT_PCM_32(void) { return SF_FORMAT_PCM_32; }

#endif
