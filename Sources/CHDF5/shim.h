// libhdf5's C API for Swift. Constants that HDF5 defines as macros expanding
// to function calls or globals (H5T_NATIVE_DOUBLE, H5P_DEFAULT, ...) do not
// import into Swift, so each is wrapped in a static inline function.
#ifndef SPINSIM_CHDF5_SHIM_H
#define SPINSIM_CHDF5_SHIM_H

#include <fcntl.h>
/* F_OFD_SETLK is only declared under _GNU_SOURCE, which must not be defined
   here: it changes system structures (fd_set) that other C modules of the
   package import too. Its value is fixed by the Linux ABI. */
#if defined(__linux__) && !defined(F_OFD_SETLK)
#define F_OFD_SETLK 37
#endif
#include <hdf5.h>

/* Write-locks the whole file open at `descriptor` for as long as that
   descriptor stays open: an open-file-description lock, which, unlike a
   POSIX record lock, is not dropped when libhdf5 opens and closes the same
   file through descriptors of its own. Returns 0, or -1 with errno set
   (EAGAIN or EACCES: another process holds it). Where OFD locks do not
   exist, nothing is locked. */
static inline int spinsim_lock_for_writing(int descriptor) {
#ifdef F_OFD_SETLK
    struct flock lock = {0};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    return fcntl(descriptor, F_OFD_SETLK, &lock);
#else
    (void)descriptor;
    return 0;
#endif
}

static inline hid_t spinsim_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t spinsim_H5S_ALL(void) { return H5S_ALL; }
static inline hsize_t spinsim_H5S_UNLIMITED(void) { return H5S_UNLIMITED; }
static inline unsigned spinsim_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned spinsim_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline unsigned spinsim_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned spinsim_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline hid_t spinsim_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t spinsim_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t spinsim_H5P_LINK_CREATE(void) { return H5P_LINK_CREATE; }
static inline hid_t spinsim_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t spinsim_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t spinsim_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t spinsim_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t spinsim_H5T_NATIVE_UINT32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t spinsim_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t spinsim_H5T_NATIVE_HBOOL(void) { return H5T_NATIVE_HBOOL; }
static inline hid_t spinsim_H5T_STD_U64LE(void) { return H5T_STD_U64LE; }
static inline hid_t spinsim_H5T_STD_U32LE(void) { return H5T_STD_U32LE; }
static inline hid_t spinsim_H5T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t spinsim_H5T_STD_U8LE(void) { return H5T_STD_U8LE; }
static inline hid_t spinsim_H5T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t spinsim_H5T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
static inline hid_t spinsim_H5T_C_S1(void) { return H5T_C_S1; }
static inline size_t spinsim_H5T_VARIABLE(void) { return H5T_VARIABLE; }

/// Silences libhdf5's automatic error stack printing; SpinSim reports its own
/// one-line errors.
static inline void spinsim_H5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/* Appended for IO/HDF5.swift: the base type of h5py-compatible bool enums. */
static inline hid_t spinsim_H5T_NATIVE_INT8(void) { return H5T_NATIVE_INT8; }

#endif
